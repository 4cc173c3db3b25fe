import { expect } from 'chai';
import * as d from '../lib';
import { bitsEqual, expectClose, forEachSimd, seededValues, withThreads } from './helpers';

// Reference reductions in double over a [outer, len, inner] view.
function refReduce(values: number[], shape: number[], axis: number, f: (xs: number[]) => number): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const len = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const xs: number[] = [];
      for (let l = 0; l < len; l++) xs.push(values[(o * len + l) * inner + i]);
      out.push(f(xs));
    }
  }
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const variance = (xs: number[], c = 1) => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - c);
};

describe('reductions', () => {
  const shape = [3, 17, 5];
  const values = seededValues(3 * 17 * 5, 11, -3, 4);

  for (const axis of [0, 1, 2]) {
    it(`sum, mean, max, min, var, argmax, argmin over axis ${axis} match a double reference`, () => {
      forEachSimd((simd) => {
        for (const dtype of ['float32', 'float64'] as const) {
          const x = d.tensor(values, shape, { dtype });
          const xs = Array.from(x.data);
          const tol = dtype === 'float32' ? 2e-6 : 1e-13;
          expectClose(x.sum(axis), refReduce(xs, shape, axis, sum), tol, tol, `sum ${simd}`);
          expectClose(x.mean(axis), refReduce(xs, shape, axis, mean), tol, tol, `mean ${simd}`);
          expectClose(x.max(axis), refReduce(xs, shape, axis, (v) => Math.max(...v)), 0, 0, `max ${simd}`);
          expectClose(x.min(axis), refReduce(xs, shape, axis, (v) => Math.min(...v)), 0, 0, `min ${simd}`);
          expectClose(x.var(axis), refReduce(xs, shape, axis, (v) => variance(v)), tol * 10, tol, `var ${simd}`);
          expectClose(x.var(axis, false, { correction: 0 }), refReduce(xs, shape, axis, (v) => variance(v, 0)), tol * 10, tol);
          expectClose(x.argmax(axis), refReduce(xs, shape, axis, (v) => v.indexOf(Math.max(...v))), 0, 0, `argmax ${simd}`);
          expectClose(x.argmin(axis), refReduce(xs, shape, axis, (v) => v.indexOf(Math.min(...v))), 0, 0, `argmin ${simd}`);
        }
      });
    });
  }

  it('reduces several axes, all axes, and keeps dimensions on request', () => {
    const x = d.tensor(values, shape, { dtype: 'float64' });
    expectClose(x.sum([0, 2]), refReduce(Array.from(x.permute(1, 0, 2).contiguous().data), [17, 15], 1, sum), 1e-13);
    expect(x.sum().shape).to.deep.equal([]);
    expectClose([x.sum().item()], [sum(values)], 1e-12);
    expect(x.mean([0, 2], true).shape).to.deep.equal([1, 17, 1]);
    expect(x.max(-1, true).shape).to.deep.equal([3, 17, 1]);
    expectClose([x.var().item()], [variance(values)], 1e-12);
    expect(() => x.sum(3)).to.throw(RangeError, /axis 3 is out of range/);
    expect(() => x.sum([1, 1])).to.throw(RangeError, /repeated/);
  });

  it('argmax without an axis is the flat position; int32 results', () => {
    const x = d.tensor([[1, 9], [9, 2]]);
    const a = x.argmax();
    expect(a.dtype).to.equal('int32');
    expect(a.item()).to.equal(1);
    expect(x.argmin(0).toArray()).to.deep.equal([0, 1]);
    expect(x.argmax(1, true).shape).to.deep.equal([2, 1]);
  });

  it('NaN propagates through sum and max; empty max throws; empty sum is 0', () => {
    const x = d.tensor([1, NaN, 3]);
    expect(Number.isNaN(x.sum().item())).to.equal(true);
    expect(Number.isNaN(x.max().item())).to.equal(true);
    expect(x.argmax().item()).to.equal(1);
    expect(() => d.zeros([0]).max()).to.throw(RangeError, /empty/);
    expect(d.zeros([0, 4]).sum(0).toArray()).to.deep.equal([0, 0, 0, 0]);
    expect(Number.isNaN(d.zeros([0]).mean().item())).to.equal(true);
  });

  it('int32 sums and extremes stay int32; mean and var need floats', () => {
    const i = d.tensor([[1, 2], [3, 4]], { dtype: 'int32' });
    expect(i.sum(0).toArray()).to.deep.equal([4, 6]);
    expect(i.sum().dtype).to.equal('int32');
    expect(i.max().item()).to.equal(4);
    expect(() => i.mean()).to.throw(TypeError, /mean: not defined for int32/);
  });

  it('10^7-element reductions give the same bits on 1 and 2 threads', () => {
    const x = d.rand([10_000_000], { generator: new d.RandomGenerator(5) });
    const run = () => [x.sum().item(), x.var().item(), x.max().item(), x.argmin().item()];
    const one = withThreads(1, run);
    const two = withThreads(2, run);
    expect(bitsEqual(one, two)).to.equal(true);
    expect(one[0] / 1e7).to.be.closeTo(0.5, 1e-3);
  });

  it('column reductions over a long axis stay accurate (double accumulation)', () => {
    const x = d.ones([200_000, 3]).mul(0.1);
    expectClose(x.sum(0), [20000, 20000, 20000], 1e-6);
  });
});
