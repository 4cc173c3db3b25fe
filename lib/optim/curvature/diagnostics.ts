// Curvature diagnostics of a model's loss at its current parameters, from exact curvature-vector
// products (Goodfellow et al. §8.2.1 on ill-conditioning, §8.2.3 on saddle points):
//   • the extreme eigenvalues of the Hessian by power iteration (shifted for the second extreme)
//     or by Lanczos, and the condition number λ_max/λ_min;
//   • for small models, the whole spectrum from the dense Hessian, with the count of negative
//     eigenvalues (a saddle point has some);
//   • the ill-conditioning test for a gradient step of size ε: by the second-order Taylor series
//       f(θ − εg) ≈ f(θ) − εgᵀg + ½ε²gᵀHg,
//     the step raises the loss when ½ε²gᵀHg > εgᵀg.
// The loss closure returns the loss Tensor with its graph (or { output, loss } with
// curvature 'gaussNewton' to examine the Gauss–Newton matrix instead); it is called once.
import { eigh } from '../../linalg/index';
import { dot } from '../../linalg/level1';
import { Tensor } from '../../tensor/tensor';
import { CurvatureClosureResult, CurvatureKind, CurvatureOperator } from './curvature-operator';
import { lanczos } from './lanczos';
import { powerIteration } from './power-iteration';

/** The largest parameter count for which the dense curvature matrix is formed. */
export const DENSE_CURVATURE_MAX_PARAMETERS = 5000;

export interface CurvatureOptions {
  /** Which matrix: the Hessian (default) or the Gauss–Newton matrix. */
  curvature?: CurvatureKind;
}

/** The curvature operator of loss() at params' current values (one call of loss). */
export function curvatureOperator(loss: () => CurvatureClosureResult, params: Tensor[], opts: CurvatureOptions = {}): CurvatureOperator {
  const op = 'curvature';
  if (typeof loss !== 'function') throw new TypeError(`${op}: loss must be a function returning the loss Tensor (or { output, loss })`);
  if (!Array.isArray(params) || params.length === 0 || params.some((p) => !(p instanceof Tensor))) {
    throw new TypeError(`${op}: params must be a non-empty array of Tensors`);
  }
  const kind = opts.curvature ?? 'hessian';
  if (kind !== 'hessian' && kind !== 'gaussNewton') throw new RangeError(`${op}: curvature must be 'hessian' or 'gaussNewton', got ${JSON.stringify(kind)}`);
  return new CurvatureOperator(loss(), params, kind, op);
}

export interface ExtremeEigenvalueOptions extends CurvatureOptions {
  /** 'lanczos' (default) or 'power'. */
  method?: 'lanczos' | 'power';
  /** Lanczos steps. Default min(n, 50). */
  steps?: number;
  /** Power iteration: maximum iterations per run (default 1000) and relative tolerance (default 1e-10). */
  maxIter?: number;
  tol?: number;
  /** Seed of the start vector. Default 0. */
  seed?: number;
}

export interface ExtremeEigenvalues {
  max: number;
  min: number;
  /** λ_max/λ_min when λ_min > 0, else Infinity (not positive definite). */
  conditionNumber: number;
  /** Curvature-vector products used. */
  products: number;
  /** Power iteration: whether both runs met the tolerance (Lanczos: always true). */
  converged: boolean;
}

function conditionNumber(max: number, min: number): number {
  return min > 0 ? max / min : Infinity;
}

