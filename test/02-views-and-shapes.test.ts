import { expect } from 'chai';
import * as d from '../lib';

describe('views and shape operations', () => {
  const m = () => d.tensor([[1, 2, 3], [4, 5, 6]]);

  it('transpose returns a non-contiguous view; .data on it throws and says what to do', () => {
    const a = m();
    const t = a.T;
    expect(t.shape).to.deep.equal([3, 2]);
    expect(t.isContiguous()).to.equal(false);
    expect(t.storage).to.equal(a.storage);
    expect(() => t.data).to.throw(/non-contiguous view.*contiguous\(\)/);
    expect(t.contiguous().toArray()).to.deep.equal([[1, 4], [2, 5], [3, 6]]);
    expect(t.toArray()).to.deep.equal([[1, 4], [2, 5], [3, 6]]);
    expect(d.tensor([1, 2]).T.shape).to.deep.equal([2]);
  });

  it('permute, squeeze, unsqueeze and expand are views', () => {
    const x = d.arange(24).reshape([2, 3, 4]);
    const p = x.permute(2, 0, 1);
    expect(p.shape).to.deep.equal([4, 2, 3]);
    expect((p.contiguous().toArray() as number[][][])[1][1][2]).to.equal(1 * 12 + 2 * 4 + 1);
    expect(x.unsqueeze(1).shape).to.deep.equal([2, 1, 3, 4]);
    expect(x.unsqueeze(-1).shape).to.deep.equal([2, 3, 4, 1]);
    expect(x.unsqueeze(0).squeeze().shape).to.deep.equal([2, 3, 4]);
    expect(d.zeros([1, 3, 1]).squeeze(0).shape).to.deep.equal([3, 1]);
    const e = d.tensor([[1], [2]]).expand([2, 3]);
    expect(e.toArray()).to.deep.equal([[1, 1, 1], [2, 2, 2]]);
    expect(() => d.tensor([1, 2]).expand([3])).to.throw(RangeError, /cannot be/);
    expect(() => x.permute(0, 0, 1)).to.throw(RangeError, /repeat/);
  });

  it('reshape infers -1, views contiguous tensors and copies views', () => {
    const a = m();
    const r = a.reshape([3, -1]);
    expect(r.shape).to.deep.equal([3, 2]);
    expect(r.storage).to.equal(a.storage);
    const rt = a.T.reshape([6]);
    expect(rt.toArray()).to.deep.equal([1, 4, 2, 5, 3, 6]);
    expect(() => a.reshape([4, -1])).to.throw(RangeError, /cannot reshape a tensor of shape \[2, 3\] into \[4, -1\]/);
    expect(() => a.reshape([-1, -1])).to.throw(RangeError, /only one/);
    expect(a.flatten().shape).to.deep.equal([6]);
    expect(d.zeros([2, 3, 4]).flatten(1).shape).to.deep.equal([2, 12]);
  });

  it('slice takes rows like Array.prototype.slice, as a view', () => {
    const x = d.arange(10).reshape([5, 2]);
    expect(x.slice(1, 3).toArray()).to.deep.equal([[2, 3], [4, 5]]);
    expect(x.slice(-2).toArray()).to.deep.equal([[6, 7], [8, 9]]);
    expect(x.slice(3, 1).shape).to.deep.equal([0, 2]);
    expect(x.slice(0, 100).shape).to.deep.equal([5, 2]);
    const s = x.slice(2, 4);
    expect(s.storage).to.equal(x.storage);
    expect(s.isContiguous()).to.equal(true);
    expect(Array.from(s.data)).to.deep.equal([4, 5, 6, 7]);
  });

  it('concat and stack join along any axis and check shapes and dtypes', () => {
    const a = d.tensor([[1, 2]]);
    const b = d.tensor([[3, 4], [5, 6]]);
    expect(d.concat([a, b]).toArray()).to.deep.equal([[1, 2], [3, 4], [5, 6]]);
    expect(d.concat([b, b.T], 1).toArray()).to.deep.equal([[3, 4, 3, 5], [5, 6, 4, 6]]);
    expect(d.stack([a.squeeze(), a.squeeze()], 1).toArray()).to.deep.equal([[1, 1], [2, 2]]);
    expect(d.stack([d.tensor(1), d.tensor(2)]).toArray()).to.deep.equal([1, 2]);
    expect(() => d.concat([a, d.tensor([[1, 2, 3]])])).to.throw(RangeError, /differ outside axis/);
    expect(() => d.concat([a, a.to('float64')])).to.throw(TypeError, /dtypes differ/);
    expect(() => d.concat([])).to.throw(TypeError);
  });

  it('to(dtype) converts and truncates toward zero into int32', () => {
    const x = d.tensor([1.9, -1.9, 2.5]);
    expect(x.to('int32').toArray()).to.deep.equal([1, -1, 2]);
    expect(x.to('float32')).to.equal(x);
    expect(x.to('float64').dtype).to.equal('float64');
    const c = x.clone();
    expect(c.storage).to.not.equal(x.storage);
  });
});
