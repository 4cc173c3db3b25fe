// Limited-memory BFGS (Nocedal & Wright, Alg. 7.4 and 7.5), with PyTorch's torch.optim.LBFGS
// semantics step for step (itself after Schmidt's minFunc). One step(closure) runs up to maxIter
// iterations:
//   d = −H∇f by the two-loop recursion over the latest historySize pairs (s, y), with
//     H₀ = (sᵀy / yᵀy)·I from the newest pair; a pair enters the memory only when yᵀs > 1e-10;
//   the first iteration ever takes d = −∇f and the step min(1, 1/‖∇f‖₁)·lr, later ones lr;
//   with lineSearchFn 'strongWolfe' the step comes from the strong Wolfe search (c₁ = 1e-4,
//   c₂ = 0.9, at most 25 evaluations) started at that step, otherwise it is taken as is;
//   it stops at maxIter, at maxEval evaluations, when ‖∇f‖∞ ≤ toleranceGrad, when the step
//   max|αd| or the loss change falls below toleranceChange, or when ∇fᵀd > −toleranceChange.
import { axpy, copyOf, dot, norm1, scaled } from '../../linalg/level1';
import { Tensor } from '../../tensor/tensor';
import { LineSearchName } from '../line-search/line-function';
import { checkOptionNames, frozenDefaults, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { CurvaturePairs } from './curvature-pairs';
import { FLAT_METHOD_DEFAULTS, FlatMethodOptions, flatMethodOptions, validateFlatMethod, validateLineSearch } from './flat-method-options';
import { CurvatureOptions, FlatOptimizer, IterationPoint, LineSearchSettings, SearchDirection } from './flat-optimizer';

export interface LBFGSOptions extends FlatMethodOptions {
  /** Number of curvature pairs kept (m). Default 100. */
  historySize: number;
  /**
   * 'strongWolfe' (PyTorch's 'strong_wolfe'), null (default: fixed step lr, as PyTorch), or this
   * library's other searches 'armijo' and 'exact' (see d.optim.lineSearch).
   */
  lineSearchFn: LineSearchName | null;
}

/** Constructor options: LBFGSOptions, `lineSearch` as an alias of lineSearchFn, and hessianVectorProduct. */
export type LBFGSArgs = Partial<LBFGSOptions> & CurvatureOptions & { lineSearch?: LineSearchName | null };

/** L-BFGS's own state in one step(): the pairs, H₀'s scale and the two-loop recursion's αᵢ. */
interface PairMemory {
  readonly memory: CurvaturePairs;
  hDiag: number;
  readonly alpha: Float64Array;
}

export class LBFGS extends FlatOptimizer<LBFGSOptions, PairMemory> {
  /** The options a new LBFGS starts from, PyTorch's (frozen; maxEval follows a given maxIter). */
  static readonly defaults = frozenDefaults<LBFGSOptions>({ ...FLAT_METHOD_DEFAULTS, historySize: 100, lineSearchFn: null });

  /**
   * Options (PyTorch's defaults): lr 1, maxIter 20, maxEval ⌊1.25·maxIter⌋, toleranceGrad 1e-7,
   * toleranceChange 1e-9, historySize 100, lineSearchFn null. Exactly one parameter group.
   */
  constructor(params: ParamsArg<LBFGSOptions>, opts: LBFGSArgs = {}) {
    const { hessianVectorProduct, lineSearch, ...rest } = opts;
    if (lineSearch !== undefined && rest.lineSearchFn !== undefined && lineSearch !== rest.lineSearchFn) {
      throw new RangeError(`LBFGS: lineSearch ${JSON.stringify(lineSearch)} and lineSearchFn ${JSON.stringify(rest.lineSearchFn)} differ (they are one option)`);
    }
    super(params, flatMethodOptions(LBFGS.defaults, { ...rest, lineSearchFn: rest.lineSearchFn ?? lineSearch }), { hessianVectorProduct });
    checkOptionNames(this.constructor.name, this.defaults, rest, []);
  }

  protected validate(o: LBFGSOptions): void {
    validateFlatMethod('LBFGS', o);
    if (!Number.isInteger(o.historySize) || o.historySize < 1) throw new RangeError(`LBFGS: historySize must be a positive integer, got ${String(o.historySize)}`);
    validateLineSearch('LBFGS', 'lineSearchFn', o.lineSearchFn);
  }

  protected restoreState(st: ParamState, op: string): void {
    for (const name of ['d', 'prev_flat_grad']) this.restoreVector(st, name, op);
    for (const name of ['func_evals', 'n_iter', 't', 'H_diag', 'prev_loss', 'history_start', 'history_count']) this.restoreNumber(st, name, op);
    CurvaturePairs.check(st, this.flat.numel, this.flat.dtype, op);
  }

  /** PyTorch's: the strong Wolfe search with c₁ = 1e-4, c₂ = 0.9 and at most 25 evaluations. */
  protected lineSearchSettings(g: ParamGroup<LBFGSOptions>): LineSearchSettings {
    return { name: g.lineSearchFn, c1: 1e-4, c2: 0.9, maxIter: 25, shrink: 0.5 };
  }

  /** PyTorch's: min(1, 1/‖∇f‖₁)·lr at the very first iteration, lr after (with a search or not). */
  protected override firstStep(g: ParamGroup<LBFGSOptions>, at: IterationPoint): number {
    return at.iteration === 1 ? Math.min(1, 1 / norm1(at.grad)) * g.lr : g.lr;
  }

  protected loadMethodState(st: ParamState, g: ParamGroup<LBFGSOptions>): PairMemory {
    const flat = this.flat;
    return { memory: CurvaturePairs.load(st, flat.numel, flat.dtype), hDiag: (st.H_diag as number | undefined) ?? 1, alpha: new Float64Array(g.historySize) };
  }

  /**
   * −∇f at the very first iteration; then the pair (y = ∇fₖ − ∇fₖ₋₁, s = tₖ₋₁dₖ₋₁) joins the
   * memory when yᵀs > 1e-10, with H₀ = (yᵀs/yᵀy)·I, and dₖ = −H∇fₖ by the two-loop recursion.
   */
  protected direction(m: PairMemory, at: IterationPoint, g: ParamGroup<LBFGSOptions>): SearchDirection {
    const { memory, alpha } = m;
    const grad = at.grad;
    let d: Tensor;
    if (at.iteration === 1) {
      d = scaled(-1, grad);
      memory.clear();
      m.hDiag = 1;
    } else {
      const y = copyOf(grad);
      axpy(-1, at.prevGrad!, y);
      const s = scaled(at.prevStep!, at.prevDirection!);
      const ys = dot(y, s);
      if (ys > 1e-10) {
        memory.push(y, s, 1 / ys, g.historySize);
        m.hDiag = ys / dot(y, y);
      }
      // Two-loop recursion: q ← −∇f, q ← q − αᵢyᵢ (newest first), r ← H₀q, r ← r + (αᵢ − βᵢ)sᵢ.
      const k = memory.count;
      const q = scaled(-1, grad);
      const al = k <= alpha.length ? alpha : new Float64Array(k);
      for (let i = k - 1; i >= 0; i--) {
        al[i] = dot(memory.s(i), q) * memory.rho(i);
        axpy(-al[i], memory.y(i), q);
      }
      const r = scaled(m.hDiag, q);
      for (let i = 0; i < k; i++) {
        const beta = dot(memory.y(i), r) * memory.rho(i);
        axpy(al[i] - beta, memory.s(i), r);
      }
      d = r;
    }
    return { direction: d, slope: dot(grad, d) };
  }

  /** No retry: PyTorch's loop goes on to its stopping tests. */
  protected retryAfterNoProgress(): boolean {
    return false;
  }

  protected saveMethodState(st: ParamState, m: PairMemory): void {
    m.memory.save(st);
    st.H_diag = m.hDiag;
  }
}
