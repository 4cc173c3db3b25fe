// The optimizers the command line offers, by name, with the defaults it uses for a small MLP on
// standardized inputs, the options each accepts, and how each is driven: mini-batch steps, or
// full-batch steps for the methods that search along a line or model the curvature of the whole
// objective (L-BFGS, conjugate gradients, BFGS, Newton, Hessian-free).
import { Command, InvalidArgumentError, Option } from 'commander';
import * as d from '../index';
import { UsageError } from './errors';
import { betaPair, nonNegativeNumber, openFraction, positiveInt, positiveNumber, unitFraction } from './options';

type LineSearch = NonNullable<d.optim.LBFGSOptions['lineSearchFn']>;
type Curvature = d.optim.HessianFreeOptions['curvature'];

/** Every optimizer setting the command line can set. */
export interface OptimizerSettings {
  lr: number;
  momentum: number;
  weightDecay: number;
  betas: [number, number];
  eps: number;
  alpha: number;
  rho: number;
  lineSearch: LineSearch | null;
  maxIter: number;
  historySize: number;
  damping: number;
  curvature: Curvature;
}
export type SettingKey = keyof OptimizerSettings;

interface SettingInfo {
  flag: string;
  value: string;
  help: string;
  parse: (text: string) => OptimizerSettings[SettingKey];
}

const LINE_SEARCHES: Record<string, LineSearch | null> = { 'strong-wolfe': 'strongWolfe', armijo: 'armijo', exact: 'exact', none: null };
const CURVATURES: Record<string, Curvature> = { hessian: 'hessian', 'gauss-newton': 'gaussNewton' };

function choice<T>(table: Record<string, T>, what: string): (text: string) => T {
  return (text: string) => {
    if (!Object.hasOwn(table, text)) throw new InvalidArgumentError(`Expected a ${what}: ${Object.keys(table).join(', ')}.`);
    return table[text];
  };
}

/** The settings' flags (kebab-case, as on the command line) and parsers. */
export const SETTINGS: Record<SettingKey, SettingInfo> = {
  lr: { flag: 'lr', value: '<x>', help: 'learning rate (step scale for the full-batch methods)', parse: positiveNumber },
  momentum: { flag: 'momentum', value: '<x>', help: 'momentum in [0, 1) (sgd, momentum, nesterov, rmsprop)', parse: unitFraction },
  weightDecay: { flag: 'weight-decay', value: '<x>', help: 'L2 penalty (decoupled for adamw)', parse: nonNegativeNumber },
  betas: { flag: 'betas', value: '<b1,b2>', help: 'Adam-family moment decay rates', parse: betaPair },
  eps: { flag: 'eps', value: '<x>', help: 'denominator epsilon (adaptive methods)', parse: positiveNumber },
  alpha: { flag: 'alpha', value: '<x>', help: 'rmsprop\'s squared-gradient decay in (0, 1)', parse: openFraction },
  rho: { flag: 'rho', value: '<x>', help: 'adadelta\'s decay in (0, 1)', parse: openFraction },
  lineSearch: { flag: 'line-search', value: '<name>', help: 'lbfgs, cg, bfgs, newton, hessian-free: strong-wolfe, armijo, exact or none', parse: choice(LINE_SEARCHES, 'line search') },
  maxIter: { flag: 'max-iter', value: '<n>', help: 'lbfgs, cg, bfgs: iterations per step', parse: positiveInt },
  historySize: { flag: 'history-size', value: '<n>', help: 'lbfgs: curvature pairs kept', parse: positiveInt },
  damping: { flag: 'damping', value: '<x>', help: 'newton, hessian-free: initial damping', parse: nonNegativeNumber },
  curvature: { flag: 'curvature', value: '<kind>', help: 'hessian-free: hessian or gauss-newton', parse: choice(CURVATURES, 'curvature') },
};

const SETTING_BY_FLAG = new Map(Object.entries(SETTINGS).map(([k, s]) => [s.flag, k as SettingKey]));

export interface OptimizerSpec {
  /** The command-line name. */
  name: string;
  /** How the reports name it. */
  label: string;
  /** Steps on the whole training set (the method models the whole objective). */
  fullBatch: boolean;
  /** The closure must return the loss with its graph (the method differentiates it itself). */
  needsGraph: boolean;
  /** The settings it uses, with this command line's defaults. */
  defaults: Partial<OptimizerSettings>;
  /** The largest parameter count it can handle, when limited (dense n x n matrices). */
  maxParameters?: number;
  create(params: d.Tensor[], s: Partial<OptimizerSettings>): d.optim.Optimizer;
}

