// Process-wide runtime settings: threads and instruction-set tables.
import { native } from '../native';

/** Sets the size of the native thread pool (DESCENT_NUM_THREADS sets the initial size). */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`setNumThreads: n must be an integer in [1, 256], got ${n}`);
  native.setNumThreads(n);
}

export function getNumThreads(): number {
  return native.getNumThreads();
}

export type SimdName = 'scalar' | 'avx2';

/** The instruction-set table in use and those this CPU supports. */
export function getSimd(): { active: SimdName; available: SimdName[] } {
  return native.simd() as { active: SimdName; available: SimdName[] };
}

/**
 * Selects the kernel table: 'scalar' (the reference), 'avx2', or 'auto' (the best this CPU
 * supports; DESCENT_SIMD=scalar makes that the scalar one). Process-wide.
 */
export function setSimd(name: SimdName | 'auto'): void {
  if (!native.useSimd(name)) {
    throw new RangeError(`setSimd: '${name}' is not available on this CPU (available: ${native.simd().available.join(', ')})`);
  }
}
