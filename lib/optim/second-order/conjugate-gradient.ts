// Nonlinear conjugate gradients (Goodfellow et al., Alg. 8.9; Nocedal & Wright, sec. 5.2):
//   d₀ = −g₀;  dₖ = −gₖ + βₖdₖ₋₁;  θₖ₊₁ = θₖ + αₖdₖ with αₖ from a line search, where
//   Polak-Ribière    β = gₖᵀ(gₖ − gₖ₋₁) / gₖ₋₁ᵀgₖ₋₁   (default; PR+: β ← max(β, 0))
//   Fletcher-Reeves  β = gₖᵀgₖ / gₖ₋₁ᵀgₖ₋₁
//   Hestenes-Stiefel β = gₖᵀ(gₖ − gₖ₋₁) / dₖ₋₁ᵀ(gₖ − gₖ₋₁)
// β is reset to 0 (a steepest-descent restart) every restartEvery iterations (default n, the
// number of parameters), and whenever dₖ is not a descent direction. On a quadratic with exact
// line searches all three are linear CG and reach the minimum in at most n iterations.
import { assign, axpy, copyOf, dot, normInf, scaled } from '../../linalg/level1';
import { Tensor } from '../../tensor/tensor';
import { LineSearchName } from '../line-search/line-function';
import { checkOptionNames, checkRange, Closure, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { CurvatureOptions, FlatMethodOptions, flatMethodDefaults, FlatOptimizer, validateFlatMethod, validateLineSearch } from './flat-optimizer';

export type ConjugateGradientBeta = 'polakRibiere' | 'fletcherReeves' | 'hestenesStiefel';
const BETAS: readonly ConjugateGradientBeta[] = ['polakRibiere', 'fletcherReeves', 'hestenesStiefel'];

export interface ConjugateGradientOptions extends FlatMethodOptions {
  /** The β formula. Default 'polakRibiere'. */
  beta: ConjugateGradientBeta;
  /** Clamp β at 0 (PR+, HS+; Gilbert & Nocedal 1992). Default true. */
  nonnegativeBeta: boolean;
  /** Restart (β = 0) every this many iterations; null: the number of parameters n. Default null. */
  restartEvery: number | null;
  /** 'strongWolfe' (default), 'armijo', 'exact', or null (a fixed step lr). */
  lineSearch: LineSearchName | null;
  /** Sufficient-decrease constant of the line search. Default 1e-4. */
  c1: number;
  /**
   * Curvature constant of the strong Wolfe search: a tight search keeps the directions nearly
   * conjugate (< 1/2 keeps Fletcher-Reeves directions descending). Default 0.1 (Nocedal & Wright, sec. 3.1).
   */
  c2: number;
  /** Budget of one line search: strong Wolfe trials after the first (PyTorch's max_ls), Armijo evaluations. Default 25. */
  lineSearchMaxIter: number;
  /** Armijo's shrink factor. Default 0.5. */
  shrink: number;
}

export type ConjugateGradientArgs = Partial<ConjugateGradientOptions> & CurvatureOptions;

export class ConjugateGradient extends FlatOptimizer<ConjugateGradientOptions> {
  /**
   * Options: lr 1 (the cap of the line search's first trial step), maxIter 20, maxEval
   * ⌊1.25·maxIter⌋, toleranceGrad 1e-7, toleranceChange 1e-9, beta 'polakRibiere',
   * nonnegativeBeta true, restartEvery n, lineSearch 'strongWolfe', c1 1e-4, c2 0.1,
   * lineSearchMaxIter 25, shrink 0.5. Exactly one parameter group. The line search's first trial
   * step is min(1, 1/‖g‖₂)·lr at the very first iteration (a unit move), then
   * min(lr, 2.02·(fₖ − fₖ₋₁)/gₖᵀdₖ) (Nocedal & Wright, eq. 3.60).
   */
  constructor(params: ParamsArg<ConjugateGradientOptions>, opts: ConjugateGradientArgs = {}) {
    const { hessianVectorProduct, ...rest } = opts;
    super(params, {
      ...flatMethodDefaults(rest),
      beta: rest.beta ?? 'polakRibiere',
      nonnegativeBeta: rest.nonnegativeBeta ?? true,
      restartEvery: rest.restartEvery ?? null,
      lineSearch: rest.lineSearch === undefined ? 'strongWolfe' : rest.lineSearch,
      c1: rest.c1 ?? 1e-4,
      c2: rest.c2 ?? 0.1,
      lineSearchMaxIter: rest.lineSearchMaxIter ?? 25,
      shrink: rest.shrink ?? 0.5,
    }, { hessianVectorProduct });
    checkOptionNames(this.constructor.name, this.defaults, rest, []);
  }

  protected validate(o: ConjugateGradientOptions): void {
    const op = 'ConjugateGradient';
    validateFlatMethod(op, o);
    if (!BETAS.includes(o.beta)) throw new RangeError(`${op}: beta must be one of ${BETAS.map((b) => `'${b}'`).join(', ')}, got ${JSON.stringify(o.beta)}`);
    if (typeof o.nonnegativeBeta !== 'boolean') throw new TypeError(`${op}: nonnegativeBeta must be a boolean`);
    if (o.restartEvery !== null && (!Number.isInteger(o.restartEvery) || o.restartEvery < 1)) {
      throw new RangeError(`${op}: restartEvery must be a positive integer or null, got ${String(o.restartEvery)}`);
    }
    validateLineSearch(op, 'lineSearch', o.lineSearch);
    checkRange(op, 'c1', o.c1, 0, 1, true);
    checkRange(op, 'c2', o.c2, o.c1, 1, true);
    if (o.c2 >= 1) throw new RangeError(`${op}: c2 must be < 1, got ${o.c2}`);
    if (!Number.isInteger(o.lineSearchMaxIter) || o.lineSearchMaxIter < 1) throw new RangeError(`${op}: lineSearchMaxIter must be a positive integer, got ${String(o.lineSearchMaxIter)}`);
    checkRange(op, 'shrink', o.shrink, 0, 1, true);
    if (o.shrink >= 1) throw new RangeError(`${op}: shrink must be < 1, got ${o.shrink}`);
  }

  protected restoreState(st: ParamState, op: string): void {
    for (const name of ['d', 'prev_flat_grad']) this.restoreVector(st, name, op);
    for (const name of ['func_evals', 'n_iter', 't', 'prev_loss', 'since_restart']) this.restoreNumber(st, name, op);
  }

  protected iterate(closure: Closure, g: ParamGroup<ConjugateGradientOptions>): number {
    const flat = this.flat;
    const restartEvery = g.restartEvery ?? flat.numel;

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
    let prevFlatGrad = st.prev_flat_grad as Tensor | undefined;
    let prevLoss = st.prev_loss as number | undefined;
    let sinceRestart = (st.since_restart as number | undefined) ?? 0;

    let nIter = 0;
    while (nIter < g.maxIter) {
      nIter++;
      st.n_iter += 1;

      // Direction d = −g + βd_prev (β = 0 at a restart).
      let restart = d === undefined || prevFlatGrad === undefined || sinceRestart >= restartEvery;
      let beta = 0;
      if (!restart) {
        beta = this.beta(g, flatGrad, prevFlatGrad!, d!);
        if (!Number.isFinite(beta)) restart = true;
      }
      if (restart) {
        d = scaled(-1, flatGrad);
        sinceRestart = 0;
      } else {
        d = scaled(beta, d!);
        axpy(-1, flatGrad, d);
      }
      let gtd = dot(flatGrad, d);
      if (!(gtd < 0) && !restart) {
        d = scaled(-1, flatGrad);
        gtd = dot(flatGrad, d);
        restart = true;
        sinceRestart = 0;
      }
      sinceRestart++;

      // First trial step: unit length along the first direction, then N&W eq. 3.60.
      const step0 = g.lineSearch === null ? g.lr : this.firstTrialStep(g.lr, flatGrad, loss, prevLoss, gtd);
      if (prevFlatGrad === undefined) prevFlatGrad = copyOf(flatGrad);
      else assign(prevFlatGrad, flatGrad);
      prevLoss = loss;
      t = step0;
      if (gtd > -g.toleranceChange) break;

      const moved = this.moveAlong(closure, d, t, { loss, grad: flatGrad, slope: gtd }, { name: g.lineSearch, c1: g.c1, c2: g.c2, maxIter: g.lineSearchMaxIter, shrink: g.shrink }, g.toleranceGrad, nIter === g.maxIter);
      loss = moved.loss;
      flatGrad = moved.grad;
      t = moved.step;
      optCond = moved.converged;
      const lsEvals = moved.evaluations;
      currentEvals += lsEvals;
      st.func_evals += lsEvals;

      if (nIter === g.maxIter) break;
      if (currentEvals >= g.maxEval) break;
      if (t === 0 && !restart) {
        // No decrease along the conjugate direction: restart along −g.
        sinceRestart = restartEvery;
        continue;
      }
      if (optCond) break;
      if (Math.abs(t) * normInf(d) <= g.toleranceChange) break;
      if (Math.abs(loss - prevLoss) < g.toleranceChange) break;
    }

    if (d !== undefined) st.d = d;
    if (t !== undefined) st.t = t;
    if (prevFlatGrad !== undefined) st.prev_flat_grad = prevFlatGrad;
    if (prevLoss !== undefined) st.prev_loss = prevLoss;
    st.since_restart = sinceRestart;
    return origLoss;
  }

  private beta(o: ConjugateGradientOptions, grad: Tensor, prevGrad: Tensor, prevDir: Tensor): number {
    if (o.beta === 'fletcherReeves') return dot(grad, grad) / dot(prevGrad, prevGrad);
    const y = copyOf(grad);
    axpy(-1, prevGrad, y);
    const b = o.beta === 'polakRibiere' ? dot(grad, y) / dot(prevGrad, prevGrad) : dot(grad, y) / dot(prevDir, y);
    return o.nonnegativeBeta ? Math.max(b, 0) : b;
  }
}
