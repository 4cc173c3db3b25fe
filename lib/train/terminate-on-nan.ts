// Stops training at the first batch whose loss is NaN or infinite (training cannot recover from
// non-finite weights; the usual causes are a too-large learning rate or an exploding gradient).
import { Callback } from './callback';
import { Logs } from './history';

export class TerminateOnNaN extends Callback {
  /** Where the loss went non-finite: epoch, batch index, and the loss; null while finite. */
  terminatedAt: { epoch: number; batch: number; loss: number } | null = null;
  private epoch = 0;

  override onTrainBegin(): void {
    this.terminatedAt = null;
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.terminatedAt = { epoch: this.epoch, batch, loss };
      this.requestStop(`TerminateOnNaN: the loss is ${loss} at epoch ${this.epoch}, batch ${batch}`);
    }
  }
}
