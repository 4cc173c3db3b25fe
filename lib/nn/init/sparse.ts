// Sparse initialization: Martens, "Deep learning via Hessian-free optimization", ICML 2010:
// each unit gets exactly k non-zero incoming weights, so its total input stays large enough to
// matter however wide the previous layer is, while units stay diverse.
import { describe } from '../../tensor/raw/operands';
import { empty } from '../../tensor/raw/alloc';
import { generatorOf } from '../../tensor/random';
import { formatShape, sizeOf } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { expectInitTarget, expectOptions, finiteOption, InitOptions, writeTensor } from './write';

export interface SparseOptions extends InitOptions {
  /** Non-zero incoming weights per unit, an integer in [0, fanIn] (required). */
  nonzeros: number;
  /**
   * Standard deviation of the non-zero weights (default 0.01, PyTorch's; ≥ 0). Martens used
   * unit-variance weights with k = 15 (as Sutskever et al. 2013 restate): pass std: 1.
   */
  std?: number;
}

/**
 * Martens's sparse initialization. t is viewed as [units, fanIn] = [shape[0], product of the
 * rest] (a Linear weight [out, in]: one row per output unit); each row gets exactly
 * `nonzeros` non-zero entries at uniformly random distinct positions, drawn from N(0, std²),
 * and zeros elsewhere. Draws: the rows·nonzeros values first (row by row), then one random
 * permutation of the row per unit, whose first `nonzeros` entries are the positions.
 * Options: nonzeros (required), std = 0.01, generator. t needs at least 2 dimensions.
 *
 * PyTorch's sparse_(tensor, sparsity, std) differs: it zeroes ⌈sparsity·rows⌉ random entries
 * of each COLUMN of a 2-D tensor, so a unit's count of non-zero weights varies from unit to
 * unit; here it is exactly k for every unit, as in Martens (and Goodfellow et al., §8.4).
 */
export function sparse_<T extends Tensor>(t: T, opts: SparseOptions): T {
  const op = 'sparse_';
  expectInitTarget(t, op);
  const o = expectOptions<SparseOptions>(opts, op);
  const std = finiteOption(o.std, 0.01, op, 'std');
  if (std < 0) throw new RangeError(`${op}: std must be >= 0, got ${std}`);
  const gen = generatorOf(o, op);
  if (t.ndim < 2) throw new RangeError(`${op}: only tensors of 2 or more dimensions are supported, got shape ${formatShape(t.shape)}`);
  const rows = t.shape[0];
  const fanIn = sizeOf(t.shape.slice(1));
  const k = o.nonzeros;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) {
    throw new TypeError(`${op}: nonzeros must be a non-negative integer, got ${describe(k)}`);
  }
  if (k > fanIn) {
    throw new RangeError(`${op}: nonzeros (${k}) exceeds the fan-in (${fanIn}) of shape ${formatShape(t.shape)}`);
  }
  if (t.numel() === 0) return t;
  const values = empty([rows * k], t.dtype);
  gen.draw('normal', values.storage.data, 0, rows * k, 0, std);
  const v = values.storage.data;
  const out = empty(t.shape, t.dtype);
  const w = out.storage.data;
  w.fill(0);
  const perm = new Int32Array(fanIn);
  for (let r = 0; r < rows; r++) {
    gen.draw('randperm', perm, 0, fanIn);
    for (let j = 0; j < k; j++) w[r * fanIn + perm[j]] = v[r * k + j];
  }
  return writeTensor(t, out);
}
