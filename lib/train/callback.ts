// Callbacks: objects whose hooks fit() calls at the start and end of training, of each epoch and
// of each batch (Keras's Callback), plus one hook between backward and the optimizer step where
// the gradients can be read. A hook may return a promise; fit awaits it before going on.
import type { Module } from '../nn/module';
import type { Optimizer } from '../optim/optimizer';
import { History, Logs } from './history';

/** A learning-rate schedule as fit drives it: step() each epoch or batch, or step(metric) for
 * ReduceLROnPlateau. */
export interface Scheduler {
  step(metric?: number): void;
}

/** The numbers logged after each batch: loss, the batch metrics, lr, size (examples). */
export type BatchLogs = Logs;

/** What the callbacks of one fit() call can see. */
export interface TrainingContext {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly scheduler: Scheduler | null;
  readonly history: History;
  /** The number of the last epoch this run will reach if nothing stops it. */
  readonly epochs: number;
  /** Batches per epoch, or null when the training data does not say (an iterable without length). */
  readonly stepsPerEpoch: number | null;
  /** Optimizer steps taken so far in this run. */
  readonly step: number;
  /** The names of the metrics (besides loss) logged for training and, prefixed val_, validation. */
  readonly metricNames: readonly string[];
  readonly hasValidation: boolean;
}

export abstract class Callback {
  /** Set by fit before onTrainBegin; valid during the run. */
  context!: TrainingContext;
  /** Set to true from any hook to end training after the current batch (fit resets it to false
   * before onTrainBegin). Optionally set stopReason, which fit copies into history.stopReason. */
  stopTraining = false;
  stopReason: string | null = null;

  /** Ends training after the current batch, recording why. */
  protected requestStop(reason: string): void {
    this.stopTraining = true;
    this.stopReason = reason;
  }

  onTrainBegin(_logs: Logs): void | Promise<void> {}
  onTrainEnd(_logs: Logs): void | Promise<void> {}
  /** epoch: its number, counted from 1. */
  onEpochBegin(_epoch: number, _logs: Logs): void | Promise<void> {}
  /** logs: loss and metrics on the training data (averaged over the epoch's batches, weighted by
   * batch size), val_loss and val_<metric> on the validation data, and lr. The History records
   * them after every callback's onEpochEnd, with whatever the callbacks added. */
  onEpochEnd(_epoch: number, _logs: Logs): void | Promise<void> {}
  /** batch: its index in the epoch, from 0. */
  onBatchBegin(_batch: number, _logs: BatchLogs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs: BatchLogs): void | Promise<void> {}
  /**
   * After backward and before gradient clipping and the optimizer step: every parameter's .grad
   * holds this step's gradient. Synchronous (it runs inside the step's d.tidy scope). With an
   * optimizer that evaluates its closure several times per step (LBFGS) it runs at the first.
   * step: the number of this optimizer step in the run, from 1.
   */
  onAfterBackward(_step: number): void {}
  /** When a step or a hook threw: release what onTrainBegin took (fit then rejects with error;
   * onTrainEnd is not called). Synchronous. */
  onTrainError(_error: unknown): void {}
}

/** Runs one hook of every callback in order, awaiting only the hooks that return a promise. */
export async function dispatch<K extends 'onTrainBegin' | 'onTrainEnd'>(callbacks: readonly Callback[], hook: K, logs: Logs): Promise<void>;
export async function dispatch<K extends 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd'>(callbacks: readonly Callback[], hook: K, index: number, logs: Logs): Promise<void>;
export async function dispatch(callbacks: readonly Callback[], hook: keyof Callback, ...args: unknown[]): Promise<void> {
  for (const cb of callbacks) {
    const r = (cb[hook] as (...a: unknown[]) => unknown).apply(cb, args);
    if (r instanceof Promise) await r;
  }
}
