// The base of the methods that see the parameters as one flat vector and re-evaluate the
// objective several times per step (ARCHITECTURE decision 10): conjugate gradients, BFGS,
// L-BFGS. Like PyTorch's LBFGS they take exactly one parameter group, require a closure, and keep
// their global state (flat vectors, counters) under the first parameter, where stateDict() and
// loadStateDict() carry it as is.
import { setGradEnabled } from '../../autograd/grad-mode';
import { dot, norm2, normInf } from '../../linalg/level1';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { fromTensorData, isTensorData } from '../../tensor/tensor-data';
import { LineFunction, LineSearchName } from '../line-search/line-function';
import { checkLineSearchName, runLineSearch } from '../line-search/select';
import { BaseOptions, checkRange, Closure, OptimizerStateDict, ParamGroup, ParamsArg, ParamState } from '../optimizer';
import { SingleGroupOptimizer } from './single-group-optimizer';

/** Stopping rules of one step(closure), PyTorch's LBFGS ones. */
export interface FlatMethodOptions extends BaseOptions {
  /** Step size scale: the first trial step of a line search, or the fixed step without one. Default 1. */
  lr: number;
  /** Maximum iterations per step(). Default 20. */
  maxIter: number;
  /** Maximum closure evaluations per step() (checked after each iteration). Default ⌊1.25·maxIter⌋. */
  maxEval: number;
  /** Stop when ‖∇f‖∞ ≤ toleranceGrad. Default 1e-7. */
  toleranceGrad: number;
  /** Stop when the step max|αd| or the loss change |Δf| falls below this. Default 1e-9. */
  toleranceChange: number;
}

/** Options of the methods that are not group options (functions do not go in state dicts). */
export interface CurvatureOptions {
  /**
   * v ↦ Hv on flat vectors, for `lineSearch: 'exact'` (the step −gᵀd/dᵀHd). Without it the
   * exact step measures dᵀHd from the gradient at the trial step (one more evaluation).
   */
  hessianVectorProduct?: (v: Tensor) => Tensor;
}

/** The defaults of the shared options, maxEval derived from maxIter as PyTorch does. */
export function flatMethodDefaults<O extends Partial<FlatMethodOptions>>(opts: O): FlatMethodOptions {
  const maxIter = opts.maxIter ?? 20;
  return {
    lr: opts.lr ?? 1,
    maxIter,
    maxEval: opts.maxEval ?? Math.floor((maxIter * 5) / 4),
    toleranceGrad: opts.toleranceGrad ?? 1e-7,
    toleranceChange: opts.toleranceChange ?? 1e-9,
  };
}

export function validateFlatMethod(op: string, o: FlatMethodOptions): void {
  checkRange(op, 'lr', o.lr, 0, Infinity, true);
  for (const name of ['maxIter', 'maxEval'] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 1) throw new RangeError(`${op}: ${name} must be a positive integer, got ${String(o[name])}`);
  }
  checkRange(op, 'toleranceGrad', o.toleranceGrad, 0, Infinity);
  checkRange(op, 'toleranceChange', o.toleranceChange, 0, Infinity);
}

export function validateLineSearch(op: string, option: string, v: unknown): LineSearchName | null {
  return checkLineSearchName(op, option, v);
}

export abstract class FlatOptimizer<O extends FlatMethodOptions> extends SingleGroupOptimizer<O> {
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

  /** The algorithm: iterations of one step() (recording off). */
  protected abstract iterate(closure: Closure, group: ParamGroup<O>): number;

  /** Iterations over all steps so far (PyTorch's state n_iter). */
  get iterations(): number {
    const v = this.state.get(this.flat.params[0])?.n_iter;
    return typeof v === 'number' ? v : 0;
  }

  /**
   * φ(α) = f(θ + αd) for a line search from θ: moves the parameters, evaluates the closure,
   * puts θ back (the accepted step is applied afterwards with addScaled).
   */
  protected lineFunction(closure: Closure, d: Tensor): LineFunction {
    const origin = this.flat.get();
    return (step) => {
      this.flat.addScaled(step, d);
      const ev = this.flat.evaluate(closure);
      this.flat.set(origin);
      return { value: ev.loss, slope: dot(ev.grad, d), grad: ev.grad };
    };
  }

  /**
   * The start of every step(): counters in the global state, the closure evaluated at θ, and
   * whether ‖∇f‖∞ is already within toleranceGrad.
   */
  protected beginStep(closure: Closure, toleranceGrad: number): { st: ParamState; loss: number; grad: Tensor; converged: boolean } {
    const st = this.scalars({ func_evals: 0, n_iter: 0 });
    const first = this.flat.evaluate(closure);
    st.func_evals = (st.func_evals as number) + 1;
    return { st, loss: first.loss, grad: first.grad, converged: normInf(first.grad) <= toleranceGrad };
  }

  /**
   * The line search's first trial step: min(1, 1/‖∇f‖₂)·lr at the very first iteration, then
   * min(lr, 2.02·(fₖ − fₖ₋₁)/∇fᵀd) (Nocedal & Wright, eq. 3.60) when that is a positive number.
   */
  protected firstTrialStep(lr: number, grad: Tensor, loss: number, prevLoss: number | undefined, slope: number): number {
    if (prevLoss === undefined) return Math.min(1, 1 / norm2(grad)) * lr;
    const guess = (2.02 * (loss - prevLoss)) / slope;
    return guess > 0 && Number.isFinite(guess) ? Math.min(lr, guess) : lr;
  }

  /**
   * Moves θ by t·d: with a line search, from its accepted step; without one, by t itself and a
   * new evaluation (skipped on the last iteration, whose point the next step() evaluates).
   * Returns the new loss and gradient, the step taken, the evaluations spent and whether
   * max|∇f| ≤ toleranceGrad.
   */
  protected moveAlong(
    closure: Closure, d: Tensor, t: number, at: { loss: number; grad: Tensor; slope: number },
    search: { name: LineSearchName | null; c1: number; c2: number; maxIter: number; shrink: number },
    toleranceGrad: number, lastIteration: boolean,
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
  protected curvatureAlong(d: Tensor): number | undefined {
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
