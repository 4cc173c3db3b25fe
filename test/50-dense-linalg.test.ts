// d.linalg: Cholesky, triangular and Cholesky solves, symmetric and tridiagonal eigensolvers
// against SciPy goldens (scripts/goldens/linalg.py → test/fixtures/linalg.json) under every
// kernel table, with tolerances set from each matrix's condition number or eigenvalue gap; float32
// input; error messages; no input modified, no result requiring grad; thread-count independence.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import * as kernels from '../lib/kernels';
import { bitsEqual, expectClose, forEachSimd, seededValues, withThreads } from './helpers';

interface Mat { shape: number[]; data: number[] }
interface LowerInt { n: number; lowerInt: number[] }
interface CholeskyCase { name: string; a: Mat; cond: number; l: Mat }
interface Fixture {
  cholesky: CholeskyCase[];
  choleskyLarge: { a: LowerInt; cond: number; diagonal: number[]; samples: Array<[number, number, number]> };
  notPositiveDefinite: Array<{ name: string; a: Mat; order: number }>;
  solveTriangular: Array<{
    name: string; a: Mat; b1: number[]; bk: Mat;
    combos: Array<{ lower: boolean; transpose: boolean; unitDiagonal: boolean; cond: number; x1: number[]; xk: Mat }>;
  }>;
  choleskySolve: Array<{ name: string; a?: Mat; aFrom?: string; cond: number; b: Mat; x: Mat; x1: number[] }>;
  eigh: Array<{ name: string; a?: Mat; aFrom?: string; values: number[]; gap: number | null; vectors?: Mat }>;
  eighLarge: { a: LowerInt; values: number[]; gap: number; columns: number[]; vectorColumns: Mat };
  eighTridiagonal: Array<{ name: string; d: number[]; e: number[]; values: number[]; gap: number | null; vectors?: Mat }>;
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'linalg.json'), 'utf8'),
) as Fixture;

const EPS = 2 ** -52;

function f64(m: Mat): d.Tensor {
  return d.fromArray(Float64Array.from(m.data), m.shape);
}

function fromLowerInt(m: LowerInt): d.Tensor {
  const a = new Float64Array(m.n * m.n);
  let p = 0;
  for (let i = 0; i < m.n; i++) {
    for (let j = 0; j <= i; j++) {
      a[i * m.n + j] = m.lowerInt[p];
      a[j * m.n + i] = m.lowerInt[p];
      p++;
    }
  }
  return d.fromArray(a, [m.n, m.n]);
}

function matrixOf(c: { a?: Mat; aFrom?: string }): d.Tensor {
  if (c.a !== undefined) return f64(c.a);
  const source = fixture.cholesky.find((x) => `cholesky/${x.name}` === c.aFrom);
  if (source === undefined) throw new Error(`fixture: no matrix ${c.aFrom}`);
  return f64(source.a);
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** ‖x‖_F, an upper bound of the 2-norm that eigenvalue perturbation bounds use (Weyl). */
function frobenius(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

function values(t: d.Tensor): number[] {
  return Array.from(t.contiguous().data);
}

/** C = A·B for row-major [n, p] · [p, m], in double. */
function multiply(a: ArrayLike<number>, b: ArrayLike<number>, n: number, p: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < p; q++) {
      const aiq = a[i * p + q];
      for (let j = 0; j < m; j++) c[i * m + j] += aiq * b[q * m + j];
    }
  }
  return c;
}

function transposed(a: ArrayLike<number>, n: number, m: number): Float64Array {
  const t = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
  return t;
}

/** Eigenvector columns compared with the reference up to the sign of each column. */
function expectColumnsUpToSign(actual: ArrayLike<number>, expected: ArrayLike<number>, n: number, cols: number, atol: number, label: string): void {
  for (let j = 0; j < cols; j++) {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += actual[i * cols + j] * expected[i * cols + j];
    const s = dot < 0 ? -1 : 1;
    const a = Array.from({ length: n }, (_, i) => s * actual[i * cols + j]);
    const e = Array.from({ length: n }, (_, i) => expected[i * cols + j]);
    expectClose(a, e, 0, atol, `${label} column ${j}`);
  }
}

