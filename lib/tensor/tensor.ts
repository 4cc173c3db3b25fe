// The Tensor (ARCHITECTURE decision 1): a view (offset, shape, strides) of a storage holding a
// typed array. Almost every tensor is contiguous; transpose() and slicing return views; every
// op reads what it needs (making a contiguous copy when its kernel wants one).
import { DType, TypedArray } from './dtype';
import { formatTensor } from './format';
import { contiguousStrides, formatShape, sizeOf, Shape } from './shape';
import { Storage } from './storage';
import * as arith from './ops/arithmetic';
import * as act from './ops/activation';
import * as cmp from './ops/comparison';
import * as red from './ops/reduction';
import * as lin from './ops/linalg';
import * as shp from './ops/shape';
import * as idx from './ops/indexing';
import * as inplace from './ops/inplace';
import * as conv from './ops/conversion';
import type { AccumulateGrad, Node } from '../autograd/node';
import * as grad from '../autograd/backward';

export type NestedArray = number | NestedArray[];
export type Operand = Tensor | number;

let liveTensors = 0;
const tensorRegistry = new FinalizationRegistry<null>(() => {
  liveTensors--;
});

/** Number of Tensor objects alive as of the last garbage collection. */
export function liveTensorCount(): number {
  return liveTensors;
}

export class Tensor {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  /** The gradient accumulated by backward (leaves, and non-leaves after retainGrad()). */
  grad: Tensor | null = null;
  /** The recorded operation that produced this tensor; null for leaves. */
  gradFn: Node | null = null;
  /** @internal Which output of gradFn this tensor is. */
  outputIndex = 0;
  /** @internal The node accumulating this leaf's gradient. */
  accumulator: AccumulateGrad | null = null;
  private requiresGradValue = false;

  /** @internal Use d.tensor, d.fromArray, d.zeros, ... to create tensors. */
  constructor(
    /** @internal */ readonly storage: Storage,
    shape: Shape,
    strides?: Shape,
    /** Element offset of the first element inside the storage. */
    readonly offset = 0,
  ) {
    this.shape = Object.freeze(shape.slice());
    this.strides = Object.freeze(strides ? strides.slice() : contiguousStrides(shape));
    liveTensors++;
    tensorRegistry.register(this, null);
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  /** Whether operations on this tensor are recorded for backward. */
  get requiresGrad(): boolean {
    return this.requiresGradValue;
  }

  set requiresGrad(flag: boolean) {
    grad.setRequiresGrad(this, flag, 'requiresGrad');
  }

  /** @internal Sets the flag without the leaf checks (used when recording). */
  setRequiresGradUnchecked(flag: boolean): void {
    this.requiresGradValue = flag;
  }

  /** True for tensors not produced by a recorded operation. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Sets requiresGrad on a leaf (float dtypes only). Returns this. */
  requiresGrad_(flag = true): this {
    grad.setRequiresGrad(this, flag, 'requiresGrad_');
    return this;
  }

  /**
   * Computes the gradient of this tensor with respect to the leaves that require grad and adds
   * it to their .grad. gradient defaults to 1 for one-element tensors.
   */
  backward(gradient?: Tensor, opts: grad.BackwardOptions = {}): void {
    grad.backward(this, gradient, opts);
  }

  /** A tensor sharing this one's storage, cut from the graph (never requires grad). */
  detach(): Tensor {
    assertUsable(this, 'detach');
    return new Tensor(this.storage, this.shape, this.strides, this.offset);
  }

  /** Keeps the gradient of this non-leaf tensor in .grad during backward. */
  retainGrad(): this {
    grad.retainGrad(this);
    return this;
  }

  /** @internal A new tensor object over the same elements (same storage, shape and strides). */
  view(): Tensor {
    return new Tensor(this.storage, this.shape, this.strides, this.offset);
  }

  get ndim(): number {
    return this.shape.length;
  }

  numel(): number {
    return sizeOf(this.shape);
  }

  /** True when the elements are laid out row-major without gaps (sizes of 1 ignore strides). */
  isContiguous(): boolean {
    let step = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      if (this.shape[d] !== 1 && this.strides[d] !== step) return false;
      step *= this.shape[d];
    }
    return true;
  }

