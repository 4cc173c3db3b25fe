// Matrix products on gemm: transposed views are consumed as gemm flags, batches as one batched
// call whenever each operand's batch dimensions reduce to a single stride.
import * as kernels from '../../kernels';
import type { TensorDescriptor } from '../../kernels';
import { broadcastShapes, broadcastStrides, formatShape, Shape, sizeOf } from '../shape';
import { Tensor } from '../tensor';
import { empty } from './alloc';
import { castRaw, contiguousRaw } from './copy';
import { contiguousDescriptor } from './descriptor';
import { view } from './views';

/** How gemm reads a [rows, cols] matrix view: row-major (ld) or its transpose. */
interface MatrixLayout {
  t: Tensor;
  trans: boolean;
  ld: number;
}

// A 2-D view with unit stride along one dimension is consumed as is; anything else is copied.
function matrixLayout(t: Tensor, rowDim: number, colDim: number): MatrixLayout {
  const rows = t.shape[rowDim];
  const cols = t.shape[colDim];
  const rs = rows === 1 ? Math.max(cols, 1) : t.strides[rowDim];
  const cs = cols === 1 ? 1 : t.strides[colDim];
  if (cs === 1 && rs >= Math.max(cols, 1)) return { t, trans: false, ld: rs };
  const rs2 = rows === 1 ? 1 : t.strides[rowDim];
  const cs2 = cols === 1 ? Math.max(rows, 1) : t.strides[colDim];
  if (rs2 === 1 && cs2 >= Math.max(rows, 1)) return { t, trans: true, ld: cs2 };
  return { t: contiguousRaw(t), trans: false, ld: Math.max(cols, 1) };
}

// The single stride that walks every batch matrix of a [..batch, r, c] view broadcast to
// `batchShape`, or null when the batch dimensions do not collapse to one stride.
function batchStride(t: Tensor, batchShape: Shape): number | null {
  const nb = t.ndim - 2;
  const lead = batchShape.length - nb;
  let stride: number | null = null;
  let expected = 0;
  for (let d = batchShape.length - 1; d >= 0; d--) {
    const size = batchShape[d];
    if (size === 1) continue;
    const own = d - lead;
    const s = own >= 0 && t.shape[own] !== 1 ? t.strides[own] : 0;
    if (stride === null) {
      stride = s;
      expected = s * size;
    } else {
      if (s !== expected) return null;
      expected = s * size;
    }
  }
  return stride ?? 0;
}

/** How gemm reads operand t for the batch: the matrix layout and the stride between batches. */
function gemmLayout(t: Tensor, batchShape: Shape): MatrixLayout & { stride: number } {
  const layout = matrixLayout(t, t.ndim - 2, t.ndim - 1);
  const stride = batchStride(layout.t, batchShape);
  if (stride !== null) return { ...layout, stride };
  // Broadcast batch dimensions that do not reduce to one stride: materialize the full batch.
  const rows = t.shape[t.ndim - 2];
  const cols = t.shape[t.ndim - 1];
  const full = [...batchShape, rows, cols];
  const expanded = view(t, full, broadcastStrides(t.shape, t.strides, full));
  return { t: castRaw(expanded, t.dtype), trans: false, ld: Math.max(cols, 1), stride: rows * cols };
}

/** C = A·B for A [..., m, k] and B [..., k, n] (both at least 2-D), batch dims broadcast. */
export function matmulRaw(a: Tensor, b: Tensor, op = 'matmul'): Tensor {
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const n = b.shape[b.ndim - 1];
  if (b.shape[b.ndim - 2] !== k) {
    throw new RangeError(`${op}: inner dimensions differ: ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
  }
  const batchShape = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = sizeOf(batchShape);
  const out = empty([...batchShape, m, n], a.dtype);
  if (out.numel() === 0) return out;

  const la = gemmLayout(a, batchShape);
  const lb = gemmLayout(b, batchShape);
  kernels.gemm({
    transA: la.trans, transB: lb.trans, alpha: 1, beta: 0,
    a: storedMatrices(la, batch), b: storedMatrices(lb, batch), c: contiguousDescriptor(out, [batch, m, n]),
  });
  return out;
}

/**
 * The matrices gemm reads for a layout: [batch, rows, cols] as stored (a transposed operand is
 * stored as its transpose), strides [batch stride, ld, 1].
 */
function storedMatrices(l: MatrixLayout & { stride: number }, batch: number): TensorDescriptor {
  const rows = l.t.shape[l.t.ndim - 2];
  const cols = l.t.shape[l.t.ndim - 1];
  const shape = l.trans ? [batch, cols, rows] : [batch, rows, cols];
  return { data: l.t.storage.data, offset: l.t.offset, shape, strides: [l.stride, l.ld, 1] };
}

/**
 * c ← alpha·op(a)·op(b) + beta·c for 2-D tensors with unit column stride (row-major, padded or
 * not): the gemm kernel on the tensors' own memory, op transposing under transA / transB.
 */
export function gemmInto(a: Tensor, b: Tensor, c: Tensor, opts: { transA?: boolean; transB?: boolean; alpha?: number; beta?: number } = {}): void {
  const stored = (t: Tensor): TensorDescriptor => ({
    data: t.storage.data, offset: t.offset, shape: [1, t.shape[0], t.shape[1]], strides: [0, t.shape[0] > 1 ? t.strides[0] : Math.max(t.shape[1], 1), 1],
  });
  kernels.gemm({
    transA: opts.transA ?? false, transB: opts.transB ?? false, alpha: opts.alpha ?? 1, beta: opts.beta ?? 0,
    a: stored(a), b: stored(b), c: stored(c),
  });
}
