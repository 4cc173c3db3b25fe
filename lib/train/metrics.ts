// Metrics: numbers computed from a batch's output and target besides the loss. fit and evaluate
// average a metric over an epoch's batches weighted by the batch size, which for accuracy is the
// exact fraction of correct examples.
import { argmax } from '../ops/reduction';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

export type MetricFn = (output: Tensor, target: Tensor) => number;

export interface Metric {
  /** The key in the logs and the History (val_<name> on validation data). */
  name: string;
  /** The value on one batch (called without recording; the batch has output.shape[0] examples). */
  fn: MetricFn;
}

/** 'accuracy', a Metric, or a named function (its name becomes the metric's). */
export type MetricSpec = 'accuracy' | Metric | MetricFn;

/** Class labels of a target: int32 indices [N], whole-number floats [N], or one-hot /
 * probabilities [N, C] (their argmax). */
function labelsOf(target: Tensor, n: number, classes: number): ArrayLike<number> {
  if (target.ndim === 2 && target.shape[0] === n && target.shape[1] === classes) return argmax(target, 1).contiguous().data;
  if (target.ndim === 1 && target.shape[0] === n) return target.contiguous().data;
  throw new RangeError(`accuracy: target of shape ${formatShape(target.shape)} fits neither class indices [${n}] nor one-hot rows [${n}, ${classes}]`);
}

/**
 * The fraction of examples classified correctly. output [N, C] holds class scores (logits or
 * probabilities; the prediction is the argmax); target holds class indices [N] or one-hot /
 * probability rows [N, C]. output [N] or [N, 1] is a binary classifier: the prediction is
 * output > 0.5 (use binaryAccuracy({ threshold: 0 }) for logits) and target holds 0/1.
 */
export function accuracy(output: Tensor, target: Tensor): number {
  if (!(output instanceof Tensor) || !(target instanceof Tensor)) throw new TypeError('accuracy: expected output and target tensors');
  if (output.ndim === 1 || (output.ndim === 2 && output.shape[1] === 1)) return binaryAccuracy()(output, target);
  if (output.ndim !== 2) throw new RangeError(`accuracy: output must be [N, C] class scores or [N] / [N, 1] binary scores, got ${formatShape(output.shape)}`);
  const n = output.shape[0];
  const predicted = argmax(output, 1).contiguous().data;
  const labels = labelsOf(target, n, output.shape[1]);
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === labels[i]) correct++;
  return n === 0 ? NaN : correct / n;
}

/** Binary accuracy: the prediction is output > threshold (0.5 for probabilities, 0 for logits),
 * compared with targets 0/1 of the same number of elements. */
export function binaryAccuracy(opts: { threshold?: number } = {}): MetricFn {
  const threshold = opts.threshold ?? 0.5;
  return function binaryAccuracy(output: Tensor, target: Tensor): number {
    const n = output.numel();
    if (target.numel() !== n) throw new RangeError(`binaryAccuracy: output ${formatShape(output.shape)} and target ${formatShape(target.shape)} differ in size`);
    const o = output.contiguous().data;
    const t = target.contiguous().data;
    let correct = 0;
    for (let i = 0; i < n; i++) if ((o[i] > threshold ? 1 : 0) === (t[i] > 0.5 ? 1 : 0)) correct++;
    return n === 0 ? NaN : correct / n;
  };
}

const RESERVED = new Set(['loss', 'lr', 'size', 'step']);

/** Metric specs as named metrics; throws on an unknown name, a nameless function or a clash. */
export function resolveMetrics(specs: readonly MetricSpec[] | undefined, op: string): Metric[] {
  if (specs === undefined) return [];
  if (!Array.isArray(specs)) throw new TypeError(`${op}: metrics must be an array`);
  const out: Metric[] = [];
  for (const s of specs) {
    let m: Metric;
    if (s === 'accuracy') m = { name: 'accuracy', fn: accuracy };
    else if (typeof s === 'function') m = { name: s.name, fn: s };
    else if (s !== null && typeof s === 'object' && typeof s.name === 'string' && typeof s.fn === 'function') m = s;
    else throw new TypeError(`${op}: a metric is 'accuracy', a named function or { name, fn }, got ${String(s)}`);
    if (m.name === '' || m.name.startsWith('val_')) throw new RangeError(`${op}: metric name ${JSON.stringify(m.name)} is empty or starts with val_`);
    if (RESERVED.has(m.name) || out.some((o) => o.name === m.name)) throw new RangeError(`${op}: metric name ${m.name} is reserved or given twice`);
    out.push(m);
  }
  return out;
}

/** Batch-size-weighted running means of named values. */
export class WeightedMeans {
  private readonly sums = new Map<string, number>();
  private weight = 0;

  add(values: Record<string, number>, weight: number): void {
    for (const [k, v] of Object.entries(values)) this.sums.set(k, (this.sums.get(k) ?? 0) + v * weight);
    this.weight += weight;
  }

  means(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.sums) out[k] = this.weight > 0 ? s / this.weight : NaN;
    return out;
  }
}
