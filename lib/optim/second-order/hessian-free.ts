// Hessian-free optimization (Martens 2010, "Deep learning via Hessian-free optimization"). Each
// step minimizes the damped quadratic model of f around θ,
//   q(p) = f(θ) + gᵀp + ½pᵀBp,   B = C + λI,   C = H (the Hessian) or G = JᵀH_LJ (Gauss–Newton),
// by linear conjugate gradients using only curvature-vector products C·v (exact, by automatic
// differentiation; never forming C), then:
//   • CG warm start: CG begins at ζ·p_prev, the previous step's final CG iterate decayed by
//     ζ = cgDecay (Martens §4.5);
//   • CG backtracking: among the kept iterates p_{⌈1.3ʲ⌉} and the last, walk back from the last
//     while the true objective improves; take the best (Martens & Sutskever 2012, §8.7);
//   • Levenberg–Marquardt damping from the reduction ratio
//       ρ = (f(θ + p) − f(θ)) / (gᵀp + ½pᵀCp)     (the model without the λ term):
//     ρ < ¼ → λ ← λ·dampingIncrease;  ρ > ¾ → λ ← λ/dampingDecrease  (Martens: 3/2 both ways);
//   • θ ← θ + lr·p when that lowers f; otherwise the optional line search along p, or no move.
// The Gauss–Newton matrix is positive semi-definite for losses convex in the model output, so
// CG never meets negative curvature; with the Hessian, CG stops at the first direction of
// non-positive curvature of B. Not implemented: Martens' diagonal preconditioner (it needs
// per-example gradients) and mini-batched curvature.
import { axpy, copyOf, dot, normInf, scal } from '../../linalg/level1';
import { Tensor } from '../../tensor/tensor';
import { CurvatureKind } from '../curvature/curvature-operator';
import { LineSearchName } from '../line-search/line-function';
import { checkLineSearchName } from '../line-search/select';
import { BaseOptions, checkFlag, checkRange, Closure, frozenDefaults, ParamsArg, withDefaults } from '../optimizer';
import { ClosureOptimizer } from './closure-optimizer';
import { searchAlong } from './line-step';
import { ClosureObjective, SecondOrderClosure } from './closure-objective';
import { allFinite } from './parameter-layout';
import { CgIterate, truncatedCg } from './truncated-cg';

export interface HessianFreeOptions extends BaseOptions {
  /** Scale of the CG step (the line search's first trial when lineSearch is set). Default 1. */
  lr: number;
  /** 'gaussNewton' (the closure returns { output, loss }) or 'hessian' (it returns the loss). Default 'hessian'. */
  curvature: CurvatureKind;
  /** Initial damping λ > 0. Default 1. */
  damping: number;
  /** λ ← λ·dampingIncrease when ρ < ¼. Default 1.5. */
  dampingIncrease: number;
  /** λ ← λ/dampingDecrease when ρ > ¾. Default 1.5. */
  dampingDecrease: number;
  /** Maximum CG iterations per step. Default 100. */
  maxCgIterations: number;
  /** Martens' ε of the CG relative-progress stopping test. Default 5e-4. */
  cgTolerance: number;
  /** Decay ζ of the CG warm start ζ·p_prev (0: start CG from 0). Default 0.95. */
  cgDecay: number;
  /** Pick the best kept CG iterate by the true objective. Default true. */
  cgBacktracking: boolean;
  /** Line search along p when θ + lr·p does not lower f ('armijo', 'strongWolfe', 'exact') or null. Default null. */
  lineSearch: LineSearchName | null;
  /** No step when ‖g‖∞ ≤ toleranceGrad. Default 1e-10. */
  toleranceGrad: number;
}

/**
 * State (under the first parameter): step, func_evals (closure calls), cg_iterations and
 * curvature_products (totals), damping (the current λ), rho (the last reduction ratio; −1 when
 * the step predicted no decrease), and cg_init (the last CG solution, per parameter).
 */
export class HessianFree extends ClosureOptimizer<HessianFreeOptions> {
  /** The options a new HessianFree starts from (frozen). */
  static readonly defaults = frozenDefaults<HessianFreeOptions>({
    lr: 1, curvature: 'hessian', damping: 1, dampingIncrease: 1.5, dampingDecrease: 1.5, maxCgIterations: 100,
    cgTolerance: 5e-4, cgDecay: 0.95, cgBacktracking: true, lineSearch: null, toleranceGrad: 1e-10,
  });

  /**
   * Options (defaults): lr 1, curvature 'hessian', damping 1, dampingIncrease 1.5,
   * dampingDecrease 1.5, maxCgIterations 100, cgTolerance 5e-4, cgDecay 0.95, cgBacktracking
   * true, lineSearch null, toleranceGrad 1e-10.
   */
  constructor(params: ParamsArg<HessianFreeOptions>, opts: Partial<HessianFreeOptions> = {}) {
    super(params, withDefaults(HessianFree.defaults, opts, new.target.name));
  }

