import { expect } from 'chai';
import * as d from '../lib';
import { expectClose, forEachSimd, seededValues } from './helpers';

const unaryCases: Array<[string, (t: d.Tensor) => d.Tensor, (x: number) => number, number, number]> = [
  ['neg', (t) => t.neg(), (x) => -x, -5, 5],
  ['abs', (t) => t.abs(), Math.abs, -5, 5],
  ['exp', (t) => t.exp(), Math.exp, -20, 20],
  ['log', (t) => t.log(), Math.log, 1e-3, 1e3],
  ['sqrt', (t) => t.sqrt(), Math.sqrt, 0, 100],
  ['rsqrt', (t) => t.rsqrt(), (x) => 1 / Math.sqrt(x), 0.01, 100],
  ['square', (t) => t.square(), (x) => x * x, -5, 5],
  ['reciprocal', (t) => t.reciprocal(), (x) => 1 / x, 0.1, 10],
  ['sign', (t) => t.sign(), Math.sign, -2, 2],
  ['relu', (t) => t.relu(), (x) => Math.max(x, 0), -3, 3],
  ['sigmoid', (t) => t.sigmoid(), (x) => 1 / (1 + Math.exp(-x)), -20, 20],
  ['tanh', (t) => t.tanh(), Math.tanh, -8, 8],
  ['softplus', (t) => t.softplus(), (x) => (x > 20 ? x : Math.log1p(Math.exp(x))), -25, 25],
  ['leakyRelu', (t) => t.leakyRelu(0.2), (x) => (x > 0 ? x : 0.2 * x), -3, 3],
  ['elu', (t) => t.elu(1.5), (x) => (x > 0 ? x : 1.5 * Math.expm1(x)), -5, 5],
  ['clamp', (t) => t.clamp(-0.5, 0.25), (x) => Math.min(Math.max(x, -0.5), 0.25), -1, 1],
  ['pow', (t) => t.pow(1.5), (x) => x ** 1.5, 0, 4],
];

