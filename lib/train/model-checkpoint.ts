// Saves a checkpoint (d.save: model, optimizer, scheduler, epoch, step) at the end of epochs:
// every epoch, or only when a watched quantity improves. The path may name the epoch and logged
// values: 'ckpt/model-{epoch}-{val_loss:.4f}.safetensors'.
import { save } from '../checkpoint/save';
import type { Generators, Stateful } from '../checkpoint/layout';
import { Callback } from './callback';
import { Logs } from './history';
import { Monitor, MonitorMode } from './monitor';

export interface ModelCheckpointOptions {
  /** The logged quantity saveBestOnly watches (default 'val_loss'). */
  monitor?: string;
  /** 'min', 'max' or 'auto' (default: max for names containing "acc", else min). */
  mode?: MonitorMode;
  /** Save only when the monitored quantity improves on the best so far (default false). */
  saveBestOnly?: boolean;
  /** Save the optimizer and scheduler state too, for an exact resume (default true). */
  saveOptimizer?: boolean;
  /** Generators whose positions a resume needs (dropout's, the loader's). */
  generator?: Generators;
  /** User data stored in the checkpoint. */
  meta?: Record<string, unknown>;
}

function hasState(v: unknown): v is Stateful {
  return v !== null && typeof v === 'object' && typeof (v as Stateful).stateDict === 'function' && typeof (v as Stateful).loadStateDict === 'function';
}

/** The path for an epoch: {epoch} becomes the epoch number, {name} or {name:.Nf} a logged value. */
export function checkpointPath(pattern: string, epoch: number, logs: Logs): string {
  return pattern.replace(/\{([A-Za-z_][\w]*)(?::\.(\d+)f)?\}/g, (whole, name: string, digits: string | undefined) => {
    const v = name === 'epoch' ? epoch : logs[name];
    if (v === undefined) throw new RangeError(`ModelCheckpoint: the path names ${whole}, which is not logged; logged: epoch, ${Object.keys(logs).join(', ')}`);
    return digits === undefined ? String(v) : v.toFixed(Number(digits));
  });
}

export class ModelCheckpoint extends Callback {
  readonly monitor: Monitor;
  readonly saveBestOnly: boolean;
  readonly saveOptimizer: boolean;
  private readonly generator: Generators | undefined;
  private readonly meta: Record<string, unknown> | undefined;
  /** The files written in this run, in order. */
  readonly saved: string[] = [];
  /** The epoch of the best monitored value seen (0 before any). */
  bestEpoch = 0;

  constructor(readonly path: string, opts: ModelCheckpointOptions = {}) {
    super();
    if (typeof path !== 'string' || path === '') throw new TypeError('ModelCheckpoint: path must be a file path (it may contain {epoch})');
    this.monitor = new Monitor(opts.monitor ?? 'val_loss', opts.mode ?? 'auto', 0, 'ModelCheckpoint');
    this.saveBestOnly = opts.saveBestOnly ?? false;
    this.saveOptimizer = opts.saveOptimizer ?? true;
    this.generator = opts.generator;
    this.meta = opts.meta;
  }

  override onTrainBegin(): void {
    this.monitor.reset();
    this.saved.length = 0;
    this.bestEpoch = 0;
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.saveBestOnly) {
      const current = this.monitor.read(logs, 'ModelCheckpoint');
      if (!this.monitor.improves(current)) return;
      this.monitor.best = current;
      this.bestEpoch = epoch;
    }
    const file = checkpointPath(this.path, epoch, logs);
    const { model, optimizer, scheduler } = this.context;
    await save(file, {
      model,
      optimizer: this.saveOptimizer ? optimizer : undefined,
      scheduler: this.saveOptimizer && hasState(scheduler) ? scheduler : undefined,
      generator: this.generator,
      epoch,
      step: this.context.step,
      meta: this.meta,
    });
    this.saved.push(file);
  }
}
