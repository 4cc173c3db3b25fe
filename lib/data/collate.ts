// Collation: a list of examples into one batch (as torch.utils.data.default_collate).
import { tensor } from '../tensor/creation';
import { stack } from '../ops/shape';
import { Tensor } from '../tensor/tensor';

/**
 * Tensors are stacked along a new first axis; numbers become a 1-D tensor (int32 when all are
 * integers in int32 range, float32 otherwise); arrays (tuples) and plain objects are collated
 * field by field, keeping their structure.
 */
export function defaultCollate(items: readonly unknown[]): unknown {
  const op = 'defaultCollate';
  if (!Array.isArray(items) || items.length === 0) throw new TypeError(`${op}: expected a non-empty array of examples`);
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((x, k) => {
      if (!(x instanceof Tensor)) throw new TypeError(`${op}: example ${k} is not a Tensor like example 0`);
    });
    return stack(items as Tensor[], 0);
  }
  if (typeof first === 'number') {
    const values = items.map((x, k) => {
      if (typeof x !== 'number') throw new TypeError(`${op}: example ${k} is not a number like example 0`);
      return x;
    });
    const integral = values.every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
    return tensor(values, { dtype: integral ? 'int32' : 'float32' });
  }
  if (Array.isArray(first)) {
    const width = first.length;
    items.forEach((x, k) => {
      if (!Array.isArray(x) || x.length !== width) throw new TypeError(`${op}: example ${k} is not an array of ${width} fields like example 0`);
    });
    return first.map((_, f) => defaultCollate(items.map((x) => (x as unknown[])[f])));
  }
  if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
    const keys = Object.keys(first);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      out[key] = defaultCollate(items.map((x, k) => {
        if (x === null || typeof x !== 'object' || !(key in x)) throw new TypeError(`${op}: example ${k} has no field '${key}'`);
        return (x as Record<string, unknown>)[key];
      }));
    }
    return out;
  }
  throw new TypeError(`${op}: cannot collate examples of type ${first === null ? 'null' : typeof first}; pass a collate function`);
}
