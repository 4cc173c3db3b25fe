// The one-dimensional problem every line search solves: φ(α) = f(x + αd) along a descent
// direction d, given φ(0) and φ'(0) = ∇f(x)ᵀd. A search either takes φ as a function of α, or a
// vector problem (objective, x, d, f(x), ∇f(x)) from which it builds φ.
import { axpy, copyOf, dot, normInf } from '../../linalg/level1';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

/** φ and φ' at one step α; grad is ∇f(x + αd) for vector problems. */
export interface LinePoint {
  /** φ(α) = f(x + αd). */
  value: number;
  /** φ'(α) = ∇f(x + αd)ᵀd. */
  slope: number;
  /** ∇f(x + αd) (vector problems only). */
  grad?: Tensor;
}

/** φ: evaluates the objective at step α along the line. */
export type LineFunction = (step: number) => LinePoint;

/** f and ∇f at a point x (a 1-D tensor); grad must be a fresh tensor the caller may keep. */
export type Objective = (x: Tensor) => { loss: number; grad: Tensor };

/** A line search on a vector problem: minimize f(x + αd) over α > 0. */
export interface LineProblem {
  objective: Objective;
  /** The current point (1-D). */
  x: Tensor;
  /** The search direction d (1-D, same length), a descent direction: ∇f(x)ᵀd < 0. */
  direction: Tensor;
  /** f(x). */
  loss: number;
  /** ∇f(x). */
  grad: Tensor;
}

export interface LineSearchResult {
  /** The accepted step α (0 when the search found no acceptable step). */
  step: number;
  /** φ(α) = f(x + αd), the new loss. */
  loss: number;
  /** ∇f(x + αd), the new gradient (null for a scalar φ). */
  grad: Tensor | null;
  /** φ'(α). */
  slope: number;
  /** Number of evaluations of φ (each one a closure call for an optimizer). */
  evaluations: number;
  /** Whether the search's conditions hold at step (false: the best point after maxIter). */
  converged: boolean;
}

/** The names a method's `lineSearch` option accepts (null: a fixed step, no search). */
export type LineSearchName = 'strongWolfe' | 'armijo' | 'exact';
export const LINE_SEARCH_NAMES: readonly LineSearchName[] = ['strongWolfe', 'armijo', 'exact'];

/** φ along the line of a vector problem; each call evaluates the objective at x + αd. */
export function alongLine(problem: LineProblem, op: string): { phi: LineFunction; start: LinePoint; directionScale: number } {
  const { objective, x, direction, loss, grad } = problem;
  if (typeof objective !== 'function') throw new TypeError(`${op}: problem.objective must be a function x => { loss, grad }`);
  for (const [name, t] of [['x', x], ['direction', direction], ['grad', grad]] as const) {
    if (!(t instanceof Tensor) || t.ndim !== 1) throw new TypeError(`${op}: problem.${name} must be a 1-D tensor`);
  }
  if (direction.numel() !== x.numel() || grad.numel() !== x.numel()) {
    throw new RangeError(`${op}: x, direction and grad must have one length, got ${formatShape(x.shape)}, ${formatShape(direction.shape)}, ${formatShape(grad.shape)}`);
  }
  if (direction.dtype !== x.dtype || grad.dtype !== x.dtype) {
    throw new TypeError(`${op}: x, direction and grad must have one dtype, got ${x.dtype}, ${direction.dtype}, ${grad.dtype}`);
  }
  const d = direction.contiguous();
  const slope = (g: Tensor) => dot(g.isContiguous() && g.dtype === d.dtype ? g : copyOf(g, d.dtype), d);
  const phi: LineFunction = (step) => {
    const point = copyOf(x);
    if (step !== 0) axpy(step, d, point);
    const r = objective(point);
    if (r === null || typeof r !== 'object' || typeof r.loss !== 'number' || !(r.grad instanceof Tensor) || r.grad.numel() !== d.numel()) {
      throw new TypeError(`${op}: the objective must return { loss: number, grad: Tensor of ${d.numel()} elements }`);
    }
    return { value: r.loss, slope: slope(r.grad), grad: r.grad };
  };
  return { phi, start: { value: loss, slope: slope(grad), grad }, directionScale: normInf(d) };
}

/** The common argument forms (φ, φ(0) point) or (problem). */
export function lineArguments(
  op: string, a: LineFunction | LineProblem, b: LinePoint | undefined, directionScale: number | undefined,
): { phi: LineFunction; start: LinePoint; directionScale: number } {
  if (typeof a === 'function') {
    if (b === undefined || b === null || typeof b !== 'object') throw new TypeError(`${op}: expected the start point { value: φ(0), slope: φ'(0) } after φ`);
    checkPoint(op, b, 'start');
    return { phi: a, start: b, directionScale: directionScale ?? 1 };
  }
  if (a === null || typeof a !== 'object') throw new TypeError(`${op}: expected a function φ(α) or a problem { objective, x, direction, loss, grad }`);
  const line = alongLine(a, op);
  checkPoint(op, line.start, 'start');
  return { ...line, directionScale: directionScale ?? line.directionScale };
}

export function checkPoint(op: string, p: LinePoint, what: string): void {
  if (p === null || typeof p !== 'object' || typeof p.value !== 'number' || typeof p.slope !== 'number') {
    throw new TypeError(`${op}: ${what} must be { value: number, slope: number }`);
  }
  if (Number.isNaN(p.value) || Number.isNaN(p.slope)) throw new RangeError(`${op}: ${what} has NaN value or slope (value ${p.value}, slope ${p.slope})`);
}

/** Throws unless the start is a descent direction. */
export function expectDescent(op: string, start: LinePoint): void {
  if (!(start.slope < 0)) throw new RangeError(`${op}: not a descent direction: φ'(0) = ∇f(x)ᵀd = ${start.slope} (must be < 0)`);
}

/** The result for a point. */
export function resultAt(step: number, p: LinePoint, evaluations: number, converged: boolean): LineSearchResult {
  return { step, loss: p.value, grad: p.grad ?? null, slope: p.slope, evaluations, converged };
}

/** Checks an option is a finite number in (lo, hi) (or a positive integer when integer). */
export function optionIn(op: string, name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= lo || v >= hi) {
    throw new RangeError(`${op}: ${name} must be a number in (${lo}, ${hi === Infinity ? '∞' : hi}), got ${String(v)}`);
  }
  return v;
}

export function positiveInteger(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${op}: ${name} must be a positive integer, got ${String(v)}`);
  return v;
}
