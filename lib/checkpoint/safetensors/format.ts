// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
// UTF-8 JSON { name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": { string:
// string } }, then the data buffer, with offsets relative to its start. The header is padded with
// spaces so the buffer starts 8-byte aligned; the tensors cover the buffer exactly, without gaps
// or overlaps. descent writes 8-byte elements first so every tensor is aligned to its element
// size, and keeps the caller's key order in the header.
import { fromArray } from '../../tensor/creation';
import { formatShape, sizeOf } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { decodeElements, FILE_DTYPES, isFileDType, littleEndianBytes, WRITE_DTYPE } from './dtypes';

/** The tensors and string metadata of a safetensors file. */
export interface SafetensorsContents {
  /** Tensors by name, in header order; each owns its memory. */
  tensors: Record<string, Tensor>;
  /** The "__metadata__" strings ({} when the file has none). */
  metadata: Record<string, string>;
}

export interface ParseOptions {
  /** Prefix of error messages, naming the data (a path); default 'safetensors.parse'. */
  source?: string;
}

/** The largest header accepted (as the reference implementation). */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function checkName(name: string, where: string): void {
  if (name === METADATA_KEY || name === '__proto__') throw new TypeError(`${where}: ${JSON.stringify(name)} cannot name a tensor`);
}

/** What is wrong with metadata (an object of strings), or null. */
function metadataProblem(metadata: unknown): string | null {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return 'metadata must be an object of strings';
  for (const [k, v] of Object.entries(metadata)) {
    if (k === '__proto__') return 'metadata cannot have an entry named "__proto__"';
    if (typeof v !== 'string') return `metadata ${JSON.stringify(k)} must be a string, got ${v === null ? 'null' : typeof v}`;
  }
  return null;
}

/**
 * The bytes of a safetensors file holding tensors (float32 as F32, float64 as F64, int32 as I32;
 * views are written as their contiguous values) and metadata.
 */
export function serialize(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const op = 'safetensors.serialize';
  if (tensors === null || typeof tensors !== 'object') throw new TypeError(`${op}: expected an object of tensors`);
  const problem = metadataProblem(metadata);
  if (problem !== null) throw new TypeError(`${op}: ${problem}`);
  const meta = { ...metadata };
  const entries = Object.entries(tensors).map(([name, t]) => {
    checkName(name, op);
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: ${name} is not a Tensor`);
    const values = t.contiguous().values();
    return { name, t, values, fileDType: WRITE_DTYPE[t.dtype] };
  });
  // Data order: 8-byte elements first, then 4-byte ones, so offsets stay aligned without padding.
  const order = entries.slice().sort((a, b) => b.values.BYTES_PER_ELEMENT - a.values.BYTES_PER_ELEMENT);
  const offsets = new Map<string, [number, number]>();
  let end = 0;
  for (const e of order) {
    offsets.set(e.name, [end, end + e.values.byteLength]);
    end += e.values.byteLength;
  }
  const header: Record<string, unknown> = {};
  if (Object.keys(meta).length > 0) header[METADATA_KEY] = meta;
  for (const e of entries) header[e.name] = { dtype: e.fileDType, shape: e.t.shape.slice(), data_offsets: offsets.get(e.name) };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + end);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  const base = 8 + headerBytes;
  for (const e of order) out.set(littleEndianBytes(e.values), base + offsets.get(e.name)![0]);
  return out;
}

function fail(source: string, problem: string): never {
  throw new Error(`${source}: ${problem}`);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Reads the bytes of a safetensors file, validating everything first: the header length against
 * the data, the JSON, each entry's dtype, shape and offsets, and that the tensors cover the data
 * buffer exactly. Throws an Error `<source>: <problem>`; the tensors own copies of the data.
 */
export function parse(bytes: Uint8Array, opts: ParseOptions = {}): SafetensorsContents {
  const source = opts.source ?? 'safetensors.parse';
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${source}: expected a Uint8Array (or Buffer)`);
  if (bytes.length < 8) fail(source, `truncated: ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) fail(source, `header length ${declared} exceeds the ${MAX_HEADER_BYTES}-byte limit (not a safetensors file?)`);
  const headerBytes = Number(declared);
  if (8 + headerBytes > bytes.length) fail(source, `truncated: the header length is ${headerBytes} bytes but only ${bytes.length - 8} follow it`);
  if (headerBytes < 2 || bytes[8] !== 0x7b) fail(source, 'the header is not a JSON object (it must start with "{")');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes));
  } catch {
    fail(source, 'the header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(source, `the header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(source, 'the header is not a JSON object');
  const dataBytes = bytes.length - 8 - headerBytes;
  let metadata: Record<string, string> = {};
  const entries: Array<[string, HeaderEntry]> = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      const problem = metadataProblem(raw);
      if (problem !== null) fail(source, `bad __metadata__: ${problem}`);
      metadata = { ...(raw as Record<string, string>) };
      continue;
    }
    const label = `tensor ${JSON.stringify(name)}`;
    if (name === '__proto__') fail(source, `${label} has a reserved name`);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(source, `${label}: its header entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (typeof dtype !== 'string') fail(source, `${label}: dtype is missing or not a string`);
    if (!isFileDType(dtype)) fail(source, `${label} has unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(FILE_DTYPES).join(', ')})`);
    if (!Array.isArray(shape) || !shape.every(isCount)) fail(source, `${label}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
      fail(source, `${label}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataBytes) fail(source, `${label}: data_offsets [${begin}, ${end}] lie outside the ${dataBytes}-byte data buffer (truncated file?)`);
    const need = sizeOf(shape as number[]) * FILE_DTYPES[dtype].size;
    if (end - begin !== need) fail(source, `${label}: shape ${formatShape(shape as number[])} of ${dtype} needs ${need} bytes, data_offsets [${begin}, ${end}] hold ${end - begin}`);
    entries.push([name, { dtype, shape: shape as number[], data_offsets: [begin, end] }]);
  }
  // The tensors must tile the data buffer: no overlap, no gap, nothing after the last one.
  const byOffset = entries.slice().sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1]);
  let at = 0;
  let previous = '';
  for (const [name, e] of byOffset) {
    const [begin, end] = e.data_offsets;
    if (begin < at) fail(source, `tensors ${JSON.stringify(previous)} and ${JSON.stringify(name)} overlap in the data buffer`);
    if (begin > at) fail(source, `bytes [${at}, ${begin}) of the data buffer belong to no tensor`);
    at = end;
    previous = name;
  }
  if (at !== dataBytes) fail(source, `bytes [${at}, ${dataBytes}) of the data buffer belong to no tensor`);
  const base = 8 + headerBytes;
  const tensors: Record<string, Tensor> = {};
  for (const [name, e] of entries) {
    const [begin, end] = e.data_offsets;
    let data;
    try {
      data = decodeElements(e.dtype, bytes.subarray(base + begin, base + end), sizeOf(e.shape));
    } catch (err) {
      fail(source, `tensor ${JSON.stringify(name)}: ${(err as Error).message}`);
    }
    tensors[name] = fromArray(data, e.shape);
  }
  return { tensors, metadata };
}
