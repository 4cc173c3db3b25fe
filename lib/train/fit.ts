// fit(): the training loop. Per epoch: one pass over the training batches (a step each, see
// step.ts), the event loop served between batches, then evaluation on the validation data,
// the schedule's epoch step, the callbacks' onEpochEnd and the History entry.
import { Module } from '../nn/module';
import { Optimizer } from '../optim/optimizer';
import { ReduceLROnPlateau } from '../optim/lr-scheduler/reduce-lr-on-plateau';
import { RandomGenerator } from '../tensor/random';
import { Callback, dispatch, Scheduler, TrainingContext } from './callback';
import { batchCount, BatchingOptions, DataSpec, planData, splitBatch } from './data-source';
import { evaluateBatches } from './evaluate';
import { yieldToEventLoop } from './event-loop';
import { History, Logs } from './history';
import { MetricSpec, resolveMetrics, WeightedMeans } from './metrics';
import { ProgressBar } from './progress-bar';
import { checkClip, ClipOption, Loss, lossFunction, trainStep } from './step';

export interface FitOptions extends BatchingOptions {
  optimizer: Optimizer;
  loss: Loss;
  /** Training batches: a DataLoader, an iterable of [input, target] batches, or { x, y }. */
  train: DataSpec;
  /** Validation data, evaluated after each epoch (logged as val_loss, val_<metric>). */
  validation?: DataSpec;
  /** The number of the last epoch: fit runs epochs initialEpoch + 1 .. epochs. */
  epochs: number;
  /** Epochs already done, when continuing a run (default 0). */
  initialEpoch?: number;
  /** Stop after this many optimizer steps in total, even mid-epoch (default: no limit). */
  maxSteps?: number;
  scheduler?: Scheduler;
  /** When the scheduler steps: after each 'epoch' (default) or each optimizer 'step'. A
   * ReduceLROnPlateau always steps per epoch, with the monitored value. */
  schedulerInterval?: 'epoch' | 'step';
  /** The logged value a ReduceLROnPlateau scheduler watches (default val_loss with validation
   * data, loss without). */
  schedulerMonitor?: string;
  /** Clip the gradients' total norm before each update (d.nn.utils.clipGradNorm). */
  clipGradNorm?: ClipOption;
  callbacks?: Callback[];
  /** Metrics besides the loss: 'accuracy', named functions or { name, fn }. */
  metrics?: MetricSpec[];
  /**
   * Progress output: 0 / false none (default); 1 / true a progress bar on a terminal and one
   * line per epoch otherwise; 2 one line per epoch always.
   */
  verbose?: 0 | 1 | 2 | boolean;
  generator?: RandomGenerator;
}

function isPlateau(s: Scheduler): s is ReduceLROnPlateau {
  return s instanceof ReduceLROnPlateau;
}

function checkCount(v: unknown, name: string, op: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`${op}: ${name} must be an integer >= ${min}, got ${String(v)}`);
  return v;
}

function progressCallbacks(verbose: FitOptions['verbose'], op: string): Callback[] {
  if (verbose === undefined || verbose === 0 || verbose === false) return [];
  if (verbose === 1 || verbose === true) return [new ProgressBar()];
  if (verbose === 2) return [new ProgressBar({ mode: 'lines' })];
  throw new RangeError(`${op}: verbose must be 0, 1, 2 or a boolean, got ${String(verbose)}`);
}

/** The learning rate of the first parameter group. */
function currentLr(optimizer: Optimizer): number {
  return optimizer.paramGroups[0].lr;
}

/**
 * Trains model and resolves to the History. Each step runs zeroGrad, forward (model.train()),
 * loss, backward, clipping and the optimizer update (with a closure, so LBFGS and line searches
 * work) inside d.tidy, and awaits one event-loop turn between batches so the process stays
 * responsive. Callbacks can stop training early; the model is left in the mode it had.
 */
