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
import { assign, axpy, copyOf, dot, norm1, normInf, scaled } from '../../linalg/level1';
import { Tensor } from '../../tensor/tensor';
import { LineSearchName } from '../line-search/line-function';
import { checkOptionNames, Closure, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { CurvaturePairs } from './curvature-pairs';
import { CurvatureOptions, FlatMethodOptions, flatMethodDefaults, FlatOptimizer, validateFlatMethod, validateLineSearch } from './flat-optimizer';

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

export class LBFGS extends FlatOptimizer<LBFGSOptions> {
  /**
   * Options (PyTorch's defaults): lr 1, maxIter 20, maxEval ⌊1.25·maxIter⌋, toleranceGrad 1e-7,
   * toleranceChange 1e-9, historySize 100, lineSearchFn null. Exactly one parameter group.
   */
  constructor(params: ParamsArg<LBFGSOptions>, opts: LBFGSArgs = {}) {
    const { hessianVectorProduct, lineSearch, ...rest } = opts;
    if (lineSearch !== undefined && rest.lineSearchFn !== undefined && lineSearch !== rest.lineSearchFn) {
      throw new RangeError(`LBFGS: lineSearch ${JSON.stringify(lineSearch)} and lineSearchFn ${JSON.stringify(rest.lineSearchFn)} differ (they are one option)`);
    }
    super(params, {
      ...flatMethodDefaults(rest),
      historySize: rest.historySize ?? 100,
      lineSearchFn: rest.lineSearchFn ?? lineSearch ?? null,
    }, { hessianVectorProduct });
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

  protected iterate(closure: Closure, g: ParamGroup<LBFGSOptions>): number {
    const flat = this.flat;

    const begun = this.beginStep(closure, g.toleranceGrad);
    const st = begun.st as ParamState & { func_evals: number; n_iter: number };
    const origLoss = begun.loss;
    if (begun.converged) return origLoss;
    let loss = begun.loss;
    let flatGrad = begun.grad;
    let currentEvals = 1;
    let optCond = false;

    let d = st.d as Tensor | undefined;
    let t = st.t as number | undefined;
    let hDiag = (st.H_diag as number | undefined) ?? 1;
    let prevFlatGrad = st.prev_flat_grad as Tensor | undefined;
    let prevLoss = st.prev_loss as number | undefined;
    const memory = CurvaturePairs.load(st, flat.numel, flat.dtype);
    const alpha = new Float64Array(g.historySize);

    let nIter = 0;
    while (nIter < g.maxIter) {
      nIter++;
      st.n_iter += 1;

      // Direction.
      if (st.n_iter === 1) {
        d = scaled(-1, flatGrad);
        memory.clear();
        hDiag = 1;
      } else {
        const y = copyOf(flatGrad);
        axpy(-1, prevFlatGrad!, y);
        const s = scaled(t!, d!);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          memory.push(y, s, 1 / ys, g.historySize);
          hDiag = ys / dot(y, y);
        }
        // Two-loop recursion: q ← −∇f, q ← q − αᵢyᵢ (newest first), r ← H₀q, r ← r + (αᵢ − βᵢ)sᵢ.
        const k = memory.count;
        const q = scaled(-1, flatGrad);
        const al = k <= alpha.length ? alpha : new Float64Array(k);
        for (let i = k - 1; i >= 0; i--) {
          al[i] = dot(memory.s(i), q) * memory.rho(i);
          axpy(-al[i], memory.y(i), q);
        }
        const r = scaled(hDiag, q);
        for (let i = 0; i < k; i++) {
          const beta = dot(memory.y(i), r) * memory.rho(i);
          axpy(al[i] - beta, memory.s(i), r);
        }
        d = r;
      }
      if (prevFlatGrad === undefined) prevFlatGrad = copyOf(flatGrad);
      else assign(prevFlatGrad, flatGrad);
      prevLoss = loss;

      // Step.
      t = st.n_iter === 1 ? Math.min(1, 1 / norm1(flatGrad)) * g.lr : g.lr;
      const gtd = dot(flatGrad, d);
      if (gtd > -g.toleranceChange) break;

      const moved = this.moveAlong(closure, d, t, { loss, grad: flatGrad, slope: gtd }, { name: g.lineSearchFn, c1: 1e-4, c2: 0.9, maxIter: 25, shrink: 0.5 }, g.toleranceGrad, nIter === g.maxIter);
      loss = moved.loss;
      flatGrad = moved.grad;
      t = moved.step;
      optCond = moved.converged;
      const lsEvals = moved.evaluations;
      currentEvals += lsEvals;
      st.func_evals += lsEvals;

      if (nIter === g.maxIter) break;
      if (currentEvals >= g.maxEval) break;
      if (optCond) break;
      // max|t·d| (= |t|·max|d|: rounding is monotone) and the loss change.
      if (Math.abs(t) * normInf(d) <= g.toleranceChange) break;
      if (Math.abs(loss - prevLoss) < g.toleranceChange) break;
    }

    if (d !== undefined) st.d = d;
    if (t !== undefined) st.t = t;
    memory.save(st);
    st.H_diag = hDiag;
    if (prevFlatGrad !== undefined) st.prev_flat_grad = prevFlatGrad;
    if (prevLoss !== undefined) st.prev_loss = prevLoss;
    return origLoss;
  }
}
