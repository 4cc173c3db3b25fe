// The argument block of a native call (native/addon/reader.h): one reusable off-heap buffer of
// doubles holding each option (a u64 as two, its high and low 32 bits) and each tensor
// descriptor [present, offset, ndim, shape..., nstrides, strides...] (nstrides 0: contiguous),
// a list as [count] then its descriptors. Values after a call's last descriptor are ignored.
//
// The generated functions (entry-points.ts) write numbers, flags and single descriptors inline,
// so that each entry point keeps its own type feedback; u64 options and tensor lists go through
// the encoders here, which write into a block at a position and return the next one, or -1 when
// the JavaScript value has the wrong type. A refused value is thrown as the matching *Error,
// which spells out the addon's "<entry>: ..." message: the hot path builds no strings and
// allocates nothing. Descriptors have at most kMaxDims dimensions, so a call without lists
// always fits the fixed block (which never moves, so optimized code keeps it as a constant); a
// call with lists asks reserve() for a block of its bound.
import type { NativeArray, TensorDescriptor } from './descriptor';

export const kMaxDims = 16;
/** The most doubles one descriptor takes. */
export const kDescriptorBound = 3 + 2 * kMaxDims;

/** The block of every call without lists: 8 options and 8 descriptors take at most 296 doubles. */
export const fixedBlock = new Float64Array(512);
/**
 * The addon takes a block as a DataView of the buffer the encoders write through a Float64Array
 * (N-API checks a DataView with one test, a Float64Array with up to nine).
 */
export const fixedView = new DataView(fixedBlock.buffer);

let listBlock = fixedBlock;
let listView = fixedView;

/** A block of at least `size` doubles, for a call with lists (grown as calls need). */
export function reserve(size: number): Float64Array {
  if (size > listBlock.length) {
    listBlock = new Float64Array(Math.max(size, 2 * listBlock.length));
    listView = new DataView(listBlock.buffer);
  }
  return listBlock;
}

/** The view of a block reserve() returned. */
export function viewOf(block: Float64Array): DataView {
  return block === listBlock ? listView : fixedView;
}

const two32 = BigInt(4294967296);
const two64 = two32 * two32;

export function putU64(block: Float64Array, v: bigint, at: number): number {
  if (typeof v !== 'bigint' || v < BigInt(0) || v >= two64) return -1;
  block[at] = Number(v / two32);
  block[at + 1] = Number(v % two32);
  return at + 2;
}

// shape or strides after their count; -1 unless an array of at most kMaxDims numbers.
function putSizes(block: Float64Array, v: readonly number[], at: number): number {
  if (!Array.isArray(v)) return -1;
  const n = v.length;
  if (n > kMaxDims) return -1;
  block[at] = n;
  for (let d = 0; d < n; d++) {
    const x = v[d];
    if (typeof x !== 'number') return -1;
    block[at + 1 + d] = x;
  }
  return at + 1 + n;
}

/** A present descriptor (list elements; the generated code writes single ones inline). */
export function putTensor(block: Float64Array, d: TensorDescriptor, at: number): number {
  if (typeof d !== 'object' || d === null) return -1;
  const offset = d.offset;
  if (typeof offset !== 'number') return -1;
  block[at] = 1;
  block[at + 1] = offset;
  const shape = d.shape;
  const next = putSizes(block, shape, at + 2);
  if (next < 0) return -1;
  const strides = d.strides;
  if (strides === undefined) {
    block[next] = 0;
    return next + 1;
  }
  // Given strides count 0 in the block only for a 0-d shape, where they mean contiguous too.
  if (!Array.isArray(strides) || strides.length !== shape.length) return -1;
  return putSizes(block, strides, next);
}

/**
 * [count] and the descriptors of a list (reserve its bound first), appending their arrays (null
 * where absent) to `arrays`.
 */
export function putTensorList(
  block: Float64Array, list: ReadonlyArray<TensorDescriptor | null | undefined>, optional: boolean, at: number,
  arrays: Array<NativeArray | null>,
): number {
  if (!Array.isArray(list)) return -1;
  const n = list.length;
  block[at++] = n;
  for (let j = 0; j < n; j++) {
    const d = list[j];
    if (optional && (d === null || d === undefined)) {
      block[at++] = 0;
      arrays.push(null);
      continue;
    }
    at = putTensor(block, d as TensorDescriptor, at);
    if (at < 0) return -1;
    arrays.push((d as TensorDescriptor).data);
  }
  return at;
}

// The messages, built only when an encoder has refused a value (re-encoding into scratch to
// find out what it refused).

const scratch = new Float64Array(kDescriptorBound);

export function argumentsError(entry: string): TypeError {
  return new TypeError(`${entry}: the arguments must be an object`);
}

export function numberError(entry: string, name: string): TypeError {
  return new TypeError(`${entry}: ${name} must be a number`);
}

export function flagError(entry: string, name: string): TypeError {
  return new TypeError(`${entry}: ${name} must be a boolean`);
}

export function u64Error(entry: string, name: string, v: unknown): Error {
  if (typeof v !== 'bigint') return new TypeError(`${entry}: ${name} must be a bigint`);
  return new RangeError(`${entry}: ${name} must fit in 64 unsigned bits`);
}

// Field names as the addon spells them: xOffset, or paramOffsets[3] for element 3 of a list.
function fieldName(name: string, element: string | undefined, index: number, what: string): string {
  return element === undefined ? `${name}${what}` : `${element}${what}s[${index}]`;
}

function sizesError(entry: string, field: string, v: unknown, ndim?: number): Error {
  if (!Array.isArray(v)) return new TypeError(`${entry}: ${field} must be an array of sizes`);
  if (ndim !== undefined && v.length !== ndim) {
    return new RangeError(`${entry}: ${field} has ${v.length} entries for a shape of ${ndim} dimensions`);
  }
  if (v.length > kMaxDims) {
    return new RangeError(`${entry}: ${field} has ${v.length} dimensions; at most ${kMaxDims} are supported`);
  }
  return new TypeError(`${entry}: ${field} must hold numbers`);
}

/** Why putTensor refused d (a list's element j when `element` is its element name). */
export function tensorError(entry: string, name: string, d: unknown, element?: string, j = -1): Error {
  const label = element === undefined ? name : `${name}[${j}]`;
  if (typeof d !== 'object' || d === null) {
    return new TypeError(`${entry}: ${label} must be a tensor descriptor { data, offset, shape, strides? }`);
  }
  const { offset, shape, strides } = d as TensorDescriptor;
  if (typeof offset !== 'number') {
    return new TypeError(`${entry}: ${fieldName(name, element, j, 'Offset')} must be a number`);
  }
  if (putSizes(scratch, shape, 0) < 0) return sizesError(entry, fieldName(name, element, j, 'Shape'), shape);
  return sizesError(entry, fieldName(name, element, j, 'Strides'), strides, shape.length);
}

/** Why putTensorList refused a list. */
export function listError(entry: string, name: string, element: string, list: unknown, optional: boolean): Error {
  if (!Array.isArray(list)) return new TypeError(`${entry}: ${name} must be an array`);
  for (let j = 0; j < list.length; j++) {
    const d = list[j];
    if (optional && (d === null || d === undefined)) continue;
    if (putTensor(scratch, d as TensorDescriptor, 0) < 0) return tensorError(entry, name, d, element, j);
  }
  return new TypeError(`${entry}: ${name} could not be encoded`);
}
