// Evaluation and prediction: the model in evaluation mode (dropout off, batch norm on running
// statistics), nothing recorded, one batch at a time with a turn of the event loop in between.
// The model's mode is restored afterwards.
import { noGrad } from '../autograd/grad-mode';
import { Module } from '../nn/module';
import { tidy } from '../tensor/memory';
import { concat } from '../ops/shape';
import { Tensor } from '../tensor/tensor';
import { yieldToEventLoop } from './event-loop';
import { Logs } from './history';
import { asBatches, Batches, DataSpec, splitBatch } from './data-source';
import { Metric, MetricSpec, resolveMetrics, WeightedMeans } from './metrics';
import { Loss, lossFunction, metricValues, scalarLoss } from './step';

export interface EvaluateOptions {
  /** The loss to report as `loss` (omit for metrics only). */
  loss?: Loss;
  metrics?: MetricSpec[];
  /** Examples per batch when data is { x, y } tensors (default 32). */
  batchSize?: number;
}

function checkModel(model: unknown, op: string): Module {
  if (!(model instanceof Module)) throw new TypeError(`${op}: model must be a d.nn.Module`);
  return model;
}

/** Runs fn with the model in evaluation mode, then restores its mode. */
async function inEvalMode<R>(model: Module, fn: () => Promise<R>): Promise<R> {
  const wasTraining = model.training;
  model.eval();
  try {
    return await fn();
  } finally {
    model.train(wasTraining);
  }
}

/** Loss and metrics over all batches, each averaged over examples (weighted by batch size). */
export function evaluateBatches(
  model: Module,
  batches: Batches,
  loss: ((output: Tensor, target: Tensor) => Tensor) | null,
  metrics: readonly Metric[],
  op: string,
): Promise<Logs> {
  return inEvalMode(model, async () => {
    const means = new WeightedMeans();
    for (const batch of batches) {
      const [x, y] = splitBatch(batch, op);
      const values = tidy(() => noGrad(() => {
        const output = model.call(x);
        const v = metricValues(metrics, output, y);
        return loss === null ? v : { loss: scalarLoss(loss(output, y), op).item(), ...v };
      }));
      means.add(values, x.shape[0] ?? 1);
      await yieldToEventLoop();
    }
    return means.means();
  });
}

/** The loss (when given) and metrics of model on data, averaged over its examples. */
export async function evaluate(model: Module, data: DataSpec, opts: EvaluateOptions = {}): Promise<Logs> {
  const op = 'evaluate';
  checkModel(model, op);
  const loss = opts.loss === undefined ? null : lossFunction(opts.loss, op);
  const metrics = resolveMetrics(opts.metrics, op);
  if (loss === null && metrics.length === 0) throw new TypeError(`${op}: give a loss or at least one metric`);
  return evaluateBatches(model, asBatches(data, opts, op), loss, metrics, op);
}

/**
 * The model's outputs for x, computed batchSize rows at a time (default 32) and concatenated
 * along the first dimension. x may also be an iterable of input batches (tensors, or arrays whose
 * first entry is the input, as a DataLoader yields).
 */
export async function predict(model: Module, x: Tensor | Iterable<Tensor | readonly Tensor[]>, opts: { batchSize?: number } = {}): Promise<Tensor> {
  const op = 'predict';
  checkModel(model, op);
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`${op}: batchSize must be a positive integer, got ${String(batchSize)}`);
  let inputs: Iterable<Tensor | readonly Tensor[]>;
  if (x instanceof Tensor) {
    if (x.ndim === 0) throw new RangeError(`${op}: x must have a first (example) dimension`);
    const n = x.shape[0];
    inputs = (function* rows() {
      for (let at = 0; at < n; at += batchSize) yield x.slice(at, Math.min(n, at + batchSize));
    })();
  } else if (x !== null && typeof x === 'object' && typeof (x as Iterable<Tensor>)[Symbol.iterator] === 'function') {
    inputs = x;
  } else {
    throw new TypeError(`${op}: x must be a Tensor or an iterable of input batches`);
  }
  return inEvalMode(model, async () => {
    const outputs: Tensor[] = [];
    for (const item of inputs) {
      const input = item instanceof Tensor ? item : Array.isArray(item) && item[0] instanceof Tensor ? item[0] : null;
      if (input === null) throw new TypeError(`${op}: a batch must be a Tensor or an array whose first entry is the input Tensor`);
      outputs.push(tidy(() => noGrad(() => model.call(input))));
      await yieldToEventLoop();
    }
    if (outputs.length === 0) throw new RangeError(`${op}: no input`);
    return outputs.length === 1 ? outputs[0] : noGrad(() => concat(outputs, 0));
  });
}
