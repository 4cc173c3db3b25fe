// The argument block of a native call (native/addon/reader.h): one reusable off-heap
// Float64Array holding each option (a u64 as two doubles, high and low 32 bits) and each tensor
// descriptor [present, offset, ndim, shape..., nstrides, strides...] (nstrides 0: contiguous), a
// list as [count] then its descriptors. The encoders write at a position and return the next;
// they check JavaScript types (the addon checks every value) and throw the addon's
// "<entry>: ..." errors. The block grows when a call needs more; values after a call's last
// descriptor are ignored.
import type { NativeArray, TensorDescriptor } from './descriptor';

let block = new Float64Array(512);

/** The block as it stands after the last put (pass it to the addon). */
export function argumentBlock(): Float64Array {
  return block;
}

function ensure(size: number): void {
  if (size <= block.length) return;
  const grown = new Float64Array(Math.max(size, 2 * block.length));
  grown.set(block);
  block = grown;
}

export function argumentsError(entry: string): TypeError {
  return new TypeError(`${entry}: the arguments must be an object`);
}

export function putNumber(entry: string, name: string, v: number, at: number): number {
  if (typeof v !== 'number') throw new TypeError(`${entry}: ${name} must be a number`);
  ensure(at + 1);
  block[at] = v;
  return at + 1;
}

/** An integer option; the addon checks it is whole and in range. */
export const putInteger = putNumber;

export function putFlag(entry: string, name: string, v: boolean, at: number): number {
  if (typeof v !== 'boolean') throw new TypeError(`${entry}: ${name} must be a boolean`);
  ensure(at + 1);
  block[at] = v ? 1 : 0;
  return at + 1;
}

const two32 = BigInt(4294967296);
const two64 = two32 * two32;

export function putU64(entry: string, name: string, v: bigint, at: number): number {
  if (typeof v !== 'bigint') throw new TypeError(`${entry}: ${name} must be a bigint`);
  if (v < BigInt(0) || v >= two64) throw new RangeError(`${entry}: ${name} must fit in 64 unsigned bits`);
  ensure(at + 2);
  block[at] = Number(v / two32);
  block[at + 1] = Number(v % two32);
  return at + 2;
}

// A list of sizes or strides, after its count.
function putSizes(entry: string, field: string, v: unknown, at: number): number {
  if (!Array.isArray(v)) throw new TypeError(`${entry}: ${field} must be an array of sizes`);
  const n = v.length;
  ensure(at + n + 1);
  block[at] = n;
  for (let d = 0; d < n; d++) {
    const x = v[d];
    if (typeof x !== 'number') throw new TypeError(`${entry}: ${field} must hold numbers`);
    block[at + 1 + d] = x;
  }
  return at + 1 + n;
}

// Field names as the addon spells them: xOffset, or paramOffsets[3] for element 3 of a list.
function fieldName(name: string, element: string | undefined, index: number, what: string): string {
  return element === undefined ? `${name}${what}` : `${element}${what}s[${index}]`;
}

function putPresent(entry: string, name: string, element: string | undefined, index: number, d: TensorDescriptor, at: number): number {
  const label = element === undefined ? name : `${name}[${index}]`;
  if (typeof d !== 'object' || d === null) {
    throw new TypeError(`${entry}: ${label} must be a tensor descriptor { data, offset, shape, strides? }`);
  }
  const offset = d.offset;
  if (typeof offset !== 'number') throw new TypeError(`${entry}: ${fieldName(name, element, index, 'Offset')} must be a number`);
  ensure(at + 2);
  block[at] = 1;
  block[at + 1] = offset;
  at = putSizes(entry, fieldName(name, element, index, 'Shape'), d.shape, at + 2);
  const strides = d.strides;
  if (strides === undefined) {
    ensure(at + 1);
    block[at] = 0;
    return at + 1;
  }
  // Given strides count 0 in the block only for a 0-d shape (where they mean contiguous too).
  const field = fieldName(name, element, index, 'Strides');
  if (Array.isArray(strides) && Array.isArray(d.shape) && strides.length !== d.shape.length) {
    throw new RangeError(`${entry}: ${field} has ${strides.length} entries for a shape of ${d.shape.length} dimensions`);
  }
  return putSizes(entry, field, strides, at);
}

function putAbsent(at: number): number {
  ensure(at + 1);
  block[at] = 0;
  return at + 1;
}

export function putTensor(entry: string, name: string, d: TensorDescriptor, at: number): number {
  return putPresent(entry, name, undefined, -1, d, at);
}

/** null or undefined is absent. */
export function putOptionalTensor(entry: string, name: string, d: TensorDescriptor | null | undefined, at: number): number {
  return d === null || d === undefined ? putAbsent(at) : putPresent(entry, name, undefined, -1, d, at);
}

/** Writes [count] and the descriptors, and appends their arrays (null where absent) to `arrays`. */
export function putTensorList(
  entry: string, name: string, element: string, list: ReadonlyArray<TensorDescriptor | null | undefined>,
  optional: boolean, at: number, arrays: Array<NativeArray | null>,
): number {
  if (!Array.isArray(list)) throw new TypeError(`${entry}: ${name} must be an array`);
  const n = list.length;
  ensure(at + 1);
  block[at++] = n;
  for (let j = 0; j < n; j++) {
    const d = list[j];
    if (optional && (d === null || d === undefined)) {
      at = putAbsent(at);
      arrays.push(null);
    } else {
      at = putPresent(entry, name, element, j, d as TensorDescriptor, at);
      arrays.push((d as TensorDescriptor).data);
    }
  }
  return at;
}
