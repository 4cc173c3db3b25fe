// A watched quantity of the epoch logs and what counts as its improvement, shared by the
// callbacks that compare epochs (EarlyStopping, ModelCheckpoint).
import { Logs } from './history';

export type MonitorMode = 'min' | 'max' | 'auto';

export class Monitor {
  readonly mode: 'min' | 'max';
  /** The best value so far (±Infinity before any). */
  best: number;

  /** 'auto' watches for a maximum when the name says accuracy, else for a minimum. */
  constructor(readonly name: string, mode: MonitorMode, readonly minDelta: number, op: string) {
    if (typeof name !== 'string' || name === '') throw new TypeError(`${op}: monitor must be the name of a logged quantity`);
    if (mode !== 'min' && mode !== 'max' && mode !== 'auto') throw new RangeError(`${op}: mode must be 'min', 'max' or 'auto', got ${String(mode)}`);
    if (typeof minDelta !== 'number' || !(minDelta >= 0)) throw new RangeError(`${op}: minDelta must be a non-negative number, got ${String(minDelta)}`);
    this.mode = mode === 'auto' ? (/acc/.test(name) ? 'max' : 'min') : mode;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  /** The watched value in logs; throws naming what is logged when it is missing. */
  read(logs: Logs, op: string): number {
    const v = logs[this.name];
    if (v === undefined) throw new RangeError(`${op}: the monitored quantity ${this.name} is not logged; logged: ${Object.keys(logs).join(', ')}`);
    return v;
  }

  /** current beats reference by more than minDelta (NaN never does). */
  improves(current: number, reference = this.best): boolean {
    return this.mode === 'min' ? current < reference - this.minDelta : current > reference + this.minDelta;
  }

  reset(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }
}
