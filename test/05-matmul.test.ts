import { expect } from 'chai';
import * as d from '../lib';
import * as kernels from '../lib/kernels';
import { bitsEqual, expectClose, forEachSimd, seededValues, withThreads } from './helpers';

// C = op(A)·op(B) in double, row-major.
function refGemm(tA: boolean, tB: boolean, m: number, n: number, k: number, a: ArrayLike<number>, lda: number, b: ArrayLike<number>, ldb: number): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = tA ? a[p * lda + i] : a[i * lda + p];
        const bv = tB ? b[j * ldb + p] : b[p * ldb + j];
        s += av * bv;
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

// C = alpha·op(A)·op(B) + beta·C through the kernel layer: row-major A and B with leading
// dimensions lda and ldb, C [m, n] dense.
function gemm(tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array | Float64Array, lda: number,
  b: Float32Array | Float64Array, ldb: number, beta: number, c: Float32Array | Float64Array): void {
  kernels.gemm({
    transA: tA, transB: tB, alpha, beta,
    a: { data: a, offset: 0, shape: [1, tA ? k : m, tA ? m : k], strides: [0, lda, 1] },
    b: { data: b, offset: 0, shape: [1, tB ? n : k, tB ? k : n], strides: [0, ldb, 1] },
    c: { data: c, offset: 0, shape: [1, m, n] },
  });
}

describe('matmul and gemm', () => {
  const shapes: Array<[number, number, number]> = [
    [1, 1, 1], [2, 3, 4], [7, 5, 3], [6, 16, 9], [13, 17, 19], [33, 47, 65], [128, 64, 256], [97, 1, 31], [1, 97, 31], [64, 300, 1],
  ];

  it('native gemm matches a double triple loop for every transpose combination, both dtypes, every table', () => {
    forEachSimd((simd) => {
      for (const [m, n, k] of shapes) {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            for (const dtype of ['float32', 'float64'] as const) {
              const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
              // Leading dimensions with padding.
              const lda = (tA ? m : k) + 3;
              const ldb = (tB ? k : n) + 2;
              const a = Ctor.from(seededValues((tA ? k : m) * lda, m + k, -1, 1));
              const b = Ctor.from(seededValues((tB ? n : k) * ldb, n + k + 1, -1, 1));
              const c = new Ctor(m * n).fill(NaN); // beta = 0 must not read C
              gemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c);
              const tol = dtype === 'float32' ? 2e-6 * Math.sqrt(k) : 1e-14 * k;
              expectClose(c, refGemm(tA, tB, m, n, k, a, lda, b, ldb), tol, tol, `${simd} ${dtype} ${m}x${n}x${k} ${tA}${tB}`);
            }
          }
        }
      }
    });
  });

  it('alpha and beta scale and accumulate', () => {
    const a = Float64Array.from(seededValues(12, 1));
    const b = Float64Array.from(seededValues(20, 2));
    const c0 = Float64Array.from(seededValues(15, 3));
    const c = Float64Array.from(c0);
    gemm(false, false, 3, 5, 4, 2.5, a, 4, b, 5, -0.5, c);
    const ab = refGemm(false, false, 3, 5, 4, a, 4, b, 5);
    expectClose(c, ab.map((v, i) => 2.5 * v - 0.5 * c0[i]), 1e-14, 1e-14);
  });

  it('matmul handles vectors, transposed views and broadcast batches', () => {
    const A = d.tensor(seededValues(12, 4), [3, 4], { dtype: 'float64' });
    const B = d.tensor(seededValues(20, 5), [4, 5], { dtype: 'float64' });
    const ref = refGemm(false, false, 3, 5, 4, A.data, 4, B.data, 5);
    expectClose(A.matmul(B), ref, 1e-14);
    // Transposed views go to gemm as flags: same result.
    expectClose(B.T.matmul(A.T), refGemm(true, true, 5, 3, 4, B.data, 5, A.data, 4), 1e-14);
    const v = d.tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(A.matmul(v).shape).to.deep.equal([3]);
    expect(v.matmul(B).shape).to.deep.equal([5]);
    expect(v.matmul(v).shape).to.deep.equal([]);
    expect(v.matmul(v).item()).to.equal(30);
    const batch = d.stack([A, A.mul(2)]); // [2, 3, 4]
    const out = batch.matmul(B); // B broadcast over the batch
    expect(out.shape).to.deep.equal([2, 3, 5]);
    expectClose(out.slice(1, 2).reshape([3, 5]), ref.map((x) => 2 * x), 1e-14);
    const mid = d.zeros([2, 1, 3, 4], { dtype: 'float64' }).add(A).matmul(d.stack([B, B, B]).reshape([1, 3, 4, 5]));
    expect(mid.shape).to.deep.equal([2, 3, 3, 5]);
    expectClose(mid.slice(1, 2).reshape([3, 3, 5]).slice(2, 3).reshape([3, 5]), ref, 1e-14);
  });

  it('reports inner-dimension mismatches with both shapes', () => {
    expect(() => d.zeros([2, 3]).matmul(d.zeros([4, 5]))).to.throw(RangeError, 'matmul: inner dimensions differ: [2, 3] x [4, 5]');
    expect(() => d.zeros([3]).matmul(d.zeros([4]))).to.throw(RangeError, /dot: expected two 1-D tensors of equal length/);
    expect(() => d.zeros([2, 2]).matmul(d.zeros([2, 2], { dtype: 'float64' }))).to.throw(TypeError, /dtypes differ/);
    expect(() => d.zeros([2, 2], { dtype: 'int32' }).matmul(d.zeros([2, 2], { dtype: 'int32' }))).to.throw(TypeError, /int32/);
  });

  it('gemm gives the same bits on 1 and 2 threads', () => {
    const a = d.randn([300, 257], { generator: new d.RandomGenerator(1) });
    const b = d.randn([257, 310], { generator: new d.RandomGenerator(2) });
    const one = withThreads(1, () => a.matmul(b).data);
    const two = withThreads(2, () => a.matmul(b).data);
    expect(bitsEqual(one, two)).to.equal(true);
  });

  it('dot accumulates in double', () => {
    const x = d.full([1_000_000], 0.1);
    expect(d.dot(x, x).item()).to.be.closeTo(1_000_000 * 0.1 * 0.1, 1e-2);
  });
});
