// The curvature of a loss at the current parameters as a linear operator on flat float64
// vectors, from one recorded evaluation of the loss (exact, no finite differences):
//   Hessian:      H·v = ∇_θ⟨∇_θ f, v⟩ (double backward through the retained graph);
//   Gauss–Newton: G·v = Jᵀ·H_L·J·v (Schraudolph 2002; Martens 2010), J = ∂z/∂θ the Jacobian of
//                 the model output z, H_L = ∂²L/∂z² the Hessian of the loss in the output.
//                 J·v by the double-vjp trick (u ↦ Jᵀu is linear; its gradient along v is J·v),
//                 H_L·w by double backward in z, Jᵀ·w by one backward pass.
// G is positive semi-definite whenever L is convex in z (squared error, cross-entropy on logits),
// which makes it the curvature of choice for conjugate gradients on non-convex networks.
import { grad } from '../../autograd/backward';
import { enableGrad, setGradEnabled } from '../../autograd/grad-mode';
import { zerosOf } from '../../tensor/raw/alloc';
import { add, mul } from '../../ops/arithmetic';
import { sum } from '../../ops/reduction';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { concatFlat, splitLike } from '../second-order/parameter-layout';

/** Which curvature matrix: the exact Hessian, or the Gauss–Newton matrix JᵀH_LJ. */
export type CurvatureKind = 'hessian' | 'gaussNewton';

/**
 * What a second-order closure returns: the loss as a one-element Tensor with its graph, or, for
 * Gauss–Newton curvature, `{ output, loss }`: the model output z and the loss L(z) computed from
 * it in the same graph.
 */
export interface OutputAndLoss {
  output: Tensor;
  loss: Tensor;
}

export type CurvatureClosureResult = Tensor | OutputAndLoss;

/** A symmetric linear map on float64 vectors of length n. */
export interface LinearOperator {
  readonly n: number;
  apply(v: Tensor): Tensor;
}

/** The loss tensor of a closure result, checked to be a scalar. */
export function lossOf(result: unknown, op: string): Tensor | number {
  if (typeof result === 'number') return result;
  const loss = result instanceof Tensor ? result : isOutputAndLoss(result) ? result.loss : undefined;
  if (!(loss instanceof Tensor)) {
    throw new TypeError(`${op}: the closure must return the loss (a one-element Tensor) or { output, loss }, got ${describe(result)}`);
  }
  if (loss.numel() !== 1) throw new RangeError(`${op}: the loss must have one element, got shape ${formatShape(loss.shape)}`);
  return loss;
}

export function isOutputAndLoss(r: unknown): r is OutputAndLoss {
  return r !== null && typeof r === 'object' && !(r instanceof Tensor) && 'loss' in r && 'output' in r;
}

/** True when t is part of a graph that backward has not freed (so it can be differentiated). */
export function hasLiveGraph(t: Tensor): boolean {
  return t.requiresGrad && (t.gradFn === null || !t.gradFn.released);
}

function describe(r: unknown): string {
  if (r === null) return 'null';
  if (Array.isArray(r)) return 'an array';
  return typeof r === 'object' ? 'an object without loss and output tensors' : typeof r;
}

// Σᵢ ⟨aᵢ, bᵢ⟩ over the aᵢ that are part of a graph (null when none is).
function innerProduct(as: Array<Tensor | null>, bs: Tensor[]): Tensor | null {
  let total: Tensor | null = null;
  as.forEach((a, i) => {
    if (a === null || !a.requiresGrad) return;
    const term = sum(mul(a, bs[i]));
    total = total === null ? term : add(total, term);
  });
  return total;
}

export class CurvatureOperator implements LinearOperator {
  readonly kind: CurvatureKind;
  readonly n: number;
  /** f(θ) at the evaluation point. */
  readonly loss: number;
  /** ∇f(θ) as a float64 vector. */
  readonly grad: Tensor;
  /** Curvature-vector products computed so far. */
  products = 0;
  private readonly params: Tensor[];
  private readonly op: string;
  // Hessian: the gradient with its graph.
  private readonly gradients: Array<Tensor | null> = [];
  // Gauss–Newton: z, ∂L/∂z with its graph, the dummy u and Jᵀu with its graph.
  private readonly output: Tensor | null = null;
  private readonly lossGradOutput: Tensor | null = null;
  private readonly dummy: Tensor | null = null;
  private readonly transposedProduct: Array<Tensor | null> = [];

