// Line search for the strong Wolfe conditions (Nocedal & Wright, Alg. 3.5 and 3.6):
//   sufficient decrease  φ(α) ≤ φ(0) + c₁·α·φ'(0)
//   curvature            |φ'(α)| ≤ c₂·|φ'(0)|
// A bracketing phase extrapolates from α₀ until an interval is known to contain acceptable
// steps; a zoom phase shrinks it. Both take their trial steps from the cubic interpolating the
// two latest points (eq. 3.59), safeguarded as in Schmidt's minFunc: extrapolation stays in
// [α + 0.01(α − α_prev), 10α], and a zoom trial within 10 % of the interval's width from an end
// is moved to that distance (at once when it lies on an end, or after two such trials in a
// row). PyTorch's LBFGS uses the same rules, so its steps are reproduced exactly.
import { cubicMinimizer } from './cubic-interpolation';
import {
  expectDescent, LineFunction, LinePoint, LineProblem, LineSearchResult, lineArguments, optionIn, positiveInteger, resultAt,
} from './line-function';

export interface StrongWolfeOptions {
  /** The first trial step α₀. Default 1. */
  initialStep?: number;
  /** Sufficient-decrease constant c₁. Default 1e-4. */
  c1?: number;
  /** Curvature constant c₂ in (c₁, 1). Default 0.9 (quasi-Newton); 0.1–0.4 suits conjugate gradients. */
  c2?: number;
  /** Maximum number of trial steps after α₀ (PyTorch's max_ls): at most maxIter + 1 evaluations. Default 25. */
  maxIter?: number;
  /** The zoom stops when the interval's width times directionScale falls below this. Default 1e-9. */
  toleranceChange?: number;
  /** ‖d‖∞ for a vector problem (taken from the problem), 1 for a scalar φ. */
  directionScale?: number;
}

interface Trial extends LinePoint {
  step: number;
}

/**
 * Strong Wolfe search on φ (with start = { value: φ(0), slope: φ'(0) }) or on a vector problem
 * { objective, x, direction, loss, grad }. Returns the lowest point of the final bracket:
 * converged is true when it satisfies both conditions; otherwise (the evaluation budget or the
 * interval ran out) it is the best point found, possibly step 0.
 */
export function strongWolfe(phi: LineFunction, start: LinePoint, opts?: StrongWolfeOptions): LineSearchResult;
export function strongWolfe(problem: LineProblem, opts?: StrongWolfeOptions): LineSearchResult;
export function strongWolfe(a: LineFunction | LineProblem, b?: LinePoint | StrongWolfeOptions, c?: StrongWolfeOptions): LineSearchResult {
  const op = 'strongWolfe';
  const opts = (typeof a === 'function' ? c : (b as StrongWolfeOptions | undefined)) ?? {};
  const line = lineArguments(op, a, typeof a === 'function' ? (b as LinePoint) : undefined, opts.directionScale);
  const c1 = optionIn(op, 'c1', opts.c1 ?? 1e-4, 0, 1);
  const c2 = optionIn(op, 'c2', opts.c2 ?? 0.9, c1, 1);
  const maxIter = positiveInteger(op, 'maxIter', opts.maxIter ?? 25);
  const tolerance = opts.toleranceChange ?? 1e-9;
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) throw new RangeError(`${op}: toleranceChange must be a number ≥ 0, got ${String(tolerance)}`);
  const initialStep = optionIn(op, 'initialStep', opts.initialStep ?? 1, 0, Infinity);
  expectDescent(op, line.start);
  return search(line.phi, line.start, initialStep, c1, c2, maxIter, tolerance, line.directionScale);
}

/** The search itself (options validated); the optimizers call it directly. */
export function strongWolfeSearch(
  phi: LineFunction, start: LinePoint, initialStep: number, c1: number, c2: number, maxIter: number,
  toleranceChange: number, directionScale: number,
): LineSearchResult {
  return search(phi, start, initialStep, c1, c2, maxIter, toleranceChange, directionScale);
}

function search(
  phi: LineFunction, start: LinePoint, initialStep: number, c1: number, c2: number, maxIter: number,
  toleranceChange: number, directionScale: number,
): LineSearchResult {
  const f0 = start.value;
  const g0 = start.slope;
  const origin: Trial = { ...start, step: 0 };
  const armijoFails = (t: Trial) => t.value > f0 + c1 * t.step * g0;
  const curvatureHolds = (t: Trial) => Math.abs(t.slope) <= -c2 * g0;
  const evaluate = (step: number): Trial => ({ ...phi(step), step });

  let trial = evaluate(initialStep);
  let evaluations = 1;
  let iter = 0;
  let previous = origin;
  // The bracket: one point (an acceptable step) or two whose interval holds acceptable steps.
  let bracket: Trial[] | null = null;
  let done = false;

  // Bracketing (Alg. 3.5): stop when the trial overshoots (no decrease, or higher than the
  // previous trial), is acceptable, or has a non-negative slope; else extrapolate.
  while (iter < maxIter) {
    if (armijoFails(trial) || (iter > 1 && trial.value >= previous.value)) {
      bracket = [previous, trial];
      break;
    }
    if (curvatureHolds(trial)) {
      bracket = [trial];
      done = true;
      break;
    }
    if (trial.slope >= 0) {
      bracket = [previous, trial];
      break;
    }
    const next = cubicMinimizer(
      previous.step, previous.value, previous.slope, trial.step, trial.value, trial.slope,
      [trial.step + 0.01 * (trial.step - previous.step), trial.step * 10],
    );
    previous = trial;
    trial = evaluate(next);
    evaluations++;
    iter++;
  }
  if (iter === maxIter) bracket = [origin, trial];
  const points = bracket!;

  // Zoom (Alg. 3.6) on the pair; lo indexes the lower end.
  let lo = points.length === 1 || points[0].value <= points[1].value ? 0 : 1;
  let insufficientProgress = false;
  while (!done && iter < maxIter) {
    const [p, q] = points;
    if (Math.abs(q.step - p.step) * directionScale < toleranceChange) break;
    let t = cubicMinimizer(p.step, p.value, p.slope, q.step, q.value, q.slope);
    const left = Math.min(p.step, q.step);
    const right = Math.max(p.step, q.step);
    const margin = 0.1 * (right - left);
    if (Math.min(right - t, t - left) < margin) {
      // Near an end: move inside when on the end, or when the previous trial was near one too.
      if (insufficientProgress || t >= right || t <= left) {
        t = Math.abs(t - right) < Math.abs(t - left) ? right - margin : left + margin;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    const z = evaluate(t);
    evaluations++;
    iter++;
    const hi = 1 - lo;
    if (armijoFails(z) || z.value >= points[lo].value) {
      points[hi] = z;
      lo = points[0].value <= points[1].value ? 0 : 1;
    } else {
      if (curvatureHolds(z)) done = true;
      else if (z.slope * (points[hi].step - points[lo].step) >= 0) points[hi] = points[lo];
      points[lo] = z;
    }
  }
  const best = points[lo];
  return resultAt(best.step, best, evaluations, done);
}
