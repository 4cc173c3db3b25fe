// The lasso by cyclic coordinate descent, in the scaling of the sparse coding objective
// (Goodfellow et al. §8.7.2):
//   minimize over h:  λ‖h‖₁ + ‖y − A·h‖²
// one problem per column of Y (columns are independent, so each coordinate is updated for all
// columns at once). The exact minimizer over coordinate i, the others fixed, is a soft
// threshold: with the Gram matrix G = AᵀA and c = Aᵀy,
//   zᵢ = cᵢ − Σ_{l≠i} G_il·h_l,   hᵢ ← S(zᵢ, λ/2) / G_ii,   S(z, t) = sign(z)·max(|z| − t, 0)
// (hᵢ ← 0 when column i of A is zero). Each update can only lower the objective; sweeps repeat
// until no coordinate moves by more than tol·max(1, max|h|).
// scikit-learn's Lasso minimizes (1/(2m))‖y − A·h‖² + α‖h‖₁ for A with m rows: the same
// minimizer when α = λ/(2m).
import { setGradEnabled } from '../../autograd/grad-mode';
import * as kernels from '../../kernels';
import { empty, zerosOf } from '../../tensor/raw/alloc';
import { copyInto } from '../../tensor/raw/copy';
import { matmulRaw } from '../../tensor/raw/matmul';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

export interface LassoOptions {
  /** Starting point [k] or [k, n] (warm start). Default zeros. */
  init?: Tensor;
  /** Maximum sweeps over the coordinates. Default 10000. */
  maxSweeps?: number;
  /** Stop when a sweep moves no coordinate by more than tol·max(1, max|h|). Default 1e-12. */
  tol?: number;
}

export interface LassoResult {
  /** The solution, [k] for y [m] or [k, n] for Y [m, n] (float64). */
  coef: Tensor;
  sweeps: number;
  converged: boolean;
}

function soft(z: number, t: number): number {
  return z > t ? z - t : z < -t ? z + t : 0;
}

/** Solves λ‖h‖₁ + ‖y − A·h‖² for A [m, k] and y [m] (or every column of Y [m, n]). */
export function lasso(a: Tensor, y: Tensor, lambda: number, opts: LassoOptions = {}): LassoResult {
  const op = 'lasso';
  if (!(a instanceof Tensor) || a.ndim !== 2) throw new TypeError(`${op}: A must be a 2-D tensor [m, k]`);
  if (!(y instanceof Tensor) || (y.ndim !== 1 && y.ndim !== 2) || y.shape[0] !== a.shape[0]) {
    throw new RangeError(`${op}: y must be [m] or [m, n] with m = ${a.shape[0]} (A is ${formatShape(a.shape)}), got ${y instanceof Tensor ? formatShape(y.shape) : typeof y}`);
  }
  if (typeof lambda !== 'number' || !(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`${op}: lambda must be a finite number ≥ 0, got ${String(lambda)}`);
  const maxSweeps = opts.maxSweeps ?? 10000;
  const tol = opts.tol ?? 1e-12;
  if (!Number.isInteger(maxSweeps) || maxSweeps < 1) throw new RangeError(`${op}: maxSweeps must be a positive integer, got ${String(maxSweeps)}`);
  if (typeof tol !== 'number' || !(tol >= 0)) throw new RangeError(`${op}: tol must be a number ≥ 0, got ${String(tol)}`);
  const k = a.shape[1];
  const n = y.ndim === 1 ? 1 : y.shape[1];
  const outShape = y.ndim === 1 ? [k] : [k, n];

  const previous = setGradEnabled(false);
  try {
    const a64 = empty(a.shape, 'float64');
    copyInto(a, a64);
    const y64 = empty([a.shape[0], n], 'float64');
    copyInto(y.reshape([a.shape[0], n]), y64);
    const gramT = matmulRaw(a64.transpose(0, 1), a64);
    const gram = gramT.values();
    const c = matmulRaw(a64.transpose(0, 1), y64).values();
    const coef = zerosOf(outShape, 'float64');
    const h = coef.values() as Float64Array;
    if (opts.init !== undefined) {
      if (!(opts.init instanceof Tensor) || opts.init.numel() !== k * n) throw new RangeError(`${op}: init must have ${k * n} elements (shape ${formatShape(outShape)})`);
      copyInto(opts.init.reshape(outShape), coef);
    }
    // G·h, kept current as coordinates move.
    const ghd = matmulRaw(gramT, new Tensor(coef.storage, [k, n])).values() as Float64Array;
    const delta = new Float64Array(n);
    let sweeps = 0;
    let converged = false;
    while (sweeps < maxSweeps && !converged) {
      sweeps++;
      let moved = 0;
      let largest = 0;
      for (let i = 0; i < k; i++) {
        const gii = gram[i * k + i];
        let any = false;
        for (let j = 0; j < n; j++) {
          const old = h[i * n + j];
          const next = gii > 0 ? soft(c[i * n + j] - ghd[i * n + j] + gii * old, lambda / 2) / gii : 0;
          delta[j] = next - old;
          if (next !== old) {
            any = true;
            h[i * n + j] = next;
            moved = Math.max(moved, Math.abs(next - old));
          }
          largest = Math.max(largest, Math.abs(next));
        }
        // G·h changes by G[:, i]·Δ (one axpy per row of G).
        if (any) {
          const dx = { data: delta, offset: 0, shape: [n] };
          for (let l = 0; l < k; l++) kernels.axpy({ alpha: gram[l * k + i], x: dx, y: { data: ghd, offset: l * n, shape: [n] } });
        }
      }
      converged = moved <= tol * Math.max(1, largest);
    }
    return { coef, sweeps, converged };
  } finally {
    setGradEnabled(previous);
  }
}
