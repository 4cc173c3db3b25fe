// Backtracking line search (Nocedal & Wright, Alg. 3.1): try α₀, α₀ρ, α₀ρ², ... until the
// sufficient-decrease (Armijo) condition φ(α) ≤ φ(0) + c₁·α·φ'(0) holds.
import {
  expectDescent, LineFunction, LinePoint, LineProblem, LineSearchResult, lineArguments, optionIn, positiveInteger, resultAt,
} from './line-function';

export interface ArmijoOptions {
  /** The first trial step α₀. Default 1. */
  initialStep?: number;
  /** Sufficient-decrease constant c₁ in (0, 1). Default 1e-4. */
  c1?: number;
  /** Shrink factor ρ in (0, 1): the next trial is ρα. Default 0.5. */
  shrink?: number;
  /** Maximum number of evaluations of φ. Default 30. */
  maxIter?: number;
}

/**
 * Backtracking Armijo search on φ (with start = { value: φ(0), slope: φ'(0) }) or on a vector
 * problem { objective, x, direction, loss, grad }. Returns the first step satisfying the Armijo
 * condition; when maxIter trials all fail, step 0 (the start point) with converged false.
 */
export function armijo(phi: LineFunction, start: LinePoint, opts?: ArmijoOptions): LineSearchResult;
export function armijo(problem: LineProblem, opts?: ArmijoOptions): LineSearchResult;
export function armijo(a: LineFunction | LineProblem, b?: LinePoint | ArmijoOptions, c?: ArmijoOptions): LineSearchResult {
  const op = 'armijo';
  const opts = (typeof a === 'function' ? c : (b as ArmijoOptions | undefined)) ?? {};
  const { phi, start } = lineArguments(op, a, typeof a === 'function' ? (b as LinePoint) : undefined, undefined);
  const step0 = optionIn(op, 'initialStep', opts.initialStep ?? 1, 0, Infinity);
  const c1 = optionIn(op, 'c1', opts.c1 ?? 1e-4, 0, 1);
  const shrink = optionIn(op, 'shrink', opts.shrink ?? 0.5, 0, 1);
  const maxIter = positiveInteger(op, 'maxIter', opts.maxIter ?? 30);
  expectDescent(op, start);
  let step = step0;
  for (let k = 1; k <= maxIter; k++) {
    const p = phi(step);
    if (p.value <= start.value + c1 * step * start.slope) return resultAt(step, p, k, true);
    step *= shrink;
  }
  return resultAt(0, start, maxIter, false);
}
