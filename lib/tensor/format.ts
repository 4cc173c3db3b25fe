// Printing tensors in PyTorch's style: `tensor([[1.0000, 2.0000], ...], dtype=float64)`.
import { DType, TypedArray } from './dtype';
import { Shape } from './shape';

const EDGE_ITEMS = 3;
const SUMMARIZE_OVER = 1000;

function floatFormatter(values: number[]): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const allIntegers = finite.every((v) => Number.isInteger(v));
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const minAbs = finite.filter((v) => v !== 0).reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  const scientific = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || (maxAbs / minAbs > 1e3 && maxAbs > 1e3);
  const special = (v: number) => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');
  if (allIntegers && !scientific) return (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : special(v));
  if (scientific) return (v) => (Number.isFinite(v) ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : special(v));
  return (v) => (Number.isFinite(v) ? v.toFixed(4) : special(v));
}

export function formatTensor(values: TypedArray, shape: Shape, dtype: DType): string {
  const n = values.length;
  const summarize = n > SUMMARIZE_OVER;
  const shown: number[] = [];
  // Collect the values that will be printed, so widths and styles depend only on them.
  const visit = (dim: number, offset: number, stride: number[]) => {
    if (dim === shape.length) {
      shown.push(values[offset]);
      return;
    }
    const size = shape[dim];
    const idx = summarize && size > 2 * EDGE_ITEMS ? [...range(0, EDGE_ITEMS), ...range(size - EDGE_ITEMS, size)] : range(0, size);
    for (const i of idx) visit(dim + 1, offset + i * stride[dim], stride);
  };
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  visit(0, 0, strides);
  const fmt = dtype === 'int32' ? (v: number) => String(v) : floatFormatter(shown);
  const width = shown.reduce((w, v) => Math.max(w, fmt(v).length), 1);
  const cell = (v: number) => fmt(v).padStart(width);

  const render = (dim: number, offset: number, indent: string): string => {
    if (dim === shape.length) return cell(values[offset]);
    const size = shape[dim];
    const parts: string[] = [];
    const elide = summarize && size > 2 * EDGE_ITEMS;
    const idx = elide ? [...range(0, EDGE_ITEMS), -1, ...range(size - EDGE_ITEMS, size)] : range(0, size);
    for (const i of idx) parts.push(i === -1 ? '...' : render(dim + 1, offset + i * strides[dim], indent + ' '));
    if (dim === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = ',' + '\n'.repeat(shape.length - dim - 1) + indent + ' ';
    return `[${parts.join(sep)}]`;
  };
  const body = shape.length === 0 ? cell(values[0]) : render(0, 0, '       ');
  const suffix = dtype === 'float32' ? '' : `, dtype=${dtype}`;
  return `tensor(${body}${suffix})`;
}

function range(a: number, b: number): number[] {
  const r: number[] = [];
  for (let i = a; i < b; i++) r.push(i);
  return r;
}
