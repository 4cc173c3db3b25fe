// Early stopping (Goodfellow et al., Alg. 7.1): watch a validation quantity after each epoch,
// remember the epoch (and step count) where it was best, and stop once it has not improved for
// `patience` epochs in a row; optionally go back to the best weights. The best step count i* and
// the training loss at the stop are what retrainOnAll and continueUntilValidationLoss use.
import { Tensor } from '../tensor/tensor';
import { Callback } from './callback';
import { Logs } from './history';
import { Monitor, MonitorMode } from './monitor';
import { snapshotWeights } from './weights';

export interface EarlyStoppingOptions {
  /** The logged quantity to watch (default 'val_loss'). */
  monitor?: string;
  /** 'min', 'max', or 'auto' (default: max for names containing "acc", else min). */
  mode?: MonitorMode;
  /** Epochs in a row without improvement after which training stops (default 0, which stops at
   * the first such epoch, as 1 does; Keras's meaning). */
  patience?: number;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** At the end of training, load the weights of the best epoch (default false). Copies the
   * state dict (parameters and buffers) at each improvement. */
  restoreBest?: boolean;
  /** A value the quantity must beat: until it does, epochs count as not improving. */
  baseline?: number;
}

export class EarlyStopping extends Callback {
  readonly monitor: Monitor;
  readonly patience: number;
  readonly restoreBest: boolean;
  readonly baseline: number | undefined;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch where the quantity was best, and the optimizer steps taken by its end (i*). */
  bestEpoch = 0;
  bestStep = 0;
  /** The epoch at whose end training was stopped (0 if it was not). */
  stoppedEpoch = 0;
  /** The epoch logs of the last epoch seen (the training loss at the stop is stoppedLogs.loss). */
  stoppedLogs: Logs = {};
  /** Whether the best weights were loaded back at the end. */
  restored = false;
  private bestWeights: Record<string, Tensor> | null = null;

  constructor(opts: EarlyStoppingOptions = {}) {
    super();
    const op = 'EarlyStopping';
    this.monitor = new Monitor(opts.monitor ?? 'val_loss', opts.mode ?? 'auto', opts.minDelta ?? 0, op);
    const patience = opts.patience ?? 0;
    if (!Number.isInteger(patience) || patience < 0) throw new RangeError(`${op}: patience must be a non-negative integer, got ${String(patience)}`);
    if (opts.baseline !== undefined && typeof opts.baseline !== 'number') throw new TypeError(`${op}: baseline must be a number`);
    this.patience = patience;
    this.restoreBest = opts.restoreBest ?? false;
    this.baseline = opts.baseline;
  }

  /** The best value seen. */
  get best(): number {
    return this.monitor.best;
  }

  override onTrainBegin(): void {
    this.monitor.reset();
    this.wait = 0;
    this.bestEpoch = 0;
    this.bestStep = 0;
    this.stoppedEpoch = 0;
    this.stoppedLogs = {};
    this.restored = false;
    this.bestWeights = null;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const current = this.monitor.read(logs, 'EarlyStopping');
    this.stoppedLogs = { ...logs };
    this.wait += 1;
    if (this.monitor.improves(current)) {
      this.monitor.best = current;
      this.bestEpoch = epoch;
      this.bestStep = this.context.step;
      if (this.restoreBest) this.bestWeights = snapshotWeights(this.context.model);
      // The count restarts only when the baseline is beaten too.
      if (this.baseline === undefined || this.monitor.improves(current, this.baseline)) {
        this.wait = 0;
        return;
      }
    }
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      this.requestStop(`EarlyStopping: ${this.monitor.name} did not improve for ${this.wait} epoch(s); best ${this.best} at epoch ${this.bestEpoch}`);
    }
  }

  override onTrainEnd(): void {
    if (this.restoreBest && this.bestWeights !== null && this.bestEpoch !== this.context.history.epochs[this.context.history.epochs.length - 1]) {
      this.context.model.loadStateDict(this.bestWeights);
      this.restored = true;
    }
  }
}
