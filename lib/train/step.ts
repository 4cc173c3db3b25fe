// One training step (Goodfellow et al., Alg. 8.1 and its variants, as one loop body): zero the
// gradients, forward in training mode, loss, backward, optional clipping, optimizer update. The
// forward-backward part is the optimizer's closure, so methods that re-evaluate the objective
// (LBFGS, line searches) drive it as often as they need; each evaluation runs in its own d.tidy
// scope, which hands its temporaries back to the allocator at once.
import { noGrad } from '../autograd/grad-mode';
import { Module } from '../nn/module';
import { clipGradNorm } from '../nn/utils/grad-norm';
import type { Optimizer } from '../optim/optimizer';
import { ClosureOptimizer } from '../optim/second-order/closure-optimizer';
import { tidy } from '../tensor/memory';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { Callback } from './callback';
import { Metric } from './metrics';

/** A loss: a function (output, target) → scalar tensor, or a loss module (d.nn.CrossEntropyLoss). */
export type Loss = ((output: Tensor, target: Tensor) => Tensor) | Module;

/** Gradient clipping by total norm: maxNorm, or { maxNorm, normType = 2 }. */
export type ClipOption = number | { maxNorm: number; normType?: number };

/** The loss as a function, checked. */
export function lossFunction(loss: unknown, op: string): (output: Tensor, target: Tensor) => Tensor {
  if (loss instanceof Module) return (o, t) => loss.call(o, t);
  if (typeof loss === 'function') return loss as (output: Tensor, target: Tensor) => Tensor;
  throw new TypeError(`${op}: loss must be a function (output, target) => Tensor or a loss Module`);
}

/** The loss value of one batch, checked to be a scalar tensor. */
export function scalarLoss(value: unknown, op: string): Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${op}: the loss function must return a Tensor, got ${typeof value}`);
  if (value.numel() !== 1) throw new RangeError(`${op}: the loss must be a scalar, got shape ${formatShape(value.shape)} (use reduction 'mean' or 'sum')`);
  return value;
}

export function checkClip(clip: unknown, op: string): { maxNorm: number; normType: number } | null {
  if (clip === undefined) return null;
  const spec = typeof clip === 'number' ? { maxNorm: clip } : clip;
  if (spec === null || typeof spec !== 'object') throw new TypeError(`${op}: clipGradNorm must be a number or { maxNorm, normType }`);
  const { maxNorm, normType = 2 } = spec as { maxNorm: unknown; normType?: unknown };
  if (typeof maxNorm !== 'number' || !(maxNorm > 0)) throw new RangeError(`${op}: clipGradNorm's maxNorm must be a positive number, got ${String(maxNorm)}`);
  if (typeof normType !== 'number' || !(normType > 0)) throw new RangeError(`${op}: clipGradNorm's normType must be positive or Infinity, got ${String(normType)}`);
  return { maxNorm, normType };
}

/** The metric values of one batch (not recorded). */
export function metricValues(metrics: readonly Metric[], output: Tensor, target: Tensor): Record<string, number> {
  const out: Record<string, number> = {};
  if (metrics.length === 0) return out;
  noGrad(() => {
    for (const m of metrics) out[m.name] = m.fn(output, target);
  });
  return out;
}

export interface StepSetup {
  model: Module;
  optimizer: Optimizer;
  loss: (output: Tensor, target: Tensor) => Tensor;
  metrics: readonly Metric[];
  clip: { maxNorm: number; normType: number } | null;
  callbacks: readonly Callback[];
}

/** Runs one step on (x, y); returns the loss and metrics at the parameters before the update. */
export function trainStep(s: StepSetup, x: Tensor, y: Tensor, step: number): { loss: number; metrics: Record<string, number> } {
  let first: { loss: number; metrics: Record<string, number> } | null = null;
  if (s.optimizer instanceof ClosureOptimizer) {
    // Newton, HessianFree and CoordinateDescent differentiate the loss graph themselves (twice,
    // for curvature): the closure returns the output and the loss with their graph, and the
    // whole step is one tidy scope so the graph lives until the update is done.
    if (s.clip !== null) throw new RangeError(`fit: clipGradNorm does not apply to ${s.optimizer.constructor.name}, which computes its own steps from the loss`);
    tidy(() => {
      s.optimizer.step(() => {
        const output = s.model.call(x);
        const loss = scalarLoss(s.loss(output, y), 'fit');
        if (first === null) first = { loss: loss.item(), metrics: metricValues(s.metrics, output, y) };
        return { output, loss } as unknown as Tensor;
      });
    });
    if (first === null) throw new Error('fit: the optimizer did not evaluate the closure it was given');
    return first;
  }
  const closure = (): number => tidy(() => {
    s.optimizer.zeroGrad();
    const output = s.model.call(x);
    const loss = scalarLoss(s.loss(output, y), 'fit');
    loss.backward();
    const value = loss.item();
    if (first === null) {
      for (const cb of s.callbacks) cb.onAfterBackward(step);
      first = { loss: value, metrics: metricValues(s.metrics, output, y) };
    }
    if (s.clip !== null) clipGradNorm(s.model.parameters(), s.clip.maxNorm, s.clip.normType);
    return value;
  });
  s.optimizer.step(closure);
  if (first === null) throw new Error('fit: the optimizer did not evaluate the closure it was given');
  return first;
}
