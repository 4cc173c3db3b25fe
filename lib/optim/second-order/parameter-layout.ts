// One flat float64 vector against a list of parameter-shaped tensors: the layout of θ that
// FlatParameters defines (parameters end to end, each row-major), for vectors that are not θ
// itself (gradients, curvature products, directions).
import { DType } from '../../tensor/dtype';
import { empty, zerosOf } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { Tensor } from '../../tensor/tensor';

/** The tensors ts (null: zeros shaped like params[i]) end to end in one float64 vector of n elements. */
export function concatFlat(ts: ReadonlyArray<Tensor | null>, params: readonly Tensor[], n: number): Tensor {
  const out = zerosOf([n], 'float64');
  let at = 0;
  ts.forEach((t, i) => {
    if (t !== null) copyInto(t, new Tensor(out.storage, t.shape, undefined, at));
    at += params[i].numel();
  });
  return out;
}

/** The vector v cut into fresh tensors shaped like params, converted to dtype. */
export function splitLike(v: Tensor, params: readonly Tensor[], dtype: DType): Tensor[] {
  const c = v.contiguous();
  let at = 0;
  return params.map((p) => {
    const out = empty(p.shape, dtype);
    copyInto(new Tensor(c.storage, p.shape, undefined, c.offset + at), out);
    at += p.numel();
    return out;
  });
}

/** True when every element of the contiguous tensor x is finite. */
export function allFinite(x: Tensor): boolean {
  const v = x.values();
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