/** The largest and smallest eigenvalues of the Hessian (or Gauss–Newton matrix) of loss(). */
export function extremeEigenvalues(loss: () => CurvatureClosureResult, params: Tensor[], opts: ExtremeEigenvalueOptions = {}): ExtremeEigenvalues {
  const a = curvatureOperator(loss, params, opts);
  const method = opts.method ?? 'lanczos';
  if (method === 'lanczos') {
    const r = lanczos(a, { steps: opts.steps, seed: opts.seed });
    const v = r.values.values();
    const max = v[v.length - 1];
    const min = v[0];
    return { max, min, conditionNumber: conditionNumber(max, min), products: a.products, converged: true };
  }
  if (method !== 'power') throw new RangeError(`extremeEigenvalues: method must be 'lanczos' or 'power', got ${JSON.stringify(method)}`);
  const first = powerIteration(a, { maxIter: opts.maxIter, tol: opts.tol, seed: opts.seed });
  const second = powerIteration(a, { shift: first.value, maxIter: opts.maxIter, tol: opts.tol, seed: (opts.seed ?? 0) + 1 });
  const max = Math.max(first.value, second.value);
  const min = Math.min(first.value, second.value);
  return { max, min, conditionNumber: conditionNumber(max, min), products: a.products, converged: first.converged && second.converged };
}

export interface SpectrumOptions extends CurvatureOptions {
  /** Eigenvalues below −negativeTolerance count as negative. Default n·ε·max|λ| (ε: machine epsilon of the parameters' dtype). */
  negativeTolerance?: number;
}

export interface Spectrum {
  /** All eigenvalues, ascending (float64 [n]). */
  values: Tensor;
  /** How many are below −negativeTolerance. */
  negativeCount: number;
  max: number;
  min: number;
  conditionNumber: number;
}

/** The whole spectrum of the dense Hessian (or Gauss–Newton matrix): small models only. */
export function spectrum(loss: () => CurvatureClosureResult, params: Tensor[], opts: SpectrumOptions = {}): Spectrum {
  const n = params.reduce((s, p) => s + (p instanceof Tensor ? p.numel() : 0), 0);
  if (n > DENSE_CURVATURE_MAX_PARAMETERS) {
    throw new RangeError(`spectrum: ${n} parameters; the dense curvature matrix is limited to ${DENSE_CURVATURE_MAX_PARAMETERS} (use extremeEigenvalues)`);
  }
  const a = curvatureOperator(loss, params, opts);
  const { values } = eigh(a.dense());
  const v = values.values();
  const max = v[v.length - 1];
  const min = v[0];
  const eps = params[0].dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const tolerance = opts.negativeTolerance ?? n * eps * Math.max(Math.abs(max), Math.abs(min));
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) throw new RangeError(`spectrum: negativeTolerance must be a number ≥ 0, got ${String(tolerance)}`);
  let negativeCount = 0;
  for (let i = 0; i < v.length; i++) if (v[i] < -tolerance) negativeCount++;
  return { values, negativeCount, max, min, conditionNumber: conditionNumber(max, min) };
}

export interface IllConditioning {
  /** gᵀg. */
  gradNormSquared: number;
  /** gᵀHg. */
  curvature: number;
  /** εgᵀg: the first-order decrease of a gradient step of size ε. */
  firstOrder: number;
  /** ½ε²gᵀHg: its second-order increase. */
  secondOrder: number;
  /** −εgᵀg + ½ε²gᵀHg: the predicted change of the loss. */
  predictedChange: number;
  /** secondOrder > firstOrder: the step is predicted to raise the loss. */
  illConditioned: boolean;
}

/** The ill-conditioning test ½ε²gᵀHg > εgᵀg for a gradient step of size lr (= ε). */
export function illConditioning(loss: () => CurvatureClosureResult, params: Tensor[], lr: number, opts: CurvatureOptions = {}): IllConditioning {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw new RangeError(`illConditioning: lr must be a positive number, got ${String(lr)}`);
  const a = curvatureOperator(loss, params, opts);
  const g = a.grad;
  const gradNormSquared = dot(g, g);
  const curvature = dot(g, a.apply(g));
  const firstOrder = lr * gradNormSquared;
  const secondOrder = 0.5 * lr * lr * curvature;
  return { gradNormSquared, curvature, firstOrder, secondOrder, predictedChange: secondOrder - firstOrder, illConditioned: secondOrder > firstOrder };
}