  protected validate(o: HessianFreeOptions): void {
    const op = 'HessianFree';
    checkRange(op, 'lr', o.lr, 0, Infinity, true);
    if (o.curvature !== 'hessian' && o.curvature !== 'gaussNewton') throw new RangeError(`${op}: curvature must be 'hessian' or 'gaussNewton', got ${JSON.stringify(o.curvature)}`);
    checkRange(op, 'damping', o.damping, 0, Infinity, true);
    checkRange(op, 'dampingIncrease', o.dampingIncrease, 1, Infinity);
    checkRange(op, 'dampingDecrease', o.dampingDecrease, 1, Infinity);
    if (!Number.isInteger(o.maxCgIterations) || o.maxCgIterations < 1) throw new RangeError(`${op}: maxCgIterations must be a positive integer, got ${String(o.maxCgIterations)}`);
    checkRange(op, 'cgTolerance', o.cgTolerance, 0, Infinity);
    checkRange(op, 'cgDecay', o.cgDecay, 0, 1);
    checkFlag(op, 'cgBacktracking', o.cgBacktracking);
    checkLineSearchName(op, 'lineSearch', o.lineSearch);
    checkRange(op, 'toleranceGrad', o.toleranceGrad, 0, Infinity);
  }

  /**
   * One outer iteration. closure (required) returns the loss as a Tensor with its graph, or
   * { output, loss } for curvature 'gaussNewton' (loss computed from output); it need not call
   * backward. Returns the loss before the step.
   */
  override step(closure?: Closure | SecondOrderClosure): number {
    const objective = new ClosureObjective(this.flat, closure as SecondOrderClosure, 'HessianFree');
    const st = this.scalars({ step: 0, func_evals: 0, cg_iterations: 0, curvature_products: 0, damping: this.group.damping, rho: 0 });
    try {
      return this.iterate(objective);
    } finally {
      st.func_evals = (st.func_evals as number) + objective.evaluations;
      st.step = (st.step as number) + 1;
    }
  }

  private iterate(objective: ClosureObjective): number {
    const g = this.group;
    const st = this.scalars({});
    const lambda = st.damping as number;
    const curvature = objective.curvature(g.curvature);
    const f0 = curvature.loss;
    const grad = curvature.grad;
    if (!Number.isFinite(f0) || !allFinite(grad)) throw new RangeError(`HessianFree: the loss or its gradient is not finite (loss ${f0})`);
    if (normInf(grad) <= g.toleranceGrad) return f0;

    // B·v = C·v + λv.
    const damped = {
      n: curvature.n,
      apply: (v: Tensor) => axpyInto(curvature.apply(v), lambda, v),
    };
    let x0 = g.cgDecay > 0 ? this.readVector('cg_init') : null;
    if (x0 !== null) scal(g.cgDecay, x0);
    if (x0 !== null && !allFinite(x0)) x0 = null;
    const cg = truncatedCg(damped, grad, x0, { maxIter: g.maxCgIterations, progressTolerance: g.cgTolerance, storeRatio: 1.3 });
    st.cg_iterations = (st.cg_iterations as number) + cg.iterations;
    const last = cg.iterates[cg.iterates.length - 1];
    this.writeVector('cg_init', last.x);

    // CG backtracking: from the last kept iterate back, while the objective improves.
    const theta0 = this.flat.get();
    const lossAt = (it: CgIterate) => {
      this.flat.set(theta0);
      this.flat.addScaled(g.lr, it.x);
      return objective.value();
    };
    const candidates = cg.iterates.filter((it) => it.iteration > 0 || normInf(it.x) > 0);
    let best: CgIterate | null = null;
    let bestLoss = Infinity;
    if (candidates.length > 0) {
      best = candidates[candidates.length - 1];
      bestLoss = lossAt(best);
      if (g.cgBacktracking) {
        for (let j = candidates.length - 2; j >= 0; j--) {
          const f = lossAt(candidates[j]);
          if (!(f < bestLoss)) break;
          best = candidates[j];
          bestLoss = f;
        }
      }
    }

    // ρ against the model without λ: q(lr·p) = lr·gᵀp + ½lr²·pᵀCp, pᵀBp = 2(φ(p) − gᵀp).
    let rho = -Infinity;
    if (best !== null) {
      const gp = dot(grad, best.x);
      const pBp = 2 * (best.phi - gp);
      const pCp = pBp - lambda * dot(best.x, best.x);
      const predicted = g.lr * gp + 0.5 * g.lr * g.lr * pCp;
      if (predicted < 0 && Number.isFinite(bestLoss)) rho = (bestLoss - f0) / predicted;
    }
    st.rho = Number.isFinite(rho) ? rho : -1;
    if (rho < 0.25) st.damping = lambda * g.dampingIncrease;
    else if (rho > 0.75) st.damping = lambda / g.dampingDecrease;
    st.curvature_products = (st.curvature_products as number) + curvature.products;

    if (best !== null && bestLoss < f0) {
      this.flat.set(theta0);
      this.flat.addScaled(g.lr, best.x);
      return f0;
    }
    this.flat.set(theta0);
    if (best !== null && g.lineSearch !== null && dot(grad, best.x) < 0) {
      const d = copyOf(best.x, 'float64');
      const r = searchAlong(objective, this.flat, theta0, d, f0, grad, g.lineSearch, g.lr, () => {
        const products = curvature.products;
        const c = dot(d, curvature.apply(d));
        st.curvature_products = (st.curvature_products as number) + curvature.products - products;
        return c;
      }, 'HessianFree');
      if (!(r.step > 0 && r.loss < f0)) this.flat.set(theta0);
    }
    return f0;
  }
}

/** y + α·x, in y (returned). */
function axpyInto(y: Tensor, alpha: number, x: Tensor): Tensor {
  axpy(alpha, x, y);
  return y;
}
