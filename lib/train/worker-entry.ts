// The script a fitInWorker Worker runs: import the caller's module, build the run with its setup
// export, fit, and post progress, then the History and the state dict (buffers transferred).
import { parentPort, workerData } from 'worker_threads';
// A worker starts with a fresh module graph: complete the tensor as lib/index.ts does.
import '../ops/tensor-methods';
import '../derivatives/index';
import { Module } from '../nn/module';
import { toTensorData } from '../tensor/tensor-data';
import { Callback } from './callback';
import { fit } from './fit';
import { Logs } from './history';
import type { WorkerMessage, WorkerSetup, WorkerStart } from './worker';

const port = parentPort;
if (port === null) throw new Error('worker-entry: this script runs inside a fitInWorker worker only');

/** Posts progress and stops training when the main thread asks. */
class Reporter extends Callback {
  stopRequested = false;
  private epoch = 0;

  constructor(private readonly batches: boolean) {
    super();
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    if (this.batches) post({ type: 'batch', epoch: this.epoch, batch, logs: { ...logs } });
    if (this.stopRequested) this.requestStop('fitInWorker: stopped from the main thread');
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    post({ type: 'epoch', epoch, logs: { ...logs } });
  }
}

function post(m: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

async function main(start: WorkerStart): Promise<void> {
  const reporter = new Reporter(start.batchProgress);
  port!.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') reporter.stopRequested = true;
  });
  const mod = require(start.file) as Record<string, unknown>;
  const setup = mod[start.exportName] ?? (start.exportName === 'setup' ? mod.default : undefined);
  if (typeof setup !== 'function') throw new TypeError(`${start.file} has no function export ${start.exportName}`);
  const run = (await (setup as (args: unknown) => WorkerSetup | Promise<WorkerSetup>)(start.args)) as WorkerSetup;
  if (run === null || typeof run !== 'object' || !(run.model instanceof Module)) {
    throw new TypeError(`${start.exportName}() must return { model, ...fitOptions } with a d.nn.Module from the same descent installation`);
  }
  const { model, ...options } = run;
  const history = await fit(model, { ...options, callbacks: [...(options.callbacks ?? []), reporter] });
  const stateDict = Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, toTensorData(t)]));
  post({ type: 'done', history: history.toJSON(), stateDict }, Object.values(stateDict).map((d) => d.data.buffer as ArrayBuffer));
}

main(workerData as WorkerStart)
  .catch((e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ type: 'error', name: err.name, message: err.message, stack: err.stack });
  })
  .finally(() => port.close());
