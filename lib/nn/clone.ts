// A deep copy of a module: the same classes, copied parameters and buffers, copied children;
// other fields are copied shallowly (numbers, options, a shared random generator).
import { castRaw } from '../tensor/raw/copy';
import { Tensor } from '../tensor/tensor';
import { Module } from './module';
import { Parameter } from './parameter';

function cloneValue(v: unknown): unknown {
  if (v instanceof Parameter) return new Parameter(castRaw(v, v.dtype), v.requiresGrad);
  if (v instanceof Tensor) return castRaw(v, v.dtype);
  if (v instanceof Module) return cloneModule(v);
  if (v instanceof Map) return new Map([...v].map(([k, e]) => [k, cloneValue(e)]));
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, cloneValue(e)]));
  }
  return v;
}

export function cloneModule<M extends Module>(m: M): M {
  const copy = Object.create(Object.getPrototypeOf(m)) as Record<string, unknown>;
  for (const key of Object.keys(m)) copy[key] = cloneValue((m as unknown as Record<string, unknown>)[key]);
  const result = copy as unknown as M;
  result.flat = null;
  return result;
}
