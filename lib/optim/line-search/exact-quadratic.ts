// The exact step along d for a quadratic f(x) = ½xᵀHx − bᵀx + c: φ(α) is a parabola with
// φ'' = dᵀHd, so α* = −φ'(0)/φ'' = −∇f(x)ᵀd / dᵀHd (Goodfellow et al., Alg. 8.9: "on a truly
// quadratic cost function, analytically solve for ε*").
import { copyOf, dot } from '../../linalg/level1';
import { matmulRaw } from '../../tensor/raw/matmul';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { LineFunction, LinePoint, LineProblem, LineSearchResult, lineArguments, optionIn, resultAt } from './line-function';

export interface ExactStepOptions {
  /** φ'' = dᵀHd when known. */
  curvature?: number;
  /** The quadratic's matrix H ([n, n]; vector problems). */
  hessian?: Tensor;
  /** v ↦ Hv ([n] to [n]; vector problems). */
  hessianVectorProduct?: (v: Tensor) => Tensor;
  /** Without any of the above, φ'' is measured as (φ'(s) − φ'(0))/s at this step s. Default 1. */
  probeStep?: number;
}

/**
 * Exact line minimization of a quadratic along d, on φ (with start = { value: φ(0), slope: φ'(0) })
 * or on a vector problem { objective, x, direction, loss, grad }. φ'' is the given curvature,
 * dᵀHd from the hessian or hessianVectorProduct option (vector problems), or else measured from
 * the slope at probeStep (exact for a quadratic; one more evaluation). Returns φ(α*) evaluated
 * (evaluations: 1, or 2 with the probe). Throws when φ'' is not positive.
 */
export function exactQuadraticStep(phi: LineFunction, start: LinePoint, opts?: ExactStepOptions): LineSearchResult;
export function exactQuadraticStep(problem: LineProblem, opts?: ExactStepOptions): LineSearchResult;
export function exactQuadraticStep(a: LineFunction | LineProblem, b?: LinePoint | ExactStepOptions, c?: ExactStepOptions): LineSearchResult {
  const op = 'exactQuadraticStep';
  const opts = (typeof a === 'function' ? c : (b as ExactStepOptions | undefined)) ?? {};
  const { phi, start } = lineArguments(op, a, typeof a === 'function' ? (b as LinePoint) : undefined, undefined);
  let curvature = opts.curvature;
  if (curvature === undefined && (opts.hessian !== undefined || opts.hessianVectorProduct !== undefined)) {
    if (typeof a === 'function') throw new TypeError(`${op}: hessian and hessianVectorProduct need a vector problem; pass curvature with φ`);
    curvature = quadraticCurvature(a.direction, opts.hessian ?? opts.hessianVectorProduct!, op);
  }
  return exactStepWith(phi, start, curvature, optionIn(op, 'probeStep', opts.probeStep ?? 1, 0, Infinity), op);
}

/** The exact step given φ'' (undefined: measured at probeStep). */
export function exactStepWith(phi: LineFunction, start: LinePoint, curvature: number | undefined, probeStep: number, op: string): LineSearchResult {
  let evaluations = 0;
  if (curvature === undefined) {
    const probe = phi(probeStep);
    evaluations++;
    curvature = (probe.slope - start.slope) / probeStep;
  }
  if (typeof curvature !== 'number' || !(curvature > 0)) {
    throw new RangeError(`${op}: the curvature dᵀHd along the direction is ${String(curvature)}; the exact step needs a positive one (a convex quadratic)`);
  }
  const step = -start.slope / curvature;
  const p = phi(step);
  return resultAt(step, p, evaluations + 1, true);
}

/** dᵀHd for H given as a matrix [n, n] or as v ↦ Hv. */
export function quadraticCurvature(direction: Tensor, hessian: Tensor | ((v: Tensor) => Tensor), op: string): number {
  const n = direction.numel();
  const d = direction.contiguous();
  let hd: Tensor;
  if (typeof hessian === 'function') {
    hd = hessian(copyOf(d));
    if (!(hd instanceof Tensor) || hd.numel() !== n) throw new TypeError(`${op}: hessianVectorProduct must return a tensor of ${n} elements`);
  } else {
    if (!(hessian instanceof Tensor) || hessian.ndim !== 2 || hessian.shape[0] !== n || hessian.shape[1] !== n) {
      throw new RangeError(`${op}: hessian must be a [${n}, ${n}] tensor, got ${hessian instanceof Tensor ? formatShape(hessian.shape) : typeof hessian}`);
    }
    hd = matmulRaw(hessian.dtype === d.dtype ? hessian : copyOf(hessian, d.dtype), d.reshape([n, 1]), op);
  }
  const h = hd.contiguous();
  return dot(h.dtype === d.dtype ? h : copyOf(h, d.dtype), d);
}
