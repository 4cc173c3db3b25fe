// safetensors element types and how each becomes a descent typed array. descent writes F32, F64
// and I32 (its own dtypes). It reads those and the types PyTorch and Hugging Face files commonly
// hold, converting losslessly: F16 and BF16 to float32; I64, I16, I8, U8 and BOOL to int32. An
// I64 value outside the int32 range is an error, never a silent wrap (PyTorch stores BatchNorm's
// num_batches_tracked as I64; descent keeps it in int32).
import { DType, TypedArray } from '../../tensor/dtype';

export interface FileDType {
  /** Bytes per element in the file. */
  readonly size: number;
  /** The descent dtype the elements load as. */
  readonly dtype: DType;
}

export const FILE_DTYPES: Readonly<Record<string, FileDType>> = Object.freeze({
  F64: { size: 8, dtype: 'float64' },
  F32: { size: 4, dtype: 'float32' },
  F16: { size: 2, dtype: 'float32' },
  BF16: { size: 2, dtype: 'float32' },
  I64: { size: 8, dtype: 'int32' },
  I32: { size: 4, dtype: 'int32' },
  I16: { size: 2, dtype: 'int32' },
  I8: { size: 1, dtype: 'int32' },
  U8: { size: 1, dtype: 'int32' },
  BOOL: { size: 1, dtype: 'int32' },
});

/** The file dtype descent writes for each of its dtypes. */
export const WRITE_DTYPE: Readonly<Record<DType, string>> = Object.freeze({ float64: 'F64', float32: 'F32', int32: 'I32' });

export function isFileDType(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FILE_DTYPES, name);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the bytes of each width-byte element in place (for big-endian hosts). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** The bytes of a typed array as stored in a file (little-endian), without copying on LE hosts. */
export function littleEndianBytes(array: TypedArray): Uint8Array {
  const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (LITTLE_ENDIAN) return view;
  const copy = view.slice();
  swapBytes(copy, array.BYTES_PER_ELEMENT);
  return copy;
}

/** IEEE 754 binary16 to a number (exact: every half is a float32). */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Decodes count little-endian elements of type name from bytes (a copy; the result owns its
 * memory). Throws a RangeError naming the element for an I64 value outside int32.
 */
export function decodeElements(name: string, bytes: Uint8Array, count: number): TypedArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (name) {
    case 'F64':
    case 'F32':
    case 'I32': {
      const own = new Uint8Array(bytes); // a copy in a fresh, aligned ArrayBuffer (Buffer.slice would be a view)
      if (!LITTLE_ENDIAN) swapBytes(own, FILE_DTYPES[name].size);
      if (name === 'F64') return new Float64Array(own.buffer, 0, count);
      if (name === 'F32') return new Float32Array(own.buffer, 0, count);
      return new Int32Array(own.buffer, 0, count);
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, true));
      return out;
    }
    case 'BF16': {
      // bfloat16 is the upper half of a float32.
      const bits = new Uint32Array(count);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return new Float32Array(bits.buffer);
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const lo = view.getInt32(8 * i, true);
        const hi = view.getInt32(8 * i + 4, true);
        // In int32 range exactly when the high word is the sign extension of the low one.
        if (hi !== lo >> 31) throw new RangeError(`element ${i} (${view.getBigInt64(8 * i, true)}) is outside the int32 range descent stores integers in`);
        out[i] = lo;
      }
      return out;
    }
    case 'I16': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true);
      return out;
    }
    case 'I8':
      return Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, count));
    case 'U8':
      return Int32Array.from(bytes.subarray(0, count));
    case 'BOOL':
      return Int32Array.from(bytes.subarray(0, count), (b) => (b === 0 ? 0 : 1));
    default:
      throw new TypeError(`unsupported dtype ${name}`);
  }
}
