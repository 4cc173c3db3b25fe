// Memory reporting and scopes (docs/ARCHITECTURE.md, decision 2). No manual dispose is ever required:
// tensors are garbage collected. d.tidy(fn) is an optional scope that hands the memory of
// tensors created inside it, and not returned, back to the allocator at once.
import * as kernels from '../kernels';
import { release, setAllocationListener, Storage, storageStats } from './storage';
import { liveTensorCount, Tensor } from './tensor';

export interface MemoryInfo {
  /** Tensor objects alive (as of the last garbage collection). */
  tensors: number;
  /** Storages alive and their bytes (views share a storage). */
  storages: number;
  bytes: number;
  /** Bytes held for reuse by the allocator's pool. */
  pooledBytes: number;
  /** Bytes and count of fresh allocations since the process started. */
  allocatedBytesTotal: number;
  allocations: number;
  /** Bytes served from the pool instead of fresh allocation since the process started. */
  reusedBytesTotal: number;
  /** Native scratch (gemm packing buffers), held per thread and reused. */
  nativeScratchBytes: number;
}

export function memory(): MemoryInfo {
  const s = storageStats();
  return {
    tensors: liveTensorCount(),
    storages: s.liveStorages,
    bytes: s.liveBytes,
    pooledBytes: s.pooledBytes,
    allocatedBytesTotal: s.allocatedBytesTotal,
    allocations: s.allocationsTotal,
    reusedBytesTotal: s.reusedBytesTotal,
    nativeScratchBytes: kernels.scratchBytes(),
  };
}

const kept = new WeakSet<Storage>();

/** Exempts t from the enclosing d.tidy() scopes. Returns t. */
export function keep<T extends Tensor>(t: T): T {
  kept.add(t.storage);
  return t;
}

// Storages referenced by a tidy result (tensors, arrays and plain objects, searched deeply).
function collectStorages(value: unknown, into: Set<Storage>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Tensor) {
    into.add(value.storage);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectStorages(v, into, seen);
    return;
  }
  if (value instanceof Map) {
    for (const v of value.values()) collectStorages(v, into, seen);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value as Record<string, unknown>)) collectStorages(v, into, seen);
  }
}

/**
 * Runs fn and recycles the memory of every tensor it created that is not part of its result
 * (tensors, arrays or plain objects of them) and not kept with d.keep. Such tensors throw if
 * used afterwards. Gradients that backward stores in leaves' .grad are kept automatically.
 * fn must be synchronous.
 */
export function tidy<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new TypeError('tidy: expected a function');
  const created: Storage[] = [];
  const previous = setAllocationListener((s) => {
    created.push(s);
    previous?.(s);
  });
  let result: R;
  try {
    result = fn();
  } finally {
    setAllocationListener(previous);
  }
  if (result instanceof Promise) {
    throw new TypeError('tidy: fn returned a promise; tidy only scopes synchronous code');
  }
  const survivors = new Set<Storage>();
  collectStorages(result, survivors, new Set());
  for (const s of created) {
    if (!survivors.has(s) && !kept.has(s)) release(s);
  }
  return result;
}
