// The kernel layer (lib/kernels): its generated file matches the addon's table, its encoders
// raise the addon's errors for JavaScript types, the argument block grows for long calls, and
// each family of entry points computes through it what it computes natively.
import { expect } from 'chai';
import * as fs from 'fs';
import * as k from '../lib/kernels';
import { reserve } from '../lib/kernels/argument-block';

const generator = require('../../scripts/generate-kernel-api.js') as { outputs(schema: unknown): Array<[string, string]> };

const t = (data: k.NativeArray, shape: number[], offset = 0, strides?: number[]): k.TensorDescriptor =>
  strides === undefined ? { data, offset, shape } : { data, offset, shape, strides };

describe('kernel layer: one table for C++ and TypeScript', () => {
  it('lib/kernels/entry-points.ts and index.ts are what scripts/generate-kernel-api.js makes of the addon\'s schema', () => {
    for (const [file, text] of generator.outputs(k.schema)) {
      expect(fs.readFileSync(file, 'utf8') === text, `${file}: run node scripts/generate-kernel-api.js`).to.equal(true);
    }
  });

  it('every entry of the schema is an addon function and a kernel-layer function, and nothing else is', () => {
    const names = Object.keys(k.schema);
    const raw = k.rawAddon as unknown as Record<string, unknown>;
    const addonFunctions = Object.keys(raw).filter((name) => typeof raw[name] === 'function');
    expect(addonFunctions.sort()).to.deep.equal([...names].sort());
    const layer = k as unknown as Record<string, unknown>;
    for (const name of names) {
      expect(typeof layer[name], name).to.equal('function');
      // Plain properties: a getter would cost every call a lookup.
      expect(Object.getOwnPropertyDescriptor(layer, name)?.get, name).to.equal(undefined);
    }
    expect(Object.keys(k.optimizerInfo).length).to.equal(11);
    expect(k.optimizerInfo.adam.scalars).to.deep.equal(['step']);
    expect(k.ops.simd).to.deep.equal({ scalar: 0, avx2: 1, auto: 2 });
  });
});

describe('kernel layer: encoders', () => {
  const x = new Float32Array(8);
  it('raise "<entry>: ..." errors for JavaScript types the addon cannot see', () => {
    expect(() => k.softmax({ log: 1 as never, x: t(x, [1, 8, 1]), y: t(x, [1, 8, 1]) })).to.throw(TypeError, /^softmax: log must be a boolean$/);
    expect(() => k.random({ kind: 0, seed: 1n, offset: 2n ** 64n, p0: 0, p1: 1, p2: 0, p3: 0, out: t(x, [8]) })).to.throw(RangeError, /^random: offset must fit in 64 unsigned bits$/);
    expect(() => k.scal({ alpha: 2, x: 5 as never })).to.throw(TypeError, /^scal: x must be a tensor descriptor/);
    expect(() => k.scal({ alpha: 2, x: x as never })).to.throw(TypeError, /^scal: xOffset must be a number$/);
    expect(() => k.scal({ alpha: 2, x: { data: x, offset: '0' as never, shape: [8] } })).to.throw(TypeError, /^scal: xOffset must be a number$/);
    expect(() => k.scal({ alpha: 2, x: { data: x, offset: 0, shape: 8 as never } })).to.throw(TypeError, /^scal: xShape must be an array of sizes$/);
    expect(() => k.scal({ alpha: 2, x: { data: x, offset: 0, shape: ['8'] as never } })).to.throw(TypeError, /^scal: xShape must hold numbers$/);
    expect(() => k.scal({ alpha: 2, x: t(x, [2, 4], 0, [4]) })).to.throw(RangeError, /^scal: xStrides has 1 entries for a shape of 2 dimensions$/);
    expect(() => k.optimizerStep({ code: 1, hyper: t(new Float64Array(6), [6]), scalars: t(new Float64Array(1), [1]), params: [5 as never], grads: [], states: [] }))
      .to.throw(TypeError, /^optimizerStep: params\[0\] must be a tensor descriptor/);
  });

  it('the addon rejects blocks that end early, wrong array counts and arrays where a descriptor is absent', () => {
    const raw = k.rawAddon as unknown as Record<string, (...a: unknown[]) => unknown>;
    const block = (values: number[]) => new DataView(Float64Array.from(values).buffer);
    expect(() => raw.scal(block([2, 1, 0]), x)).to.throw(RangeError, /^scal: the argument block ends early$/);
    expect(() => raw.scal(block([2, 1, 0, 1, 8, 0]), x, x)).to.throw(TypeError, /^scal: expects 1 arrays after the argument block, got 2$/);
    expect(() => raw.scal(new Float64Array([2, 1, 0, 1, 8, 0]), x)).to.throw(TypeError, /^scal: the argument block must be a DataView$/);
    expect(() => raw.scal(new DataView(new ArrayBuffer(17), 1), x)).to.throw(TypeError, /^scal: the argument block must be 8-byte aligned$/);
    expect(() => raw.reduce(block([0, 0, 1, 0, 3, 1, 8, 1, 0, 0, 0]), x, x, null)).to.throw(TypeError, /^reduce: out is absent in the argument block, so its array must be null$/);
    expect(() => raw.scal(block([2, 2, 0]), x)).to.throw(RangeError, /^scal: x: present must be 0 or 1, got 2$/);
    expect(() => raw.softmax(block([2, 1, 0, 3, 1, 8, 1, 0, 1, 0, 3, 1, 8, 1, 0]), x, x)).to.throw(TypeError, /^softmax: log must be 0 or 1/);
    // A well-formed block through the raw addon: x *= 2 on 8 elements.
    x.fill(1.5);
    raw.scal(block([2, 1, 0, 1, 8, 0]), x);
    expect(Array.from(x)).to.deep.equal(new Array(8).fill(3));
  });

  it('the argument block grows for calls longer than it', () => {
    const n = 300; // 300 segments of 5 descriptors' worth of values each: far past the initial 512
    const params = Array.from({ length: n }, () => t(new Float32Array([1, 2]), [2]));
    const grads = Array.from({ length: n }, () => t(new Float32Array([0.5, -0.5]), [2]));
    const info = k.optimizerInfo.sgd;
    const hyper = Float64Array.from(info.hyper.map((name) => (name === 'lr' ? 0.1 : 0)));
    const scalars = new Float64Array(n * info.scalars.length);
    k.optimizerStep({ code: info.code, hyper: t(hyper, [hyper.length]), scalars: t(scalars, [n, 1]), params, grads, states: params.map(() => null) });
    for (const p of params) {
      expect(p.data[0]).to.be.closeTo(0.95, 1e-6);
      expect(p.data[1]).to.be.closeTo(2.05, 1e-6);
    }
    expect(reserve(0).length).to.be.greaterThan(512);
  });
});

