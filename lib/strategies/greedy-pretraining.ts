// Greedy supervised pretraining ("Deep Learning", §8.7.4): break the training of a deep network
// into a sequence of shallow supervised problems. Train one hidden layer with an output head;
// then keep the trained hidden layers, stack a new hidden layer and a fresh head on top and train
// again (the new layer alone, or everything); repeat up to the full depth; finally fine-tune the
// whole network jointly. Each stage starts from a network whose lower layers already compute
// useful features, which is the point: the deep problem is reached from an easier one.
import { noGrad } from '../autograd/grad-mode';
import { DataLoader } from '../data/dataloader';
import { TensorDataset } from '../data/dataset';
import { Linear } from '../nn/layers/linear';
import { ReLU, Sigmoid, Tanh } from '../nn/layers/activations';
import { Sequential } from '../nn/layers/containers';
import { Module } from '../nn/module';
import type { Optimizer } from '../optim/optimizer';
import { tidy } from '../tensor/memory';
import { generatorOf, RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';

export type ActivationSpec = 'relu' | 'tanh' | 'sigmoid' | (() => Module);

/** A labelled set: inputs [N, inputSize] and targets with N rows. */
export interface LabeledTensors {
  x: Tensor;
  y: Tensor;
}

export interface GreedyStageInfo {
  /** 1, 2, ...: stage k trains hidden layer k (with the lower ones kept); the last may be fine-tuning. */
  stage: number;
  kind: 'pretrain' | 'fineTune';
  /** The network of this stage: hidden layers 1..k, each followed by its activation, then the head. */
  model: Sequential;
  /** The parameters this stage trains. */
  trainable: Tensor[];
}

export interface GreedyStageRecord {
  stage: number;
  kind: 'pretrain' | 'fineTune';
  /** Hidden layers in the stage's network. */
  hiddenLayers: number;
  /** Parameter elements trained in this stage. */
  trainableParameters: number;
  /** Mean training loss of each epoch (averaged over examples, at the parameters of each step). */
  losses: number[];
  /** With a validation set: its loss and (for class-index targets) accuracy at the stage's end. */
  validationLoss?: number;
  validationAccuracy?: number;
}

export interface GreedyPretrainingOptions {
  inputSize: number;
  /** Widths of the hidden layers, bottom first: one pretraining stage per entry. */
  hiddenSizes: number[];
  outputSize: number;
  /** The nonlinearity after each hidden layer (default 'relu'). */
  activation?: ActivationSpec;
  /** A fresh output head (default: a Linear layer initialized from the generator). */
  makeHead?: (inFeatures: number, outFeatures: number, generator: RandomGenerator) => Module;
  /** Training data: tensors (shuffled each epoch from the generator) or a DataLoader of [x, y] batches. */
  train: LabeledTensors | DataLoader;
  /** Minibatch size with tensor data (default 32). */
  batchSize?: number;
  /** Epochs of each pretraining stage. */
  epochsPerStage: number;
  /** Epochs of the final joint training of all layers (default 0: none). */
  fineTuneEpochs?: number;
  /** Train only the new layer and head in each stage, the lower layers frozen (default true); false trains all. */
  freezeLower?: boolean;
  /** A fresh optimizer for each stage over the parameters it trains. */
  optimizer: (params: Tensor[]) => Optimizer;
  /** The loss, (output, target) → scalar tensor (e.g. d.nn.crossEntropy). */
  loss: (output: Tensor, target: Tensor) => Tensor;
  /** Initial weights and shuffles (default: the default generator). */
  generator?: RandomGenerator;
  /** Evaluated at the end of every stage. */
  validation?: LabeledTensors;
  onStageStart?: (info: GreedyStageInfo) => void;
  onStageEnd?: (info: GreedyStageInfo, record: GreedyStageRecord) => void;
}

export interface GreedyPretrainingResult {
  /** The final network: Linear, activation, ..., Linear, activation, head. */
  model: Sequential;
  /** One record per stage: the pretraining stages, then fine-tuning (if any). */
  history: GreedyStageRecord[];
}

function activationFactory(spec: ActivationSpec, op: string): () => Module {
  if (typeof spec === 'function') return spec;
  if (spec === 'relu') return () => new ReLU();
  if (spec === 'tanh') return () => new Tanh();
  if (spec === 'sigmoid') return () => new Sigmoid();
  throw new RangeError(`${op}: activation must be 'relu', 'tanh', 'sigmoid' or a function returning a Module, got ${String(spec)}`);
}

function positiveInteger(op: string, name: string, v: unknown, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new RangeError(`${op}: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(v)}`);
  }
  return v;
}

function isLabeledTensors(v: unknown): v is LabeledTensors {
  return v !== null && typeof v === 'object' && (v as LabeledTensors).x instanceof Tensor && (v as LabeledTensors).y instanceof Tensor;
}

/** Mean loss and, for int32 class targets of a [N, C] output, accuracy (evaluation mode, no recording). */
function evaluateOn(model: Module, data: LabeledTensors, loss: (o: Tensor, t: Tensor) => Tensor): { loss: number; accuracy?: number } {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => tidy(() => {
      const out = model.call(data.x);
      const value = loss(out, data.y).item();
      if (data.y.dtype !== 'int32' || out.ndim !== 2) return { loss: value };
      const pred = out.argmax(1).contiguous().data;
      const y = data.y.contiguous().data;
      let right = 0;
      for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) right++;
      return { loss: value, accuracy: right / y.length };
    }));
  } finally {
    if (wasTraining) model.train();
  }
}

