// The Tensor (docs/ARCHITECTURE.md, decision 1): a view (offset, shape, strides) of a storage
// holding a typed array. Almost every tensor is contiguous; transpose() and slicing return views.
// This file is the tensor core: data, views and element access. The operations (add, matmul,
// sum, ...), backward() and retainGrad() are attached as methods by lib/ops/tensor-methods.ts:
// the core sits below autograd and the ops (docs/ARCHITECTURE.md, layers).
import { DType, TypedArray } from './dtype';
import { formatTensor } from './format';
import { contiguousStrides, formatShape, sizeOf, Shape } from './shape';
import { Storage } from './storage';

export type NestedArray = number | NestedArray[];
export type Operand = Tensor | number;

/**
 * The recorded operation that produced a tensor. The autograd layer's Node fills this interface
 * in (lib/autograd/node.ts); the core only stores the reference.
 */
export interface GradFn {}

/** The node accumulating a leaf's gradient (lib/autograd/node.ts's AccumulateGrad). */
export interface GradAccumulator {}

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
  gradFn: GradFn | null = null;
  /** @internal Which output of gradFn this tensor is. */
  outputIndex = 0;
  /** @internal The node accumulating this leaf's gradient. */
  accumulator: GradAccumulator | null = null;
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
    setRequiresGrad(this, flag, 'requiresGrad');
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
    setRequiresGrad(this, flag, 'requiresGrad_');
    return this;
  }

  /** A tensor sharing this one's storage, cut from the graph (never requires grad). */
  detach(): Tensor {
    assertUsable(this, 'detach');
    return new Tensor(this.storage, this.shape, this.strides, this.offset);
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
    const flat = this.elements();
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
    return formatTensor(this.elements(), this.shape, this.dtype);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The elements in row-major order: the live values of a contiguous tensor, else a copy read element by element. */
  private elements(): TypedArray {
    if (this.isContiguous()) return this.values();
    assertUsable(this, 'data');
    const n = this.numel();
    const out = new (this.storage.data.constructor as new (n: number) => TypedArray)(n);
    const src = this.storage.data;
    const index = new Array<number>(this.ndim).fill(0);
    let at = this.offset;
    for (let i = 0; i < n; i++) {
      out[i] = src[at];
      // Advance the multi-index, last dimension fastest.
      for (let d = this.ndim - 1; d >= 0; d--) {
        index[d]++;
        at += this.strides[d];
        if (index[d] < this.shape[d]) break;
        at -= index[d] * this.strides[d];
        index[d] = 0;
      }
    }
    return out;
  }
}

/** Throws when t's storage was recycled by d.tidy(). */
export function assertUsable(t: Tensor, op: string): void {
  if (t.storage.released) {
    throw new Error(`${op}: this tensor was released by d.tidy() (keep it with d.keep(t) or return it from the scope)`);
  }
}

/** The requiresGrad rules: only leaves change the flag, and only float tensors require grad. */
function setRequiresGrad(t: Tensor, flag: boolean, op: string): void {
  if (typeof flag !== 'boolean') throw new TypeError(`${op}: expected a boolean, got ${typeof flag}`);
  if (!t.isLeaf) {
    if (flag) return;
    throw new Error(`${op}: requiresGrad can only be changed on leaf tensors; use detach() to cut a tensor from the graph`);
  }
  if (flag && t.dtype === 'int32') throw new TypeError(`${op}: only float tensors can require grad, got int32`);
  t.setRequiresGradUnchecked(flag);
}
