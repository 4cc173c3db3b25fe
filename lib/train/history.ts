// What a run of fit() records: one entry per epoch for every logged quantity, one per optimizer
// step for the minibatch loss and the learning rate, and the wall time of each epoch. Epochs are
// numbered from 1 (as the progress output shows them).

/** The numbers logged at the end of an epoch: loss, metrics, val_loss, val_<metric>, lr. */
export type Logs = Record<string, number>;

/** A History as plain data (JSON- and structuredClone-safe), as fitInWorker posts it. */
export interface HistoryData {
  epochs: number[];
  metrics: Record<string, number[]>;
  steps: { loss: number[]; lr: number[]; epoch: number[] };
  time: number[];
  gradNorms: { step: number[]; total: number[]; perParameter: Record<string, number[]> };
  stopReason: string | null;
}

export class History {
  /** The epochs completed, in order (1, 2, ...; continuing runs may start later). */
  readonly epochs: number[] = [];
  /** Per epoch: every key of the epoch logs (loss, each metric, val_loss, val_<metric>, lr). */
  readonly metrics: Record<string, number[]> = {};
  /** Per optimizer step: the minibatch loss, the lr it used, and its epoch. */
  readonly steps: { loss: number[]; lr: number[]; epoch: number[] } = { loss: [], lr: [], epoch: [] };
  /** Wall time of each epoch in seconds, validation included (kept apart from metrics, as the
   * only entry that differs between two otherwise identical runs). */
  readonly time: number[] = [];
  /** Filled by GradientNormMonitor: the step number and the gradient norms of each step seen. */
  readonly gradNorms: { step: number[]; total: number[]; perParameter: Record<string, number[]> } = { step: [], total: [], perParameter: {} };
  /** Why training stopped before its last epoch (set by the callback that stopped it), or null. */
  stopReason: string | null = null;

  /** Optimizer steps taken. */
  get totalSteps(): number {
    return this.steps.loss.length;
  }

  /** The per-epoch values of one logged quantity; throws naming the recorded ones if absent. */
  get(name: string): number[] {
    const values = this.metrics[name];
    if (values === undefined) throw new RangeError(`History.get: no quantity named ${name}; recorded: ${Object.keys(this.metrics).join(', ')}`);
    return values;
  }

  /** The epoch where `name` was best (lowest for mode 'min', highest for 'max') and its value. */
  best(name: string, mode: 'min' | 'max' = 'min'): { epoch: number; value: number } {
    const values = this.get(name);
    let at = -1;
    values.forEach((v, i) => {
      if (Number.isNaN(v)) return;
      if (at < 0 || (mode === 'min' ? v < values[at] : v > values[at])) at = i;
    });
    if (at < 0) throw new RangeError(`History.best: ${name} has no number`);
    return { epoch: this.epochs[at], value: values[at] };
  }

  /** @internal Appends one epoch; a key missing in earlier epochs is padded with NaN. */
  recordEpoch(epoch: number, logs: Logs, seconds: number): void {
    const before = this.epochs.length;
    this.epochs.push(epoch);
    this.time.push(seconds);
    for (const [key, value] of Object.entries(logs)) {
      const column = (this.metrics[key] ??= new Array<number>(before).fill(NaN));
      column.push(value);
    }
    for (const column of Object.values(this.metrics)) if (column.length === before) column.push(NaN);
  }

  /** @internal Appends one optimizer step. */
  recordStep(loss: number, lr: number, epoch: number): void {
    this.steps.loss.push(loss);
    this.steps.lr.push(lr);
    this.steps.epoch.push(epoch);
  }

  /** @internal Appends the gradient norms of one step. */
  recordGradNorms(step: number, total: number, perParameter: Record<string, number>): void {
    const g = this.gradNorms;
    const before = g.step.length;
    g.step.push(step);
    g.total.push(total);
    for (const [name, value] of Object.entries(perParameter)) (g.perParameter[name] ??= new Array<number>(before).fill(NaN)).push(value);
    for (const column of Object.values(g.perParameter)) if (column.length === before) column.push(NaN);
  }

  toJSON(): HistoryData {
    return {
      epochs: this.epochs.slice(),
      metrics: Object.fromEntries(Object.entries(this.metrics).map(([k, v]) => [k, v.slice()])),
      steps: { loss: this.steps.loss.slice(), lr: this.steps.lr.slice(), epoch: this.steps.epoch.slice() },
      time: this.time.slice(),
      gradNorms: {
        step: this.gradNorms.step.slice(),
        total: this.gradNorms.total.slice(),
        perParameter: Object.fromEntries(Object.entries(this.gradNorms.perParameter).map(([k, v]) => [k, v.slice()])),
      },
      stopReason: this.stopReason,
    };
  }

  static fromJSON(data: HistoryData): History {
    const h = new History();
    append(h.epochs, data.epochs);
    for (const [k, v] of Object.entries(data.metrics)) h.metrics[k] = v.slice();
    append(h.steps.loss, data.steps.loss);
    append(h.steps.lr, data.steps.lr);
    append(h.steps.epoch, data.steps.epoch);
    append(h.time, data.time);
    append(h.gradNorms.step, data.gradNorms.step);
    append(h.gradNorms.total, data.gradNorms.total);
    for (const [k, v] of Object.entries(data.gradNorms.perParameter)) h.gradNorms.perParameter[k] = v.slice();
    h.stopReason = data.stopReason;
    return h;
  }
}

// push(...src) would overflow the argument limit for long runs.
function append(target: number[], src: readonly number[]): void {
  for (const v of src) target.push(v);
}
