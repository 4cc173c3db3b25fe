// The options conjugate gradients, BFGS and L-BFGS share: the stopping rules of one step(closure)
// (PyTorch's LBFGS ones), the line-search settings of CG and BFGS, their defaults and checks.
import { LineSearchName } from '../line-search/line-function';
import { checkLineSearchName } from '../line-search/select';
import { BaseOptions, checkRange, frozenDefaults, OptimizerDefaults } from '../optimizer';

/** Stopping rules of one step(closure), PyTorch's LBFGS ones. */
export interface FlatMethodOptions extends BaseOptions {
  /** Step size scale: the first trial step of a line search, or the fixed step without one. Default 1. */
  lr: number;
  /** Maximum iterations per step(). Default 20. */
  maxIter: number;
  /** Maximum closure evaluations per step() (checked after each iteration). Default ⌊1.25·maxIter⌋. */
  maxEval: number;
  /** Stop when ‖∇f‖∞ ≤ toleranceGrad. Default 1e-7. */
  toleranceGrad: number;
  /** Stop when the step max|αd| or the loss change |Δf| falls below this. Default 1e-9. */
  toleranceChange: number;
}

/** The line search of ConjugateGradient and BFGS (LBFGS fixes all but its name, as PyTorch does). */
export interface LineSearchOptions {
  /** 'strongWolfe' (default), 'armijo', 'exact', or null (a fixed step lr). */
  lineSearch: LineSearchName | null;
  /** Sufficient-decrease constant of the line search. Default 1e-4. */
  c1: number;
  /** Curvature constant of the strong Wolfe search. */
  c2: number;
  /** Budget of one line search: strong Wolfe trials after the first (PyTorch's max_ls), Armijo evaluations. Default 25. */
  lineSearchMaxIter: number;
  /** Armijo's shrink factor. Default 0.5. */
  shrink: number;
}

/** PyTorch's LBFGS defaults; maxEval is ⌊1.25·maxIter⌋ of the maxIter in effect (see flatMethodOptions). */
export const FLAT_METHOD_DEFAULTS = frozenDefaults<FlatMethodOptions>({ lr: 1, maxIter: 20, maxEval: 25, toleranceGrad: 1e-7, toleranceChange: 1e-9 });

/**
 * The options of a flat method: each option defaults names, as given, or its default where the
 * given value is undefined or null (null is a value of the options listed in nullable: "no line
 * search"); maxEval, when not given, ⌊1.25·maxIter⌋ (PyTorch's rule). Options defaults does not
 * name are left out, for checkOptionNames to report.
 */
export function flatMethodOptions<O extends FlatMethodOptions>(defaults: OptimizerDefaults<O>, given: Partial<O>, nullable: ReadonlyArray<keyof O> = []): O {
  const options: Partial<Record<keyof O, unknown>> = {};
  for (const key of Object.keys(defaults) as Array<keyof O>) {
    const value = given[key];
    options[key] = value === undefined || (value === null && !nullable.includes(key)) ? defaults[key] : value;
  }
  options.maxEval = given.maxEval ?? Math.floor(((options.maxIter as number) * 5) / 4);
  return options as O;
}

export function validateFlatMethod(op: string, o: FlatMethodOptions): void {
  checkRange(op, 'lr', o.lr, 0, Infinity, true);
  for (const name of ['maxIter', 'maxEval'] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 1) throw new RangeError(`${op}: ${name} must be a positive integer, got ${String(o[name])}`);
  }
  checkRange(op, 'toleranceGrad', o.toleranceGrad, 0, Infinity);
  checkRange(op, 'toleranceChange', o.toleranceChange, 0, Infinity);
}

/** Checks a method's line-search name (the option `option`: lineSearch, or L-BFGS's lineSearchFn). */
export function validateLineSearch(op: string, option: string, v: unknown): LineSearchName | null {
  return checkLineSearchName(op, option, v);
}

/** Checks LineSearchOptions: the name, 0 < c1 < c2 < 1 (Nocedal & Wright, eq. 3.7), the budget and 0 < shrink < 1. */
export function validateLineSearchOptions(op: string, o: LineSearchOptions): void {
  validateLineSearch(op, 'lineSearch', o.lineSearch);
  checkRange(op, 'c1', o.c1, 0, 1, true);
  checkRange(op, 'c2', o.c2, o.c1, 1, true);
  if (o.c2 >= 1) throw new RangeError(`${op}: c2 must be < 1, got ${o.c2}`);
  if (!Number.isInteger(o.lineSearchMaxIter) || o.lineSearchMaxIter < 1) throw new RangeError(`${op}: lineSearchMaxIter must be a positive integer, got ${String(o.lineSearchMaxIter)}`);
  checkRange(op, 'shrink', o.shrink, 0, 1, true);
  if (o.shrink >= 1) throw new RangeError(`${op}: shrink must be < 1, got ${o.shrink}`);
}
