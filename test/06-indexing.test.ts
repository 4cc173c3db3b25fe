import { expect } from 'chai';
import * as d from '../lib';

describe('gather, indexSelect, where', () => {
  it('gather picks along an axis with an index of the same rank', () => {
    const x = d.tensor([[1, 2, 3], [4, 5, 6]]);
    const idx = d.tensor([[2, 0], [1, 1]], { dtype: 'int32' });
    expect(x.gather(1, idx).toArray()).to.deep.equal([[3, 1], [5, 5]]);
    const idx0 = d.tensor([[1, 0, 1]], { dtype: 'int32' });
    expect(x.gather(0, idx0).toArray()).to.deep.equal([[4, 2, 6]]);
  });

  it('gather and indexSelect reject bad indices with the value and position', () => {
    const x = d.zeros([2, 3]);
    expect(() => x.gather(1, d.tensor([[0, 3], [1, 1]], { dtype: 'int32' }))).to.throw(RangeError, /gather: index 3 at position 1 is out of range for a dimension of size 3/);
    expect(() => x.gather(1, d.tensor([[0, 1]], { dtype: 'int32' }))).to.throw(RangeError, /must match x's shape/);
    expect(() => x.gather(1, d.tensor([[0, 1], [0, 1]]))).to.throw(TypeError, /index must be int32, got float32/);
    expect(() => x.indexSelect(0, d.tensor([-1], { dtype: 'int32' }))).to.throw(RangeError, /index -1/);
  });

  it('indexSelect takes whole slices, repeats allowed', () => {
    const x = d.arange(12).reshape([3, 4]);
    const i = d.tensor([2, 0, 2], { dtype: 'int32' });
    expect(x.indexSelect(0, i).toArray()).to.deep.equal([[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11]]);
    expect(x.indexSelect(1, d.tensor([3, 1], { dtype: 'int32' })).toArray()).to.deep.equal([[3, 1], [7, 5], [11, 9]]);
  });

  it('where broadcasts condition and both branches; numbers allowed', () => {
    const c = d.tensor([1, 0, 1]);
    const a = d.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(d.where(c, a, -1).toArray()).to.deep.equal([[1, -1, 3], [4, -1, 6]]);
    expect(d.where(a.gt(3), a, 0).toArray()).to.deep.equal([[0, 0, 0], [4, 5, 6]]);
    expect(d.where(d.tensor([0, 2], { dtype: 'int32' }), 7, 8).toArray()).to.deep.equal([8, 7]);
    expect(() => d.where(c, a, d.zeros([3], { dtype: 'float64' }))).to.throw(TypeError, /dtypes differ/);
  });
});
