// The orthonormal factor of a thin QR decomposition by Householder reflections (Golub & Van
// Loan, "Matrix Computations", 4th ed., Alg. 5.2.1 for R, §5.1.6 backward accumulation for Q),
// in plain JavaScript doubles: no FMA, no threads, so the result is the same on every machine.
// Cost ≈ 4mn² − 4n³/3 flops.

/**
 * Applies H = I − tau·v·vᵀ to rows j..m−1 of columns kFrom..kTo−1 of x (column-major, leading
 * dimension m), where v_j = 1 and v_i = a[col + i] for i > j. Four columns share each pass over
 * v, which roughly halves the memory traffic of one column at a time.
 */
function reflect(a: Float64Array, col: number, j: number, m: number, tau: number, x: Float64Array, kFrom: number, kTo: number): void {
  let k = kFrom;
  for (; k + 4 <= kTo; k += 4) {
    const c0 = k * m;
    const c1 = c0 + m;
    const c2 = c1 + m;
    const c3 = c2 + m;
    let w0 = x[c0 + j];
    let w1 = x[c1 + j];
    let w2 = x[c2 + j];
    let w3 = x[c3 + j];
    for (let i = j + 1; i < m; i++) {
      const v = a[col + i];
      w0 += v * x[c0 + i];
      w1 += v * x[c1 + i];
      w2 += v * x[c2 + i];
      w3 += v * x[c3 + i];
    }
    w0 *= tau;
    w1 *= tau;
    w2 *= tau;
    w3 *= tau;
    x[c0 + j] -= w0;
    x[c1 + j] -= w1;
    x[c2 + j] -= w2;
    x[c3 + j] -= w3;
    for (let i = j + 1; i < m; i++) {
      const v = a[col + i];
      x[c0 + i] -= w0 * v;
      x[c1 + i] -= w1 * v;
      x[c2 + i] -= w2 * v;
      x[c3 + i] -= w3 * v;
    }
  }
  for (; k < kTo; k++) {
    const c = k * m;
    let w = x[c + j];
    for (let i = j + 1; i < m; i++) w += a[col + i] * x[c + i];
    w *= tau;
    x[c + j] -= w;
    for (let i = j + 1; i < m; i++) x[c + i] -= w * a[col + i];
  }
}

/**
 * Q (m×n, m ≥ n, column-major: Q[i, j] = q[j·m + i]) of A = QR with diag(R) ≥ 0, the unique
 * thin QR of a full-rank A. `a` holds A column-major and is overwritten.
 */
export function orthonormalFactor(a: Float64Array, m: number, n: number): Float64Array {
  const tau = new Float64Array(n);
  const rSign = new Float64Array(n);
  // Factor: reflector j maps column j's entries j..m−1 onto beta·e_j, H_j = I − tau_j·v·vᵀ with
  // v = [1, a[j+1..m−1, j]] stored below the diagonal.
  for (let j = 0; j < n; j++) {
    const col = j * m;
    let sigma = 0;
    for (let i = j + 1; i < m; i++) sigma += a[col + i] * a[col + i];
    const alpha = a[col + j];
    if (sigma === 0) {
      tau[j] = 0;
      rSign[j] = alpha < 0 ? -1 : 1;
      continue;
    }
    const norm = Math.sqrt(alpha * alpha + sigma);
    // beta takes the sign opposite to alpha so that alpha − beta does not cancel.
    const beta = alpha <= 0 ? norm : -norm;
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) a[col + i] *= scale;
    a[col + j] = beta;
    rSign[j] = beta < 0 ? -1 : 1;
    reflect(a, col, j, m, tau[j], a, j + 1, n);
  }
  // Q = H_0·H_1·…·H_{n−1}·[I; 0], accumulated from the last reflector; H_j touches rows j.. of
  // columns j.. only (the columns left of j are still e_k, zero in those rows).
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let j = n - 1; j >= 0; j--) {
    if (tau[j] !== 0) reflect(a, j * m, j, m, tau[j], q, j, n);
  }
  // Flip columns so that diag(R) > 0 (R's row j flips with Q's column j).
  for (let j = 0; j < n; j++) {
    if (rSign[j] < 0) for (let i = 0, c = j * m; i < m; i++) q[c + i] = -q[c + i];
  }
  return q;
}
