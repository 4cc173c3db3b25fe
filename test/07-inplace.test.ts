import { expect } from 'chai';
import * as d from '../lib';

describe('in-place operations', () => {
  it('write through and bump the storage version', () => {
    const t = d.tensor([1, 2, 3]);
    const v0 = t.storage.version;
    t.add_(1).mul_(2);
    expect(t.toArray()).to.deep.equal([4, 6, 8]);
    expect(t.storage.version).to.equal(v0 + 2);
    t.sub_(d.tensor([1, 1, 1])).div_(2);
    expect(t.toArray()).to.deep.equal([1.5, 2.5, 3.5]);
    t.clamp_(2, 3);
    expect(t.toArray()).to.deep.equal([2, 2.5, 3]);
    t.zero_();
    expect(t.toArray()).to.deep.equal([0, 0, 0]);
    t.fill_(9);
    expect(t.toArray()).to.deep.equal([9, 9, 9]);
    expect(t.storage.version).to.equal(v0 + 7);
  });

  it('work on views, and views share the version counter', () => {
    const m = d.tensor([[1, 2], [3, 4]]);
    const col = m.T.slice(1, 2); // second column, non-contiguous
    col.add_(10);
    expect(m.toArray()).to.deep.equal([[1, 12], [3, 14]]);
    const before = m.storage.version;
    m.slice(0, 1).fill_(0);
    expect(m.toArray()).to.deep.equal([[0, 0], [3, 14]]);
    expect(m.storage.version).to.equal(before + 1);
    m.T.copy_(d.tensor([[1, 2], [3, 4]]));
    expect(m.toArray()).to.deep.equal([[1, 3], [2, 4]]);
  });

  it('broadcast the operand to the target, never the target', () => {
    const m = d.zeros([2, 3]);
    m.add_(d.tensor([1, 2, 3]));
    expect(m.toArray()).to.deep.equal([[1, 2, 3], [1, 2, 3]]);
    expect(() => d.zeros([3]).add_(d.zeros([2, 3]))).to.throw(RangeError, /add_: shape \[2, 3\] cannot be broadcast to \[3\]/);
    expect(() => d.tensor([1]).expand([3]).add_(1)).to.throw(/expanded view/);
  });

  it('copy_ converts dtypes and handles overlapping self-copies', () => {
    const f = d.zeros([3], { dtype: 'float64' });
    f.copy_(d.tensor([1, 2, 3], { dtype: 'int32' }));
    expect(f.toArray()).to.deep.equal([1, 2, 3]);
    const x = d.tensor([[1, 2], [3, 4]]);
    x.copy_(x.T);
    expect(x.toArray()).to.deep.equal([[1, 3], [2, 4]]);
    const y = d.tensor([1, 2]);
    y.add_(y);
    expect(y.toArray()).to.deep.equal([2, 4]);
  });

  it('int32 in-place ops keep integers', () => {
    const i = d.tensor([1, 2], { dtype: 'int32' });
    i.mul_(3).add_(1);
    expect(i.toArray()).to.deep.equal([4, 7]);
    expect(() => i.div_(2)).to.throw(TypeError, /div_/);
    expect(() => i.fill_(0.5)).to.throw(TypeError, /int32/);
  });
});
