// The fused linear layer op: y = x·Wᵀ + b in one native pass (the bias is written into the
// output, then gemm accumulates onto it), and the backward's three products.
import { defineOp } from '../../autograd/function';
import * as kernels from '../../kernels';
import { empty } from '../../tensor/raw/alloc';
import { contiguousRaw, copyInto } from '../../tensor/raw/copy';
import { contiguousDescriptor } from '../../tensor/raw/descriptor';
import { expectFloat, expectTensor } from '../../tensor/raw/operands';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { matmul } from '../../ops/matmul';
import { sum } from '../../ops/reduction';
import { reshape, transpose } from '../../ops/shape';

type Grads = Array<Tensor | null>;

const linearOp = defineOp({
  name: 'linear',
  forward: (ctx, x: Tensor, w: Tensor, b: Tensor | null) => {
    ctx.saveForBackward(x, w);
    const inF = w.shape[1];
    const outF = w.shape[0];
    const rows = x.numel() / Math.max(inF, 1);
    const X = contiguousRaw(x);
    const W = contiguousRaw(w);
    const out = empty([...x.shape.slice(0, -1), outF], x.dtype);
    if (b !== null) copyInto(b, new Tensor(out.storage, [rows, outF], [outF, 1], 0)); // every row starts as b
    // out = X·Wᵀ (+ out, which holds b): W is stored [out, in], read transposed.
    kernels.gemm({
      transA: false, transB: true, alpha: 1, beta: b !== null ? 1 : 0,
      a: contiguousDescriptor(X, [1, rows, inF]), b: contiguousDescriptor(W, [1, outF, inF]), c: contiguousDescriptor(out, [1, rows, outF]),
    });
    return out;
  },
  backward: (ctx, g): Grads => {
    const [x, w] = ctx.savedTensors;
    const inF = w.shape[1];
    const outF = w.shape[0];
    const g2 = reshape(g, [-1, outF]);
    const x2 = reshape(x, [-1, inF]);
    return [
      ctx.needsInputGrad[0] ? reshape(matmul(g2, w), x.shape) : null, // dX = g·W
      ctx.needsInputGrad[1] ? matmul(transpose(g2), x2) : null, // dW = gᵀ·X
      ctx.needsInputGrad[2] ? sum(g2, 0) : null, // db = Σ_rows g
    ];
  },
});

/** y = x·Wᵀ + b for x [..., in], weight [out, in], bias [out] (or null). */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  expectTensor(x, 'linear', 'input');
  expectTensor(weight, 'linear', 'weight');
  expectFloat(x, 'linear');
  if (weight.ndim !== 2) throw new RangeError(`linear: weight must be 2-D [out, in], got ${formatShape(weight.shape)}`);
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new RangeError(`linear: input ${formatShape(x.shape)} does not match weight ${formatShape(weight.shape)} (last input dimension must be ${weight.shape[1]})`);
  }
  if (weight.dtype !== x.dtype) throw new TypeError(`linear: dtypes differ: input ${x.dtype}, weight ${weight.dtype}`);
  if (bias !== null) {
    expectTensor(bias, 'linear', 'bias');
    if (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0]) {
      throw new RangeError(`linear: bias ${formatShape(bias.shape)} must have shape [${weight.shape[0]}]`);
    }
    if (bias.dtype !== x.dtype) throw new TypeError(`linear: dtypes differ: input ${x.dtype}, bias ${bias.dtype}`);
  }
  return linearOp(x, weight, bias);
}
