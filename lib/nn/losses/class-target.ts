// The targets of the classification losses (crossEntropy, nllLoss). The input is [N, C] or
// [N, C, d1, ...] (one score per class along dimension 1; [C] for a single sample), and a
// target is either
//   class indices: int32 of the input's shape without the class dimension ([N] or [N, d1, ...]);
//     a float tensor of that shape holding whole numbers is accepted and converted; or
//   probabilities: a float tensor of the input's own shape and dtype (soft targets).
import { isGradEnabled } from '../../autograd/grad-mode';
import { isFloat } from '../../tensor/dtype';
import { castRaw, contiguousRaw } from '../../tensor/raw/copy';
import { expectNumber, expectTensor } from '../../tensor/raw/operands';
import { formatShape, sameShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

export type ClassTarget =
  | { kind: 'index'; /** contiguous int32, the position shape */ index: Tensor }
  | { kind: 'probability'; probability: Tensor };

/** The shape of one value per position: the input's shape without dimension 1. */
export function positionShape(shape: readonly number[]): number[] {
  return shape.length <= 1 ? [] : [shape[0], ...shape.slice(2)];
}

/** Checks that input holds float class scores with a class dimension. */
export function checkClassInput(input: unknown, op: string): Tensor {
  const x = expectTensor(input, op, 'input');
  if (!isFloat(x.dtype)) throw new TypeError(`${op}: input must be float32 or float64, got ${x.dtype}`);
  if (x.ndim === 0) throw new RangeError(`${op}: input must be [C], [N, C] or [N, C, d1, ...], got a 0-d tensor`);
  return x;
}

/** Interprets target against input, or throws naming both shapes and dtypes. */
export function classTarget(input: Tensor, target: unknown, op: string): ClassTarget {
  const t = expectTensor(target, op, 'target');
  const indexShape = positionShape(input.shape);
  const described = `target of shape ${formatShape(t.shape)} (${t.dtype})`;
  if (sameShape(t.shape, input.shape)) {
    if (!isFloat(t.dtype)) {
      throw new TypeError(
        `${op}: ${described} has the input's shape, so it would be class probabilities, which must be ${input.dtype}; class indices have shape ${formatShape(indexShape)}`,
      );
    }
    if (t.dtype !== input.dtype) {
      throw new TypeError(`${op}: probability ${described} must have the input's dtype ${input.dtype}`);
    }
    return { kind: 'probability', probability: t };
  }
  if (!sameShape(t.shape, indexShape)) {
    throw new RangeError(
      `${op}: ${described} fits neither class indices of shape ${formatShape(indexShape)} nor probabilities of the input's shape ${formatShape(input.shape)}`,
    );
  }
  if (t.dtype === 'int32') return { kind: 'index', index: contiguousRaw(t) };
  // A float tensor of the index shape: class indices if every value is a whole number.
  const c = contiguousRaw(t);
  const data = c.storage.data;
  for (let i = 0; i < c.numel(); i++) {
    const v = data[c.offset + i];
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new TypeError(
        `${op}: a float ${described} is read as class indices and must hold whole numbers; found ${v} at position ${i} ` +
          `(probability targets have the input's shape ${formatShape(input.shape)})`,
      );
    }
  }
  return { kind: 'index', index: castRaw(c, 'int32') };
}

/** The optional class weights: [C] of the input's dtype. */
export function checkClassWeight(weight: unknown, input: Tensor, op: string): Tensor | null {
  if (weight === undefined || weight === null) return null;
  const w = expectTensor(weight, op, 'weight');
  const classes = input.ndim === 1 ? input.shape[0] : input.shape[1];
  if (w.dtype !== input.dtype) throw new TypeError(`${op}: weight must have the input's dtype ${input.dtype}, got ${w.dtype}`);
  if (w.ndim !== 1 || w.shape[0] !== classes) {
    throw new RangeError(`${op}: weight must have shape [${classes}] (one per class of the input ${formatShape(input.shape)}), got ${formatShape(w.shape)}`);
  }
  return w;
}

/** Class weights are constants of these losses: a weight that requires grad would get no gradient. */
export function refuseWeightGrad(weight: Tensor | null, op: string): void {
  if (weight !== null && weight.requiresGrad && isGradEnabled()) {
    throw new Error(`${op}: weight requires grad, but the class weights get no gradient; pass weight.detach()`);
  }
}

export function checkIgnoreIndex(value: unknown, op: string): number {
  const v = expectNumber(value ?? -100, op, 'ignoreIndex');
  if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
    throw new RangeError(`${op}: ignoreIndex must be an int32 integer, got ${v}`);
  }
  return v;
}

/** PyTorch refuses ignoreIndex with probability targets unless it is negative (the default −100). */
export function checkNoIgnoreForProbabilities(target: ClassTarget, ignoreIndex: number, op: string): void {
  if (target.kind === 'probability' && ignoreIndex >= 0) {
    throw new RangeError(`${op}: ignoreIndex (${ignoreIndex}) is not supported with probability targets`);
  }
}

/** Throws on the first class index outside [0, classes) other than ignoreIndex, naming it and its position. */
export function checkClassRange(index: Tensor, classes: number, ignoreIndex: number, op: string): void {
  const data = index.storage.data;
  for (let i = 0; i < index.numel(); i++) {
    const y = data[index.offset + i];
    if (y !== ignoreIndex && (y < 0 || y >= classes)) {
      throw new RangeError(`${op}: target ${y} at position ${i} is out of range for ${classes} classes (ignoreIndex is ${ignoreIndex})`);
    }
  }
}
