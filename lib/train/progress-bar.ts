// Progress output. On a terminal: a bar per epoch (the cli-progress package: pure JavaScript, no
// native build, widely used) with the epoch, batch, running loss and metrics, rate and time left,
// replaced at the epoch's end by a summary line. Elsewhere (a pipe, a log file, CI): the summary
// line only, one per epoch.
import type { SingleBar } from 'cli-progress';
import { Callback } from './callback';
import { Logs } from './history';

export interface ProgressBarOptions {
  /** 'auto' (default): a bar when the stream is a terminal, else lines; 'bar'; 'lines'. */
  mode?: 'auto' | 'bar' | 'lines';
  /** Where to write (default process.stdout). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A logged number for people: 4 decimals, or 4 significant digits when small or large. */
function formatNumber(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toPrecision(4) : v.toFixed(4);
}

/** `name: value` pairs joined by ' - ', lr with 3 significant digits. */
export function formatLogs(logs: Logs, skip: readonly string[] = []): string {
  return Object.entries(logs)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k}: ${k === 'lr' ? (v === 0 ? '0' : v.toPrecision(3)) : formatNumber(v)}`)
    .join(' - ');
}

export class ProgressBar extends Callback {
  readonly mode: 'auto' | 'bar' | 'lines';
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  private bar: SingleBar | null = null;
  private useBar = false;
  private epochStart = 0;
  private batches = 0;
  private sums: Record<string, number> = {};
  private seen = 0;

  constructor(opts: ProgressBarOptions = {}) {
    super();
    this.mode = opts.mode ?? 'auto';
    if (!['auto', 'bar', 'lines'].includes(this.mode)) throw new RangeError(`ProgressBar: mode must be 'auto', 'bar' or 'lines', got ${String(this.mode)}`);
    this.stream = opts.stream ?? process.stdout;
  }

  override onTrainBegin(): void {
    // A bar needs a known number of batches per epoch.
    this.useBar = this.mode !== 'lines' && (this.mode === 'bar' || this.stream.isTTY === true) && this.context.stepsPerEpoch !== null;
  }

  override onEpochBegin(epoch: number): void {
    this.epochStart = performance.now();
    this.batches = 0;
    this.sums = {};
    this.seen = 0;
    if (!this.useBar) return;
    // Loaded only when a bar is drawn.
    const { SingleBar: Bar } = require('cli-progress') as typeof import('cli-progress');
    this.bar = new Bar({
      format: `Epoch ${epoch}/${this.context.epochs} [{bar}] {value}/{total} | {metrics} | {rate} batch/s | ETA {eta_formatted}`,
      stream: this.stream,
      barsize: 25,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    });
    this.bar.start(this.context.stepsPerEpoch ?? 0, 0, { metrics: '', rate: '0' });
  }

  override onBatchEnd(_batch: number, logs: Logs): void {
    this.batches++;
    if (this.bar === null) return;
    const size = logs.size ?? 1;
    for (const [k, v] of Object.entries(logs)) if (k !== 'size' && k !== 'lr') this.sums[k] = (this.sums[k] ?? 0) + v * size;
    this.seen += size;
    const means: Logs = Object.fromEntries(Object.entries(this.sums).map(([k, s]) => [k, s / this.seen]));
    const seconds = (performance.now() - this.epochStart) / 1000;
    this.bar.update(this.batches, { metrics: formatLogs(means), rate: (this.batches / Math.max(seconds, 1e-9)).toFixed(1) });
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.stopBar();
    const seconds = (performance.now() - this.epochStart) / 1000;
    this.stream.write(`Epoch ${epoch}/${this.context.epochs} - ${seconds.toFixed(1)}s - ${formatLogs(logs)}\n`);
  }

  override onTrainEnd(): void {
    this.stopBar();
    const reason = this.context.history.stopReason;
    if (reason !== null) this.stream.write(`${reason}\n`);
  }

  override onTrainError(): void {
    this.stopBar();
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