/** max |A·V − V·Λ| / max|A| and max |VᵀV − I|. */
function decompositionErrors(a: ArrayLike<number>, n: number, lambda: ArrayLike<number>, v: ArrayLike<number>): { residual: number; orthogonality: number } {
  const av = multiply(a, v, n, n, n);
  let residual = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) residual = Math.max(residual, Math.abs(av[i * n + j] - v[i * n + j] * lambda[j]));
  const vtv = multiply(transposed(v, n, n), v, n, n, n);
  let orthogonality = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) orthogonality = Math.max(orthogonality, Math.abs(vtv[i * n + j] - (i === j ? 1 : 0)));
  return { residual: residual / Math.max(maxAbs(a), Number.MIN_VALUE), orthogonality };
}

function randomSpd(n: number, seed: number): d.Tensor {
  const m = seededValues(n * n, seed);
  const a = multiply(m, transposed(m, n, n), n, n, n);
  for (let i = 0; i < n; i++) a[i * n + i] += n;
  return d.fromArray(a, [n, n]);
}

describe('d.linalg (dense float64 linear algebra)', () => {
  describe('cholesky', () => {
    // The factor's sensitivity to a backward error of n·ε·‖A‖ is governed by a condition number
    // between √κ(A) and κ(A), close to √κ in practice (Chang, Paige & Stewart, SIMAX 1996): the
    // comparison with SciPy allows 4·n·ε·√κ relative to max|L|; the reconstruction L·Lᵀ must hold
    // to n·ε·‖A‖ whatever κ.
    it('matches SciPy and reconstructs A, with tolerances from the condition number, on every table', () => {
      forEachSimd((simd) => {
        for (const c of fixture.cholesky) {
          const a = f64(c.a);
          const n = a.shape[0];
          const l = d.linalg.cholesky(a);
          expect(l.dtype).to.equal('float64');
          expect(l.shape).to.deep.equal([n, n]);
          const lv = values(l);
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(lv[i * n + j]).to.equal(0);
          const ref = c.l.data;
          expectClose(lv, ref, 0, 4 * n * EPS * Math.sqrt(c.cond) * maxAbs(ref), `${simd} ${c.name} L`);
          // The backward error does not depend on the conditioning.
          expectClose(multiply(lv, transposed(lv, n, n), n, n, n), c.a.data, 0, 4 * n * EPS * maxAbs(c.a.data), `${simd} ${c.name} LLᵀ`);
        }
        const big = fixture.choleskyLarge;
        const l = values(d.linalg.cholesky(fromLowerInt(big.a)));
        const n = big.a.n;
        const tol = 4 * n * EPS * Math.sqrt(big.cond) * maxAbs(big.diagonal);
        expectClose(Array.from({ length: n }, (_, i) => l[i * n + i]), big.diagonal, 0, tol, `${simd} n100 diagonal`);
        expectClose(big.samples.map(([i, j]) => l[i * n + j]), big.samples.map((s) => s[2]), 0, tol, `${simd} n100 samples`);
      });
    });

    it('names the order of the first leading minor that is not positive, as SciPy does', () => {
      for (const c of fixture.notPositiveDefinite) {
        const a = f64(c.a);
        expect(() => d.linalg.cholesky(a), c.name).to.throw(
          RangeError,
          `cholesky: the matrix is not positive definite (the leading minor of order ${c.order} is not positive)`,
        );
        expect(d.linalg.tryCholesky(a), c.name).to.equal(null);
      }
      // Past a block boundary of the blocked factorization (96): A = I except a₁₅₀,₁₅₀ = −1.
      const a = d.eye(300, 300, { dtype: 'float64' });
      (a.data as Float64Array)[149 * 300 + 149] = -1;
      expect(() => d.linalg.cholesky(a)).to.throw(RangeError, 'leading minor of order 150 is not positive');
    });

    it('tryCholesky returns the same factor as cholesky', () => {
      const a = randomSpd(40, 3);
      const l = d.linalg.tryCholesky(a);
      expect(l).to.not.equal(null);
      expect(bitsEqual(values(l as d.Tensor), values(d.linalg.cholesky(a)))).to.equal(true);
    });

    it('reads only the lower triangle, accepts views, leaves its input alone and records no grad', () => {
      const c = fixture.cholesky[1];
      const n = c.a.shape[0];
      const dataWithNaNAbove = Float64Array.from(c.a.data);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dataWithNaNAbove[i * n + j] = NaN;
      const a = d.fromArray(dataWithNaNAbove, [n, n]).requiresGrad_();
      const before = Float64Array.from(dataWithNaNAbove);
      const l = d.linalg.cholesky(a);
      expect(l.requiresGrad).to.equal(false);
      expectClose(values(l), c.l.data, 1e-12, 1e-13);
      expect(bitsEqual(a.data, before)).to.equal(true);
      // A transposed view of the full symmetric matrix is the same matrix; a padded slice too.
      const full = f64(c.a);
      expectClose(values(d.linalg.cholesky(full.T)), c.l.data, 1e-12, 1e-13, 'transposed view');
      const padded = d.zeros([n + 2, n + 3], { dtype: 'float64' });
      const inner = padded.narrow(0, 1, n).narrow(1, 2, n);
      inner.copy_(full);
      expectClose(values(d.linalg.cholesky(inner)), c.l.data, 1e-12, 1e-13, 'strided view');
    });

    it('computes float32 input in float64 and returns float32', () => {
      const c = fixture.cholesky[1];
      const a32 = f64(c.a).to('float32');
      const l = d.linalg.cholesky(a32);
      expect(l.dtype).to.equal('float32');
      // The float32 rounding of A moves L by about cond·2⁻²⁴ relative.
      expectClose(values(l), c.l.data, 0, 1e-5 * c.cond * maxAbs(c.l.data), 'float32');
      // Exactly the float64 factor of the rounded matrix, rounded once.
      const l64 = d.linalg.cholesky(a32.to('float64'));
      expect(bitsEqual(values(l), Array.from(Float32Array.from(values(l64))))).to.equal(true);
    });

    it('handles n = 0 and n = 1', () => {
      expect(d.linalg.cholesky(d.zeros([0, 0], { dtype: 'float64' })).shape).to.deep.equal([0, 0]);
      expect(values(d.linalg.cholesky(d.tensor([[9]], { dtype: 'float64' })))).to.deep.equal([3]);
      expect(() => d.linalg.cholesky(d.tensor([[0]], { dtype: 'float64' }))).to.throw(RangeError, 'order 1 is not positive');
    });

    it('rejects what is not a finite square float matrix', () => {
      expect(() => d.linalg.cholesky(d.zeros([2, 3], { dtype: 'float64' }))).to.throw(RangeError, 'cholesky: a must be a square matrix [n, n], got shape [2, 3]');
      expect(() => d.linalg.cholesky(d.zeros([4], { dtype: 'float64' }))).to.throw(RangeError, 'got shape [4]');
      expect(() => d.linalg.cholesky(d.zeros([2, 2, 2], { dtype: 'float64' }))).to.throw(RangeError, 'got shape [2, 2, 2]');
      expect(() => d.linalg.cholesky(d.zeros([2, 2], { dtype: 'int32' }))).to.throw(TypeError, 'cholesky: not defined for int32');
      expect(() => d.linalg.cholesky([[1]] as unknown as d.Tensor)).to.throw(TypeError, 'cholesky: a must be a Tensor');
      const nan = d.tensor([[4, 0], [NaN, 4]], { dtype: 'float64' });
      expect(() => d.linalg.cholesky(nan)).to.throw(RangeError, 'cholesky: the matrix has a non-finite entry (NaN at [1, 0])');
      expect(() => d.linalg.tryCholesky(nan)).to.throw(RangeError, 'tryCholesky: the matrix has a non-finite entry');
      const inf = d.tensor([[Infinity, 0], [0, 4]], { dtype: 'float64' });
      expect(() => d.linalg.cholesky(inf)).to.throw(RangeError, '(Infinity at [0, 0])');
    });

    it('gives bit-identical factors for any thread count', () => {
      const a = randomSpd(320, 9);
      const one = withThreads(1, () => values(d.linalg.cholesky(a)));
      const two = withThreads(2, () => values(d.linalg.cholesky(a)));
      expect(bitsEqual(one, two)).to.equal(true);
    });
  });

  describe('solveTriangular', () => {
    it('matches SciPy for every triangle, transpose and diagonal, one and several right-hand sides, every table', () => {
      forEachSimd((simd) => {
        for (const c of fixture.solveTriangular) {
          const a = f64(c.a);
          const n = a.shape[0];
          for (const k of c.combos) {
            const opts = { lower: k.lower, transpose: k.transpose, unitDiagonal: k.unitDiagonal };
            const label = `${simd} ${c.name} ${JSON.stringify(opts)}`;
            const tol = (x: ArrayLike<number>) => 4 * n * EPS * k.cond * maxAbs(x);
            const x1 = d.linalg.solveTriangular(a, d.tensor(c.b1, { dtype: 'float64' }), opts);
            expect(x1.shape).to.deep.equal([n]);
            expectClose(x1, k.x1, 0, tol(k.x1), `${label} [n]`);
            const xk = d.linalg.solveTriangular(a, f64(c.bk), opts);
            expect(xk.shape).to.deep.equal(c.bk.shape);
            expectClose(xk, k.xk.data, 0, tol(k.xk.data), `${label} [n, k]`);
            // A transposed view is read in place with the flags flipped: same answer as its copy.
            const viewed = d.linalg.solveTriangular(a.T.contiguous().T, f64(c.bk), opts);
            expectClose(viewed, k.xk.data, 0, tol(k.xk.data), `${label} view`);
          }
        }
      });
    });

    it('solves large blocked systems (past the 64-row blocks of the kernel)', () => {
      const n = 200;
      const raw = seededValues(n * n, 5, -1, 1).map((v, i) => (Math.floor(i / n) === i % n ? 3 + v : v / n));
      const a = d.fromArray(Float64Array.from(raw), [n, n]);
      const b = d.fromArray(Float64Array.from(seededValues(n * 7, 6)), [n, 7]);
      for (const lower of [true, false]) {
        for (const transpose of [false, true]) {
          const x = values(d.linalg.solveTriangular(a, b, { lower, transpose }));
          const tri = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i === j || (j < i) === lower) tri[i * n + j] = raw[i * n + j];
          const op = transpose ? transposed(tri, n, n) : tri;
          expectClose(multiply(op, x, n, n, 7), b.data, 0, 1e-13, `lower ${lower} transpose ${transpose}`);
        }
      }
    });

    it('float32, errors, inputs left alone', () => {
      const c = fixture.solveTriangular[0];
      const a = f64(c.a);
      const combo = c.combos[0];
      const x = d.linalg.solveTriangular(a.to('float32'), d.tensor(c.b1, { dtype: 'float32' }), { lower: combo.lower });
      expect(x.dtype).to.equal('float32');
      expectClose(x, combo.x1, 0, 1e-5 * combo.cond * maxAbs(combo.x1));
      const b = f64(c.bk);
      const before = values(b);
      d.linalg.solveTriangular(a, b);
      expect(values(b)).to.deep.equal(before);

      const singular = d.tensor([[1, 0, 0], [2, 0, 0], [3, 4, 5]], { dtype: 'float64' });
      const rhs = d.tensor([1, 5, 3], { dtype: 'float64' });
      expect(() => d.linalg.solveTriangular(singular, rhs)).to.throw(RangeError, 'solveTriangular: the matrix is singular (zero on its diagonal at [1, 1])');
      expect(values(d.linalg.solveTriangular(singular, rhs, { unitDiagonal: true }))).to.deep.equal([1, 3, -12]);
      // NaN outside the triangle read, or on a unit diagonal, is ignored; inside it is an error.
      const upperNaN = d.tensor([[2, NaN], [1, NaN]], { dtype: 'float64' });
      expect(values(d.linalg.solveTriangular(upperNaN, d.tensor([2, 3], { dtype: 'float64' }), { unitDiagonal: true }))).to.deep.equal([2, 1]);
      expect(() => d.linalg.solveTriangular(upperNaN, d.tensor([2, 3], { dtype: 'float64' }))).to.throw(RangeError, 'solveTriangular: a has a non-finite entry (NaN at [1, 1])');
      expect(() => d.linalg.solveTriangular(a, d.tensor([1, NaN, 0, 0, 0], { dtype: 'float64' }))).to.throw(RangeError, 'solveTriangular: b has a non-finite entry (NaN at [1])');
      expect(() => d.linalg.solveTriangular(a, d.zeros([4], { dtype: 'float64' }))).to.throw(RangeError, 'solveTriangular: b must be [5] or [5, k] for a matrix [5, 5], got shape [4]');
      expect(() => d.linalg.solveTriangular(a, d.zeros([5], { dtype: 'float32' }))).to.throw(TypeError, 'solveTriangular: dtypes differ: float64 and float32');
      expect(() => d.linalg.solveTriangular(a, rhs, { lower: 1 } as unknown as d.linalg.SolveTriangularOptions)).to.throw(TypeError, 'solveTriangular: opts.lower must be a boolean');
      expect(d.linalg.solveTriangular(d.zeros([0, 0], { dtype: 'float64' }), d.zeros([0, 3], { dtype: 'float64' })).shape).to.deep.equal([0, 3]);
    });
  });

  describe('choleskySolve', () => {
    it('matches SciPy cho_solve, with tolerances from the condition number', () => {
      forEachSimd((simd) => {
        for (const c of fixture.choleskySolve) {
          const a = matrixOf(c);
          const n = a.shape[0];
          const l = d.linalg.cholesky(a);
          const x = d.linalg.choleskySolve(l, f64(c.b));
          expect(x.shape).to.deep.equal(c.b.shape);
          expectClose(x, c.x.data, 0, 8 * n * EPS * c.cond * maxAbs(c.x.data), `${simd} ${c.name}`);
          const x1 = d.linalg.choleskySolve(l, d.tensor(c.b.data.filter((_, i) => i % 2 === 0), { dtype: 'float64' }));
          expect(x1.shape).to.deep.equal([n]);
          expectClose(x1, c.x1, 0, 8 * n * EPS * c.cond * maxAbs(c.x1), `${simd} ${c.name} [n]`);
          // Small residual whatever the conditioning: |A·x − b| ≲ n·ε·|A|·|x|.
          const r = multiply(values(a), values(x), n, n, 2);
          expectClose(r, c.b.data, 0, 8 * n * EPS * maxAbs(values(a)) * maxAbs(c.x.data), `${simd} ${c.name} residual`);
        }
      });
    });

    it('float32, errors', () => {
      const a = randomSpd(6, 1);
      const b = d.fromArray(Float64Array.from(seededValues(6, 2)), [6]);
      const x64 = d.linalg.choleskySolve(d.linalg.cholesky(a), b);
      const x32 = d.linalg.choleskySolve(d.linalg.cholesky(a.to('float32')), b.to('float32'));
      expect(x32.dtype).to.equal('float32');
      expectClose(x32, x64, 1e-4, 1e-5 * maxAbs(values(x64)));
      const zeroDiagonal = d.tensor([[1, 0], [1, 0]], { dtype: 'float64' });
      expect(() => d.linalg.choleskySolve(zeroDiagonal, d.tensor([1, 1], { dtype: 'float64' }))).to.throw(RangeError, 'choleskySolve: the factor is singular (zero on its diagonal at [1, 1])');
      expect(() => d.linalg.choleskySolve(d.linalg.cholesky(a), d.zeros([6, 2, 1], { dtype: 'float64' }))).to.throw(RangeError, 'choleskySolve: b must be [6] or [6, k]');
      expect(() => d.linalg.choleskySolve(d.linalg.cholesky(a), b.to('float32'))).to.throw(TypeError, 'choleskySolve: dtypes differ');
    });
  });

  describe('eigh', () => {
    // Both solvers are backward stable: each eigenvalue is off by O(n·ε·‖A‖) (Weyl), each
    // eigenvector by that over the gap to the nearest other eigenvalue (Davis–Kahan).
    it('matches SciPy: values within n·ε·‖A‖, vectors up to sign within n·ε·‖A‖/gap, on every table', () => {
      forEachSimd((simd) => {
        for (const c of fixture.eigh) {
          const a = matrixOf(c);
          const n = a.shape[0];
          const { values: w, vectors: v } = d.linalg.eigh(a);
          expect(w.shape).to.deep.equal([n]);
          expect(v.shape).to.deep.equal([n, n]);
          const scale = frobenius(values(a));
          expectClose(w, c.values, 0, 4 * n * EPS * scale, `${simd} ${c.name} values`);
          const errors = decompositionErrors(values(a), n, values(w), values(v));
          expect(errors.residual, `${simd} ${c.name} residual`).to.be.below(8 * n * EPS);
          expect(errors.orthogonality, `${simd} ${c.name} orthogonality`).to.be.below(8 * n * EPS);
          if (c.vectors !== undefined) {
            expectColumnsUpToSign(values(v), c.vectors.data, n, n, (4 * n * EPS * scale) / (c.gap ?? 1), `${simd} ${c.name} vectors`);
          }
        }
        const big = fixture.eighLarge;
        const a = fromLowerInt(big.a);
        const n = big.a.n;
        const scale = frobenius(values(a));
        const { values: w, vectors: v } = d.linalg.eigh(a);
        expectClose(w, big.values, 0, 4 * n * EPS * scale, `${simd} n100 values`);
        const vv = values(v);
        const cols = big.columns.length;
        const picked = new Float64Array(n * cols);
        for (let i = 0; i < n; i++) for (let q = 0; q < cols; q++) picked[i * cols + q] = vv[i * n + big.columns[q]];
        expectColumnsUpToSign(picked, big.vectorColumns.data, n, big.columns.length, (4 * n * EPS * scale) / big.gap, `${simd} n100 vectors`);
      });
    });

    it('fixes each eigenvector\'s sign (largest entry positive), reads only the lower triangle, records no grad', () => {
      const c = fixture.eigh[2];
      const n = c.a!.shape[0];
      const data = Float64Array.from(c.a!.data);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) data[i * n + j] = NaN;
      const a = d.fromArray(data, [n, n]).requiresGrad_();
      const { values: w, vectors: v } = d.linalg.eigh(a);
      expect(w.requiresGrad || v.requiresGrad).to.equal(false);
      expectClose(w, c.values, 0, 4 * n * EPS * frobenius(c.a!.data));
      const vv = values(v);
      for (let j = 0; j < n; j++) {
        let arg = 0;
        for (let i = 1; i < n; i++) if (Math.abs(vv[i * n + j]) > Math.abs(vv[arg * n + j])) arg = i;
        expect(vv[arg * n + j]).to.be.above(0);
      }
      expect(Number.isNaN(a.data[1])).to.equal(true);
    });

    it('handles n = 0, n = 1, a multiple of the identity, float32 input', () => {
      const e0 = d.linalg.eigh(d.zeros([0, 0], { dtype: 'float64' }));
      expect(e0.values.shape).to.deep.equal([0]);
      expect(e0.vectors.shape).to.deep.equal([0, 0]);
      const e1 = d.linalg.eigh(d.tensor([[-2]], { dtype: 'float64' }));
      expect(values(e1.values)).to.deep.equal([-2]);
      expect(values(e1.vectors)).to.deep.equal([1]);
      const eye = d.linalg.eigh(d.eye(7, 7, { dtype: 'float64' }).mul(3));
      expect(values(eye.values)).to.deep.equal(new Array(7).fill(3));
      expect(values(eye.vectors)).to.deep.equal(values(d.eye(7, 7, { dtype: 'float64' })));
      const c = fixture.eigh[1];
      const e32 = d.linalg.eigh(f64(c.a!).to('float32'));
      expect(e32.values.dtype).to.equal('float32');
      expect(e32.vectors.dtype).to.equal('float32');
      expectClose(e32.values, c.values, 0, 1e-5 * maxAbs(c.values));
      expectColumnsUpToSign(values(e32.vectors), c.vectors!.data, 5, 5, 1e-5 / c.gap!, 'float32 vectors');
    });

    it('rejects non-square, int32 and non-finite input', () => {
      expect(() => d.linalg.eigh(d.zeros([3, 2], { dtype: 'float64' }))).to.throw(RangeError, 'eigh: a must be a square matrix [n, n], got shape [3, 2]');
      expect(() => d.linalg.eigh(d.zeros([2, 2], { dtype: 'int32' }))).to.throw(TypeError, 'eigh: not defined for int32');
      expect(() => d.linalg.eigh(d.tensor([[1, 2], [-Infinity, 1]], { dtype: 'float64' }))).to.throw(RangeError, 'eigh: the matrix has a non-finite entry (-Infinity at [1, 0])');
    });

    it('gives bit-identical results for any thread count', () => {
      const n = 300;
      const raw = seededValues(n * n, 12);
      const sym = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) sym[i * n + j] = sym[j * n + i] = raw[i * n + j];
      const a = d.fromArray(sym, [n, n]);
      const one = withThreads(1, () => d.linalg.eigh(a));
      const two = withThreads(2, () => d.linalg.eigh(a));
      expect(bitsEqual(values(one.values), values(two.values))).to.equal(true);
      expect(bitsEqual(values(one.vectors), values(two.vectors))).to.equal(true);
      const errors = decompositionErrors(sym, n, values(one.values), values(one.vectors));
      expect(errors.residual).to.be.below(8 * n * EPS);
      expect(errors.orthogonality).to.be.below(8 * n * EPS);
    });
  });

  describe('native entry points (native/addon/bind_linalg.cpp)', () => {
    // Row-major matrices [rows, cols] with a leading dimension, as the dense solvers read them.
    type F = Float64Array | Float32Array | Int32Array;
    const m = (data: F, offset: number, rows: number, cols: number, ld: number) => ({ data, offset, shape: [rows, cols], strides: [ld, 1] });
    const v = (data: F, offset: number, n: number) => ({ data, offset, shape: [n] });
    const addon = {
      cholesky: (n: number, a: F, ao: number, lda: number, l: F, lo: number, ldl: number) => kernels.cholesky({ a: m(a, ao, n, n, lda), l: m(l, lo, n, n, ldl) }),
      choleskySolve: (n: number, k: number, l: F, lo: number, ldl: number, b: F, bo: number, ldb: number) =>
        kernels.choleskySolve({ l: m(l, lo, n, n, ldl), b: m(b, bo, n, k, ldb) }),
      triangularSolve: (lower: boolean, transpose: boolean, unitDiagonal: boolean, n: number, k: number, a: F, ao: number, lda: number, b: F, bo: number, ldb: number) =>
        kernels.triangularSolve({ lower, transpose, unitDiagonal, a: m(a, ao, n, n, lda), b: m(b, bo, n, k, ldb) }),
      symmetricEigen: (n: number, a: F, ao: number, lda: number, values: F, vo: number, vectors: F, wo: number, ldv: number) =>
        kernels.symmetricEigen({ a: m(a, ao, n, n, lda), values: v(values, vo, n), vectors: m(vectors, wo, n, n, ldv) }),
      tridiagonalEigen: (n: number, dd: F, dOff: number, e: F, eo: number, values: F, vo: number, vectors: F, wo: number, ldv: number) =>
        kernels.tridiagonalEigen({ d: v(dd, dOff, n), e: v(e, eo, Math.max(n - 1, 0)), values: v(values, vo, n), vectors: m(vectors, wo, n, n, ldv) }),
      findNonFinite: (a: F, ao: number, rows: number, cols: number, ld: number, triangle: number) => kernels.findNonFinite({ triangle, a: m(a, ao, rows, cols, ld) }),
    };

    it('validate sizes, offsets, leading dimensions, dtypes and overlap', () => {
      const a = new Float64Array([4, 0, 2, 5]);
      const l = new Float64Array(4);
      expect(addon.cholesky(2, a, 0, 2, l, 0, 2)).to.equal(0);
      expect(Array.from(l)).to.deep.equal([2, 0, 1, 2]);
      expect(() => addon.cholesky(2, a, 1, 2, l, 0, 2)).to.throw(RangeError, 'cholesky: a (offset 1, shape [2, 2], strides [2, 1]) reaches element 4');
      expect(() => addon.cholesky(2, a, 0, 1, l, 0, 2)).to.throw(RangeError, 'cholesky: the leading dimension of a (1) is less than its row length 2');
      expect(() => addon.cholesky(3, a, 0, 3, l, 0, 3)).to.throw(RangeError, 'reaches element');
      expect(() => addon.cholesky(2, new Float32Array(4) as unknown as Float64Array, 0, 2, l, 0, 2)).to.throw(TypeError, 'cholesky: a is float32, expected float64');
      expect(() => addon.cholesky(-1, a, 0, 2, l, 0, 2)).to.throw(RangeError, 'cholesky: aShape[0] must be a non-negative integer');
      const big = new Float64Array(8);
      expect(() => addon.cholesky(2, big, 0, 2, big, 2, 2)).to.throw(RangeError, 'cholesky: l overlaps a');
      // In place: the same matrix with the same leading dimension.
      big.set([9, 0, 3, 5]);
      expect(addon.cholesky(2, big, 0, 2, big, 0, 2)).to.equal(0);
      expect(Array.from(big.subarray(0, 4))).to.deep.equal([3, 0, 1, 2]);
      expect(() => addon.triangularSolve(true, false, false, 2, 1, big, 0, 2, big, 3, 1)).to.throw(RangeError, 'triangularSolve: b overlaps a');
      expect(() => addon.choleskySolve(2, 2, a, 0, 2, new Float64Array(4), 1, 2)).to.throw(RangeError, 'choleskySolve: b (offset 1');
      const vectors = new Float64Array(4);
      expect(() => addon.symmetricEigen(2, a, 0, 2, vectors, 0, vectors, 0, 2)).to.throw(RangeError, 'symmetricEigen: vectors overlaps values');
      expect(() => addon.symmetricEigen(2, a, 0, 2, new Float64Array(1), 0, vectors, 0, 2)).to.throw(RangeError, 'symmetricEigen: values');
      expect(() => addon.tridiagonalEigen(3, new Float64Array(3), 0, new Float64Array(1), 0, new Float64Array(3), 0, new Float64Array(9), 0, 3)).to.throw(RangeError, 'tridiagonalEigen: e');
      expect(() => addon.findNonFinite(new Int32Array(4) as unknown as Float64Array, 0, 2, 2, 2, 0)).to.throw(TypeError, 'findNonFinite: a must be float32 or float64');
      expect(() => addon.findNonFinite(a, 0, 2, 2, 2, 3 as 0)).to.throw(RangeError, 'findNonFinite: triangle must be in [0, 2]');
      expect(addon.findNonFinite(new Float32Array([0, NaN, 0, 0]), 0, 2, 2, 2, 1)).to.equal(-1);
      expect(addon.findNonFinite(new Float32Array([0, NaN, 0, 0]), 0, 2, 2, 2, 2)).to.equal(1);
    });
  });

  describe('eighTridiagonal', () => {
    it('matches SciPy eigh_tridiagonal (Wilkinson\'s W21+ included)', () => {
      forEachSimd((simd) => {
        for (const c of fixture.eighTridiagonal) {
          const n = c.d.length;
          const { values: w, vectors: v } = d.linalg.eighTridiagonal(d.tensor(c.d, { dtype: 'float64' }), d.tensor(c.e, { dtype: 'float64' }));
          const scale = Math.sqrt(frobenius(c.d) ** 2 + 2 * frobenius(c.e) ** 2);
          expectClose(w, c.values, 0, 4 * n * EPS * scale, `${simd} ${c.name} values`);
          const t = new Float64Array(n * n);
          for (let i = 0; i < n; i++) t[i * n + i] = c.d[i];
          for (let i = 0; i + 1 < n; i++) t[i * n + i + 1] = t[(i + 1) * n + i] = c.e[i];
          const errors = decompositionErrors(t, n, values(w), values(v));
          expect(errors.residual, `${simd} ${c.name} residual`).to.be.below(8 * n * EPS);
          expect(errors.orthogonality, `${simd} ${c.name} orthogonality`).to.be.below(8 * n * EPS);
          if (c.vectors !== undefined) {
            expectColumnsUpToSign(values(v), c.vectors.data, n, n, (4 * n * EPS * scale) / (c.gap ?? 1), `${simd} ${c.name} vectors`);
          }
        }
      });
    });

    it('float32, strided input, errors', () => {
      const c = fixture.eighTridiagonal[2];
      const w32 = d.linalg.eighTridiagonal(d.tensor(c.d, { dtype: 'float32' }), d.tensor(c.e, { dtype: 'float32' }));
      expect(w32.values.dtype).to.equal('float32');
      expectClose(w32.values, c.values, 0, 1e-5 * maxAbs(c.values));
      // Every other element of a longer vector.
      const spread = d.squeeze(d.tensor(c.d.flatMap((x) => [x, 99]), { dtype: 'float64' }).reshape([c.d.length, 2]).T.narrow(0, 0, 1), 0);
      expect(spread.isContiguous()).to.equal(false);
      expectClose(d.linalg.eighTridiagonal(spread, d.tensor(c.e, { dtype: 'float64' })).values, c.values, 0, 1e-13);
      const dd = d.tensor([1, 2, 3], { dtype: 'float64' });
      expect(() => d.linalg.eighTridiagonal(dd, d.tensor([1, 2, 3], { dtype: 'float64' }))).to.throw(RangeError, 'eighTridiagonal: offDiagonal must be [2] for a diagonal [3], got shape [3]');
      expect(() => d.linalg.eighTridiagonal(dd, d.tensor([1, NaN], { dtype: 'float64' }))).to.throw(RangeError, 'eighTridiagonal: offDiagonal has a non-finite entry (NaN at [1])');
      expect(() => d.linalg.eighTridiagonal(dd, d.tensor([1, 2], { dtype: 'float32' }))).to.throw(TypeError, 'eighTridiagonal: dtypes differ');
      expect(() => d.linalg.eighTridiagonal(d.zeros([2, 2], { dtype: 'float64' }), dd)).to.throw(RangeError, 'eighTridiagonal: diagonal must be a vector [n], got shape [2, 2]');
      const empty = d.linalg.eighTridiagonal(d.zeros([0], { dtype: 'float64' }), d.zeros([0], { dtype: 'float64' }));
      expect(empty.values.shape).to.deep.equal([0]);
    });
  });
});
