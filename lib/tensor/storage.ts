// The allocator (docs/ARCHITECTURE.md, decision 2). JavaScript owns all tensor memory; native code
// reads and writes these typed arrays in place.
//
// - Outputs a kernel fully overwrites are allocated without zero-filling.
// - Engine-private buffers and storage released by d.tidy() go to a pool keyed by dtype and
//   length and are handed out again; nothing a user can still reach is recycled.
// - Live tensor memory is tracked with a FinalizationRegistry, so d.memory() reports what is
//   alive (as of the last garbage collection) without any manual dispose.
import { arrayConstructor, bytesPerElement, DType, TypedArray } from './dtype';

// Below this many bytes a zero-filled typed array is as cheap as an uninitialized one.
const SMALL_BYTES = 4096;
// Pooled bytes beyond this are left to the garbage collector.
const POOL_LIMIT_BYTES = 256 * 1024 * 1024;

interface Accounting {
  bytes: number;
  live: boolean; // false once the memory moved to the pool
}

export class Storage {
  /** Incremented by every in-place write (decision 3); saved tensors record it. */
  version = 0;
  /** Set when d.tidy() recycled this storage: any further use throws. */
  released = false;

  constructor(
    readonly data: TypedArray,
    readonly dtype: DType,
    /** Allocated by descent (recyclable) rather than supplied by the caller (d.fromArray). */
    readonly owned: boolean,
    readonly accounting: Accounting | null,
  ) {}

  get length(): number {
    return this.data.length;
  }
}

const stats = {
  liveStorages: 0,
  liveBytes: 0,
  pooledBytes: 0,
  allocatedBytesTotal: 0,
  allocationsTotal: 0,
  reusedBytesTotal: 0,
};

const pool = new Map<string, TypedArray[]>();

const registry = new FinalizationRegistry<Accounting>((acc) => {
  if (acc.live) {
    acc.live = false;
    stats.liveStorages--;
    stats.liveBytes -= acc.bytes;
  }
});

type AllocationListener = (storage: Storage) => void;
let allocationListener: AllocationListener | null = null;

/** Lets d.tidy() see every storage allocated inside its scope. */
export function setAllocationListener(listener: AllocationListener | null): AllocationListener | null {
  const previous = allocationListener;
  allocationListener = listener;
  return previous;
}

function track(data: TypedArray, dtype: DType, owned: boolean): Storage {
  const acc: Accounting = { bytes: data.byteLength, live: true };
  const storage = new Storage(data, dtype, owned, acc);
  stats.liveStorages++;
  stats.liveBytes += acc.bytes;
  registry.register(storage, acc);
  if (allocationListener !== null) allocationListener(storage);
  return storage;
}

function fresh(dtype: DType, length: number, zeroed: boolean): TypedArray {
  const Ctor = arrayConstructor(dtype);
  const bytes = length * bytesPerElement(dtype);
  stats.allocatedBytesTotal += bytes;
  stats.allocationsTotal++;
  if (zeroed || bytes < SMALL_BYTES) return new Ctor(length);
  // Uninitialized memory: every element will be written by the kernel that asked for it.
  const buffer = Buffer.allocUnsafeSlow(bytes);
  return new Ctor(buffer.buffer, buffer.byteOffset, length);
}

/**
 * New storage of `length` elements. With `zeroed: false` the contents are unspecified (the
 * caller overwrites every element).
 */
export function allocate(dtype: DType, length: number, zeroed: boolean): Storage {
  const key = `${dtype}:${length}`;
  const free = pool.get(key);
  if (free !== undefined && free.length > 0) {
    const data = free.pop()!;
    stats.pooledBytes -= data.byteLength;
    stats.reusedBytesTotal += data.byteLength;
    if (zeroed) data.fill(0);
    return track(data, dtype, true);
  }
  return track(fresh(dtype, length, zeroed), dtype, true);
}

/** Wraps caller memory without copying (d.fromArray); never recycled. */
export function wrap(data: TypedArray, dtype: DType): Storage {
  return track(data, dtype, false);
}

/**
 * Returns owned storage to the pool. The storage is marked released, so a tensor that still
 * refers to it throws on its next use instead of reading recycled memory.
 */
export function release(storage: Storage): void {
  if (!storage.owned || storage.released) return;
  storage.released = true;
  const acc = storage.accounting;
  if (acc !== null && acc.live) {
    acc.live = false;
    stats.liveStorages--;
    stats.liveBytes -= acc.bytes;
  }
  const bytes = storage.data.byteLength;
  if (stats.pooledBytes + bytes > POOL_LIMIT_BYTES) return;
  const key = `${storage.dtype}:${storage.data.length}`;
  let free = pool.get(key);
  if (free === undefined) {
    free = [];
    pool.set(key, free);
  }
  free.push(storage.data);
  stats.pooledBytes += bytes;
}

/** Drops every pooled buffer (for tests and long-lived processes changing shapes). */
export function clearPool(): void {
  pool.clear();
  stats.pooledBytes = 0;
}

export interface StorageStats {
  liveStorages: number;
  liveBytes: number;
  pooledBytes: number;
  allocatedBytesTotal: number;
  allocationsTotal: number;
  reusedBytesTotal: number;
}

export function storageStats(): StorageStats {
  return { ...stats };
}
