// The fluent Tensor methods (t.add(u), t.sum(0), t.backward(), ...). The Tensor class of the
// tensor core holds data and views only; this file attaches the operations of the layers above it
// (docs/ARCHITECTURE.md, layers), so the core never imports them. Loaded by lib/index.ts.
import { backward, BackwardOptions, retainGrad } from '../autograd/backward';
import { DType } from '../tensor/dtype';
import { Operand, Tensor } from '../tensor/tensor';
import * as act from './activation';
import * as arith from './arithmetic';
import * as cmp from './comparison';
import * as conv from './conversion';
import * as idx from './indexing';
import * as inplace from './inplace';
import * as lin from './matmul';
import * as red from './reduction';
import * as shp from './shape';

declare module '../tensor/tensor' {
  interface Tensor {
    /**
     * Computes the gradient of this tensor with respect to the leaves that require grad and adds
     * it to their .grad. gradient defaults to 1 for one-element tensors.
     */
    backward(gradient?: Tensor, opts?: BackwardOptions): void;
    /** Keeps the gradient of this non-leaf tensor in .grad during backward. */
    retainGrad(): this;

    /** This tensor when contiguous, else a contiguous copy. */
    contiguous(): Tensor;
    /** A copy converted to dtype (this tensor itself when it already has that dtype). */
    to(dtype: DType): Tensor;
    /** A contiguous copy with its own storage. */
    clone(): Tensor;

