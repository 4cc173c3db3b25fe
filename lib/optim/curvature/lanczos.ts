// The Lanczos process on a symmetric operator A (Golub & Van Loan, Alg. 10.1.1), with full
// reorthogonalization: from a unit q₁, build an orthonormal basis Q_m of the Krylov space
// span{q₁, Aq₁, …, A^{m−1}q₁} in which A is tridiagonal,
//   w = Aq_j − α_j q_j − β_{j−1}q_{j−1},  α_j = q_jᵀAq_j,  β_j = ‖w‖,  q_{j+1} = w/β_j,
// with w orthogonalized against every earlier q (twice: classical Gram–Schmidt, repeated) so
// that rounding does not bring back converged directions as spurious copies. The eigenvalues of
// T_m = tridiag(β, α, β) (Ritz values) approximate A's: the extremes first and fast. With m = n
// (or an invariant subspace reached earlier) they are A's eigenvalues.
import { eighTridiagonal } from '../../linalg/index';
import { axpy, dot, norm2, scaled, scal } from '../../linalg/level1';
import { tensor } from '../../tensor/creation';
import { Tensor } from '../../tensor/tensor';
import { LinearOperator } from './curvature-operator';
import { randomUnitVector } from './power-iteration';

export interface LanczosOptions {
  /** Lanczos steps m (at most n). Default min(n, 50). */
  steps?: number;
  /** Seed of the random start vector. Default 0. */
  seed?: number;
}

export interface LanczosResult {
  /** Ritz values, ascending (float64 [m]). */
  values: Tensor;
  /** The diagonal α and off-diagonal β of T_m. */
  alpha: number[];
  beta: number[];
  /** Steps taken (fewer than asked when an invariant subspace was found). */
  steps: number;
}

export function lanczos(a: LinearOperator, opts: LanczosOptions = {}): LanczosResult {
  const op = 'lanczos';
  const n = a.n;
  const m = opts.steps ?? Math.min(n, 50);
  if (!Number.isInteger(m) || m < 1 || m > n) throw new RangeError(`${op}: steps must be an integer in [1, ${n}], got ${String(m)}`);
  const basis: Tensor[] = [randomUnitVector(n, opts.seed ?? 0)];
  const alpha: number[] = [];
  const beta: number[] = [];
  let scale = 0;
  for (let j = 0; j < m; j++) {
    const q = basis[j];
    const w = a.apply(q);
    const aj = dot(q, w);
    alpha.push(aj);
    axpy(-aj, q, w);
    if (j > 0) axpy(-beta[j - 1], basis[j - 1], w);
    for (let pass = 0; pass < 2; pass++) for (const b of basis) axpy(-dot(b, w), b, w);
    if (j === m - 1) break;
    const bj = norm2(w);
    scale = Math.max(scale, Math.abs(aj), bj);
    // An invariant subspace: T_j already holds eigenvalues of A.
    if (bj <= 1e-12 * scale) break;
    beta.push(bj);
    scal(1 / bj, w);
    basis.push(scaled(1, w));
  }
  const values = alpha.length === 1
    ? tensor([alpha[0]], [1], { dtype: 'float64' })
    : eighTridiagonal(tensor(alpha, [alpha.length], { dtype: 'float64' }), tensor(beta, [beta.length], { dtype: 'float64' })).values;
  return { values, alpha, beta, steps: alpha.length };
}
