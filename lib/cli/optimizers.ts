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

// BFGS keeps a dense n x n float64 matrix: 5,000 parameters are 200 MB.
const BFGS_MAX_PARAMETERS = 5000;

const SPECS: OptimizerSpec[] = [
  {
    name: 'sgd', label: 'SGD', fullBatch: false, needsGraph: false,
    defaults: { lr: 0.1, momentum: 0, weightDecay: 0 },
    create: (p, s) => new d.optim.SGD(p, { lr: s.lr, momentum: s.momentum, weightDecay: s.weightDecay }),
  },
  {
    name: 'momentum', label: 'SGD with momentum', fullBatch: false, needsGraph: false,
    defaults: { lr: 0.03, momentum: 0.9, weightDecay: 0 },
    create: (p, s) => new d.optim.SGD(p, { lr: s.lr, momentum: s.momentum, weightDecay: s.weightDecay }),
  },
  {
    name: 'nesterov', label: 'SGD with Nesterov momentum', fullBatch: false, needsGraph: false,
    defaults: { lr: 0.03, momentum: 0.9, weightDecay: 0 },
    create: (p, s) => new d.optim.SGD(p, { lr: s.lr, momentum: s.momentum, nesterov: true, weightDecay: s.weightDecay }),
  },
  {
    name: 'adagrad', label: 'Adagrad', fullBatch: false, needsGraph: false,
    defaults: { lr: 0.01, weightDecay: 0, eps: 1e-10 },
    create: (p, s) => new d.optim.Adagrad(p, { lr: s.lr, weightDecay: s.weightDecay, eps: s.eps }),
  },
  {
    name: 'rmsprop', label: 'RMSprop', fullBatch: false, needsGraph: false,
    defaults: { lr: 1e-3, alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0 },
    create: (p, s) => new d.optim.RMSprop(p, { lr: s.lr, alpha: s.alpha, eps: s.eps, momentum: s.momentum, weightDecay: s.weightDecay }),
  },
  {
    name: 'adadelta', label: 'Adadelta', fullBatch: false, needsGraph: false,
    defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0 },
    create: (p, s) => new d.optim.Adadelta(p, { lr: s.lr, rho: s.rho, eps: s.eps, weightDecay: s.weightDecay }),
  },
  {
    name: 'adam', label: 'Adam', fullBatch: false, needsGraph: false,
    defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
    create: (p, s) => new d.optim.Adam(p, { lr: s.lr, betas: s.betas, eps: s.eps, weightDecay: s.weightDecay }),
  },
  {
    name: 'adamw', label: 'AdamW', fullBatch: false, needsGraph: false,
    defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01 },
    create: (p, s) => new d.optim.AdamW(p, { lr: s.lr, betas: s.betas, eps: s.eps, weightDecay: s.weightDecay }),
  },
  {
    name: 'adamax', label: 'Adamax', fullBatch: false, needsGraph: false,
    defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
    create: (p, s) => new d.optim.Adamax(p, { lr: s.lr, betas: s.betas, eps: s.eps, weightDecay: s.weightDecay }),
  },
  {
    name: 'nadam', label: 'NAdam', fullBatch: false, needsGraph: false,
    defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
    create: (p, s) => new d.optim.NAdam(p, { lr: s.lr, betas: s.betas, eps: s.eps, weightDecay: s.weightDecay }),
  },
  {
    name: 'radam', label: 'RAdam', fullBatch: false, needsGraph: false,
    defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
    create: (p, s) => new d.optim.RAdam(p, { lr: s.lr, betas: s.betas, eps: s.eps, weightDecay: s.weightDecay }),
  },
  {
    name: 'asgd', label: 'ASGD', fullBatch: false, needsGraph: false,
    defaults: { lr: 0.01, weightDecay: 0 },
    create: (p, s) => new d.optim.ASGD(p, { lr: s.lr, weightDecay: s.weightDecay }),
  },
  {
    name: 'rprop', label: 'Rprop', fullBatch: false, needsGraph: false,
    defaults: { lr: 0.01 },
    create: (p, s) => new d.optim.Rprop(p, { lr: s.lr }),
  },
  {
    name: 'lbfgs', label: 'L-BFGS', fullBatch: true, needsGraph: false,
    defaults: { lr: 1, maxIter: 20, historySize: 20, lineSearch: 'strongWolfe' },
    create: (p, s) => new d.optim.LBFGS(p, { lr: s.lr, maxIter: s.maxIter, historySize: s.historySize, lineSearchFn: s.lineSearch }),
  },
  {
    name: 'cg', label: 'Conjugate gradient', fullBatch: true, needsGraph: false,
    defaults: { lr: 1, maxIter: 20, lineSearch: 'strongWolfe' },
    create: (p, s) => new d.optim.ConjugateGradient(p, { lr: s.lr, maxIter: s.maxIter, lineSearch: s.lineSearch }),
  },
  {
    name: 'bfgs', label: 'BFGS', fullBatch: true, needsGraph: false, maxParameters: BFGS_MAX_PARAMETERS,
    defaults: { lr: 1, maxIter: 20, lineSearch: 'strongWolfe' },
    create: (p, s) => new d.optim.BFGS(p, { lr: s.lr, maxIter: s.maxIter, lineSearch: s.lineSearch }),
  },
  {
    name: 'newton', label: 'Newton', fullBatch: true, needsGraph: true, maxParameters: d.optim.NEWTON_MAX_PARAMETERS,
    defaults: { lr: 1, damping: 1e-3, lineSearch: null },
    create: (p, s) => new d.optim.Newton(p, { lr: s.lr, damping: s.damping, lineSearch: s.lineSearch }),
  },
  {
    name: 'hessian-free', label: 'Hessian-free', fullBatch: true, needsGraph: true,
    defaults: { lr: 1, damping: 1, curvature: 'gaussNewton', lineSearch: null },
    create: (p, s) => new d.optim.HessianFree(p, { lr: s.lr, damping: s.damping, curvature: s.curvature, lineSearch: s.lineSearch, maxCgIterations: 50 }),
  },
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

/** Adds --optimizer and a flag per setting. */
export function addOptimizerOptions(cmd: Command): Command {
  cmd.optionsGroup('Optimizer (defaults per optimizer: see the table below):');
  cmd.addOption(new Option('--optimizer <name>', 'the optimizer').choices(OPTIMIZER_NAMES).default('adam'));
  for (const s of Object.values(SETTINGS)) cmd.option(`--${s.flag} ${s.value}`, s.help, s.parse);
  return cmd;
}

/** The settings given on the command line (commander's camelCase keys are the setting keys). */
export function givenSettings(opts: Record<string, unknown>): Partial<OptimizerSettings> {
  const out: Partial<OptimizerSettings> = {};
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    if (opts[key] !== undefined) (out as Record<string, unknown>)[key] = opts[key];
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
