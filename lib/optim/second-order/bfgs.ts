// BFGS with a dense inverse-Hessian approximation H (Nocedal & Wright, Alg. 6.1). Each iteration:
//   d = −H∇f;  α from the line search;  s = αd,  y = ∇f(θ + s) − ∇f(θ);
//   H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ,  ρ = 1/yᵀs
//     = H − ρ(Hy·sᵀ + s·(Hy)ᵀ) + (ρ²·yᵀHy + ρ)·ssᵀ   (one matrix-vector product, one rank-2 gemm),
// skipped when yᵀs ≤ ε‖s‖‖y‖ (the curvature condition fails: the update would lose positive
// definiteness). H starts as I (as SciPy's BFGS); with initialScaling it is replaced by
// (yᵀs/yᵀy)·I just before the first update (eq. 6.20). That scaling often saves evaluations but
// can make H too small on ill-conditioned problems, which BFGS corrects slowly (it corrects an
// H that is too large much faster), hence off by default. H is kept in float64 whatever the parameters' dtype; it needs n² numbers,
// so BFGS suits up to a few thousand parameters (LBFGS beyond).
import { axpy, copyOf, dot, norm2, scal, scaled } from '../../linalg/level1';
import { assign } from '../../linalg/level1';
import { zerosOf } from '../../tensor/raw/alloc';
import { gemmInto } from '../../tensor/raw/matmul';
import { view } from '../../tensor/raw/views';
import { Tensor } from '../../tensor/tensor';
import { checkOptionNames, checkRange, frozenDefaults, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { FLAT_METHOD_DEFAULTS, FlatMethodOptions, flatMethodOptions, LineSearchOptions, validateFlatMethod, validateLineSearchOptions } from './flat-method-options';
import { CurvatureOptions, FlatOptimizer, IterationPoint, LineSearchSettings, SearchDirection } from './flat-optimizer';

export interface BFGSOptions extends FlatMethodOptions, LineSearchOptions {
  /** Curvature constant of the strong Wolfe search. Default 0.9. */
  c2: number;
  /** ε of the skip rule yᵀs ≤ ε‖s‖‖y‖. Default 1e-8. */
  curvatureEpsilon: number;
  /** Scale H₀ = (yᵀs/yᵀy)·I before the first update. Default false. */
  initialScaling: boolean;
}

export type BFGSArgs = Partial<BFGSOptions> & CurvatureOptions;

/** The dense n×n inverse Hessian of 10,000 parameters takes 800 MB. */
export const BFGS_MAX_PARAMETERS = 10000;

/** BFGS's own state in one step(): H, undefined while it is the identity (before the first update, after a reset). */
interface InverseHessian {
  H: Tensor | undefined;
}

export class BFGS extends FlatOptimizer<BFGSOptions, InverseHessian> {
  /** The options a new BFGS starts from (frozen; maxEval follows a given maxIter). */
  static readonly defaults = frozenDefaults<BFGSOptions>({
    ...FLAT_METHOD_DEFAULTS, lineSearch: 'strongWolfe', c1: 1e-4, c2: 0.9, lineSearchMaxIter: 25, shrink: 0.5,
    curvatureEpsilon: 1e-8, initialScaling: false,
  });

  /**
   * Options: lr 1 (the cap of the line search's first trial step, which is min(1, 1/‖∇f‖₂)·lr at
   * the very first iteration, then min(lr, 2.02·(fₖ − fₖ₋₁)/∇fᵀd), Nocedal & Wright eq. 3.60; without
   * a line search, the fixed step), maxIter 20, maxEval ⌊1.25·maxIter⌋, toleranceGrad 1e-7,
   * toleranceChange 1e-9, lineSearch 'strongWolfe', c1 1e-4, c2 0.9, lineSearchMaxIter 25,
   * shrink 0.5, curvatureEpsilon 1e-8, initialScaling false. Exactly one parameter group.
   */
  constructor(params: ParamsArg<BFGSOptions>, opts: BFGSArgs = {}) {
    const { hessianVectorProduct, ...rest } = opts;
    super(params, flatMethodOptions(BFGS.defaults, rest, ['lineSearch']), { hessianVectorProduct });
    checkOptionNames(this.constructor.name, this.defaults, rest, []);
    if (this.flat.numel > BFGS_MAX_PARAMETERS) {
      throw new RangeError(
        `BFGS: ${this.flat.numel} parameters; the dense inverse Hessian (n² float64 values) is limited to ${BFGS_MAX_PARAMETERS} parameters (use LBFGS for larger models)`,
      );
    }
  }

  protected validate(o: BFGSOptions): void {
    validateFlatMethod('BFGS', o);
    validateLineSearchOptions('BFGS', o);
    checkRange('BFGS', 'curvatureEpsilon', o.curvatureEpsilon, 0, Infinity);
    if (typeof o.initialScaling !== 'boolean') throw new TypeError(`BFGS: initialScaling must be a boolean, got ${String(o.initialScaling)}`);
  }

  protected restoreState(st: ParamState, op: string): void {
    for (const name of ['d', 'prev_flat_grad']) this.restoreVector(st, name, op);
    for (const name of ['func_evals', 'n_iter', 't', 'prev_loss', 'updates']) this.restoreNumber(st, name, op);
    const h = st.H;
    if (h !== undefined) {
      const n = this.flat.numel;
      if (!(h instanceof Tensor) || h.ndim !== 2 || h.shape[0] !== n || h.shape[1] !== n) throw new RangeError(`${op}: state H must be [${n}, ${n}]`);
      if (h.dtype !== 'float64') st.H = h.to('float64');
    }
  }

  /** The inverse-Hessian approximation (float64 [n, n]); the identity before the first update. */
  get inverseHessian(): Tensor {
    const h = this.state.get(this.flat.params[0])?.H;
    if (h instanceof Tensor) return copyOf(h);
    return this.scaledIdentity(1);
  }

  protected lineSearchSettings(g: ParamGroup<BFGSOptions>): LineSearchSettings {
    return { name: g.lineSearch, c1: g.c1, c2: g.c2, maxIter: g.lineSearchMaxIter, shrink: g.shrink };
  }

  protected loadMethodState(st: ParamState): InverseHessian {
    return { H: st.H as Tensor | undefined };
  }

  /**
   * H updated with the last step's pair s = tₖ₋₁dₖ₋₁, y = ∇fₖ − ∇fₖ₋₁ (skipped when the curvature
   * condition fails), then dₖ = −H∇fₖ; back to steepest descent (H ← I) if it does not descend.
   */
  protected direction(m: InverseHessian, at: IterationPoint, g: ParamGroup<BFGSOptions>): SearchDirection {
    const grad = at.grad;
    if (at.prevGrad !== undefined && at.prevDirection !== undefined && at.prevStep !== undefined && at.prevStep !== 0) {
      const y = copyOf(grad, 'float64');
      axpy(-1, copyOf(at.prevGrad, 'float64'), y);
      const s = scaled(at.prevStep, copyOf(at.prevDirection, 'float64'));
      const ys = dot(y, s);
      if (ys > g.curvatureEpsilon * norm2(s) * norm2(y)) {
        m.H ??= this.scaledIdentity(g.initialScaling ? ys / dot(y, y) : 1);
        this.update(m.H, s, y, ys);
      }
    }
    let d = m.H === undefined ? scaled(-1, grad) : this.quasiNewtonDirection(m.H, grad);
    let gtd = dot(grad, d);
    if (!(gtd < 0) && m.H !== undefined) {
      m.H = undefined;
      d = scaled(-1, grad);
      gtd = dot(grad, d);
    }
    return { direction: d, slope: gtd };
  }

  /** No decrease along −H∇f: drop H and retry along −∇f. */
  protected retryAfterNoProgress(m: InverseHessian): boolean {
    if (m.H === undefined) return false;
    m.H = undefined;
    return true;
  }

  protected saveMethodState(st: ParamState, m: InverseHessian): void {
    if (m.H !== undefined) st.H = m.H;
    else delete st.H;
  }

  private scaledIdentity(gamma: number): Tensor {
    const n = this.flat.numel;
    const h = zerosOf([n, n], 'float64');
    for (let i = 0; i < n; i++) h.storage.data[i * n + i] = gamma;
    return h;
  }

  /** −H∇f in the parameters' dtype. */
  private quasiNewtonDirection(H: Tensor, grad: Tensor): Tensor {
    const n = this.flat.numel;
    const g64 = copyOf(grad, 'float64');
    const out = zerosOf([n], 'float64');
    gemmInto(H, column(g64), column(out), { alpha: -1 });
    return out.dtype === this.flat.dtype ? out : copyOf(out, this.flat.dtype);
  }

  /** H ← H + [s, Hy]·[c·s − ρ·Hy, −ρ·s]ᵀ with ρ = 1/yᵀs, c = ρ²·yᵀHy + ρ (all float64). */
  private update(H: Tensor, s: Tensor, y: Tensor, ys: number): void {
    const n = this.flat.numel;
    const rho = 1 / ys;
    const left = zerosOf([2, n], 'float64'); // rows s, Hy
    const right = zerosOf([2, n], 'float64'); // rows c·s − ρ·Hy, −ρ·s
    const row = (m: Tensor, i: number) => view(m, [n], [1], i * n);
    const hy = row(left, 1);
    gemmInto(H, column(y), column(hy));
    assign(row(left, 0), s);
    const c = rho * rho * dot(y, hy) + rho;
    const r0 = row(right, 0);
    assign(r0, s);
    scal(c, r0);
    axpy(-rho, hy, r0);
    const r1 = row(right, 1);
    assign(r1, s);
    scal(-rho, r1);
    gemmInto(left, right, H, { transA: true, beta: 1 });
  }
}

/** A vector [n] as the column [n, 1] (a view). */
function column(v: Tensor): Tensor {
  return view(v, [v.numel(), 1], [1, 1]);
}