export async function fit(model: Module, opts: FitOptions): Promise<History> {
  const op = 'fit';
  if (!(model instanceof Module)) throw new TypeError(`${op}: model must be a d.nn.Module`);
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: expected an options object`);
  const { optimizer, scheduler = null } = opts;
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${op}: optimizer must be a d.optim optimizer`);
  const loss = lossFunction(opts.loss, op);
  const epochs = checkCount(opts.epochs, 'epochs', op, 0);
  const initialEpoch = checkCount(opts.initialEpoch ?? 0, 'initialEpoch', op, 0);
  const maxSteps = opts.maxSteps === undefined ? Infinity : checkCount(opts.maxSteps, 'maxSteps', op, 0);
  if (scheduler !== null && (typeof scheduler !== 'object' || typeof scheduler.step !== 'function')) throw new TypeError(`${op}: scheduler must have a step() method`);
  const interval = opts.schedulerInterval ?? 'epoch';
  if (interval !== 'epoch' && interval !== 'step') throw new RangeError(`${op}: schedulerInterval must be 'epoch' or 'step', got ${String(interval)}`);
  const metrics = resolveMetrics(opts.metrics, op);
  const clip = checkClip(opts.clipGradNorm, op);
  const userCallbacks = opts.callbacks ?? [];
  if (!Array.isArray(userCallbacks) || userCallbacks.some((c) => !(c instanceof Callback))) throw new TypeError(`${op}: callbacks must be an array of Callback instances`);
  const callbacks = [...userCallbacks, ...progressCallbacks(opts.verbose, op)];
  const data = planData(opts.train, opts.validation, opts, op);
  const plateau = scheduler !== null && isPlateau(scheduler);
  const monitor = opts.schedulerMonitor ?? (data.validation !== null ? 'val_loss' : 'loss');

  const history = new History();
  let step = 0;
  const context: TrainingContext = {
    model, optimizer, scheduler, history, epochs,
    stepsPerEpoch: batchCount(data.train),
    get step() { return step; },
    metricNames: metrics.map((m) => m.name),
    hasValidation: data.validation !== null,
  };
  for (const cb of callbacks) {
    cb.context = context;
    cb.stopTraining = false;
    cb.stopReason = null;
  }
  const stopping = (): boolean => callbacks.some((c) => c.stopTraining);
  const setup = { model, optimizer, loss, metrics, clip, callbacks };
  const wasTraining = model.training;
  let last: Logs = {};
  try {
    await dispatch(callbacks, 'onTrainBegin', {});
    for (let epoch = initialEpoch + 1; epoch <= epochs && !stopping() && step < maxSteps; epoch++) {
      const started = performance.now();
      await dispatch(callbacks, 'onEpochBegin', epoch, {});
      const means = new WeightedMeans();
      let batch = 0;
      model.train();
      for (const b of data.train) {
        const [x, y] = splitBatch(b, op);
        const size = x.shape[0];
        const lr = currentLr(optimizer);
        await dispatch(callbacks, 'onBatchBegin', batch, { size, lr });
        step++;
        const r = trainStep(setup, x, y, step);
        history.recordStep(r.loss, lr, epoch);
        means.add({ loss: r.loss, ...r.metrics }, size);
        if (scheduler !== null && interval === 'step' && !plateau) scheduler.step();
        await dispatch(callbacks, 'onBatchEnd', batch, { loss: r.loss, ...r.metrics, lr, size });
        batch++;
        if (stopping() || step >= maxSteps) break;
        await yieldToEventLoop();
      }
      const logs: Logs = means.means();
      if (data.validation !== null) {
        const v = await evaluateBatches(model, data.validation, loss, metrics, op);
        for (const [k, value] of Object.entries(v)) logs[`val_${k}`] = value;
      }
      logs.lr = currentLr(optimizer);
      if (scheduler !== null && plateau) {
        if (!(monitor in logs)) throw new RangeError(`${op}: ReduceLROnPlateau monitors ${monitor}, which is not logged; logged: ${Object.keys(logs).join(', ')}`);
        scheduler.step(logs[monitor]);
      } else if (scheduler !== null && interval === 'epoch') {
        scheduler.step();
      }
      const seconds = (performance.now() - started) / 1000;
      await dispatch(callbacks, 'onEpochEnd', epoch, logs);
      // After the callbacks, so what they add to the logs is recorded too (as Keras's History).
      history.recordEpoch(epoch, logs, seconds);
      last = logs;
    }
    if (stopping()) history.stopReason = callbacks.find((c) => c.stopTraining)?.stopReason ?? 'stopped by a callback';
    await dispatch(callbacks, 'onTrainEnd', last);
  } catch (error) {
    for (const cb of callbacks) {
      try {
        cb.onTrainError(error);
      } catch {
        // the original error is the one to report
      }
    }
    throw error;
  } finally {
    model.train(wasTraining);
  }
  return history;
}
