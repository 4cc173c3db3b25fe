// The network the commands train: a multilayer perceptron
//   [Linear → (BatchNorm1d) → activation → (Dropout)] per hidden layer, then Linear to the classes,
// trained on logits with cross-entropy. Its architecture is plain data (saved in the checkpoint's
// metadata), so `buildModel` rebuilds the same module tree to load a checkpoint into.
import * as d from '../index';
import type { ActivationName, InitName, ModelOptions } from './options';

/** Everything needed to rebuild the network (stored in the checkpoint as meta.architecture). */
export interface Architecture {
  inputs: number;
  hidden: number[];
  outputs: number;
  activation: ActivationName;
  batchNorm: boolean;
  dropout: number;
}

export interface BuiltModel {
  model: d.nn.Sequential;
  architecture: Architecture;
  description: d.report.ModelDescription;
}

const LEAKY_SLOPE = 0.01;

function activationModule(name: ActivationName): d.nn.Module {
  switch (name) {
    case 'relu': return new d.nn.ReLU();
    case 'tanh': return new d.nn.Tanh();
    case 'sigmoid': return new d.nn.Sigmoid();
    case 'elu': return new d.nn.ELU();
    case 'leaky-relu': return new d.nn.LeakyReLU(LEAKY_SLOPE);
  }
}

const ACTIVATION_LABEL: Record<ActivationName, string> = { relu: 'ReLU', tanh: 'Tanh', sigmoid: 'Sigmoid', elu: 'ELU', 'leaky-relu': 'LeakyReLU' };

/** The gain that keeps the activations' variance steady through `name` (ELU is taken as ReLU). */
function gainOf(name: ActivationName): number {
  switch (name) {
    case 'relu':
    case 'elu': return d.nn.init.calculateGain('relu');
    case 'leaky-relu': return d.nn.init.calculateGain('leakyRelu', LEAKY_SLOPE);
    case 'tanh': return d.nn.init.calculateGain('tanh');
    case 'sigmoid': return d.nn.init.calculateGain('sigmoid');
  }
}

/** The scheme `auto` stands for. */
export function resolveInit(init: InitName, activation: ActivationName): Exclude<InitName, 'auto'> {
  if (init !== 'auto') return init;
  return activation === 'tanh' || activation === 'sigmoid' ? 'xavier-uniform' : 'kaiming-uniform';
}

/** Re-initializes a Linear layer's weight by `scheme` (bias zeroed), drawing from generator. */
function initLinear(layer: d.nn.Linear, scheme: Exclude<InitName, 'auto'>, activation: ActivationName, generator: d.RandomGenerator): void {
  if (scheme === 'pytorch') return; // Linear's constructor already drew its default
  const w = layer.weight;
  const gain = gainOf(activation);
  switch (scheme) {
    case 'kaiming-uniform': d.nn.init.heUniform_(w, { gain, generator }); break;
    case 'kaiming-normal': d.nn.init.heNormal_(w, { gain, generator }); break;
    case 'xavier-uniform': d.nn.init.glorotUniform_(w, { generator }); break;
    case 'xavier-normal': d.nn.init.glorotNormal_(w, { generator }); break;
    case 'lecun-uniform': d.nn.init.lecunUniform_(w, { generator }); break;
    case 'lecun-normal': d.nn.init.lecunNormal_(w, { generator }); break;
    case 'orthogonal': d.nn.init.orthogonal_(w, { gain, generator }); break;
  }
  if (layer.bias !== null) d.nn.init.zeros_(layer.bias);
}

/** The module tree of an architecture (weights as Linear's default, drawn from generator). */
export function moduleTree(a: Architecture, generator: d.RandomGenerator, dropoutGenerator?: d.RandomGenerator): d.nn.Sequential {
  const layers: d.nn.Module[] = [];
  let width = a.inputs;
  for (const h of a.hidden) {
    // Batch norm subtracts the batch mean, which cancels a bias before it: leave it out.
    layers.push(new d.nn.Linear(width, h, { generator, bias: !a.batchNorm }));
    if (a.batchNorm) layers.push(new d.nn.BatchNorm1d(h));
    layers.push(activationModule(a.activation));
    if (a.dropout > 0) layers.push(new d.nn.Dropout(a.dropout, { generator: dropoutGenerator }));
    width = h;
  }
  layers.push(new d.nn.Linear(width, a.outputs, { generator }));
  return new d.nn.Sequential(...layers);
}

/** A one-line summary and a line per layer, for the reports. */
export function describeArchitecture(a: Architecture, init: InitName, parameters: number): d.report.ModelDescription {
  const widths = [a.inputs, ...a.hidden, a.outputs].join('-');
  const extras = [a.batchNorm ? 'batch norm' : null, a.dropout > 0 ? `dropout ${a.dropout}` : null].filter((s) => s !== null);
  const act = a.hidden.length > 0 ? ` with ${ACTIVATION_LABEL[a.activation]}` : '';
  const summary = `MLP ${widths}${act}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}; ${resolveInit(init, a.activation)} init`;
  const lines: string[] = [];
  let width = a.inputs;
  for (const h of a.hidden) {
    lines.push(`Linear(${width} → ${h}${a.batchNorm ? ', no bias' : ''})`);
    if (a.batchNorm) lines.push(`BatchNorm1d(${h})`);
    lines.push(ACTIVATION_LABEL[a.activation]);
    if (a.dropout > 0) lines.push(`Dropout(${a.dropout})`);
    width = h;
  }
  lines.push(`Linear(${width} → ${a.outputs})`);
  return { summary, layers: lines, parameters };
}

/** The MLP for `inputs` features and `outputs` classes, initialized by opts.init from generator. */
export function buildModel(
  inputs: number,
  outputs: number,
  opts: ModelOptions,
  generator: d.RandomGenerator,
  dropoutGenerator?: d.RandomGenerator,
): BuiltModel {
  const architecture: Architecture = {
    inputs, hidden: opts.layers.slice(), outputs, activation: opts.activation, batchNorm: opts.batchNorm, dropout: opts.dropout,
  };
  const model = moduleTree(architecture, generator, dropoutGenerator);
  const scheme = resolveInit(opts.init, opts.activation);
  for (const m of model.modules()) if (m instanceof d.nn.Linear) initLinear(m, scheme, opts.activation, generator);
  return { model, architecture, description: describeArchitecture(architecture, opts.init, model.numParameters()) };
}
