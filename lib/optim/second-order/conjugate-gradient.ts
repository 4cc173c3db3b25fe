// Nonlinear conjugate gradients (Goodfellow et al., Alg. 8.9; Nocedal & Wright, sec. 5.2):
//   d₀ = −g₀;  dₖ = −gₖ + βₖdₖ₋₁;  θₖ₊₁ = θₖ + αₖdₖ with αₖ from a line search, where
//   Polak-Ribière    β = gₖᵀ(gₖ − gₖ₋₁) / gₖ₋₁ᵀgₖ₋₁   (default; PR+: β ← max(β, 0))
//   Fletcher-Reeves  β = gₖᵀgₖ / gₖ₋₁ᵀgₖ₋₁
//   Hestenes-Stiefel β = gₖᵀ(gₖ − gₖ₋₁) / dₖ₋₁ᵀ(gₖ − gₖ₋₁)
// β is reset to 0 (a steepest-descent restart) every restartEvery iterations (default n, the
// number of parameters), and whenever dₖ is not a descent direction. On a quadratic with exact
// line searches all three are linear CG and reach the minimum in at most n iterations.
import { axpy, copyOf, dot, scaled } from '../../linalg/level1';
import { Tensor } from '../../tensor/tensor';
import { checkOptionNames, frozenDefaults, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { FLAT_METHOD_DEFAULTS, FlatMethodOptions, flatMethodOptions, LineSearchOptions, validateFlatMethod, validateLineSearchOptions } from './flat-method-options';
import { CurvatureOptions, FlatOptimizer, IterationPoint, LineSearchSettings, SearchDirection } from './flat-optimizer';

export type ConjugateGradientBeta = 'polakRibiere' | 'fletcherReeves' | 'hestenesStiefel';
const BETAS: readonly ConjugateGradientBeta[] = ['polakRibiere', 'fletcherReeves', 'hestenesStiefel'];

export interface ConjugateGradientOptions extends FlatMethodOptions, LineSearchOptions {
  /** The β formula. Default 'polakRibiere'. */
  beta: ConjugateGradientBeta;
  /** Clamp β at 0 (PR+, HS+; Gilbert & Nocedal 1992). Default true. */
  nonnegativeBeta: boolean;
  /** Restart (β = 0) every this many iterations; null: the number of parameters n. Default null. */
  restartEvery: number | null;
  /**
   * Curvature constant of the strong Wolfe search: a tight search keeps the directions nearly
   * conjugate (< 1/2 keeps Fletcher-Reeves directions descending). Default 0.1 (Nocedal & Wright, sec. 3.1).
   */
  c2: number;
}

export type ConjugateGradientArgs = Partial<ConjugateGradientOptions> & CurvatureOptions;

/** CG's own state in one step(): iterations since the last restart, and whether dₖ restarted. */
interface RestartCount {
  readonly restartEvery: number;
  sinceRestart: number;
  restarted: boolean;
}

export class ConjugateGradient extends FlatOptimizer<ConjugateGradientOptions, RestartCount> {
  /** The options a new ConjugateGradient starts from (frozen; maxEval follows a given maxIter). */
  static readonly defaults = frozenDefaults<ConjugateGradientOptions>({
    ...FLAT_METHOD_DEFAULTS, beta: 'polakRibiere', nonnegativeBeta: true, restartEvery: null,
    lineSearch: 'strongWolfe', c1: 1e-4, c2: 0.1, lineSearchMaxIter: 25, shrink: 0.5,
  });

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
    super(params, flatMethodOptions(ConjugateGradient.defaults, rest, ['lineSearch']), { hessianVectorProduct });
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
    validateLineSearchOptions(op, o);
  }

  protected restoreState(st: ParamState, op: string): void {
    for (const name of ['d', 'prev_flat_grad']) this.restoreVector(st, name, op);
    for (const name of ['func_evals', 'n_iter', 't', 'prev_loss', 'since_restart']) this.restoreNumber(st, name, op);
  }

  protected lineSearchSettings(g: ParamGroup<ConjugateGradientOptions>): LineSearchSettings {
    return { name: g.lineSearch, c1: g.c1, c2: g.c2, maxIter: g.lineSearchMaxIter, shrink: g.shrink };
  }

  protected loadMethodState(st: ParamState, g: ParamGroup<ConjugateGradientOptions>): RestartCount {
    return { restartEvery: g.restartEvery ?? this.flat.numel, sinceRestart: (st.since_restart as number | undefined) ?? 0, restarted: false };
  }

  /**
   * dₖ = −gₖ + βdₖ₋₁, with β = 0 (a restart) for the first direction, every restartEvery
   * iterations, when β is not finite, and when dₖ would not descend.
   */
  protected direction(m: RestartCount, at: IterationPoint, g: ParamGroup<ConjugateGradientOptions>): SearchDirection {
    const grad = at.grad;
    let restart = at.prevDirection === undefined || at.prevGrad === undefined || m.sinceRestart >= m.restartEvery;
    let beta = 0;
    if (!restart) {
      beta = this.beta(g, grad, at.prevGrad!, at.prevDirection!);
      if (!Number.isFinite(beta)) restart = true;
    }
    let d: Tensor;
    if (restart) {
      d = scaled(-1, grad);
      m.sinceRestart = 0;
    } else {
      d = scaled(beta, at.prevDirection!);
      axpy(-1, grad, d);
    }
    let gtd = dot(grad, d);
    if (!(gtd < 0) && !restart) {
      d = scaled(-1, grad);
      gtd = dot(grad, d);
      restart = true;
      m.sinceRestart = 0;
    }
    m.sinceRestart++;
    m.restarted = restart;
    return { direction: d, slope: gtd };
  }

  /** No decrease along a conjugate direction: restart along −g. */
  protected retryAfterNoProgress(m: RestartCount): boolean {
    if (m.restarted) return false;
    m.sinceRestart = m.restartEvery;
    return true;
  }

  protected saveMethodState(st: ParamState, m: RestartCount): void {
    st.since_restart = m.sinceRestart;
  }

  private beta(o: ConjugateGradientOptions, grad: Tensor, prevGrad: Tensor, prevDir: Tensor): number {
    if (o.beta === 'fletcherReeves') return dot(grad, grad) / dot(prevGrad, prevGrad);
    const y = copyOf(grad);
    axpy(-1, prevGrad, y);
    const b = o.beta === 'polakRibiere' ? dot(grad, y) / dot(prevGrad, prevGrad) : dot(grad, y) / dot(prevDir, y);
    return o.nonnegativeBeta ? Math.max(b, 0) : b;
  }
}