/**
 * Builds and trains a network of hiddenSizes.length hidden layers greedily, one stage per hidden
 * layer, then fine-tunes it (see the file comment). Stage k's network is the k hidden layers kept
 * so far (the same module objects: lower layers start the stage with the weights the previous
 * stage ended with) and a fresh head; with freezeLower the lower layers are frozen (requiresGrad
 * false, not given to the optimizer) and end the stage unchanged. New layers are Linear layers
 * drawn from the generator in order (layer, then head), so a seed fixes the whole run. Synchronous.
 */
export function greedySupervisedPretraining(opts: GreedyPretrainingOptions): GreedyPretrainingResult {
  const op = 'greedySupervisedPretraining';
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: expected an options object`);
  const inputSize = positiveInteger(op, 'inputSize', opts.inputSize);
  const outputSize = positiveInteger(op, 'outputSize', opts.outputSize);
  if (!Array.isArray(opts.hiddenSizes) || opts.hiddenSizes.length === 0) throw new TypeError(`${op}: hiddenSizes must be a non-empty array of widths`);
  const hiddenSizes = opts.hiddenSizes.map((h, i) => positiveInteger(op, `hiddenSizes[${i}]`, h));
  const epochsPerStage = positiveInteger(op, 'epochsPerStage', opts.epochsPerStage, true);
  const fineTuneEpochs = positiveInteger(op, 'fineTuneEpochs', opts.fineTuneEpochs ?? 0, true);
  const freezeLower = opts.freezeLower ?? true;
  if (typeof freezeLower !== 'boolean') throw new TypeError(`${op}: freezeLower must be a boolean`);
  if (typeof opts.optimizer !== 'function') throw new TypeError(`${op}: optimizer must be a function (params) => Optimizer`);
  if (typeof opts.loss !== 'function') throw new TypeError(`${op}: loss must be a function (output, target) => Tensor`);
  const activation = activationFactory(opts.activation ?? 'relu', op);
  const generator = generatorOf(opts, op);
  const makeHead = opts.makeHead ?? ((i: number, o: number, g: RandomGenerator) => new Linear(i, o, { generator: g }));
  if (typeof makeHead !== 'function') throw new TypeError(`${op}: makeHead must be a function (inFeatures, outFeatures, generator) => Module`);
  if (opts.validation !== undefined && !isLabeledTensors(opts.validation)) throw new TypeError(`${op}: validation must be { x, y } tensors`);

  let loader: DataLoader;
  if (opts.train instanceof DataLoader) {
    if (opts.batchSize !== undefined) throw new TypeError(`${op}: batchSize applies to tensor data; a DataLoader has its own`);
    loader = opts.train;
  } else if (isLabeledTensors(opts.train)) {
    const batchSize = positiveInteger(op, 'batchSize', opts.batchSize ?? 32);
    loader = new DataLoader(new TensorDataset(opts.train.x, opts.train.y), { batchSize, shuffle: true, generator });
  } else {
    throw new TypeError(`${op}: train must be { x, y } tensors or a DataLoader`);
  }

  const runStage = (stage: number, kind: 'pretrain' | 'fineTune', model: Sequential, trainable: Tensor[], epochs: number, hidden: number): GreedyStageRecord => {
    const info: GreedyStageInfo = { stage, kind, model, trainable };
    opts.onStageStart?.(info);
    const optimizer = opts.optimizer(trainable);
    const losses: number[] = [];
    model.train();
    for (let e = 0; e < epochs; e++) {
      let sum = 0;
      let count = 0;
      for (const batch of loader) {
        const [x, y] = batch as Tensor[];
        let first: number | null = null;
        const closure = (): number => tidy(() => {
          optimizer.zeroGrad();
          const l = opts.loss(model.call(x), y);
          if (!(l instanceof Tensor) || l.numel() !== 1) throw new TypeError(`${op}: the loss must return a scalar tensor`);
          l.backward();
          const v = l.item();
          if (first === null) first = v;
          return v;
        });
        optimizer.step(closure);
        const rows = x.shape[0] ?? 1;
        sum += (first ?? NaN) * rows;
        count += rows;
      }
      losses.push(count > 0 ? sum / count : NaN);
    }
    const record: GreedyStageRecord = {
      stage, kind, hiddenLayers: hidden, trainableParameters: trainable.reduce((s, p) => s + p.numel(), 0), losses,
    };
    if (opts.validation !== undefined) {
      const v = evaluateOn(model, opts.validation, opts.loss);
      record.validationLoss = v.loss;
      if (v.accuracy !== undefined) record.validationAccuracy = v.accuracy;
    }
    opts.onStageEnd?.(info, record);
    return record;
  };

  const layers: Module[] = [];
  const history: GreedyStageRecord[] = [];
  let model: Sequential | null = null;
  let inFeatures = inputSize;
  hiddenSizes.forEach((width, k) => {
    const lower = layers.flatMap((m) => m.parameters());
    const layer = new Linear(inFeatures, width, { generator });
    const act = activation();
    const head = makeHead(width, outputSize, generator);
    if (!(head instanceof Module)) throw new TypeError(`${op}: makeHead must return a Module`);
    layers.push(layer, act);
    model = new Sequential(...layers, head);
    const trainable = freezeLower ? [...layer.parameters(), ...act.parameters(), ...head.parameters()] : model.parameters();
    const before = lower.map((p) => p.requiresGrad);
    if (freezeLower) for (const p of lower) p.requiresGrad = false;
    try {
      history.push(runStage(k + 1, 'pretrain', model, trainable, epochsPerStage, k + 1));
    } finally {
      lower.forEach((p, i) => (p.requiresGrad = before[i]));
    }
    inFeatures = width;
  });
  const final = model as unknown as Sequential;
  if (fineTuneEpochs > 0) history.push(runStage(hiddenSizes.length + 1, 'fineTune', final, final.parameters(), fineTuneEpochs, hiddenSizes.length));
  return { model: final, history };
}
