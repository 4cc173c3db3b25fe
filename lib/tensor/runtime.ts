// Process-wide runtime settings: threads and instruction-set tables.
import * as kernels from '../kernels';
import { ops } from '../kernels';

/** Sets the size of the native thread pool (DESCENT_NUM_THREADS sets the initial size). */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`setNumThreads: n must be an integer in [1, 256], got ${n}`);
  kernels.setNumThreads({ n });
}

export function getNumThreads(): number {
  return kernels.getNumThreads();
}

export type SimdName = 'scalar' | 'avx2';

/** The instruction-set table in use and those this CPU supports. */
export function getSimd(): { active: SimdName; available: SimdName[] } {
  return kernels.simd() as { active: SimdName; available: SimdName[] };
}

/**
 * Selects the kernel table: 'scalar' (the reference), 'avx2', or 'auto' (the best this CPU
 * supports; DESCENT_SIMD=scalar makes that the scalar one). Process-wide.
 */
export function setSimd(name: SimdName | 'auto'): void {
  const code = Object.hasOwn(ops.simd, name) ? ops.simd[name] : undefined;
  if (code === undefined || !kernels.useSimd({ name: code })) {
    throw new RangeError(`setSimd: '${name}' is not available on this CPU (available: ${kernels.simd().available.join(', ')})`);
  }
}
