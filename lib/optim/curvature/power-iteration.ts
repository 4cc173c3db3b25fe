// Power iteration for the dominant eigenpair of a symmetric operator A (from products A·v only):
//   v ← (A − σI)v / ‖(A − σI)v‖,   μ = vᵀ(A − σI)v  (Rayleigh quotient),   λ = μ + σ
// converges to the eigenvalue of A − σI of largest magnitude at the rate |λ₂/λ₁| of that shifted
// spectrum. The extremes of A follow from two runs: σ = 0 gives the eigenvalue λ_a of largest
// magnitude, which is one extreme; σ = λ_a then makes the other extreme the dominant one.
import { axpy, dot, norm2, scal } from '../../linalg/level1';
import { RandomGenerator } from '../../tensor/random';
import { empty } from '../../tensor/raw/alloc';
import { Tensor } from '../../tensor/tensor';
import { LinearOperator } from './curvature-operator';

export interface PowerIterationOptions {
  /** Shift σ. Default 0. */
  shift?: number;
  /** Maximum iterations. Default 1000. */
  maxIter?: number;
  /** Stop when the Rayleigh quotient changes by at most tol·|λ| between iterations. Default 1e-10. */
  tol?: number;
  /** Seed of the random start vector. Default 0. */
  seed?: number;
}

export interface PowerIterationResult {
  /** The eigenvalue of A (shift added back). */
  value: number;
  /** Its unit eigenvector (float64). */
  vector: Tensor;
  iterations: number;
  converged: boolean;
}

/** A seeded standard normal vector of n elements, normalized. */
export function randomUnitVector(n: number, seed: number): Tensor {
  const v = empty([n], 'float64');
  new RandomGenerator(seed).draw('normal', v.storage.data, v.offset, n, 0, 1);
  scal(1 / norm2(v), v);
  return v;
}

/** The eigenvalue of A − shift·I of largest magnitude (plus shift) and its eigenvector. */
export function powerIteration(a: LinearOperator, opts: PowerIterationOptions = {}): PowerIterationResult {
  const op = 'powerIteration';
  const shift = opts.shift ?? 0;
  const maxIter = opts.maxIter ?? 1000;
  const tol = opts.tol ?? 1e-10;
  if (typeof shift !== 'number' || !Number.isFinite(shift)) throw new RangeError(`${op}: shift must be a finite number, got ${String(shift)}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`${op}: maxIter must be a positive integer, got ${String(maxIter)}`);
  if (typeof tol !== 'number' || !(tol >= 0)) throw new RangeError(`${op}: tol must be a number ≥ 0, got ${String(tol)}`);
  let v = randomUnitVector(a.n, opts.seed ?? 0);
  let mu = Number.NaN;
  for (let k = 1; k <= maxIter; k++) {
    const w = a.apply(v);
    if (shift !== 0) axpy(-shift, v, w);
    const next = dot(v, w);
    const size = norm2(w);
    if (size === 0) return { value: shift, vector: v, iterations: k, converged: true };
    scal(1 / size, w);
    v = w;
    if (Math.abs(next - mu) <= tol * Math.abs(next)) return { value: next + shift, vector: v, iterations: k, converged: true };
    mu = next;
  }
  return { value: mu + shift, vector: v, iterations: maxIter, converged: false };
}
