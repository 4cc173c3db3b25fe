// Newton's method with Levenberg–Marquardt damping (Goodfellow et al., Alg. 8.8, damped form):
//   g = ∇f(θ),  H = ∇²f(θ) (exact, by automatic differentiation of the closure's loss),
//   Δθ = −(H + αI)⁻¹g  (Cholesky of H + αI),  θ ← θ + lr·Δθ.
// The damping α adapts as in Levenberg–Marquardt: it grows (×dampingIncrease) when H + αI is
// not positive definite or the step does not lower the loss (the step is then retried from the
// same θ, H and g with the larger α, which bends it toward gradient descent), and shrinks
// (÷dampingDecrease) after each successful step, back to pure Newton near a minimum.
// saddleFree replaces H by |H| = V·|Λ|·Vᵀ from its eigendecomposition (Dauphin et al. 2014,
// "Identifying and attacking the saddle point problem"): directions of negative curvature are
// descended instead of climbed, so saddle points repel rather than attract.
// With adaptDamping false the step is Alg. 8.8 verbatim: −(H + αI)⁻¹g with the fixed α, solved
// through the eigendecomposition when H + αI is indefinite, and taken whatever the loss does —
// the Newton iteration that saddle points attract.
// The dense Hessian costs n Hessian-vector products and n² memory: limited to 5,000 parameters.
import { eigh, tryCholesky, choleskySolve } from '../../linalg/index';
import { copyOf, dot, normInf, scal } from '../../linalg/level1';
import { matmulRaw } from '../../tensor/raw/matmul';
import { Tensor } from '../../tensor/tensor';
import { LineSearchName } from '../line-search/line-function';
import { checkLineSearchName } from '../line-search/select';
import { BaseOptions, checkFlag, checkRange, Closure, frozenDefaults, ParamsArg, withDefaults } from '../optimizer';
import { ClosureOptimizer } from './closure-optimizer';
import { searchAlong } from './line-step';
import { ClosureObjective } from './closure-objective';
import { allFinite } from './parameter-layout';

/** The largest parameter count for which Newton forms the dense Hessian. */
export const NEWTON_MAX_PARAMETERS = 5000;

export interface NewtonOptions extends BaseOptions {
  /** Step scale (the line search's first trial when lineSearch is set). Default 1. */
  lr: number;
  /** Initial damping α ≥ 0. Default 0 (pure Newton while H is positive definite). */
  damping: number;
  /** Adapt α Levenberg–Marquardt style (false: Alg. 8.8 with a fixed α). Default true. */
  adaptDamping: boolean;
  /** Factor α grows by after a failure. Default 10. */
  dampingIncrease: number;
  /** Divisor α shrinks by after a success. Default 10. */
  dampingDecrease: number;
  /** The first nonzero α, and the level below which a shrinking α becomes 0. Default 1e-8. */
  minDamping: number;
  /** Largest α; a step that still fails there is abandoned (θ unchanged). Default 1e12. */
  maxDamping: number;
  /** Use |H| (absolute eigenvalues) instead of H. Default false. */
  saddleFree: boolean;
  /** Line search along the Newton direction ('strongWolfe', 'armijo', 'exact') or null. Default null. */
  lineSearch: LineSearchName | null;
  /** No step when ‖g‖∞ ≤ toleranceGrad. Default 1e-10. */
  toleranceGrad: number;
}

type Direction = { ok: true; direction: Tensor } | { ok: false };

/** State (under the first parameter): step, func_evals (closure calls), damping (the current α). */
export class Newton extends ClosureOptimizer<NewtonOptions> {
  /** The options a new Newton starts from (frozen). */
  static readonly defaults = frozenDefaults<NewtonOptions>({
    lr: 1, damping: 0, adaptDamping: true, dampingIncrease: 10, dampingDecrease: 10, minDamping: 1e-8, maxDamping: 1e12,
    saddleFree: false, lineSearch: null, toleranceGrad: 1e-10,
  });

  /**
   * Options (defaults): lr 1, damping 0, adaptDamping true, dampingIncrease 10, dampingDecrease
   * 10, minDamping 1e-8, maxDamping 1e12, saddleFree false, lineSearch null, toleranceGrad 1e-10.
   */
  constructor(params: ParamsArg<NewtonOptions>, opts: Partial<NewtonOptions> = {}) {
    super(params, withDefaults(Newton.defaults, opts, new.target.name));
    const n = this.group.params.reduce((s, p) => s + p.numel(), 0);
    if (n > NEWTON_MAX_PARAMETERS) {
      throw new RangeError(`Newton: ${n} parameters; the dense Hessian is limited to ${NEWTON_MAX_PARAMETERS} (use HessianFree or LBFGS for larger models)`);
    }
  }

