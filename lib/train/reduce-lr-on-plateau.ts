// The ReduceLROnPlateau schedule as a callback (Keras's form): at each epoch end it steps
// d.optim.lrScheduler.ReduceLROnPlateau, built on fit's optimizer, with a logged quantity.
import { ReduceLROnPlateau as PlateauSchedule, ReduceLROnPlateauOptions as PlateauOptions } from '../optim/lr-scheduler/reduce-lr-on-plateau';
import { Callback } from './callback';
import { Logs } from './history';

export interface ReduceLROnPlateauOptions extends PlateauOptions {
  /** The logged quantity to watch (default 'val_loss'). */
  monitor?: string;
}

export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  private readonly options: PlateauOptions;
  /** The schedule of the current (or last) run, built at onTrainBegin. */
  scheduler: PlateauSchedule | null = null;

  constructor(opts: ReduceLROnPlateauOptions = {}) {
    super();
    const { monitor = 'val_loss', ...rest } = opts;
    if (typeof monitor !== 'string' || monitor === '') throw new TypeError('ReduceLROnPlateau: monitor must be the name of a logged quantity');
    this.monitor = monitor;
    this.options = rest;
    // Check the options now rather than at the start of training.
    new PlateauSchedule({ paramGroups: [{ lr: 1 }] }, rest);
  }

  override onTrainBegin(): void {
    this.scheduler = new PlateauSchedule(this.context.optimizer, this.options);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    const v = logs[this.monitor];
    if (v === undefined) throw new RangeError(`ReduceLROnPlateau: the monitored quantity ${this.monitor} is not logged; logged: ${Object.keys(logs).join(', ')}`);
    this.scheduler!.step(v);
  }
}