  /**
   * Builds the operator from a closure's result at the current parameters. The result's graph
   * must be intact (the closure returns the loss without calling backward, or calls backward
   * with { retainGraph: true }).
   */
  constructor(result: CurvatureClosureResult, params: Tensor[], kind: CurvatureKind, op: string) {
    this.op = op;
    this.kind = kind;
    this.params = params;
    this.n = params.reduce((s, p) => s + p.numel(), 0);
    const loss = lossOf(result, op);
    if (typeof loss === 'number') {
      throw new TypeError(`${op}: curvature needs the loss as a Tensor with its graph; the closure returned a number`);
    }
    if (!hasLiveGraph(loss)) {
      throw new Error(
        loss.requiresGrad
          ? `${op}: the loss graph was freed by backward(); return the loss without calling backward() (the optimizer differentiates it) or call backward({ retainGraph: true })`
          : `${op}: the loss does not depend on any parameter that requires grad`,
      );
    }
    this.loss = loss.item();
    const previous = setGradEnabled(true);
    try {
      if (kind === 'hessian') {
        const gs = grad(loss, params, { createGraph: true, allowUnused: true });
        this.gradients = gs;
        this.grad = concatFlat(gs, params, this.n);
        return;
      }
      if (!isOutputAndLoss(result)) {
        throw new TypeError(`${op}: Gauss–Newton curvature needs the closure to return { output, loss }, with loss computed from output`);
      }
      const z = result.output;
      if (!(z instanceof Tensor) || !hasLiveGraph(z)) {
        throw new TypeError(`${op}: output must be a Tensor in the loss graph that depends on the parameters`);
      }
      this.output = z;
      const [gz] = grad(loss, [z], { createGraph: true, allowUnused: true });
      if (gz === null) throw new Error(`${op}: the loss does not depend on output (shape ${formatShape(z.shape)})`);
      this.lossGradOutput = gz;
      const gs = grad(z, params, { gradOutputs: [gz.detach()], retainGraph: true, allowUnused: true });
      this.grad = concatFlat(gs, params, this.n);
      const u = zerosOf(z.shape, z.dtype).requiresGrad_();
      this.dummy = u;
      this.transposedProduct = grad(z, params, { gradOutputs: [u], createGraph: true, allowUnused: true });
    } finally {
      setGradEnabled(previous);
    }
  }

  /** The curvature times v (a float64 vector of n elements), as a fresh float64 vector. */
  apply(v: Tensor): Tensor {
    if (!(v instanceof Tensor) || v.numel() !== this.n) {
      throw new RangeError(`${this.op}: curvature product expects a vector of ${this.n} elements, got ${v instanceof Tensor ? formatShape(v.shape) : typeof v}`);
    }
    this.products++;
    const dtype = this.params[0].dtype;
    const vs = splitLike(v.contiguous(), this.params, dtype);
    const params = this.params;
    return enableGrad(() => {
      if (this.kind === 'hessian') {
        const gv = innerProduct(this.gradients, vs);
        if (gv === null) return zerosOf([this.n], 'float64');
        const hv = grad(gv, params, { retainGraph: true, allowUnused: true });
        return concatFlat(hv, params, this.n);
      }
      const z = this.output!;
      // J·v: the gradient in u of ⟨Jᵀu, v⟩.
      const jtuv = innerProduct(this.transposedProduct, vs);
      if (jtuv === null) return zerosOf([this.n], 'float64');
      const [jv] = grad(jtuv, [this.dummy!], { retainGraph: true, allowUnused: true });
      if (jv === null) return zerosOf([this.n], 'float64');
      // H_L·(J·v): the gradient in z of ⟨∂L/∂z, J·v⟩ (zero when L is linear in z).
      const gz = this.lossGradOutput!;
      if (!gz.requiresGrad) return zerosOf([this.n], 'float64');
      const [hjv] = grad(sum(mul(gz, jv)), [z], { retainGraph: true, allowUnused: true });
      if (hjv === null) return zerosOf([this.n], 'float64');
      // Jᵀ·(H_L·J·v): one backward pass from z.
      const out = grad(z, params, { gradOutputs: [hjv], retainGraph: true, allowUnused: true });
      return concatFlat(out, params, this.n);
    });
  }

  /** The dense [n, n] float64 matrix, column by column from n products, symmetrized. */
  dense(): Tensor {
    const n = this.n;
    const m = zerosOf([n, n], 'float64');
    const a = m.storage.data;
    const e = zerosOf([n], 'float64');
    const ev = e.storage.data;
    for (let j = 0; j < n; j++) {
      ev[j] = 1;
      const col = this.apply(e).storage.data;
      ev[j] = 0;
      for (let i = 0; i < n; i++) a[i * n + j] = col[i];
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const s = 0.5 * (a[i * n + j] + a[j * n + i]);
        a[i * n + j] = s;
        a[j * n + i] = s;
      }
    }
    return m;
  }
}