describe('kernel layer: computing through descriptors', () => {
  it('unary and binary with broadcasting strides and int32 comparisons', () => {
    const x = Float32Array.from([-1, 0, 2, 3]);
    const y = new Float32Array(4);
    k.unary({ op: k.ops.unary.relu, p0: 0, p1: 0, x: t(x, [4]), y: t(y, [4]) });
    expect(Array.from(y)).to.deep.equal([0, 0, 2, 3]);
    // [64, 64] + [64] broadcast along rows.
    const a = Float32Array.from({ length: 64 * 64 }, (_, i) => i);
    const b = Float32Array.from({ length: 64 }, (_, i) => 1000 * i);
    const out = new Float32Array(64 * 64);
    k.binary({ op: k.ops.binary.add, p0: 0, p1: 0, a: t(a, [64, 64]), b: t(b, [64, 64], 0, [0, 1]), out: t(out, [64, 64]) });
    expect(out[65]).to.equal(65 + 1000);
    expect(out[64 * 64 - 1]).to.equal(64 * 64 - 1 + 63000);
    const cmp = new Float32Array(3);
    k.binary({ op: k.ops.binary.lt, p0: 0, p1: 0, a: t(Int32Array.from([1, 5, 3]), [3]), b: t(Int32Array.from([4]), [3], 0, [0]), out: t(cmp, [3]) });
    expect(Array.from(cmp)).to.deep.equal([1, 0, 1]);
  });

  it('gemm takes m, n and k from the stored shapes, with transposes and a shared batch operand', () => {
    const m = 3, n = 2, kk = 4;
    const a = Float64Array.from({ length: m * kk }, (_, i) => i + 1);       // [m, k]
    const bt = Float64Array.from({ length: n * kk }, (_, i) => (i % 3) - 1); // B stored [n, k]
    const c = new Float64Array(2 * m * n).fill(1);
    k.gemm({ transA: false, transB: true, alpha: 2, beta: 0.5, a: t(a, [2, m, kk], 0, [0, kk, 1]), b: t(bt, [2, n, kk], 0, [0, kk, 1]), c: t(c, [2, m, n]) });
    for (let batch = 0; batch < 2; batch++) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < kk; p++) s += a[i * kk + p] * bt[j * kk + p];
          expect(c[batch * m * n + i * n + j]).to.equal(2 * s + 0.5);
        }
      }
    }
    expect(() => k.gemm({ transA: false, transB: false, alpha: 1, beta: 0, a: t(a, [1, m, kk]), b: t(bt, [1, n, kk]), c: t(c, [1, m, n]) }))
      .to.throw(RangeError, /^gemm: the inner dimensions differ: op\(a\) is 3 x 4, op\(b\) is 2 x 4$/);
  });

  it('reductions, copies, gathers, linear algebra and random draws', () => {
    const x = Float64Array.from([3, 1, 4, 1, 5, 9]);
    const out = new Float64Array(2);
    const index = new Int32Array(2);
    k.reduce({ op: k.ops.reduce.argmax, correction: 0, x: t(x, [2, 3, 1]), out: t(out, [2, 1]), index: t(index, [2, 1]) });
    expect(Array.from(out)).to.deep.equal([4, 9]);
    expect(Array.from(index)).to.deep.equal([2, 2]);
    // A transposed copy with conversion to int32.
    const dst = new Int32Array(6);
    k.copy({ src: t(x, [3, 2], 0, [1, 3]), dst: t(dst, [3, 2]) });
    expect(Array.from(dst)).to.deep.equal([3, 1, 1, 5, 4, 9]);
    const picked = new Float64Array(2);
    k.indexSelect({ x: t(x, [1, 6, 1]), index: t(Int32Array.from([5, 0]), [2]), out: t(picked, [1, 2, 1]) });
    expect(Array.from(picked)).to.deep.equal([9, 3]);
    const spd = Float64Array.from([4, 2, 2, 3]);
    const l = new Float64Array(4);
    expect(k.cholesky({ a: t(spd, [2, 2]), l: t(l, [2, 2]) })).to.equal(0);
    expect(l[0]).to.equal(2);
    // Rows of 2 in a row stride of 3: the third column is never read.
    const padded = Float32Array.from([0, NaN, Infinity, 2, 3, NaN]);
    expect(k.findNonFinite({ triangle: 0, a: t(padded, [2, 2], 0, [3, 1]) })).to.equal(1);
    expect(k.findNonFinite({ triangle: 1, a: t(padded, [2, 2], 0, [3, 1]) })).to.equal(-1);
    expect(k.findNonFinite({ triangle: 1, a: t(Float32Array.from([0, NaN, 1, 2]), [2, 2]) })).to.equal(-1);
    // u64 options cross 32 bits: seeds 1 and 2^32 + 1 are different streams; one is repeatable.
    const draw = (seed: bigint) => {
      const o = new Float32Array(4);
      const blocks = k.random({ kind: k.ops.random.uniform, seed, offset: 3n, p0: 0, p1: 1, p2: 0, p3: 0, out: t(o, [4]) });
      expect(blocks).to.be.greaterThan(0);
      return Array.from(o);
    };
    expect(draw(2n ** 32n + 1n)).to.deep.equal(draw(2n ** 32n + 1n));
    expect(draw(2n ** 32n + 1n)).to.not.deep.equal(draw(1n));
  });

  it('optimizerStep computes Adam\'s bias corrections natively and advances each segment\'s step', () => {
    const info = k.optimizerInfo.adam;
    const values: Record<string, number> = { lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8 };
    const hyper = Float64Array.from(info.hyper.map((name) => values[name] ?? 0));
    const p = [Float64Array.from([1, -2]), Float64Array.from([0.5])];
    const g = [Float64Array.from([0.3, 0.1]), Float64Array.from([-1])];
    const m = p.map((x) => new Float64Array(x.length));
    const v = p.map((x) => new Float64Array(x.length));
    const scalars = Float64Array.from([0, 4]); // segment 1 has taken 4 steps already
    const want = p.map((x) => Float64Array.from(x));
    const wm = m.map((x) => Float64Array.from(x));
    const wv = v.map((x) => Float64Array.from(x));
    for (let step = 0; step < 3; step++) {
      k.optimizerStep({
        code: info.code, hyper: t(hyper, [hyper.length]), scalars: t(scalars, [2, 1]),
        params: p.map((x) => t(x, [x.length])), grads: g.map((x) => t(x, [x.length])),
        states: [t(m[0], [2]), t(v[0], [2]), null, t(m[1], [1]), t(v[1], [1]), null],
      });
      for (let s = 0; s < 2; s++) {
        const tt = (s === 0 ? 0 : 4) + step + 1;
        const bc1 = 1 - 0.9 ** tt, bc2 = 1 - 0.99 ** tt;
        for (let i = 0; i < want[s].length; i++) {
          wm[s][i] = 0.9 * wm[s][i] + 0.1 * g[s][i];
          wv[s][i] = 0.99 * wv[s][i] + 0.01 * g[s][i] * g[s][i];
          want[s][i] -= 0.1 / bc1 * (wm[s][i] / (Math.sqrt(wv[s][i]) / Math.sqrt(bc2) + 1e-8));
        }
      }
    }
    expect(Array.from(scalars)).to.deep.equal([3, 7]);
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < want[s].length; i++) expect(p[s][i]).to.be.closeTo(want[s][i], 1e-12);
    }
  });
});
