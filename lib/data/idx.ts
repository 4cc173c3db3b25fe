// The IDX file format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic number
// (0, 0, type code, number of dimensions), each dimension as a big-endian uint32, then the
// elements in row-major order, big-endian. Files may be gzipped (detected by content).
import { readFileSync, writeFileSync } from 'fs';
import { gunzipSync, gzipSync } from 'zlib';
import { arrayConstructor, checkDType, DType, TypedArray } from '../tensor/dtype';
import { fromArray } from '../tensor/creation';
import { formatShape, MAX_DIMS } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

export type IdxType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

interface IdxTypeInfo {
  code: number;
  bytes: number;
  /** The tensor dtype an IDX element type loads as by default. */
  dtype: DType;
}

const TYPES: Record<IdxType, IdxTypeInfo> = {
  ubyte: { code: 0x08, bytes: 1, dtype: 'int32' },
  byte: { code: 0x09, bytes: 1, dtype: 'int32' },
  short: { code: 0x0b, bytes: 2, dtype: 'int32' },
  int: { code: 0x0c, bytes: 4, dtype: 'int32' },
  float: { code: 0x0d, bytes: 4, dtype: 'float32' },
  double: { code: 0x0e, bytes: 8, dtype: 'float64' },
};

function typeOfCode(code: number): IdxType | undefined {
  return (Object.keys(TYPES) as IdxType[]).find((t) => TYPES[t].code === code);
}

/** The parsed header of an IDX file and a view of its big-endian payload. */
export interface IdxContents {
  type: IdxType;
  shape: number[];
  /** The element bytes, big-endian, exactly numel·size(type) of them. */
  payload: Uint8Array;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The file's bytes, gunzipped when they are a gzip stream. */
export function readMaybeGzipped(path: string, op: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`${op}: cannot read ${path}: ${(e as Error).message}`);
  }
  if (!isGzip(raw)) return raw;
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new Error(`${op}: ${path}: not a valid gzip stream (${(e as Error).message})`);
  }
}

/** Parses IDX bytes (already gunzipped); source names the file in errors. */
export function parseIdx(bytes: Uint8Array, source = 'IDX data', op = 'loadIdx'): IdxContents {
  const at = `${op}: ${source}`;
  if (bytes.length < 4) throw new RangeError(`${at}: truncated: ${bytes.length} bytes, an IDX header needs at least 4`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new RangeError(`${at}: bad magic number 0x${magic}: an IDX file starts with two zero bytes, a type code and a dimension count`);
  }
  const type = typeOfCode(bytes[2]);
  if (type === undefined) {
    throw new RangeError(`${at}: unknown element type code 0x${bytes[2].toString(16).padStart(2, '0')} (expected 0x08 ubyte, 0x09 byte, 0x0b short, 0x0c int, 0x0d float or 0x0e double)`);
  }
  const ndim = bytes[3];
  if (ndim > MAX_DIMS) throw new RangeError(`${at}: ${ndim} dimensions; at most ${MAX_DIMS} are supported`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new RangeError(`${at}: truncated header: ${ndim} dimensions need ${headerBytes} header bytes, the data has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let numel = 1;
  for (let k = 0; k < ndim; k++) {
    const d = view.getUint32(4 + 4 * k, false);
    shape.push(d);
    numel *= d;
  }
  const payloadBytes = numel * TYPES[type].bytes;
  const have = bytes.length - headerBytes;
  if (have !== payloadBytes) {
    const why = have < payloadBytes ? 'truncated' : 'trailing bytes after the data';
    throw new RangeError(
      `${at}: dimension mismatch (${why}): shape ${formatShape(shape)} of ${type} needs ${payloadBytes} data bytes, the data has ${have}`,
    );
  }
  return { type, shape, payload: bytes.subarray(headerBytes) };
}

/** Decodes the payload into a new typed array of dtype, each element divided by divisor. */
export function decodeIdxPayload(contents: IdxContents, dtype: DType, divisor = 1): TypedArray {
  const { type, payload } = contents;
  const size = TYPES[type].bytes;
  const n = payload.length / size;
  const out = new (arrayConstructor(dtype))(n);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  switch (type) {
    case 'ubyte':
      if (divisor === 1) out.set(payload);
      else for (let i = 0; i < n; i++) out[i] = payload[i] / divisor;
      break;
    case 'byte':
      for (let i = 0; i < n; i++) out[i] = view.getInt8(i) / divisor;
      break;
    case 'short':
      for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, false) / divisor;
      break;
    case 'int':
      for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i, false) / divisor;
      break;
    case 'float':
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, false) / divisor;
      break;
    case 'double':
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, false) / divisor;
      break;
  }
  return out;
}

export interface LoadIdxOptions {
  /**
   * The tensor's dtype. Default: int32 for ubyte, byte, short and int; float32 for float;
   * float64 for double. Converting to int32 truncates toward zero.
   */
  dtype?: DType;
}

/** An IDX file (gzipped or not) as a tensor of the file's shape. */
export function loadIdx(path: string, opts: LoadIdxOptions = {}): Tensor {
  if (typeof path !== 'string') throw new TypeError('loadIdx: path must be a string');
  const contents = parseIdx(readMaybeGzipped(path, 'loadIdx'), path);
  const dtype = opts.dtype === undefined ? TYPES[contents.type].dtype : checkDType(opts.dtype, 'loadIdx');
  return fromArray(decodeIdxPayload(contents, dtype), contents.shape);
}

const RANGES: Partial<Record<IdxType, [number, number]>> = {
  ubyte: [0, 255],
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

/** The IDX bytes of a tensor; type defaults to int for int32, float for float32, double for float64. */
export function encodeIdx(t: Tensor, opts: { type?: IdxType } = {}): Uint8Array {
  const op = 'encodeIdx';
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: expected a Tensor`);
  const type = opts.type ?? (t.dtype === 'int32' ? 'int' : t.dtype === 'float32' ? 'float' : 'double');
  const info = TYPES[type];
  if (info === undefined) throw new TypeError(`${op}: unknown IDX type ${JSON.stringify(type)}`);
  if (t.ndim > 255) throw new RangeError(`${op}: at most 255 dimensions`);
  const data = t.contiguous().data;
  const header = 4 + 4 * t.ndim;
  const out = new Uint8Array(header + data.length * info.bytes);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = t.ndim;
  t.shape.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  const range = RANGES[type];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (range !== undefined && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) {
      throw new RangeError(`${op}: element ${i} (${v}) is not a ${type} value in [${range[0]}, ${range[1]}]`);
    }
    const p = header + i * info.bytes;
    switch (type) {
      case 'ubyte': view.setUint8(p, v); break;
      case 'byte': view.setInt8(p, v); break;
      case 'short': view.setInt16(p, v, false); break;
      case 'int': view.setInt32(p, v, false); break;
      case 'float': view.setFloat32(p, v, false); break;
      case 'double': view.setFloat64(p, v, false); break;
    }
  }
  return out;
}

/** Writes a tensor as an IDX file, gzipped when opts.gzip (default: path ends in .gz). */
export function saveIdx(path: string, t: Tensor, opts: { type?: IdxType; gzip?: boolean } = {}): void {
  if (typeof path !== 'string') throw new TypeError('saveIdx: path must be a string');
  const bytes = encodeIdx(t, { type: opts.type });
  writeFileSync(path, (opts.gzip ?? path.endsWith('.gz')) ? gzipSync(bytes) : bytes);
}
