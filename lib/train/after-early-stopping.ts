// The two ways of using the validation data once early stopping has chosen when to stop
// (Goodfellow et al., "Deep Learning", §7.8):
//   Alg. 7.2, retrainOnAll: split the training data into subtrain and valid; run early stopping
//     from the initial weights, which gives the best number of steps i*; start again from
//     (re-initialized) initial weights and train on all the data for i* steps (or for the best
//     number of epochs: the book offers both, same number of updates or of passes).
//   Alg. 7.3, continueUntilValidationLoss: split likewise and run early stopping; note the
//     training objective ε = J(θ, subtrain) where it halted; then keep the parameters and
//     continue training on all the data until the loss on valid falls to ε or below (checked
//     after each epoch; it may never get there, hence the cap on epochs).
import { Module } from '../nn/module';
import { Callback, Scheduler } from './callback';
import { allData, batchCount, planData } from './data-source';
import { EarlyStopping, EarlyStoppingOptions } from './early-stopping';
import { evaluateBatches } from './evaluate';
import { fit, FitOptions } from './fit';
import { History, Logs } from './history';
import { lossFunction } from './step';
import { snapshotWeights } from './weights';

export interface EarlyStoppingRunOptions extends FitOptions {
  /** The early stopping of the first run: an EarlyStopping, or its options (default monitor
   * val_loss, patience 5). */
  earlyStopping?: EarlyStopping | EarlyStoppingOptions;
}

export interface RetrainOnAllOptions extends EarlyStoppingRunOptions {
  /** Train the second run for the best number of optimizer 'steps' i* (default, Alg. 7.2) or
   * the best number of 'epochs'. */
  count?: 'steps' | 'epochs';
  /** Re-initializes the model before the second run (for example fresh random weights). Default:
   * the first run's initial weights are loaded back. The optimizer's and scheduler's state are
   * always restored to their state before the first run. */
  reinitialize?: (model: Module) => void | Promise<void>;
}

export interface RetrainOnAllResult {
  /** The early-stopping run on the training part, validated on the held-out part. */
  search: History;
  /** The run on all the data. */
  final: History;
  /** The best epoch and the optimizer steps by its end (i*) in the first run. */
  bestEpoch: number;
  bestStep: number;
}

export interface ContinueUntilValidationLossOptions extends EarlyStoppingRunOptions {
  /** Most epochs of the second run (default: epochs). */
  maxEpochs?: number;
}

export interface ContinueUntilValidationLossResult {
  search: History;
  /** The continued run on all the data (val_loss is the loss on the held-out part). */
  final: History;
  /** ε: the loss on the training part where early stopping halted. */
  target: number;
  /** Whether the loss on the held-out part reached ε within maxEpochs. */
  reached: boolean;
  /** The loss on the held-out part at the end. */
  validationLoss: number;
}

function earlyStoppingOf(spec: EarlyStoppingRunOptions['earlyStopping'], op: string): EarlyStopping {
  if (spec instanceof EarlyStopping) return spec;
  if (spec !== undefined && (spec === null || typeof spec !== 'object')) throw new TypeError(`${op}: earlyStopping must be an EarlyStopping or its options`);
  return new EarlyStopping({ patience: 5, ...spec });
}

/** The first run (Alg. 7.1 on subtrain / valid), shared by both strategies. */
async function searchRun(model: Module, opts: EarlyStoppingRunOptions, op: string) {
  if (opts.validation === undefined && opts.validationSplit === undefined) throw new TypeError(`${op}: give validation data or a validationSplit`);
  const es = earlyStoppingOf(opts.earlyStopping, op);
  const plan = planData(opts.train, opts.validation, opts, op);
  const all = allData(opts.train, opts.validation, opts, op);
  const { earlyStopping: _es, validationSplit: _split, ...rest } = opts;
  const callbacks: Callback[] = [es, ...(opts.callbacks ?? [])];
  const search = await fit(model, { ...rest, train: plan.train, validation: plan.validation!, callbacks });
  return { es, plan: { train: plan.train, validation: plan.validation! }, all, search, rest };
}