/** An optimizer class: its constructor over its options, and its static defaults (the library's). */
interface OptimizerClass {
  readonly name: string;
  readonly defaults: object;
  new (params: d.Tensor[], opts: object): d.optim.Optimizer;
}

type OptionName<C extends OptimizerClass> = keyof C['defaults'] & string;

/** One optimizer of the command line, as written in the table below. */
interface Entry<C extends OptimizerClass> {
  name: string;
  label: string;
  optimizer: C;
  /** The settings it takes, in the order --help lists them; each sets the option of its name. */
  settings: readonly SettingKey[];
  /** Where an option is named otherwise than its setting. */
  optionNames?: Partial<Record<SettingKey, OptionName<C>>>;
  /** Settings this command line deliberately sets otherwise than the library's defaults. */
  overrides?: Partial<OptimizerSettings>;
  /** Options set with no setting for them. */
  fixed?: Partial<C['defaults']>;
  fullBatch?: boolean;
  needsGraph?: boolean;
  maxParameters?: number;
}

/** The spec of an entry: its defaults are the library's but for the entry's overrides. */
function spec<C extends OptimizerClass>(e: Entry<C>): OptimizerSpec {
  const option = (key: SettingKey): string => e.optionNames?.[key] ?? key;
  const library = e.optimizer.defaults as Record<string, unknown>;
  const overrides: Partial<Record<SettingKey, unknown>> = e.overrides ?? {};
  for (const key of Object.keys(overrides) as SettingKey[]) {
    if (!e.settings.includes(key)) throw new Error(`internal: ${e.name} overrides ${key}, which is not among its settings`);
  }
  const defaults: Partial<Record<SettingKey, unknown>> = {};
  for (const key of e.settings) {
    if (!(option(key) in library)) throw new Error(`internal: ${e.name}'s setting ${key} is no option of ${e.optimizer.name}`);
    const value = Object.hasOwn(overrides, key) ? overrides[key] : library[option(key)];
    defaults[key] = Array.isArray(value) ? [...value] : value;
  }
  return {
    name: e.name, label: e.label, fullBatch: e.fullBatch ?? false, needsGraph: e.needsGraph ?? false, maxParameters: e.maxParameters,
    defaults: defaults as Partial<OptimizerSettings>,
    create: (params, s) => new e.optimizer(params, { ...e.fixed, ...Object.fromEntries(e.settings.map((key) => [option(key), s[key]])) }),
  };
}

// BFGS keeps a dense n x n float64 matrix: this command line allows 5,000 parameters (200 MB),
// half the library's BFGS_MAX_PARAMETERS.
const BFGS_MAX_PARAMETERS = 5000;

const ADAM_LIKE: readonly SettingKey[] = ['lr', 'betas', 'eps', 'weightDecay'];
const SGD_SETTINGS: readonly SettingKey[] = ['lr', 'momentum', 'weightDecay'];
// SGD with momentum: the customary μ = 0.9 (Goodfellow et al., sec. 8.3.2), and a smaller step
// than plain SGD's, as momentum scales it by up to 1/(1 − μ).
const WITH_MOMENTUM: Partial<OptimizerSettings> = { lr: 0.03, momentum: 0.9 };