    // Arithmetic (broadcasting; a number stands for a tensor of this dtype).
    add(o: Operand): Tensor;
    sub(o: Operand): Tensor;
    mul(o: Operand): Tensor;
    div(o: Operand): Tensor;
    pow(o: Operand): Tensor;
    maximum(o: Operand): Tensor;
    minimum(o: Operand): Tensor;
    neg(): Tensor;
    abs(): Tensor;
    sign(): Tensor;
    square(): Tensor;
    reciprocal(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    clamp(lo: number | null, hi: number | null): Tensor;

    // Activations.
    relu(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    softplus(opts?: act.SoftplusOptions): Tensor;
    leakyRelu(negativeSlope?: number): Tensor;
    elu(alpha?: number): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;

    // Comparisons: float 0/1 results (float32 for int32 operands).
    eq(o: Operand): Tensor;
    ne(o: Operand): Tensor;
    lt(o: Operand): Tensor;
    le(o: Operand): Tensor;
    gt(o: Operand): Tensor;
    ge(o: Operand): Tensor;

    // Reductions over one axis, several, or all (axis omitted).
    sum(axis?: number | number[], keepDims?: boolean): Tensor;
    mean(axis?: number | number[], keepDims?: boolean): Tensor;
    max(axis?: number | number[], keepDims?: boolean): Tensor;
    min(axis?: number | number[], keepDims?: boolean): Tensor;
    var(axis?: number | number[], keepDims?: boolean, opts?: red.VarOptions): Tensor;
    argmax(axis?: number, keepDims?: boolean): Tensor;
    argmin(axis?: number, keepDims?: boolean): Tensor;

    // Linear algebra and shapes.
    matmul(o: Tensor): Tensor;
    transpose(dim0?: number, dim1?: number): Tensor;
    /** The transpose of the last two dimensions (a view). */
    readonly T: Tensor;
    permute(...dims: number[]): Tensor;
    reshape(shape: readonly number[]): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    squeeze(axis?: number): Tensor;
    unsqueeze(axis: number): Tensor;
    expand(shape: readonly number[]): Tensor;
    /** Elements [start, start + length) along axis (a view). */
    narrow(axis: number, start: number, length: number): Tensor;
    /** Rows start..end of the first dimension, like Array.prototype.slice (a view). */
    slice(start?: number, end?: number): Tensor;

    // Indexing.
    gather(axis: number, index: Tensor): Tensor;
    indexSelect(axis: number, index: Tensor): Tensor;

    // In place, versioned (docs/ARCHITECTURE.md, decision 3).
    add_(o: Operand): this;
    sub_(o: Operand): this;
    mul_(o: Operand): this;
    div_(o: Operand): this;
    copy_(src: Operand): this;
    zero_(): this;
    fill_(value: number): this;
    clamp_(lo: number | null, hi: number | null): this;
  }
}

type Methods = { [K in keyof Tensor]?: unknown };
const methods: Methods & ThisType<Tensor> = {
  backward(gradient?: Tensor, opts: BackwardOptions = {}) { backward(this, gradient, opts); },
  retainGrad() { retainGrad(this); return this; },

  contiguous() { return shp.contiguous(this); },
  to(dtype: DType) { return conv.to(this, dtype); },
  clone() { return conv.clone(this); },

  add(o: Operand) { return arith.add(this, o); },
  sub(o: Operand) { return arith.sub(this, o); },
  mul(o: Operand) { return arith.mul(this, o); },
  div(o: Operand) { return arith.div(this, o); },
  pow(o: Operand) { return arith.pow(this, o); },
  maximum(o: Operand) { return arith.maximum(this, o); },
  minimum(o: Operand) { return arith.minimum(this, o); },
  neg() { return arith.neg(this); },
  abs() { return arith.abs(this); },
  sign() { return arith.sign(this); },
  square() { return arith.square(this); },
  reciprocal() { return arith.reciprocal(this); },
  exp() { return arith.exp(this); },
  log() { return arith.log(this); },
  sqrt() { return arith.sqrt(this); },
  rsqrt() { return arith.rsqrt(this); },
  clamp(lo: number | null, hi: number | null) { return arith.clamp(this, lo, hi); },

  relu() { return act.relu(this); },
  sigmoid() { return act.sigmoid(this); },
  tanh() { return act.tanh(this); },
  softplus(opts?: act.SoftplusOptions) { return act.softplus(this, opts); },
  leakyRelu(negativeSlope = 0.01) { return act.leakyRelu(this, negativeSlope); },
  elu(alpha = 1) { return act.elu(this, alpha); },
  softmax(axis = -1) { return act.softmax(this, axis); },
  logSoftmax(axis = -1) { return act.logSoftmax(this, axis); },

  eq(o: Operand) { return cmp.eq(this, o); },
  ne(o: Operand) { return cmp.ne(this, o); },
  lt(o: Operand) { return cmp.lt(this, o); },
  le(o: Operand) { return cmp.le(this, o); },
  gt(o: Operand) { return cmp.gt(this, o); },
  ge(o: Operand) { return cmp.ge(this, o); },

  sum(axis?: number | number[], keepDims = false) { return red.sum(this, axis, keepDims); },
  mean(axis?: number | number[], keepDims = false) { return red.mean(this, axis, keepDims); },
  max(axis?: number | number[], keepDims = false) { return red.max(this, axis, keepDims); },
  min(axis?: number | number[], keepDims = false) { return red.min(this, axis, keepDims); },
  var(axis?: number | number[], keepDims = false, opts?: red.VarOptions) { return red.variance(this, axis, keepDims, opts); },
  argmax(axis?: number, keepDims = false) { return red.argmax(this, axis, keepDims); },
  argmin(axis?: number, keepDims = false) { return red.argmin(this, axis, keepDims); },

  matmul(o: Tensor) { return lin.matmul(this, o); },
  transpose(dim0 = -2, dim1 = -1) { return shp.transpose(this, dim0, dim1); },
  permute(...dims: number[]) { return shp.permute(this, dims); },
  reshape(shape: readonly number[]) { return shp.reshape(this, shape); },
  flatten(startDim = 0, endDim = -1) { return shp.flatten(this, startDim, endDim); },
  squeeze(axis?: number) { return shp.squeeze(this, axis); },
  unsqueeze(axis: number) { return shp.unsqueeze(this, axis); },
  expand(shape: readonly number[]) { return shp.expand(this, shape); },
  narrow(axis: number, start: number, length: number) { return shp.narrow(this, axis, start, length); },
  slice(start?: number, end?: number) { return shp.slice(this, start, end); },

  gather(axis: number, index: Tensor) { return idx.gather(this, axis, index); },
  indexSelect(axis: number, index: Tensor) { return idx.indexSelect(this, axis, index); },

  add_(o: Operand) { return inplace.add_(this, o); },
  sub_(o: Operand) { return inplace.sub_(this, o); },
  mul_(o: Operand) { return inplace.mul_(this, o); },
  div_(o: Operand) { return inplace.div_(this, o); },
  copy_(src: Operand) { return inplace.copy_(this, src); },
  zero_() { return inplace.fill_(this, 0); },
  fill_(value: number) { return inplace.fill_(this, value); },
  clamp_(lo: number | null, hi: number | null) { return inplace.clamp_(this, lo, hi); },
};

// Non-enumerable, as class methods are.
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
Object.defineProperty(Tensor.prototype, 'T', {
  get(this: Tensor) { return shp.transpose(this, -2, -1); },
  configurable: true,
  enumerable: false,
});
