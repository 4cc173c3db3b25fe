// The base of the methods that see the parameters as one flat vector and re-evaluate the
// objective several times per step (docs/ARCHITECTURE.md, decision 10): conjugate gradients,
// BFGS, L-BFGS. Like PyTorch's LBFGS they take exactly one parameter group, require a closure, and
// keep their global state (flat vectors, counters) under the first parameter, where stateDict()
// and loadStateDict() carry it as is. One iteration loop serves all three (iterate); each method
// supplies its direction and the rest through the hooks below.
import { setGradEnabled } from '../../autograd/grad-mode';
import { assign, copyOf, dot, norm2, normInf } from '../../linalg/level1';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { fromTensorData, isTensorData } from '../../tensor/tensor-data';
import { LineFunction, LineSearchName } from '../line-search/line-function';
import { runLineSearch } from '../line-search/select';
import { Closure, OptimizerStateDict, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { FlatMethodOptions } from './flat-method-options';
import { SingleGroupOptimizer } from './single-group-optimizer';

/** Options of the methods that are not group options (functions do not go in state dicts). */
export interface CurvatureOptions {
  /**
   * v ↦ Hv on flat vectors, for `lineSearch: 'exact'` (the step −gᵀd/dᵀHd). Without it the
   * exact step measures dᵀHd from the gradient at the trial step (one more evaluation).
   */
  hessianVectorProduct?: (v: Tensor) => Tensor;
}

/** Iteration k as a method's direction sees it (k counts over all steps). */
export interface IterationPoint {
  /** k, 1 at the first iteration ever (state n_iter). */
  readonly iteration: number;
  /** fₖ. */
  readonly loss: number;
  /** ∇fₖ. */
  readonly grad: Tensor;
  /** fₖ₋₁ (undefined before the first iteration ever, as the three below). */
  readonly prevLoss: number | undefined;
  /** ∇fₖ₋₁. */
  readonly prevGrad: Tensor | undefined;
  /** dₖ₋₁. */
  readonly prevDirection: Tensor | undefined;
  /** tₖ₋₁: the step taken along dₖ₋₁ (its first trial step when the loop stopped before moving). */
  readonly prevStep: number | undefined;
}

/** A method's direction dₖ and the slope ∇fₖᵀdₖ along it. */
export interface SearchDirection {
  direction: Tensor;
  slope: number;
}

/** The line search along dₖ (name null: the fixed step). */
export interface LineSearchSettings {
  name: LineSearchName | null;
  c1: number;
  c2: number;
  maxIter: number;
  shrink: number;
}

/**
 * O: the method's options; M: its own state during one step() (BFGS's H, L-BFGS's pairs, CG's
 * restart count), read from the global state at the start of the step and written back at its end.
 */
export abstract class FlatOptimizer<O extends FlatMethodOptions, M> extends SingleGroupOptimizer<O> {
  protected readonly hessianVectorProduct: ((v: Tensor) => Tensor) | undefined;

  protected constructor(params: ParamsArg<O>, defaults: O, curvature: CurvatureOptions = {}) {
    super(params, defaults);
    void this.flat; // checks the parameters' dtypes now rather than at the first step
    const hvp = curvature.hessianVectorProduct;
    if (hvp !== undefined && typeof hvp !== 'function') throw new TypeError(`${this.constructor.name}: hessianVectorProduct must be a function v => Hv`);
    this.hessianVectorProduct = hvp;
  }

  /**
   * Runs up to maxIter iterations, each re-evaluating the closure (which must compute the loss,
   * call backward() and return the loss) as the line search needs. Returns the loss at the
   * parameters step() started from.
   */
  override step(closure?: Closure): number {
    const name = this.constructor.name;
    if (typeof closure !== 'function') {
      throw new TypeError(
        `${name}.step: a closure is required: ${name} re-evaluates the objective several times per step, so pass () => { opt.zeroGrad(); const loss = f(); loss.backward(); return loss; }`,
      );
    }
    const group = this.paramGroups[0];
    this.validate(group);
    const previous = setGradEnabled(false);
    try {
      return this.iterate(closure, group);
    } finally {
      setGradEnabled(previous);
    }
  }

  /** The method's own state for one step(), from the global state st. */
  protected abstract loadMethodState(st: ParamState, g: ParamGroup<O>): M;

  /** dₖ at the point and ∇fₖᵀdₖ, updating m (H from the last pair, the memory, restarts). */
  protected abstract direction(m: M, at: IterationPoint, g: ParamGroup<O>): SearchDirection;

  /** The line search found no decrease along dₖ (step 0): true to retry from the same point. */
  protected abstract retryAfterNoProgress(m: M): boolean;

  /** Writes m back into the global state st at the end of step(). */
  protected abstract saveMethodState(st: ParamState, m: M): void;

  /** The line search along each direction. */
  protected abstract lineSearchSettings(g: ParamGroup<O>): LineSearchSettings;

  /**
   * The first trial step along dₖ: without a line search the fixed step lr; with one
   * min(1, 1/‖∇f‖₂)·lr at the very first iteration (a unit move), then
   * min(lr, 2.02·(fₖ − fₖ₋₁)/∇fₖᵀdₖ) (Nocedal & Wright, eq. 3.60) when that is a positive number,
   * which is lr = 1 once quasi-Newton steps are accurate.
   */
  protected firstStep(g: ParamGroup<O>, at: IterationPoint, slope: number, search: LineSearchSettings): number {
    if (search.name === null) return g.lr;
    if (at.prevLoss === undefined) return Math.min(1, 1 / norm2(at.grad)) * g.lr;
    const guess = (2.02 * (at.loss - at.prevLoss)) / slope;
    return guess > 0 && Number.isFinite(guess) ? Math.min(g.lr, guess) : g.lr;
  }

  /**
   * One step(): up to maxIter iterations of the line-search framework (Nocedal & Wright, ch. 3),
   * in the order of PyTorch's LBFGS:
   *   dₖ from the method;  tₖ⁰ its first trial step;  θ ← θ + tₖdₖ (tₖ from the line search, or
   *   tₖ⁰ itself without one);
   * stopping when ∇fₖᵀdₖ > −toleranceChange, at maxIter iterations or maxEval evaluations, when
   * ‖∇f‖∞ ≤ toleranceGrad, or when the step max|tₖdₖ| or the loss change falls below
   * toleranceChange. A search without progress (tₖ = 0) may retry from the same point.
   * The state keeps d, t, the method's own, prev_flat_grad and prev_loss (PyTorch's order).
   * Returns the loss at the parameters step() started from.
   */
  private iterate(closure: Closure, g: ParamGroup<O>): number {
    const st = this.scalars({ func_evals: 0, n_iter: 0 }) as ParamState & { func_evals: number; n_iter: number };
    const first = this.flat.evaluate(closure);
    st.func_evals += 1;
    const origLoss = first.loss;
    if (normInf(first.grad) <= g.toleranceGrad) return origLoss;
    let loss = first.loss;
    let flatGrad = first.grad;
    let currentEvals = 1;

    let d = st.d as Tensor | undefined;
    let t = st.t as number | undefined;
    let prevFlatGrad = st.prev_flat_grad as Tensor | undefined;
    let prevLoss = st.prev_loss as number | undefined;
    const method = this.loadMethodState(st, g);

    let nIter = 0;
    while (nIter < g.maxIter) {
      nIter++;
      st.n_iter += 1;

      const at: IterationPoint = { iteration: st.n_iter, loss, grad: flatGrad, prevLoss, prevGrad: prevFlatGrad, prevDirection: d, prevStep: t };
      const next = this.direction(method, at, g);
      d = next.direction;
      const gtd = next.slope;
      const search = this.lineSearchSettings(g);
      t = this.firstStep(g, at, gtd, search);
      if (prevFlatGrad === undefined) prevFlatGrad = copyOf(flatGrad);
      else assign(prevFlatGrad, flatGrad);
      prevLoss = loss;
      if (gtd > -g.toleranceChange) break;

      const moved = this.moveAlong(closure, d, t, { loss, grad: flatGrad, slope: gtd }, search, g.toleranceGrad, nIter === g.maxIter);
      loss = moved.loss;
      flatGrad = moved.grad;
      t = moved.step;
      currentEvals += moved.evaluations;
      st.func_evals += moved.evaluations;

      if (nIter === g.maxIter) break;
      if (currentEvals >= g.maxEval) break;
      if (t === 0 && this.retryAfterNoProgress(method)) continue;
      if (moved.converged) break;
      // max|t·d| (= |t|·max|d|: rounding is monotone) and the loss change.
      if (Math.abs(t) * normInf(d) <= g.toleranceChange) break;
      if (Math.abs(loss - prevLoss) < g.toleranceChange) break;
    }

    if (d !== undefined) st.d = d;
    if (t !== undefined) st.t = t;
    this.saveMethodState(st, method);
    if (prevFlatGrad !== undefined) st.prev_flat_grad = prevFlatGrad;
    if (prevLoss !== undefined) st.prev_loss = prevLoss;
    return origLoss;
  }

  /** Iterations over all steps so far (PyTorch's state n_iter). */
  get iterations(): number {
    const v = this.state.get(this.flat.params[0])?.n_iter;
    return typeof v === 'number' ? v : 0;
  }

  /**
   * φ(α) = f(θ + αd) for a line search from θ: moves the parameters, evaluates the closure,
   * puts θ back (the accepted step is applied afterwards with addScaled).
   */
  private lineFunction(closure: Closure, d: Tensor): LineFunction {
    const origin = this.flat.get();
    return (step) => {
      this.flat.addScaled(step, d);
      const ev = this.flat.evaluate(closure);
      this.flat.set(origin);
      return { value: ev.loss, slope: dot(ev.grad, d), grad: ev.grad };
    };
  }

  /**
   * Moves θ by t·d: with a line search, from its accepted step; without one, by t itself and a
   * new evaluation (skipped on the last iteration, whose point the next step() evaluates).
   * Returns the new loss and gradient, the step taken, the evaluations spent and whether
   * max|∇f| ≤ toleranceGrad.
   */
  private moveAlong(
    closure: Closure, d: Tensor, t: number, at: { loss: number; grad: Tensor; slope: number },
    search: LineSearchSettings, toleranceGrad: number, lastIteration: boolean,
  ): { loss: number; grad: Tensor; step: number; evaluations: number; converged: boolean } {
    if (search.name !== null) {
      const result = runLineSearch(search.name, this.lineFunction(closure, d), { value: at.loss, slope: at.slope, grad: at.grad }, {
        initialStep: t, c1: search.c1, c2: search.c2, maxIter: search.maxIter, shrink: search.shrink, toleranceChange: 1e-9,
        directionScale: normInf(d), curvature: search.name === 'exact' ? this.curvatureAlong(d) : undefined,
      }, this.constructor.name);
      this.flat.addScaled(result.step, d);
      return { loss: result.loss, grad: result.grad!, step: result.step, evaluations: result.evaluations, converged: normInf(result.grad!) <= toleranceGrad };
    }
    this.flat.addScaled(t, d);
    if (lastIteration) return { loss: at.loss, grad: at.grad, step: t, evaluations: 0, converged: false };
    const ev = this.flat.evaluate(closure);
    return { loss: ev.loss, grad: ev.grad, step: t, evaluations: 1, converged: normInf(ev.grad) <= toleranceGrad };
  }

  /** dᵀHd from the hessianVectorProduct option, or undefined (the exact step then measures it). */
  private curvatureAlong(d: Tensor): number | undefined {
    if (this.hessianVectorProduct === undefined) return undefined;
    const hd = this.hessianVectorProduct(d.contiguous());
    if (!(hd instanceof Tensor) || hd.numel() !== d.numel()) {
      throw new TypeError(`${this.constructor.name}: hessianVectorProduct must return a tensor of ${d.numel()} elements`);
    }
    const h = hd.contiguous();
    return dot(h.dtype === d.dtype ? h : h.to(d.dtype), d);
  }

  /** Checks (and converts) restored state in place; throws a RangeError naming the entry at fault. */
  protected abstract restoreState(st: ParamState, op: string): void;

  /** Checks that st[name] is absent or a flat vector of the parameters' length, converted to their dtype. */
  protected restoreVector(st: ParamState, name: string, op: string): void {
    const v = st[name];
    if (v === undefined) return;
    if (!(v instanceof Tensor) || v.ndim !== 1 || v.numel() !== this.flat.numel) {
      throw new RangeError(`${op}: state ${name} must be a vector of ${this.flat.numel} elements, got ${v instanceof Tensor ? formatShape(v.shape) : typeof v}`);
    }
    if (v.dtype !== this.flat.dtype) st[name] = v.to(this.flat.dtype);
  }

  /** Checks that st[name] is absent or a number. */
  protected restoreNumber(st: ParamState, name: string, op: string): void {
    const v = st[name];
    if (v !== undefined && typeof v !== 'number') throw new TypeError(`${op}: state ${name} must be a number`);
  }

  /** Restores a stateDict(): the group's options and the global state, shapes as saved. */
  override loadStateDict(sd: OptimizerStateDict): void {
    const op = `${this.constructor.name}.loadStateDict`;
    if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.state === null || typeof sd.state !== 'object') {
      throw new TypeError(`${op}: expected { state, paramGroups }`);
    }
    if (sd.paramGroups.length !== 1) throw new RangeError(`${op}: the state dict has ${sd.paramGroups.length} parameter groups, this optimizer 1`);
    const params = this.paramGroups[0].params;
    const saved = sd.paramGroups[0];
    if (!Array.isArray(saved.params) || saved.params.length !== params.length) {
      throw new RangeError(`${op}: group 0 has ${saved.params?.length} parameters in the state dict, ${params.length} here`);
    }
    const restored = new Map<Tensor, ParamState>();
    for (const [key, st] of Object.entries(sd.state)) {
      const p = params[Number(key)];
      if (p === undefined) throw new RangeError(`${op}: state for parameter ${key}, which does not exist`);
      const entry: ParamState = {};
      for (const [k, v] of Object.entries(st)) {
        if (isTensorData(v)) {
          entry[k] = fromTensorData(v, op);
        } else if (typeof v === 'number' || v === null) {
          if (v !== null) entry[k] = v;
        } else {
          throw new TypeError(`${op}: state ${k} of parameter ${key} is neither a number nor tensor data`);
        }
      }
      this.restoreState(entry, op);
      restored.set(p, entry);
    }
    const { params: _ignored, ...options } = saved;
    const merged = { ...this.paramGroups[0], ...(JSON.parse(JSON.stringify(options)) as Partial<O>) } as ParamGroup<O>;
    this.validate(merged);
    Object.assign(this.paramGroups[0], merged, { params });
    this.state.clear();
    for (const [p, st] of restored) this.state.set(p, st);
  }
}