const SPECS: OptimizerSpec[] = [
  // Plain SGD needs a large step here: on the embedded data, 30 epochs reach 43% test accuracy
  // with the library's lr 1e-3 (PyTorch's), 97% with 0.1.
  spec({ name: 'sgd', label: 'SGD', optimizer: d.optim.SGD, settings: SGD_SETTINGS, overrides: { lr: 0.1 } }),
  spec({ name: 'momentum', label: 'SGD with momentum', optimizer: d.optim.SGD, settings: SGD_SETTINGS, overrides: WITH_MOMENTUM }),
  spec({
    name: 'nesterov', label: 'SGD with Nesterov momentum', optimizer: d.optim.SGD, settings: SGD_SETTINGS, overrides: WITH_MOMENTUM,
    fixed: { nesterov: true },
  }),
  spec({ name: 'adagrad', label: 'Adagrad', optimizer: d.optim.Adagrad, settings: ['lr', 'weightDecay', 'eps'] }),
  // lr 1e-3, the default of Keras and TensorFlow (the library's 1e-2 is PyTorch's).
  spec({ name: 'rmsprop', label: 'RMSprop', optimizer: d.optim.RMSprop, settings: ['lr', 'alpha', 'eps', 'momentum', 'weightDecay'], overrides: { lr: 1e-3 } }),
  spec({ name: 'adadelta', label: 'Adadelta', optimizer: d.optim.Adadelta, settings: ['lr', 'rho', 'eps', 'weightDecay'] }),
  spec({ name: 'adam', label: 'Adam', optimizer: d.optim.Adam, settings: ADAM_LIKE }),
  spec({ name: 'adamw', label: 'AdamW', optimizer: d.optim.AdamW, settings: ADAM_LIKE }),
  spec({ name: 'adamax', label: 'Adamax', optimizer: d.optim.Adamax, settings: ADAM_LIKE }),
  spec({ name: 'nadam', label: 'NAdam', optimizer: d.optim.NAdam, settings: ADAM_LIKE }),
  spec({ name: 'radam', label: 'RAdam', optimizer: d.optim.RAdam, settings: ADAM_LIKE }),
  spec({ name: 'asgd', label: 'ASGD', optimizer: d.optim.ASGD, settings: ['lr', 'weightDecay'] }),
  spec({ name: 'rprop', label: 'Rprop', optimizer: d.optim.Rprop, settings: ['lr'] }),
  spec({
    name: 'lbfgs', label: 'L-BFGS', optimizer: d.optim.LBFGS, fullBatch: true,
    settings: ['lr', 'maxIter', 'historySize', 'lineSearch'], optionNames: { lineSearch: 'lineSearchFn' },
    overrides: {
      historySize: 20, // 3 to 20 pairs often suffice (Nocedal & Wright, sec. 7.2); the library's 100 is PyTorch's
      lineSearch: 'strongWolfe', // every step meets the strong Wolfe conditions; the library's fixed step is PyTorch's default
    },
  }),
  spec({ name: 'cg', label: 'Conjugate gradient', optimizer: d.optim.ConjugateGradient, fullBatch: true, settings: ['lr', 'maxIter', 'lineSearch'] }),
  spec({ name: 'bfgs', label: 'BFGS', optimizer: d.optim.BFGS, fullBatch: true, maxParameters: BFGS_MAX_PARAMETERS, settings: ['lr', 'maxIter', 'lineSearch'] }),
  spec({
    name: 'newton', label: 'Newton', optimizer: d.optim.Newton, fullBatch: true, needsGraph: true, maxParameters: d.optim.NEWTON_MAX_PARAMETERS,
    settings: ['lr', 'damping', 'lineSearch'],
    // An MLP's Hessian is indefinite away from a minimum: start Levenberg–Marquardt damped rather
    // than grow α from 0 through failed factorizations.
    overrides: { damping: 1e-3 },
  }),
  spec({
    name: 'hessian-free', label: 'Hessian-free', optimizer: d.optim.HessianFree, fullBatch: true, needsGraph: true,
    settings: ['lr', 'damping', 'curvature', 'lineSearch'],
    // Gauss–Newton curvature is positive semi-definite for cross-entropy (Martens 2010): CG meets
    // no negative curvature.
    overrides: { curvature: 'gaussNewton' },
    fixed: { maxCgIterations: 50 }, // half the library's 100 bounds the cost of one full-batch step
  }),
];

export const OPTIMIZER_NAMES = SPECS.map((s) => s.name);
/** descent compare's default set, from plain SGD to L-BFGS. */
export const COMPARE_DEFAULT = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'lbfgs'];

export function optimizerSpec(name: string): OptimizerSpec {
  const spec = SPECS.find((s) => s.name === name);
  if (spec === undefined) throw new UsageError(`unknown optimizer '${name}'; optimizers: ${OPTIMIZER_NAMES.join(', ')}`);
  return spec;
}

/** An optimizer with its settings resolved (defaults overridden by what the user gave). */
export interface OptimizerChoice {
  spec: OptimizerSpec;
  settings: Partial<OptimizerSettings>;
}

/** spec's defaults overridden by `given`; a setting the optimizer does not use is a usage error. */
export function resolveSettings(spec: OptimizerSpec, given: Partial<OptimizerSettings>): OptimizerChoice {
  const settings: Partial<OptimizerSettings> = { ...spec.defaults };
  for (const [key, value] of Object.entries(given) as Array<[SettingKey, OptimizerSettings[SettingKey]]>) {
    if (value === undefined) continue;
    if (!(key in spec.defaults)) {
      const accepted = Object.keys(spec.defaults).map((k) => `--${SETTINGS[k as SettingKey].flag}`).join(', ');
      throw new UsageError(`--${SETTINGS[key].flag} does not apply to ${spec.name} (its options: ${accepted})`);
    }
    (settings as Record<string, unknown>)[key] = value;
  }
  return { spec, settings };
}

