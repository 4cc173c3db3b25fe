// One training run as the commands make it: the model built from the seed, the optimizer and its
// schedule, d.train.fit (or the curvature loop for Newton and Hessian-free), and the final
// loss and accuracy of the trained model on the training, validation and test examples.
import * as d from '../index';
import { curvatureFit } from './curvature-fit';
import type { PreparedData, Split } from './data';
import { asUsage } from './errors';
import { buildModel, BuiltModel } from './model';
import { createOptimizer, OptimizerChoice } from './optimizers';
import { DEFAULTS, LoopOptions, ModelOptions, ProgressMode } from './options';
import { createSchedule, ScheduleChoice } from './schedule';
import { ThroughputMeter } from './throughput-meter';

/** The independent random streams of a run, all derived from --seed. */
export interface RunGenerators {
  weights: d.RandomGenerator;
  validationSplit: d.RandomGenerator;
  shuffle: d.RandomGenerator;
  dropout: d.RandomGenerator;
}

export function generatorsFor(seed: number): RunGenerators {
  const stream = (k: bigint) => new d.RandomGenerator((BigInt(seed) << 4n) | k);
  return { weights: stream(1n), validationSplit: stream(2n), shuffle: stream(3n), dropout: stream(4n) };
}

export interface Evaluation {
  loss: number;
  accuracy: number;
}

export interface RunResult {
  built: BuiltModel;
  optimizer: d.optim.Optimizer;
  schedule: ScheduleChoice;
  history: d.train.History;
  meter: ThroughputMeter;
  /** The trained model's loss and accuracy on each split (evaluation mode). */
  final: { train: Evaluation; validation: Evaluation | null; test: Evaluation };
  /** Training loss of the initial weights on the training examples (evaluation mode). */
  initialLoss: number;
  /** Wall time of the whole run: training, validation and the final evaluations. */
  totalSeconds: number;
  batchSize: number;
}

const EVAL_BATCH = 1000;

export async function evaluateSplit(model: d.nn.Module, s: Split): Promise<Evaluation> {
  const logs = await d.train.evaluate(model, s, { loss: d.nn.crossEntropy, metrics: ['accuracy'], batchSize: EVAL_BATCH });
  return { loss: logs.loss, accuracy: logs.accuracy };
}

function progressCallback(mode: ProgressMode): d.train.Callback[] {
  return mode === 'none' ? [] : [new d.train.ProgressBar({ mode })];
}

/** A run ready to train: everything built, so a bad setting has already failed. */
export interface PreparedRun {
  built: BuiltModel;
  optimizer: d.optim.Optimizer;
  choice: OptimizerChoice;
  loader: d.data.DataLoader;
  schedule: ScheduleChoice;
  batchSize: number;
}

/** Builds the model, optimizer, loader and schedule of a run; whatever the library rejects is a usage error. */
export function prepareRun(data: PreparedData, modelOptions: ModelOptions, choice: OptimizerChoice, loop: LoopOptions): Promise<PreparedRun> {
  return asUsage(() => {
    const gens = generatorsFor(loop.seed);
    const nTrain = data.train.x.shape[0];
    const fullBatch = loop.fullBatch || choice.spec.fullBatch;
    const batchSize = fullBatch ? nTrain : Math.min(loop.batchSize, nTrain);
    const built = buildModel(data.features, data.classes.length, modelOptions, gens.weights, gens.dropout);
    const optimizer = createOptimizer(choice, built.model.parameters());
    // A last batch of one example gives batch norm no variance and SGD a noisy step: drop it.
    const dropLast = nTrain % batchSize === 1;
    const loader = new d.data.DataLoader(new d.data.TensorDataset(data.train.x, data.train.y), {
      batchSize, shuffle: !fullBatch, dropLast, generator: fullBatch ? undefined : gens.shuffle,
    });
    const schedule = createSchedule(loop.schedule ?? (fullBatch ? 'none' : DEFAULTS.schedule), optimizer, loop.epochs, loader.length);
    return { built, optimizer, choice, loader, schedule, batchSize };
  });
}

/** Trains a prepared run and evaluates the result on every split. */
export async function executeRun(run: PreparedRun, data: PreparedData, loop: LoopOptions): Promise<RunResult> {
  const { built, optimizer, choice, loader, schedule, batchSize } = run;
  const model = built.model;
  const started = performance.now();
  const initialLoss = (await evaluateSplit(model, data.train)).loss;
  const meter = new ThroughputMeter();
  const callbacks: d.train.Callback[] = [meter, ...progressCallback(loop.progress)];
  let history: d.train.History;
  if (choice.spec.needsGraph) {
    history = await curvatureFit(model, {
      optimizer, train: data.train, validation: data.validation, epochs: loop.epochs, scheduler: schedule.scheduler,
      gaussNewton: choice.settings.curvature === 'gaussNewton', callbacks,
    });
  } else {
    const monitor = new d.train.GradientNormMonitor({ onWarning: (w) => process.stderr.write(`warning: ${w.message}\n`) });
    history = await d.train.fit(model, {
      optimizer,
      loss: d.nn.crossEntropy,
      train: loader,
      validation: data.validation ?? undefined,
      batchSize: EVAL_BATCH, // batches of the validation pair
      epochs: loop.epochs,
      scheduler: schedule.scheduler ?? undefined,
      schedulerInterval: schedule.interval,
      clipGradNorm: loop.clipGradNorm,
      metrics: ['accuracy'],
      callbacks: [monitor, ...callbacks],
    });
  }
  const final = {
    train: await evaluateSplit(model, data.train),
    validation: data.validation === null ? null : await evaluateSplit(model, data.validation),
    test: await evaluateSplit(model, data.test),
  };
  return {
    built, optimizer, schedule, history, meter, final, initialLoss,
    totalSeconds: (performance.now() - started) / 1000,
    batchSize,
  };
}
