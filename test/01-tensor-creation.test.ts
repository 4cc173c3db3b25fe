import { expect } from 'chai';
import * as d from '../lib';

describe('tensor creation', () => {
  it('copies nested arrays and infers shape and dtype', () => {
    const source = [[1, 2, 3], [4, 5, 6]];
    const t = d.tensor(source);
    expect(t.shape).to.deep.equal([2, 3]);
    expect(t.dtype).to.equal('float32');
    expect(t.toArray()).to.deep.equal(source);
    source[0][0] = 100;
    expect(t.toArray()).to.deep.equal([[1, 2, 3], [4, 5, 6]]);
  });

  it('infers dtype from typed arrays and converts with opts.dtype', () => {
    expect(d.tensor(new Float64Array([1, 2])).dtype).to.equal('float64');
    expect(d.tensor(new Int32Array([1, 2])).dtype).to.equal('int32');
    const t = d.tensor(new Float64Array([1.5, -2.7]), { dtype: 'int32' });
    expect(t.dtype).to.equal('int32');
    expect(Array.from(t.data)).to.deep.equal([1, -2]);
    expect(d.tensor([[1, 2]], { dtype: 'float64' }).dtype).to.equal('float64');
  });

  it('takes a flat array or typed array with a shape', () => {
    const t = d.tensor([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(t.toArray()).to.deep.equal([[1, 2], [3, 4], [5, 6]]);
    const u = d.tensor(new Float32Array(6), [2, 3]);
    expect(u.shape).to.deep.equal([2, 3]);
  });

  it('makes 0-d tensors from numbers and rejects a number with a shape', () => {
    const s = d.tensor(3.5);
    expect(s.shape).to.deep.equal([]);
    expect(s.item()).to.equal(3.5);
    expect(() => d.tensor(3 as never, [2])).to.throw(/ambiguous; use d.full/);
  });

  it('rejects ragged arrays, non-numbers and mismatched shapes with clear errors', () => {
    expect(() => d.tensor([[1, 2], [3]])).to.throw(RangeError, /ragged/);
    expect(() => d.tensor([[1, 2], 3] as never)).to.throw(/ragged|expected/);
    expect(() => d.tensor(['a'] as never)).to.throw(TypeError, /expected a number/);
    expect(() => d.tensor([1, 2, 3], [2, 2])).to.throw(RangeError, /needs 4 elements/);
    expect(() => d.tensor([1.5], { dtype: 'int32' })).to.throw(TypeError, /not an int32 value/);
    expect(() => d.tensor([1], { dtype: 'float16' as never })).to.throw(TypeError, /unknown dtype/);
  });

  it('fromArray aliases the given memory', () => {
    const buf = new Float32Array([1, 2, 3, 4]);
    const t = d.fromArray(buf, [2, 2]);
    buf[3] = 40;
    expect(t.toArray()).to.deep.equal([[1, 2], [3, 40]]);
    t.data[0] = -1;
    expect(buf[0]).to.equal(-1);
    expect(() => d.fromArray(buf, [3])).to.throw(RangeError, /needs 3 elements/);
    expect(() => d.fromArray([1, 2] as never)).to.throw(TypeError);
  });

  it('creates filled, identity, ranges and spaced values', () => {
    expect(d.zeros([2, 2]).toArray()).to.deep.equal([[0, 0], [0, 0]]);
    expect(d.ones([3], { dtype: 'int32' }).toArray()).to.deep.equal([1, 1, 1]);
    expect(d.full([2], 7.5, { dtype: 'float64' }).toArray()).to.deep.equal([7.5, 7.5]);
    expect(d.eye(2, 3).toArray()).to.deep.equal([[1, 0, 0], [0, 1, 0]]);
    expect(d.arange(5).toArray()).to.deep.equal([0, 1, 2, 3, 4]);
    expect(d.arange(1, 2, 0.25).toArray()).to.deep.equal([1, 1.25, 1.5, 1.75]);
    expect(d.arange(5, 0, -2).toArray()).to.deep.equal([5, 3, 1]);
    const l = d.linspace(0, 1, 5, { dtype: 'float64' }).toArray() as number[];
    expect(l).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    expect(d.linspace(-3, 7, 7, { dtype: 'float64' }).data[6]).to.equal(7);
    expect(() => d.arange(0, 1, 0)).to.throw(RangeError);
    expect(() => d.zeros([-1])).to.throw(RangeError, /non-negative/);
    expect(() => d.zeros([1.5])).to.throw(RangeError);
  });

  it('prints like PyTorch', () => {
    expect(d.tensor([[1, 2], [3, 4]]).toString()).to.equal('tensor([[1., 2.],\n        [3., 4.]])');
    expect(d.tensor([0.5, -1.25], { dtype: 'float64' }).toString()).to.equal('tensor([ 0.5000, -1.2500], dtype=float64)');
    expect(d.tensor([1, 2], { dtype: 'int32' }).toString()).to.equal('tensor([1, 2], dtype=int32)');
    expect(d.tensor([NaN, Infinity]).toString()).to.equal('tensor([nan, inf])');
    const big = d.zeros([2000]).toString();
    expect(big).to.include('...');
  });

  it('zero-sized tensors work', () => {
    const e = d.zeros([0, 3]);
    expect(e.numel()).to.equal(0);
    expect(e.toArray()).to.deep.equal([]);
    expect(e.sum().item()).to.equal(0);
    expect(e.add(1).shape).to.deep.equal([0, 3]);
  });
});
