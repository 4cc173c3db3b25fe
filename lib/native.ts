// The one place that loads the compiled addon (ARCHITECTURE: lib/native.ts), with the typed
// signature of every native entry point. Argument order mirrors native/addon/bind_*.cpp.
import * as fs from 'fs';
import * as path from 'path';

export type NativeArray = Float32Array | Float64Array | Int32Array;

export interface OpCodes {
  readonly unary: Readonly<Record<string, number>>;
  readonly binary: Readonly<Record<string, number>>;
  readonly reduce: Readonly<Record<string, number>>;
  readonly random: Readonly<Record<string, number>>;
}

export interface NativeAddon {
  setNumThreads(n: number): void;
  getNumThreads(): number;
  simd(): { active: string; available: string[] };
  useSimd(name: string): boolean;
  scratchBytes(): number;
  fmaPeak(threads: number, seconds: number): number;
  readonly ops: OpCodes;

  unary(op: number, x: NativeArray, xOffset: number, y: NativeArray, yOffset: number, n: number, p0: number, p1: number): void;
  binary(
    op: number,
    a: NativeArray, aOffset: number, aStrides: readonly number[],
    b: NativeArray, bOffset: number, bStrides: readonly number[],
    out: NativeArray, outOffset: number, shape: readonly number[],
    p0: number, p1: number,
  ): void;
  reduce(
    op: number, x: NativeArray, xOffset: number, outer: number, len: number, inner: number,
    out: NativeArray | null, outOffset: number, index: Int32Array | null, indexOffset: number, correction: number,
  ): void;
  softmax(x: NativeArray, xOffset: number, y: NativeArray, yOffset: number, outer: number, len: number, inner: number, log: boolean): void;
  softmaxBackward(g: NativeArray, gOffset: number, y: NativeArray, yOffset: number, dx: NativeArray, dxOffset: number, outer: number, len: number, inner: number, log: boolean): void;
  /**
   * Batch norm over contiguous x [n, c, l] (l = 1 for [N, C] input), per channel over n·l values:
   * mean[c], and where given biased var[c] and invstd[c] = 1/sqrt(var + eps).
   */
  batchNormStats(
    x: NativeArray, xOffset: number, n: number, c: number, l: number, eps: number,
    mean: NativeArray, meanOffset: number, variance: NativeArray | null, varOffset: number,
    invstd: NativeArray | null, invstdOffset: number,
  ): void;
  /** y = (x − mean[c])·invstd[c]·gamma[c] + beta[c]; gamma and beta may be null (1 and 0). */
  batchNormApply(
    x: NativeArray, xOffset: number, n: number, c: number, l: number,
    mean: NativeArray, meanOffset: number, invstd: NativeArray, invstdOffset: number,
    gamma: NativeArray | null, gammaOffset: number, beta: NativeArray | null, betaOffset: number,
    y: NativeArray, yOffset: number,
  ): void;
  /**
   * Given g = ∂L/∂y: dgamma = Σ g·x̂, dbeta = Σ g, and dx (training: batch statistics,
   * dx = gamma·invstd/M·(M·g − Σg − x̂·Σ g·x̂); evaluation: dx = g·gamma·invstd). Null outputs are skipped.
   */
  batchNormBackward(
    g: NativeArray, gOffset: number, x: NativeArray, xOffset: number, n: number, c: number, l: number,
    mean: NativeArray, meanOffset: number, invstd: NativeArray, invstdOffset: number,
    gamma: NativeArray | null, gammaOffset: number, training: boolean,
    dx: NativeArray | null, dxOffset: number, dgamma: NativeArray | null, dgammaOffset: number,
    dbeta: NativeArray | null, dbetaOffset: number,
  ): void;
  /** Group norm over contiguous x [n, c, s] with `groups` groups: statistics per (sample, group), n·groups entries. */
  groupNormStats(
    x: NativeArray, xOffset: number, n: number, c: number, s: number, groups: number, eps: number,
    mean: NativeArray, meanOffset: number, variance: NativeArray | null, varOffset: number,
    invstd: NativeArray | null, invstdOffset: number,
  ): void;
  /** y = (x − mean[n, g])·invstd[n, g]·gamma[c] + beta[c]; gamma and beta may be null. */
  groupNormApply(
    x: NativeArray, xOffset: number, n: number, c: number, s: number, groups: number,
    mean: NativeArray, meanOffset: number, invstd: NativeArray, invstdOffset: number,
    gamma: NativeArray | null, gammaOffset: number, beta: NativeArray | null, betaOffset: number,
    y: NativeArray, yOffset: number,
  ): void;
  /** dx (batch statistics), dgamma = Σ g·x̂, dbeta = Σ g over samples and positions; null outputs are skipped. */
  groupNormBackward(
    g: NativeArray, gOffset: number, x: NativeArray, xOffset: number, n: number, c: number, s: number, groups: number,
    mean: NativeArray, meanOffset: number, invstd: NativeArray, invstdOffset: number,
    gamma: NativeArray | null, gammaOffset: number,
    dx: NativeArray | null, dxOffset: number, dgamma: NativeArray | null, dgammaOffset: number,
    dbeta: NativeArray | null, dbetaOffset: number,
  ): void;
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: NativeArray, aOffset: number, lda: number, strideA: number,
    b: NativeArray, bOffset: number, ldb: number, strideB: number,
    beta: number, c: NativeArray, cOffset: number, ldc: number, strideC: number, batch: number,
  ): void;
  dot(x: NativeArray, xOffset: number, y: NativeArray, yOffset: number, n: number): number;
  norm2(x: NativeArray, xOffset: number, n: number): number;
  axpy(n: number, alpha: number, x: NativeArray, xOffset: number, y: NativeArray, yOffset: number): void;
  scal(n: number, alpha: number, x: NativeArray, xOffset: number): void;
  /** a = b + s·c (the optimizer benchmark's bandwidth reference). */
  triad(a: NativeArray, aOffset: number, b: NativeArray, bOffset: number, c: NativeArray, cOffset: number, n: number, s: number): void;
  /** One fused optimizer update of a parameter group (native/addon/bind_optim.cpp). */
  optimizerStep(
    code: number, hyper: Float64Array,
    params: NativeArray[], paramOffsets: number[], grads: NativeArray[], gradOffsets: number[], lengths: number[],
    states: Array<NativeArray | null>, stateOffsets: number[], perTensor: Float64Array,
  ): void;
  // Dense float64 linear algebra (native/addon/bind_dense.cpp): row-major matrices given as
  // (array, element offset, leading dimension).
  /** L = chol(A) from A's lower triangle; 0, or the order k of the first leading minor that is not positive. */
  cholesky(
    n: number, a: Float64Array, aOffset: number, lda: number, l: Float64Array, lOffset: number, ldl: number,
  ): number;
  /** B ← A⁻¹·B in place given A's lower factor L; 0, or i + 1 for a zero L[i, i]. */
  choleskySolve(
    n: number, k: number, l: Float64Array, lOffset: number, ldl: number, b: Float64Array, bOffset: number, ldb: number,
  ): number;
  /** B ← op(A)⁻¹·B in place; 0, or i + 1 for a zero A[i, i]. */
  triangularSolve(
    lower: boolean, transpose: boolean, unitDiagonal: boolean, n: number, k: number,
    a: Float64Array, aOffset: number, lda: number, b: Float64Array, bOffset: number, ldb: number,
  ): number;
  /** Eigenvalues ascending and eigenvectors (columns) of A's lower triangle; 0, or 1 without convergence. */
  symmetricEigen(
    n: number, a: Float64Array, aOffset: number, lda: number, values: Float64Array, valuesOffset: number,
    vectors: Float64Array, vectorsOffset: number, ldv: number,
  ): number;
  /** The same for the tridiagonal matrix with diagonal d[n] and off-diagonal e[n − 1]. */
  tridiagonalEigen(
    n: number, d: Float64Array, dOffset: number, e: Float64Array, eOffset: number, values: Float64Array,
    valuesOffset: number, vectors: Float64Array, vectorsOffset: number, ldv: number,
  ): number;
  /**
   * r·cols + c of the first NaN or infinity of a rows x cols matrix in row-major order, or −1;
   * triangle 0 looks at every entry, 1 on and below the diagonal, 2 on and above.
   */
  findNonFinite(a: NativeArray, aOffset: number, rows: number, cols: number, ld: number, triangle: 0 | 1 | 2): number;
  /** Per algorithm: its code and the names of its group scalars, state buffers and per-tensor scalars. */
  optimizerInfo: Readonly<Record<string, { code: number; hyper: string[]; states: string[]; perTensor: string[] }>>;
  copy(
    src: NativeArray, srcOffset: number, srcStrides: readonly number[],
    dst: NativeArray, dstOffset: number, dstStrides: readonly number[], shape: readonly number[],
  ): void;
  fill(dst: NativeArray, offset: number, n: number, value: number): void;
  gather(x: NativeArray, xOffset: number, outer: number, len: number, inner: number, index: Int32Array, indexOffset: number, jlen: number, out: NativeArray, outOffset: number): void;
  scatterAdd(src: NativeArray, srcOffset: number, outer: number, jlen: number, inner: number, index: Int32Array, indexOffset: number, len: number, out: NativeArray, outOffset: number): void;
  indexSelect(x: NativeArray, xOffset: number, outer: number, len: number, inner: number, index: Int32Array, indexOffset: number, jlen: number, out: NativeArray, outOffset: number): void;
  indexAdd(src: NativeArray, srcOffset: number, outer: number, jlen: number, inner: number, index: Int32Array, indexOffset: number, len: number, out: NativeArray, outOffset: number): void;
  where(
    cond: NativeArray, condOffset: number, condStrides: readonly number[],
    a: NativeArray, aOffset: number, aStrides: readonly number[],
    b: NativeArray, bOffset: number, bStrides: readonly number[],
    out: NativeArray, outOffset: number, shape: readonly number[],
  ): void;
  random(kind: number, seed: bigint, offset: bigint, out: NativeArray, outOffset: number, n: number, p0: number, p1: number, p2: number, p3: number): number;
  /** Fused softmax + negative log-likelihood per position (native/addon/bind_loss.cpp); returns the 'mean' denominator. */
  crossEntropy(
    x: NativeArray, xOffset: number, target: NativeArray, targetOffset: number,
    weight: NativeArray | null, weightOffset: number, softmax: NativeArray, softmaxOffset: number,
    loss: NativeArray, lossOffset: number, outer: number, classes: number, inner: number,
    labelSmoothing: number, ignoreIndex: number,
  ): number;
  crossEntropyBackward(
    scale: NativeArray, scaleOffset: number, scaleStride: number, softmax: NativeArray, softmaxOffset: number,
    target: NativeArray, targetOffset: number, weight: NativeArray | null, weightOffset: number,
    dx: NativeArray, dxOffset: number, outer: number, classes: number, inner: number,
    labelSmoothing: number, ignoreIndex: number,
  ): void;
}

const packageRoot = path.resolve(__dirname, '..', '..');

function candidates(): string[] {
  const list: string[] = [];
  if (process.env.DESCENT_ADDON_PATH) list.push(path.resolve(process.env.DESCENT_ADDON_PATH));
  list.push(path.join(packageRoot, 'build', 'Release', 'descent.node'));
  list.push(path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`, 'descent.node'));
  return list;
}

function load(): NativeAddon {
  const tried: string[] = [];
  for (const file of candidates()) {
    if (!fs.existsSync(file)) {
      tried.push(`${file} (missing)`);
      continue;
    }
    try {
      return require(file) as NativeAddon;
    } catch (error) {
      tried.push(`${file} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  throw new Error(
    'descent: the native addon could not be loaded. Tried:\n  ' +
      tried.join('\n  ') +
      '\nRun `npm rebuild descent` to build it (in a checkout of descent: `npm run build:native`).',
  );
}

export const native: NativeAddon = load();
export const ops: OpCodes = native.ops;