describe('element-wise operations', () => {
  for (const [name, op, ref, lo, hi] of unaryCases) {
    it(`${name} matches a double reference in float32 and float64 on every table`, () => {
      const values = seededValues(1027, name.length * 7 + 1, lo, hi);
      forEachSimd((simd) => {
        const x32 = d.tensor(values);
        const want32 = Array.from(x32.data, ref);
        expectClose(op(x32), want32, 3e-6, 1e-30, `${name} float32 ${simd}`);
        const x64 = d.tensor(values, { dtype: 'float64' });
        expectClose(op(x64), values.map(ref), 1e-13, 1e-300, `${name} float64 ${simd}`);
      });
    });
  }

  it('binary ops broadcast as NumPy does', () => {
    const a = d.tensor([[1], [2], [3]]); // [3, 1]
    const b = d.tensor([10, 20]); // [2]
    expect(a.add(b).toArray()).to.deep.equal([[11, 21], [12, 22], [13, 23]]);
    expect(a.mul(b).shape).to.deep.equal([3, 2]);
    expect(d.sub(b, a).toArray()).to.deep.equal([[9, 19], [8, 18], [7, 17]]);
    expect(d.zeros([2, 1, 4]).add(d.zeros([3, 1])).shape).to.deep.equal([2, 3, 4]);
    expect(() => d.zeros([2, 3]).add(d.zeros([4]))).to.throw(RangeError, /add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
  });

  it('numbers stand in for tensors on either side', () => {
    const x = d.tensor([1, 2, 4]);
    expect(x.add(1).toArray()).to.deep.equal([2, 3, 5]);
    expect(d.sub(1, x).toArray()).to.deep.equal([0, -1, -3]);
    expect(d.div(1, x).toArray()).to.deep.equal([1, 0.5, 0.25]);
    expect(x.pow(2).toArray()).to.deep.equal([1, 4, 16]);
    expect(d.pow(2, x).toArray()).to.deep.equal([2, 4, 16]);
  });

  it('binary ops read transposed and expanded views without copying first', () => {
    const m = d.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(m.T.add(m.T).toArray()).to.deep.equal([[2, 8], [4, 10], [6, 12]]);
    expect(m.T.mul(d.tensor([1, 10])).toArray()).to.deep.equal([[1, 40], [2, 50], [3, 60]]);
  });

  it('float results of every binary op match a double reference', () => {
    const av = seededValues(600, 3, -2, 2);
    const bv = seededValues(600, 4, -2, 2);
    const cases: Array<[string, (x: d.Tensor, y: d.Tensor) => d.Tensor, (x: number, y: number) => number]> = [
      ['add', d.add, (x, y) => x + y],
      ['sub', d.sub, (x, y) => x - y],
      ['mul', d.mul, (x, y) => x * y],
      ['div', d.div, (x, y) => x / y],
      ['maximum', d.maximum, Math.max],
      ['minimum', d.minimum, Math.min],
      ['pow', (x, y) => d.pow(x.abs(), y), (x, y) => Math.abs(x) ** y],
    ];
    forEachSimd((simd) => {
      for (const [name, f, ref] of cases) {
        const a = d.tensor(av, [20, 30], { dtype: 'float64' });
        const b = d.tensor(bv, [20, 30], { dtype: 'float64' });
        expectClose(f(a, b), av.map((x, i) => ref(x, bv[i])), 1e-14, 1e-300, `${name} ${simd}`);
      }
    });
  });

  it('maximum and minimum propagate NaN', () => {
    const a = d.tensor([NaN, 1, 2]);
    const b = d.tensor([0, NaN, 1]);
    expect(a.maximum(b).toArray()).to.deep.equal([NaN, NaN, 2]);
    expect(a.minimum(b).toArray()).to.deep.equal([NaN, NaN, 1]);
  });

  it('comparisons give float 0/1 (float32 for int32 operands)', () => {
    const a = d.tensor([1, 2, 3]);
    expect(a.gt(2).toArray()).to.deep.equal([0, 0, 1]);
    expect(a.le(d.tensor([3, 2, 1])).toArray()).to.deep.equal([1, 1, 0]);
    expect(a.eq(2).dtype).to.equal('float32');
    const i = d.tensor([1, 5], { dtype: 'int32' });
    const c = i.ne(d.tensor([1, 4], { dtype: 'int32' }));
    expect(c.dtype).to.equal('float32');
    expect(c.toArray()).to.deep.equal([0, 1]);
    expect(d.tensor([NaN]).eq(NaN).item()).to.equal(0);
    expect(d.tensor([NaN]).ne(NaN).item()).to.equal(1);
  });

  it('int32 arithmetic wraps; float-only ops name the op and the fix', () => {
    const i = d.tensor([2147483647, -4], { dtype: 'int32' });
    expect(i.add(1).toArray()).to.deep.equal([-2147483648, -3]);
    expect(i.abs().toArray()).to.deep.equal([2147483647, 4]);
    expect(() => i.exp()).to.throw(TypeError, /exp: not defined for int32 tensors; convert with \.to\('float32'\)/);
    expect(() => i.div(2)).to.throw(TypeError, /div: not defined for int32/);
    expect(() => i.add(0.5)).to.throw(TypeError, /non-integer 0.5/);
  });

  it('mixing dtypes throws and names both', () => {
    expect(() => d.tensor([1]).add(d.tensor([1], { dtype: 'float64' }))).to.throw(TypeError, /add: dtypes differ: float32 and float64/);
    expect(() => d.add(d.tensor([1]), 'x' as never)).to.throw(TypeError, /operand must be a Tensor/);
  });

  it('softplus and clamp options are validated', () => {
    expect(d.tensor([30]).softplus().item()).to.equal(30);
    expectClose(d.tensor([1], { dtype: 'float64' }).softplus({ beta: 2 }), [Math.log1p(Math.exp(2)) / 2], 1e-14);
    expect(() => d.tensor([1]).softplus({ beta: 0 })).to.throw(RangeError, /beta/);
    expect(() => d.tensor([1]).clamp(2, 1)).to.throw(RangeError, /greater than hi/);
    expect(d.tensor([-5, 5]).clamp(null, 1).toArray()).to.deep.equal([-5, 1]);
  });
});