/** The settings as report options ({ lr: 0.001, betas: '0.9, 0.999', ... }). */
export function settingsForReport(c: OptimizerChoice): Record<string, d.report.OptionValue> {
  const out: Record<string, d.report.OptionValue> = {};
  for (const [k, v] of Object.entries(c.settings)) out[k] = Array.isArray(v) ? v.join(', ') : (v as d.report.OptionValue);
  return out;
}

/** Builds the optimizer over params, checking the size limits of the dense methods first. */
export function createOptimizer(c: OptimizerChoice, params: d.Tensor[]): d.optim.Optimizer {
  const n = params.reduce((s, p) => s + p.numel(), 0);
  if (c.spec.maxParameters !== undefined && n > c.spec.maxParameters) {
    throw new UsageError(`${c.spec.name} handles at most ${c.spec.maxParameters} parameters (it keeps a dense ${n} x ${n} matrix); this model has ${n}: use a smaller --layers, or lbfgs or hessian-free`);
  }
  return c.spec.create(params, c.settings);
}

/**
 * One entry of `descent compare --optimizers`: a name, optionally with settings, as
 * `adam:lr=0.003:weight-decay=0.0001`.
 */
export function parseOptimizerEntry(text: string): OptimizerChoice {
  const [name, ...pairs] = text.trim().split(':');
  const spec = optimizerSpec(name.trim());
  const given: Partial<OptimizerSettings> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new UsageError(`--optimizers: '${pair}' in '${text}' is not key=value (for example adam:lr=0.003)`);
    const flag = pair.slice(0, eq).trim().replace(/^--/, '');
    const key = SETTING_BY_FLAG.get(flag);
    if (key === undefined) throw new UsageError(`--optimizers: unknown setting '${flag}' in '${text}'; settings: ${[...SETTING_BY_FLAG.keys()].join(', ')}`);
    try {
      (given as Record<string, unknown>)[key] = SETTINGS[key].parse(pair.slice(eq + 1).trim());
    } catch (e) {
      throw new UsageError(`--optimizers: ${flag} in '${text}': ${(e as Error).message}`);
    }
  }
  return resolveSettings(spec, given);
}

// commander turns a parser's null into '': a setting whose value is null (--line-search none)
// travels as NULL_SETTING, and givenSettings turns it back.
const NULL_SETTING = Symbol('null setting');

/** Adds --optimizer and a flag per setting. */
export function addOptimizerOptions(cmd: Command): Command {
  cmd.optionsGroup('Optimizer (defaults per optimizer: see the table below):');
  cmd.addOption(new Option('--optimizer <name>', 'the optimizer').choices(OPTIMIZER_NAMES).default('adam'));
  for (const s of Object.values(SETTINGS)) cmd.option(`--${s.flag} ${s.value}`, s.help, (text: string) => s.parse(text) ?? NULL_SETTING);
  return cmd;
}

/** The settings given on the command line (commander's camelCase keys are the setting keys). */
export function givenSettings(opts: Record<string, unknown>): Partial<OptimizerSettings> {
  const out: Partial<OptimizerSettings> = {};
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    if (opts[key] !== undefined) (out as Record<string, unknown>)[key] = opts[key] === NULL_SETTING ? null : opts[key];
  }
  return out;
}

function formatSetting(key: SettingKey, v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (key === 'lineSearch') return v === null ? 'none' : Object.keys(LINE_SEARCHES).find((k) => LINE_SEARCHES[k] === v) ?? String(v);
  if (key === 'curvature') return Object.keys(CURVATURES).find((k) => CURVATURES[k] === v) ?? String(v);
  return String(v);
}

/** The table of optimizers and their defaults, for --help. */
export function optimizerHelp(): string {
  const lines = ['Optimizers and their defaults (full-batch methods take one step per epoch on all training data):'];
  const width = Math.max(...SPECS.map((s) => s.name.length));
  for (const s of SPECS) {
    const settings = Object.entries(s.defaults).map(([k, v]) => `--${SETTINGS[k as SettingKey].flag} ${formatSetting(k as SettingKey, v)}`).join(' ');
    lines.push(`  ${s.name.padEnd(width)}  ${s.fullBatch ? '[full batch] ' : ''}${settings}`);
  }
  return lines.join('\n');
}
