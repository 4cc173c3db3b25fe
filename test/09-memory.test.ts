import { expect } from 'chai';
import * as d from '../lib';

describe('memory and tidy', () => {
  it('memory() reports live storages, bytes and cumulative allocation', () => {
    const before = d.memory();
    const t = d.zeros([1000], { dtype: 'float64' });
    const after = d.memory();
    expect(after.allocatedBytesTotal - before.allocatedBytesTotal).to.be.at.least(8000);
    expect(after.bytes).to.be.at.least(before.bytes + 8000);
    expect(after.tensors).to.be.greaterThan(0);
    expect(t.numel()).to.equal(1000);
  });

  it('tidy recycles what it created and did not return; recycled tensors throw on use', () => {
    const keepOutside = d.ones([4]);
    let leaked: d.Tensor | null = null;
    const result = d.tidy(() => {
      const a = d.ones([256, 64]);
      const b = a.mul(2);
      leaked = b;
      return { out: b.sum(0), list: [keepOutside] };
    });
    expect(result.out.shape).to.deep.equal([64]);
    expect(result.out.data[0]).to.equal(512);
    expect(keepOutside.sum().item()).to.equal(4);
    expect(() => leaked!.sum()).to.throw(/released by d\.tidy\(\)/);
    // The pool now serves an allocation of the same size instead of a fresh one.
    const before = d.memory();
    d.zeros([256, 64]);
    const after = d.memory();
    expect(after.reusedBytesTotal).to.be.greaterThan(before.reusedBytesTotal);
  });

  it('keep exempts a tensor; views of returned tensors survive; fromArray memory is never recycled', () => {
    const user = new Float32Array([1, 2, 3]);
    let kept: d.Tensor | null = null;
    let wrapped: d.Tensor | null = null;
    const r = d.tidy(() => {
      kept = d.keep(d.ones([3]));
      wrapped = d.fromArray(user);
      const base = d.arange(6);
      return base.reshape([2, 3]).T;
    });
    expect(kept!.sum().item()).to.equal(3);
    expect(wrapped!.sum().item()).to.equal(6);
    expect(r.contiguous().toArray()).to.deep.equal([[0, 3], [1, 4], [2, 5]]);
  });

  it('tidy refuses async functions', () => {
    expect(() => d.tidy((async () => d.ones([1])) as never)).to.throw(TypeError, /promise/);
  });
});

describe('tidy around a training step', () => {
  it('keeps the gradients backward stores in leaves and recycles everything else', () => {
    const w = d.randn([64, 32], { generator: new d.RandomGenerator(1) }).requiresGrad_();
    const x = d.randn([16, 64], { generator: new d.RandomGenerator(2) });
    const step = () =>
      d.tidy(() => {
        w.grad = null;
        const loss = x.matmul(w).tanh().square().mean();
        loss.backward();
        return loss.item();
      });
    step();
    const before = d.memory();
    const value = step();
    const after = d.memory();
    expect(Number.isFinite(value)).to.equal(true);
    expect(w.grad!.sum().item()).to.be.a('number'); // still usable after the scope
    expect(after.reusedBytesTotal - before.reusedBytesTotal).to.be.greaterThan(16 * 32 * 4);
  });
});
