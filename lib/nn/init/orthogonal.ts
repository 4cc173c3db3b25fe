// Random orthogonal initialization: Saxe, McClelland & Ganguli, "Exact solutions to the
// nonlinear dynamics of learning in deep linear neural networks", ICLR 2014. A product of
// orthogonal layers preserves norms exactly, so signals neither vanish nor explode with depth.
import { empty } from '../../tensor/raw/alloc';
import { generatorOf } from '../../tensor/random';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { GainOptions } from './glorot';
import { orthonormalFactor } from './householder-qr';
import { expectInitTarget, expectOptions, finiteOption, writeTensor } from './write';

/**
 * A (semi-)orthogonal matrix times gain, as PyTorch's orthogonal_: t is viewed as
 * [rows, cols] = [shape[0], product of the rest]; G ~ N(0, 1) of that shape is drawn (always in
 * float64, row-major), Q is the orthonormal factor of the QR of G (of Gᵀ when rows < cols) with
 * the signs that make diag(R) positive, and t = gain·Q (gain·Qᵀ). With that sign correction Q
 * is uniformly distributed (Haar measure; on the Stiefel manifold when not square; Mezzadri,
 * "How to generate random matrices from the classical compact groups", 2007). Then WᵀW = gain²·I when rows ≥ cols, else WWᵀ = gain²·I.
 * Options: gain = 1, generator. t needs at least 2 dimensions.
 *
 * The QR runs in JavaScript in float64 (the same bits on every machine): about 4·m·n² flops
 * with m, n the long and short sides, so ≈ 0.2 s for 512×512 and 1.4 s for 1024×1024.
 */
export function orthogonal_<T extends Tensor>(t: T, opts?: GainOptions): T {
  const op = 'orthogonal_';
  expectInitTarget(t, op);
  const o = expectOptions(opts, op);
  const gain = finiteOption(o.gain, 1, op, 'gain');
  const gen = generatorOf(o, op);
  if (t.ndim < 2) throw new RangeError(`${op}: only tensors of 2 or more dimensions are supported, got shape ${formatShape(t.shape)}`);
  const numel = t.numel();
  if (numel === 0) return t;
  const rows = t.shape[0];
  const cols = numel / rows;
  const g = new Float64Array(numel);
  gen.draw('normal', g, 0, numel, 0, 1);
  const out = empty(t.shape, t.dtype);
  const w = out.storage.data;
  if (rows < cols) {
    // G row-major [rows, cols] is Gᵀ column-major [cols, rows]; and Q column-major [cols, rows]
    // is Qᵀ row-major [rows, cols], the result.
    const q = orthonormalFactor(g, cols, rows);
    for (let i = 0; i < numel; i++) w[i] = gain * q[i];
  } else {
    const a = new Float64Array(numel);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[j * rows + i] = g[i * cols + j];
    const q = orthonormalFactor(a, rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[i * cols + j] = gain * q[j * rows + i];
  }
  return writeTensor(t, out);
}
