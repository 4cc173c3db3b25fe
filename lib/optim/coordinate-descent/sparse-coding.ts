// Sparse coding (Goodfellow et al. §8.7.2), the textbook's example for block coordinate descent:
//   J(H, W) = λ·Σᵢⱼ|H_ij| + Σᵢⱼ(X − WᵀH)²_ij,    X [m, n] (one example per column),
//   W [k, m] (k dictionary atoms of m features), H [k, n] (the codes).
// J is not convex in (H, W) jointly but is convex in each block with the other fixed, and each
// block has an exact minimizer:
//   H-step: a lasso per column of X with design Wᵀ, solved by cyclic coordinate descent (each
//           coordinate a soft threshold, lasso.ts), warm-started from the current H;
//   W-step: least squares, the normal equations (HHᵀ)W = HXᵀ by Cholesky. Atoms whose row of H
//           is zero do not enter the fit and keep their W; if HHᵀ is still (numerically)
//           singular over the others, the minimum-norm solution from the eigendecomposition.
import { setGradEnabled } from '../../autograd/grad-mode';
import { choleskySolve, eigh, tryCholesky } from '../../linalg/index';
import { tensor } from '../../tensor/creation';
import { empty } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { matmulRaw } from '../../tensor/raw/matmul';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { CoordinateBlock } from './coordinate-descent';
import { lasso } from './lasso';

export interface SparseCodingOptions {
  /** Weight λ of the L1 penalty. Default 1 (the textbook's form). */
  lambda?: number;
  /** The H-step's lasso: maximum sweeps (default 10000) and tolerance (default 1e-12). */
  lassoMaxSweeps?: number;
  lassoTol?: number;
}

function float64(t: Tensor): Tensor {
  const out = empty(t.shape, 'float64');
  copyInto(t, out);
  return out;
}

export class SparseCoding {
  readonly lambda: number;
  private readonly lassoMaxSweeps: number;
  private readonly lassoTol: number;

  /** x [m, n], w [k, m] and h [k, n] are updated in place by the block minimizers. */
  constructor(readonly x: Tensor, readonly w: Tensor, readonly h: Tensor, opts: SparseCodingOptions = {}) {
    const op = 'SparseCoding';
    for (const [name, t] of [['x', x], ['w', w], ['h', h]] as const) {
      if (!(t instanceof Tensor) || t.ndim !== 2) throw new TypeError(`${op}: ${name} must be a 2-D tensor`);
    }
    const [m, n] = x.shape;
    const k = w.shape[0];
    if (w.shape[1] !== m || h.shape[0] !== k || h.shape[1] !== n) {
      throw new RangeError(`${op}: expected x [m, n], w [k, m], h [k, n]; got x ${formatShape(x.shape)}, w ${formatShape(w.shape)}, h ${formatShape(h.shape)}`);
    }
    this.lambda = opts.lambda ?? 1;
    if (typeof this.lambda !== 'number' || !Number.isFinite(this.lambda) || this.lambda < 0) throw new RangeError(`${op}: lambda must be a finite number ≥ 0, got ${String(this.lambda)}`);
    this.lassoMaxSweeps = opts.lassoMaxSweeps ?? 10000;
    this.lassoTol = opts.lassoTol ?? 1e-12;
  }

  /** J(H, W) = λΣ|H| + ‖X − WᵀH‖²_F (in float64). */
  objective(): number {
    const h = float64(this.h);
    const residual = float64(this.x);
    const fit = matmulRaw(float64(this.w).transpose(0, 1), h).values();
    const r = residual.values();
    let squares = 0;
    for (let i = 0; i < r.length; i++) squares += (r[i] - fit[i]) ** 2;
    let l1 = 0;
    for (const v of h.values()) l1 += Math.abs(v);
    return this.lambda * l1 + squares;
  }

  /** H ← argmin_H J(H, W): a lasso per column, by cyclic coordinate descent. */
  minimizeCodes(): void {
    const previous = setGradEnabled(false);
    try {
      const { coef } = lasso(float64(this.w).transpose(0, 1), this.x, this.lambda, { init: this.h, maxSweeps: this.lassoMaxSweeps, tol: this.lassoTol });
      this.h.copy_(coef);
    } finally {
      setGradEnabled(previous);
    }
  }

  /** W ← argmin_W ‖X − WᵀH‖²: the normal equations (HHᵀ)W = HXᵀ over the atoms in use. */
  minimizeDictionary(): void {
    const previous = setGradEnabled(false);
    try {
      const h = float64(this.h);
      const [k, n] = h.shape;
      const hv = h.values();
      const active: number[] = [];
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < n; j++) {
          if (hv[i * n + j] !== 0) {
            active.push(i);
            break;
          }
        }
      }
      if (active.length === 0) return;
      const ha = active.length === k ? h : tensor(active.flatMap((i) => Array.from(hv.subarray(i * n, (i + 1) * n))), [active.length, n], { dtype: 'float64' });
      const gram = matmulRaw(ha, ha.transpose(0, 1));
      const rhs = matmulRaw(ha, float64(this.x).transpose(0, 1));
      const l = tryCholesky(gram);
      const wa = l !== null && wellConditioned(l) ? choleskySolve(l, rhs) : minimumNormSolve(gram, rhs);
      const w = float64(this.w);
      const m = w.shape[1];
      const wv = w.values();
      const sv = wa.contiguous().values();
      active.forEach((i, r) => wv.set(sv.subarray(r * m, (r + 1) * m), i * m));
      this.w.copy_(w);
    } finally {
      setGradEnabled(previous);
    }
  }

  /** The two blocks for CoordinateDescent: the codes H, then the dictionary W. */
  blocks(): CoordinateBlock[] {
    return [
      { name: 'H', params: [this.h], minimize: () => this.minimizeCodes() },
      { name: 'W', params: [this.w], minimize: () => this.minimizeDictionary() },
    ];
  }
}

/**
 * False when the Cholesky factor L of A is numerically singular: min L_ii² ≤ n·ε·max L_ii² (the
 * eigenvalues of A are bracketed by those extremes up to a modest factor).
 */
function wellConditioned(l: Tensor): boolean {
  const n = l.shape[0];
  const v = l.contiguous().values();
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const s = v[i * n + i] ** 2;
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  return lo > n * 2 ** -52 * hi;
}

/** The minimum-norm solution of the symmetric positive semi-definite system A·X = B. */
function minimumNormSolve(a: Tensor, b: Tensor): Tensor {
  const { values, vectors } = eigh(a);
  const lv = values.values();
  const cutoff = lv.length * 2 ** -52 * Math.max(...Array.from(lv, Math.abs));
  const y = matmulRaw(vectors.transpose(0, 1), b);
  const yv = y.values();
  const cols = b.shape[1];
  for (let i = 0; i < lv.length; i++) {
    const inv = lv[i] > cutoff ? 1 / lv[i] : 0;
    for (let j = 0; j < cols; j++) yv[i * cols + j] *= inv;
  }
  return matmulRaw(vectors, y);
}