  protected validate(o: NewtonOptions): void {
    const op = 'Newton';
    checkRange(op, 'lr', o.lr, 0, Infinity, true);
    checkRange(op, 'damping', o.damping, 0, Infinity);
    checkFlag(op, 'adaptDamping', o.adaptDamping);
    checkRange(op, 'dampingIncrease', o.dampingIncrease, 1, Infinity, true);
    checkRange(op, 'dampingDecrease', o.dampingDecrease, 1, Infinity, true);
    checkRange(op, 'minDamping', o.minDamping, 0, Infinity, true);
    checkRange(op, 'maxDamping', o.maxDamping, o.minDamping, Infinity);
    checkFlag(op, 'saddleFree', o.saddleFree);
    checkLineSearchName(op, 'lineSearch', o.lineSearch);
    checkRange(op, 'toleranceGrad', o.toleranceGrad, 0, Infinity);
  }

  /**
   * One Newton iteration. closure (required) returns the loss as a Tensor with its graph (it
   * need not call backward). Returns the loss before the step.
   */
  override step(closure?: Closure): number {
    const g = this.group;
    const objective = new ClosureObjective(this.flat, closure as Closure, 'Newton');
    const st = this.scalars({ step: 0, func_evals: 0, damping: g.damping });
    try {
      return this.iterate(objective, st.damping as number);
    } finally {
      st.func_evals = (st.func_evals as number) + objective.evaluations;
      st.step = (st.step as number) + 1;
    }
  }

  private iterate(objective: ClosureObjective, alpha0: number): number {
    const g = this.group;
    const st = this.scalars({});
    const curvature = objective.curvature('hessian');
    const f0 = curvature.loss;
    const grad = curvature.grad;
    if (!Number.isFinite(f0) || !allFinite(grad)) throw new RangeError(`Newton: the loss or its gradient is not finite (loss ${f0})`);
    if (normInf(grad) <= g.toleranceGrad) return f0;
    const hessian = curvature.dense();
    if (!allFinite(hessian)) throw new RangeError('Newton: the Hessian has non-finite entries');

    const n = grad.numel();
    const spectrum = g.saddleFree ? eigh(hessian) : null;
    const solve = (alpha: number): Direction => {
      if (spectrum !== null) return spectralSolve(spectrum.values, spectrum.vectors, grad, (l) => Math.abs(l) + alpha);
      const shifted = alpha === 0 ? hessian : addDiagonal(hessian, alpha);
      const l = tryCholesky(shifted);
      if (l !== null) {
        const d = copyOf(choleskySolve(l, grad), 'float64');
        scal(-1, d);
        return allFinite(d) ? { ok: true, direction: d } : { ok: false };
      }
      if (g.adaptDamping) return { ok: false };
      // Alg. 8.8 as written: the indefinite system, solved through H = VΛVᵀ.
      const e = eigh(hessian);
      return spectralSolve(e.values, e.vectors, grad, (lam) => lam + alpha);
    };

    const theta0 = this.flat.get();
    let alpha = alpha0;
    for (;;) {
      const found = solve(alpha);
      if (!found.ok) {
        if (!g.adaptDamping) throw new RangeError(`Newton: H + αI is singular (α = ${alpha}); use damping > 0 or adaptDamping`);
        const next = alpha === 0 ? g.minDamping : alpha * g.dampingIncrease;
        if (next > g.maxDamping) break;
        alpha = next;
        continue;
      }
      const d = found.direction;
      let accepted: boolean;
      if (g.lineSearch !== null && dot(grad, d) < 0) {
        const r = searchAlong(objective, this.flat, theta0, d, f0, grad, g.lineSearch, g.lr, () => dot(d, matmulRaw(hessian, d.reshape([n, 1])).reshape([n])), 'Newton');
        accepted = r.step > 0 && r.loss <= f0;
        if (!accepted) this.flat.set(theta0);
      } else {
        this.flat.addScaled(g.lr, d);
        if (!g.adaptDamping) break;
        const f1 = objective.value();
        accepted = f1 <= f0;
        if (!accepted) this.flat.set(theta0);
      }
      if (!g.adaptDamping) break;
      if (accepted) {
        const next = alpha / g.dampingDecrease;
        alpha = next < g.minDamping ? 0 : next;
        break;
      }
      const next = alpha === 0 ? g.minDamping : alpha * g.dampingIncrease;
      if (next > g.maxDamping) break;
      alpha = next;
    }
    st.damping = alpha;
    return f0;
  }
}

/** H + αI as a fresh matrix. */
function addDiagonal(h: Tensor, alpha: number): Tensor {
  const n = h.shape[0];
  const out = copyOf(h, 'float64');
  const a = out.values();
  for (let i = 0; i < n; i++) a[i * n + i] += alpha;
  return out;
}

/** −V·diag(1/μ(λᵢ))·Vᵀ·g; not ok when some μ(λᵢ) is zero or the result is not finite. */
function spectralSolve(values: Tensor, vectors: Tensor, g: Tensor, mu: (lambda: number) => number): Direction {
  const n = g.numel();
  const y = matmulRaw(vectors.transpose(0, 1), g.reshape([n, 1])).reshape([n]);
  const yv = y.values();
  const lv = values.values();
  for (let i = 0; i < n; i++) {
    const m = mu(lv[i]);
    if (m === 0) return { ok: false };
    yv[i] = -yv[i] / m;
  }
  const d = matmulRaw(vectors, y.reshape([n, 1])).reshape([n]);
  return allFinite(d) ? { ok: true, direction: d } : { ok: false };
}
