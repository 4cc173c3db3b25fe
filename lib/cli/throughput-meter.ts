// Times a run for its summary: the seconds spent in training steps (from an epoch's start to its
// last batch, so validation is excluded) and the examples they processed, which give the
// throughput in samples per second; and the wall time since the run began at each epoch's end
// (validation included), which the comparison report plots the loss against.
import * as d from '../index';

export class ThroughputMeter extends d.train.Callback {
  /** Seconds spent in training steps, summed over epochs. */
  trainSeconds = 0;
  /** Examples the training steps processed. */
  samples = 0;
  /** Seconds since onTrainBegin at the end of each epoch. */
  readonly elapsedAtEpochEnd: number[] = [];
  private started = 0;
  private epochStarted = 0;
  private lastBatchEnd = 0;

  override onTrainBegin(): void {
    this.started = performance.now();
  }

  override onEpochBegin(): void {
    this.epochStarted = performance.now();
    this.lastBatchEnd = this.epochStarted;
  }

  override onBatchEnd(_batch: number, logs: d.train.Logs): void {
    this.samples += logs.size ?? 0;
    this.lastBatchEnd = performance.now();
  }

  override onEpochEnd(): void {
    this.trainSeconds += (this.lastBatchEnd - this.epochStarted) / 1000;
    this.elapsedAtEpochEnd.push((performance.now() - this.started) / 1000);
  }

  get samplesPerSecond(): number {
    return this.trainSeconds > 0 ? this.samples / this.trainSeconds : 0;
  }
}
