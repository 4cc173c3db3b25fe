// Training off the main thread (docs/ARCHITECTURE.md, decision 13): fitInWorker starts a
// worker_threads Worker that loads descent itself (the addon is context-aware), imports a module
// the caller names, calls its setup export to build the model and fit options there (models,
// losses and callbacks are code, which cannot cross threads), runs fit, and posts progress and
// finally the History and the trained weights back. The main event loop stays free the whole time.
import * as path from 'path';
import { Worker, WorkerOptions } from 'worker_threads';
import type { Module } from '../nn/module';
import { Tensor } from '../tensor/tensor';
import { fromTensorData, TensorData } from '../tensor/tensor-data';
import type { FitOptions } from './fit';
import { History, HistoryData, Logs } from './history';

/** What the setup export returns (or resolves to): the model and fit's options. */
export interface WorkerSetup extends FitOptions {
  model: Module;
}

/** A progress message from the worker: the logs of each epoch (and batch, if asked for). */
export type WorkerProgress =
  | { type: 'epoch'; epoch: number; logs: Logs }
  | { type: 'batch'; epoch: number; batch: number; logs: Logs };

export interface FitInWorkerOptions {
  /** The export of the module that builds the run: (args) => WorkerSetup | Promise<WorkerSetup>
   * (default 'setup'). */
  exportName?: string;
  /** Handed to setup; must survive structuredClone (numbers, strings, plain objects, arrays). */
  args?: unknown;
  /** Called on the main thread with each progress message. */
  onProgress?: (p: WorkerProgress) => void;
  /** Post a message after every batch too (default false: after every epoch). */
  batchProgress?: boolean;
  /** Load the trained weights into this model (same architecture) before resolving. */
  model?: Module;
  /** Aborting asks the worker to stop after its current batch; the promise then resolves with
   * what was trained (history.stopReason says so). */
  signal?: AbortSignal;
  /** More options for the Worker (resourceLimits, env, execArgv, ...). */
  workerOptions?: Omit<WorkerOptions, 'workerData' | 'eval'>;
}

export interface WorkerFitResult {
  history: History;
  /** The trained model's state dict (parameters and buffers), copied into this thread. */
  stateDict: Record<string, Tensor>;
}

/** @internal What the worker posts. */
export type WorkerMessage =
  | WorkerProgress
  | { type: 'done'; history: HistoryData; stateDict: Record<string, TensorData> }
  | { type: 'error'; name: string; message: string; stack?: string };

/** @internal What the worker receives at start. */
export interface WorkerStart {
  file: string;
  exportName: string;
  args: unknown;
  batchProgress: boolean;
}

/** The module a specifier names: a path (relative to the working directory) or a package. */
function resolveModule(specifier: string): string {
  const op = 'fitInWorker';
  if (typeof specifier !== 'string' || specifier === '') throw new TypeError(`${op}: expected a module path or specifier`);
  const target = path.isAbsolute(specifier) || specifier.startsWith('.') ? path.resolve(specifier) : specifier;
  try {
    return require.resolve(target, { paths: [process.cwd()] });
  } catch (e) {
    throw new Error(`${op}: cannot find module ${specifier} (from ${process.cwd()})`, { cause: e });
  }
}

/**
 * Trains in a worker thread: the module `specifier` (a CommonJS file or package that imports the
 * same descent installation) exports `setup(args)` returning `{ model, ...fitOptions }`. Resolves
 * to the History and the trained state dict once the worker has exited.
 */
export function fitInWorker(specifier: string, opts: FitInWorkerOptions = {}): Promise<WorkerFitResult> {
  const op = 'fitInWorker';
  let start: WorkerStart;
  try {
    if (opts.onProgress !== undefined && typeof opts.onProgress !== 'function') throw new TypeError(`${op}: onProgress must be a function`);
    start = { file: resolveModule(specifier), exportName: opts.exportName ?? 'setup', args: opts.args, batchProgress: opts.batchProgress ?? false };
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise<WorkerFitResult>((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'worker-entry.js'), { ...opts.workerOptions, workerData: start });
    let done: Extract<WorkerMessage, { type: 'done' }> | null = null;
    let failure: unknown = null;
    const stop = (): void => {
      worker.postMessage({ type: 'stop' });
    };
    if (opts.signal?.aborted) stop();
    opts.signal?.addEventListener('abort', stop, { once: true });
    // The worker exits by itself once its loop is empty; end it should the setup module have left
    // a handle (a timer, a socket) open.
    const endSoon = (): void => {
      setTimeout(() => void worker.terminate(), 2000).unref();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'done') {
        done = m;
        endSoon();
      } else if (m.type === 'error') {
        endSoon();
        const Ctor = m.name === 'TypeError' ? TypeError : m.name === 'RangeError' ? RangeError : Error;
        const e = new Ctor(`${op}: in the worker: ${m.message}`);
        if (m.stack !== undefined) e.stack = `${e.name}: ${e.message}\n--- worker stack ---\n${m.stack}`;
        failure ??= e;
      } else if (opts.onProgress !== undefined) {
        try {
          opts.onProgress(m);
        } catch (e) {
          failure ??= e;
          stop();
        }
      }
    });
    worker.on('error', (e) => {
      failure ??= e;
    });
    worker.on('exit', (code) => {
      opts.signal?.removeEventListener('abort', stop);
      if (failure !== null) return reject(failure);
      if (done === null) return reject(new Error(`${op}: the worker exited with code ${code} before finishing`));
      const stateDict = Object.fromEntries(Object.entries(done.stateDict).map(([k, v]) => [k, fromTensorData(v, op)]));
      try {
        opts.model?.loadStateDict(stateDict);
      } catch (e) {
        return reject(e);
      }
      resolve({ history: History.fromJSON(done.history), stateDict });
    });
  });
}
