// The parameters of a model seen as one flat vector θ (docs/ARCHITECTURE.md, decision 10): line
// searches and second-order methods read θ and ∇f(θ) as 1-D copies, and write θ back in place,
// one native call per parameter tensor (strided copy or axpy), never an element loop in JavaScript.
import { enableGrad, setGradEnabled } from '../../autograd/grad-mode';
import { axpy } from '../../linalg/level1';
import { DType, isFloat } from '../../tensor/dtype';
import { zerosOf } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { parametersToVector, vectorToParameters } from '../../nn/utils/vector';
import type { Closure } from '../optimizer';

/** The result of one evaluation of the objective: f(θ) and a fresh copy of ∇f(θ). */
export interface Evaluation {
  loss: number;
  grad: Tensor;
}

export class FlatParameters {
  readonly params: Tensor[];
  /** Total number of elements (the length of θ). */
  readonly numel: number;
  readonly dtype: DType;
  private readonly op: string;

  /** params: float tensors of one dtype; op names the caller in error messages. */
  constructor(params: Tensor[], op: string) {
    this.op = op;
    if (!Array.isArray(params) || params.length === 0) throw new RangeError(`${op}: expected a non-empty array of parameter tensors`);
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new TypeError(`${op}: params[${i}] is not a Tensor`);
      if (!isFloat(p.dtype)) throw new TypeError(`${op}: params[${i}] is ${p.dtype}; only float tensors can be optimized`);
      if (p.dtype !== params[0].dtype) {
        throw new TypeError(`${op}: all parameters must have one dtype; params[0] is ${params[0].dtype}, params[${i}] is ${p.dtype}`);
      }
    });
    this.params = params.slice();
    this.dtype = params[0].dtype;
    this.numel = params.reduce((s, p) => s + p.numel(), 0);
  }

  /** A fresh contiguous 1-D copy of θ. */
  get(): Tensor {
    return parametersToVector(this.params);
  }

  /** θ ← x in place (x is [numel]); not recorded; the in-place copies bump the versions. */
  set(x: Tensor): void {
    vectorToParameters(this.vector(x, 'set'), this.params);
  }

  /** θ ← θ + α·d in place (one axpy kernel per contiguous parameter). */
  addScaled(alpha: number, direction: Tensor): void {
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new RangeError(`${this.op}: step size must be a finite number, got ${String(alpha)}`);
    const d = this.vector(direction, 'addScaled');
    if (alpha === 0) return;
    const previous = setGradEnabled(false);
    try {
      let at = 0;
      for (const p of this.params) {
        const n = p.numel();
        const segment = new Tensor(d.storage, p.shape, undefined, d.offset + at);
        if (p.isContiguous() && p.storage !== d.storage) {
          axpy(alpha, segment, p);
          p.storage.version++;
        } else {
          p.add_(segment.mul(alpha));
        }
        at += n;
      }
    } finally {
      setGradEnabled(previous);
    }
  }

  /** A fresh 1-D copy of the gradients (zeros where a parameter's grad is null). */
  grad(): Tensor {
    const out = zerosOf([this.numel], this.dtype);
    let at = 0;
    for (const p of this.params) {
      if (p.grad !== null) copyInto(p.grad, new Tensor(out.storage, p.shape, undefined, at));
      at += p.numel();
    }
    return out;
  }

  /**
   * Clears the gradients, runs closure with recording on (it computes the loss and calls
   * backward), and returns the loss and a copy of the gradient.
   */
  evaluate(closure: Closure, opts: { backward?: boolean } = {}): Evaluation {
    if (typeof closure !== 'function') throw new TypeError(`${this.op}: closure must be a function that computes the loss (calling backward() or not)`);
    this.zeroGrad();
    const before = this.params.map((p) => (p.grad === null ? null : { grad: p.grad, version: p.grad.storage.version }));
    const r = enableGrad(closure);
    let loss: number;
    if (r instanceof Tensor) {
      if (r.numel() !== 1) throw new RangeError(`${this.op}: the closure must return a scalar loss, got shape ${formatShape(r.shape)}`);
      // A closure may return the loss without calling backward() (the style Newton and
      // HessianFree need): then no gradient was touched and the backward pass runs here.
      const touched = this.params.some((p, i) => {
        const b = before[i];
        return b === null ? p.grad !== null : p.grad !== b.grad || p.grad.storage.version !== b.version;
      });
      if (!touched && r.requiresGrad && (opts.backward ?? true)) enableGrad(() => r.backward());
      loss = r.item();
    } else if (typeof r === 'number') {
      loss = r;
    } else {
      throw new TypeError(`${this.op}: the closure must return the loss (a Tensor or a number), got ${typeof r}`);
    }
    return { loss, grad: this.grad() };
  }

  private zeroGrad(): void {
    const previous = setGradEnabled(false);
    try {
      for (const p of this.params) {
        const g = p.grad;
        if (g === null) continue;
        // Gradients that are views of a shared (flattened) buffer are zeroed in place.
        if (g.offset !== 0 || g.numel() !== g.storage.length) g.zero_();
        else p.grad = null;
      }
    } finally {
      setGradEnabled(previous);
    }
  }

  /** x as a contiguous 1-D tensor of this dtype and numel elements. */
  private vector(x: Tensor, method: string): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError(`${this.op}: ${method} expects a Tensor, got ${typeof x}`);
    if (x.ndim !== 1 || x.numel() !== this.numel) {
      throw new RangeError(`${this.op}: ${method} expects a 1-D tensor of ${this.numel} elements, got shape ${formatShape(x.shape)}`);
    }
    const c = x.contiguous();
    return c.dtype === this.dtype ? c : c.to(this.dtype);
  }
}