  /** This tensor when contiguous, else a contiguous copy. */
  contiguous(): Tensor {
    return shp.contiguous(this);
  }

  /**
   * The live storage of a contiguous tensor (writes show through; raw writes are not tracked by
   * version counters). Throws on a non-contiguous view: call contiguous() first.
   */
  get data(): TypedArray {
    return this.values();
  }

  /**
   * @internal The elements of a contiguous tensor, for library code that reads them without
   * handing the array to the caller (so the memory stays recyclable). Throws on a view.
   */
  values(): TypedArray {
    assertUsable(this, 'data');
    if (!this.isContiguous()) {
      throw new Error(
        `data: this tensor is a non-contiguous view (shape ${formatShape(this.shape)}, strides ${formatShape(this.strides)}); call contiguous() first`,
      );
    }
    const n = this.numel();
    const all = this.storage.data;
    return this.offset === 0 && n === all.length ? all : all.subarray(this.offset, this.offset + n);
  }

  toArray(): NestedArray {
    const flat = this.contiguous().values();
    if (this.shape.length === 0) return flat[0];
    const build = (dim: number, offset: number): NestedArray[] => {
      const size = this.shape[dim];
      const out: NestedArray[] = new Array(size);
      if (dim === this.shape.length - 1) {
        for (let i = 0; i < size; i++) out[i] = flat[offset + i];
        return out;
      }
      const stride = sizeOf(this.shape.slice(dim + 1));
      for (let i = 0; i < size; i++) out[i] = build(dim + 1, offset + i * stride);
      return out;
    };
    return build(0, 0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    assertUsable(this, 'item');
    if (this.numel() !== 1) {
      throw new RangeError(`item: only one-element tensors can be converted to a number, got shape ${formatShape(this.shape)}`);
    }
    return this.storage.data[this.offset];
  }

  toString(): string {
    return formatTensor(this.contiguous().values(), this.shape, this.dtype);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** A copy converted to dtype (this tensor itself when it already has that dtype). */
  to(dtype: DType): Tensor {
    return conv.to(this, dtype);
  }

  /** A contiguous copy with its own storage. */
  clone(): Tensor {
    return conv.clone(this);
  }

  // Arithmetic (broadcasting; a number stands for a tensor of this dtype).
  add(o: Operand): Tensor { return arith.add(this, o); }
  sub(o: Operand): Tensor { return arith.sub(this, o); }
  mul(o: Operand): Tensor { return arith.mul(this, o); }
  div(o: Operand): Tensor { return arith.div(this, o); }
  pow(o: Operand): Tensor { return arith.pow(this, o); }
  maximum(o: Operand): Tensor { return arith.maximum(this, o); }
  minimum(o: Operand): Tensor { return arith.minimum(this, o); }
  neg(): Tensor { return arith.neg(this); }
  abs(): Tensor { return arith.abs(this); }
  sign(): Tensor { return arith.sign(this); }
  square(): Tensor { return arith.square(this); }
  reciprocal(): Tensor { return arith.reciprocal(this); }
  exp(): Tensor { return arith.exp(this); }
  log(): Tensor { return arith.log(this); }
  sqrt(): Tensor { return arith.sqrt(this); }
  rsqrt(): Tensor { return arith.rsqrt(this); }
  clamp(lo: number | null, hi: number | null): Tensor { return arith.clamp(this, lo, hi); }

  // Activations.
  relu(): Tensor { return act.relu(this); }
  sigmoid(): Tensor { return act.sigmoid(this); }
  tanh(): Tensor { return act.tanh(this); }
  softplus(opts?: act.SoftplusOptions): Tensor { return act.softplus(this, opts); }
  leakyRelu(negativeSlope = 0.01): Tensor { return act.leakyRelu(this, negativeSlope); }
  elu(alpha = 1): Tensor { return act.elu(this, alpha); }
  softmax(axis = -1): Tensor { return act.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return act.logSoftmax(this, axis); }

  // Comparisons: float 0/1 results (float32 for int32 operands).
  eq(o: Operand): Tensor { return cmp.eq(this, o); }
  ne(o: Operand): Tensor { return cmp.ne(this, o); }
  lt(o: Operand): Tensor { return cmp.lt(this, o); }
  le(o: Operand): Tensor { return cmp.le(this, o); }
  gt(o: Operand): Tensor { return cmp.gt(this, o); }
  ge(o: Operand): Tensor { return cmp.ge(this, o); }

  // Reductions over one axis, several, or all (axis omitted).
  sum(axis?: number | number[], keepDims = false): Tensor { return red.sum(this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return red.mean(this, axis, keepDims); }
  max(axis?: number | number[], keepDims = false): Tensor { return red.max(this, axis, keepDims); }
  min(axis?: number | number[], keepDims = false): Tensor { return red.min(this, axis, keepDims); }
  var(axis?: number | number[], keepDims = false, opts?: red.VarOptions): Tensor { return red.variance(this, axis, keepDims, opts); }
  argmax(axis?: number, keepDims = false): Tensor { return red.argmax(this, axis, keepDims); }
  argmin(axis?: number, keepDims = false): Tensor { return red.argmin(this, axis, keepDims); }

  // Linear algebra and shapes.
  matmul(o: Tensor): Tensor { return lin.matmul(this, o); }
  transpose(dim0 = -2, dim1 = -1): Tensor { return shp.transpose(this, dim0, dim1); }
  /** The transpose of the last two dimensions (a view). */
  get T(): Tensor { return shp.transpose(this, -2, -1); }
  permute(...dims: number[]): Tensor { return shp.permute(this, dims); }
  reshape(shape: readonly number[]): Tensor { return shp.reshape(this, shape); }
  flatten(startDim = 0, endDim = -1): Tensor { return shp.flatten(this, startDim, endDim); }
  squeeze(axis?: number): Tensor { return shp.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return shp.unsqueeze(this, axis); }
  expand(shape: readonly number[]): Tensor { return shp.expand(this, shape); }
  /** Elements [start, start + length) along axis (a view). */
  narrow(axis: number, start: number, length: number): Tensor { return shp.narrow(this, axis, start, length); }
  /** Rows start..end of the first dimension, like Array.prototype.slice (a view). */
  slice(start?: number, end?: number): Tensor { return shp.slice(this, start, end); }

  // Indexing.
  gather(axis: number, index: Tensor): Tensor { return idx.gather(this, axis, index); }
  indexSelect(axis: number, index: Tensor): Tensor { return idx.indexSelect(this, axis, index); }

  // In place, versioned (decision 3).
  add_(o: Operand): this { return inplace.add_(this, o); }
  sub_(o: Operand): this { return inplace.sub_(this, o); }
  mul_(o: Operand): this { return inplace.mul_(this, o); }
  div_(o: Operand): this { return inplace.div_(this, o); }
  copy_(src: Operand): this { return inplace.copy_(this, src); }
  zero_(): this { return inplace.fill_(this, 0); }
  fill_(value: number): this { return inplace.fill_(this, value); }
  clamp_(lo: number | null, hi: number | null): this { return inplace.clamp_(this, lo, hi); }
}

/** Throws when t's storage was recycled by d.tidy(). */
export function assertUsable(t: Tensor, op: string): void {
  if (t.storage.released) {
    throw new Error(`${op}: this tensor was released by d.tidy() (keep it with d.keep(t) or return it from the scope)`);
  }
}
