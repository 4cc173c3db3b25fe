// State trees (optimizer, scheduler and loader state dicts, user meta) as JSON for a checkpoint's
// metadata. Tensors inside a tree (Tensor objects, { dtype, shape, data } tensor data, bare typed
// arrays) move into the file's tensors and leave a reference { "$tensor": key } (or "$tensorData",
// "$typedArray") naming the file tensor; numbers JSON cannot hold (NaN, ±Infinity, −0) become
// { "$number": "NaN" | "Infinity" | "-Infinity" | "-0" }, so every number round-trips bit for bit.
import { fromArray } from '../tensor/creation';
import { dtypeOfArray, isTypedArray } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { isExactTensorData, viewAsTensorData, viewTensorData } from '../tensor/tensor-data';

const TENSOR = '$tensor';
const TENSOR_DATA = '$tensorData';
const TYPED_ARRAY = '$typedArray';
const NUMBER = '$number';
const MARKERS = [TENSOR, TENSOR_DATA, TYPED_ARRAY, NUMBER];

/** The file key of the tensor at path inside the tree. */
export type KeyOf = (path: string[]) => string;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'prototype-less object'}`;
  return `a ${typeof v}`;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encodeNumber(x: number): number | Record<string, string> {
  if (Number.isNaN(x)) return { [NUMBER]: 'NaN' };
  if (x === Infinity) return { [NUMBER]: 'Infinity' };
  if (x === -Infinity) return { [NUMBER]: '-Infinity' };
  if (Object.is(x, -0)) return { [NUMBER]: '-0' };
  return x;
}

/**
 * The JSON form of value; its tensors are added to tensors under keyOf(path). Throws a TypeError
 * `<where>: ...` naming the path of a value a checkpoint cannot hold (functions, bigints, class
 * instances other than tensors) or of a tensor key already taken.
 */
export function encodeState(value: unknown, keyOf: KeyOf, tensors: Map<string, Tensor>, where: string): unknown {
  const at = (path: string[]) => (path.length === 0 ? where : `${where}.${path.join('.')}`);
  const store = (path: string[], t: Tensor): string => {
    const key = keyOf(path);
    if (tensors.has(key)) throw new TypeError(`${at(path)}: the tensor key ${key} is already taken`);
    tensors.set(key, t);
    return key;
  };
  const walk = (v: unknown, path: string[]): unknown => {
    switch (typeof v) {
      case 'number': return encodeNumber(v);
      case 'string':
      case 'boolean': return v;
      case 'undefined': return null;
      case 'object': {
        if (v === null) return null;
        if (v instanceof Tensor) return { [TENSOR]: store(path, v) };
        if (isTypedArray(v)) return { [TYPED_ARRAY]: store(path, fromArray(v)) };
        if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)]));
        if (isExactTensorData(v)) {
          if (v.dtype !== dtypeOfArray(v.data)) throw new TypeError(`${at(path)}: tensor data of dtype ${v.dtype} holds a ${v.data.constructor.name}`);
          return { [TENSOR_DATA]: store(path, viewTensorData(v)) };
        }
        if (!isPlainObject(v)) break;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          if (MARKERS.includes(k)) throw new TypeError(`${at(path)}: the key ${k} is reserved in checkpoint state`);
          if (x !== undefined) out[k] = walk(x, [...path, k]);
        }
        return out;
      }
      default: break;
    }
    throw new TypeError(`${at(path)} is ${describe(v)}, which a checkpoint cannot store (JSON data, tensors and typed arrays only)`);
  };
  return walk(value, []);
}

/**
 * The state tree of a JSON form: references become the file's tensors (as the kind that was
 * saved), tagged numbers numbers. Marks each referenced key in used. Throws `<where>: ...` for a
 * reference to a missing tensor or a malformed tag.
 */
export function decodeState(json: unknown, tensors: Record<string, Tensor>, used: Set<string>, where: string): unknown {
  const tensorAt = (key: unknown, path: string[]): Tensor => {
    const label = path.length === 0 ? where : `${where}.${path.join('.')}`;
    if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(tensors, key)) {
      throw new Error(`${label} refers to tensor ${JSON.stringify(key)}, which the file does not hold`);
    }
    used.add(key);
    return tensors[key];
  };
  const walk = (v: unknown, path: string[]): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)]));
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    const r = v as Record<string, unknown>;
    if (keys.length === 1 && MARKERS.includes(keys[0])) {
      const tag = keys[0];
      if (tag === NUMBER) {
        const s = r[NUMBER];
        if (s === 'NaN') return NaN;
        if (s === 'Infinity') return Infinity;
        if (s === '-Infinity') return -Infinity;
        if (s === '-0') return -0;
        throw new Error(`${where}.${path.join('.')}: unknown number tag ${JSON.stringify(s)}`);
      }
      const t = tensorAt(r[tag], path);
      if (tag === TENSOR) return t;
      return tag === TYPED_ARRAY ? t.values() : viewAsTensorData(t);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (k === '__proto__') continue;
      out[k] = walk(r[k], [...path, k]);
    }
    return out;
  };
  return walk(json, []);
}