/** Goodfellow et al., Alg. 7.2: early stopping finds i*, then a fresh run on all the data. */
export async function retrainOnAll(model: Module, opts: RetrainOnAllOptions): Promise<RetrainOnAllResult> {
  const op = 'retrainOnAll';
  const count = opts.count ?? 'steps';
  if (count !== 'steps' && count !== 'epochs') throw new RangeError(`${op}: count must be 'steps' or 'epochs', got ${String(count)}`);
  if (opts.reinitialize !== undefined && typeof opts.reinitialize !== 'function') throw new TypeError(`${op}: reinitialize must be a function`);
  const initialWeights = snapshotWeights(model);
  const initialOptimizer = opts.optimizer.stateDict();
  const scheduler = opts.scheduler as (Scheduler & { stateDict?(): unknown; loadStateDict?(s: unknown): void }) | undefined;
  const initialScheduler = typeof scheduler?.stateDict === 'function' ? scheduler.stateDict() : undefined;
  const { es, all, search, rest } = await searchRun(model, opts, op);
  if (es.bestEpoch === 0) throw new Error(`${op}: early stopping saw no improvement of ${es.monitor.name}, so there is no best number of steps`);
  if (opts.reinitialize !== undefined) await opts.reinitialize(model);
  else model.loadStateDict(initialWeights);
  opts.optimizer.loadStateDict(structuredClone(initialOptimizer));
  if (initialScheduler !== undefined) scheduler!.loadStateDict!(structuredClone(initialScheduler));
  const { count: _c, reinitialize: _r, ...fitOptions } = rest as RetrainOnAllOptions;
  const perEpoch = batchCount(all);
  const final = await fit(model, {
    ...fitOptions,
    train: all,
    validation: undefined,
    initialEpoch: 0,
    // i* steps span ceil(i* / batches per epoch) passes over all the data.
    epochs: count === 'epochs' ? es.bestEpoch : perEpoch !== null && perEpoch > 0 ? Math.ceil(es.bestStep / perEpoch) : Number.MAX_SAFE_INTEGER,
    maxSteps: count === 'steps' ? es.bestStep : undefined,
  });
  return { search, final, bestEpoch: es.bestEpoch, bestStep: es.bestStep };
}

/** Stops fit once val_loss is at most a target. */
class StopAtValidationLoss extends Callback {
  reached = false;
  constructor(private readonly target: number) {
    super();
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    if (logs.val_loss <= this.target) {
      this.reached = true;
      this.requestStop(`continueUntilValidationLoss: val_loss ${logs.val_loss} reached the training loss ${this.target} of the early-stopping run`);
    }
  }
}

/** Goodfellow et al., Alg. 7.3: early stopping, then continue on all the data until the
 * validation loss falls to the training loss where early stopping halted. */
export async function continueUntilValidationLoss(model: Module, opts: ContinueUntilValidationLossOptions): Promise<ContinueUntilValidationLossResult> {
  const op = 'continueUntilValidationLoss';
  const maxEpochs = opts.maxEpochs ?? opts.epochs;
  if (!Number.isInteger(maxEpochs) || maxEpochs < 0) throw new RangeError(`${op}: maxEpochs must be a non-negative integer, got ${String(maxEpochs)}`);
  const { plan, all, search, rest } = await searchRun(model, opts, op);
  const loss = lossFunction(opts.loss, op);
  const target = (await evaluateBatches(model, plan.train, loss, [], op)).loss;
  let validationLoss = (await evaluateBatches(model, plan.validation, loss, [], op)).loss;
  const { maxEpochs: _m, ...fitOptions } = rest as ContinueUntilValidationLossOptions;
  if (validationLoss <= target) return { search, final: new History(), target, reached: true, validationLoss };
  const stopper = new StopAtValidationLoss(target);
  const final = await fit(model, {
    ...fitOptions,
    train: all,
    validation: plan.validation,
    initialEpoch: 0,
    epochs: maxEpochs,
    callbacks: [stopper, ...(opts.callbacks ?? [])],
  });
  const v = final.metrics.val_loss;
  if (v !== undefined && v.length > 0) validationLoss = v[v.length - 1];
  return { search, final, target, reached: stopper.reached, validationLoss };
}
