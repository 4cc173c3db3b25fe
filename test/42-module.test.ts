import { expect } from 'chai';
import * as d from '../lib';
import { expectClose } from './helpers';

class Block extends d.nn.Module {
  scale = new d.nn.Parameter(d.ones([3]));
  note = 'a plain field';
  plain = d.zeros([2]); // a tensor that is neither parameter nor buffer
  inner = new d.nn.Linear(3, 2, { generator: new d.RandomGenerator(1) });
  constructor() {
    super();
    this.registerBuffer('steps', d.zeros([1]));
    this.registerBuffer('cache', d.zeros([4]), { persistent: false });
  }
  forward(x: d.Tensor): d.Tensor {
    return this.inner.call(x.mul(this.scale));
  }
}

describe('Module', () => {
  it('tells parameters, buffers, children and plain fields apart, in insertion order', () => {
    const b = new Block();
    expect(b.namedParameters().map(([n]) => n)).to.deep.equal(['scale', 'inner.weight', 'inner.bias']);
    expect(b.namedBuffers().map(([n]) => n)).to.deep.equal(['steps', 'cache']);
    expect(b.namedChildren().map(([n]) => n)).to.deep.equal(['inner']);
    expect(Object.keys(b.stateDict())).to.deep.equal(['scale', 'steps', 'inner.weight', 'inner.bias']);
    expect(b.numParameters()).to.equal(3 + 6 + 2);
    expect(b.buffer('cache')!.shape).to.deep.equal([4]);
  });

  it('Sequential names children 0, 1, ... and stateDict keys follow PyTorch', () => {
    const m = new d.nn.Sequential(new d.nn.Linear(4, 3), new d.nn.ReLU(), new d.nn.Linear(3, 2, { bias: false }));
    expect(Object.keys(m.stateDict())).to.deep.equal(['0.weight', '0.bias', '2.weight']);
    expect(m.length).to.equal(3);
    expect(m.at(-1)).to.be.instanceOf(d.nn.Linear);
    expect(m.toString()).to.equal(
      'Sequential(\n  (0): Linear(inFeatures=4, outFeatures=3, bias=true)\n  (1): ReLU()\n  (2): Linear(inFeatures=3, outFeatures=2, bias=false)\n)',
    );
    const list = new d.nn.ModuleList([new d.nn.Linear(2, 2), new d.nn.Linear(2, 1)]);
    expect(list.parameters().length).to.equal(4);
    expect(() => list.call(d.zeros([1, 2]))).to.throw(/ModuleList has no forward/);
  });

  it('call runs pre-hooks, forward, then hooks; handles remove them', () => {
    const lin = new d.nn.Linear(2, 2);
    const seen: string[] = [];
    const pre = lin.registerForwardPreHook((_m, xs) => {
      seen.push('pre');
      return [xs[0].mul(0)];
    });
    const post = lin.registerForwardHook((_m, _xs, out) => {
      seen.push('post');
      return out.add(1);
    });
    const y = lin.call(d.ones([1, 2]));
    expect(seen).to.deep.equal(['pre', 'post']);
    expectClose(y, lin.bias!.add(1).reshape([1, 2]), 1e-6);
    pre.remove();
    post.remove();
    expectClose(lin.call(d.ones([1, 2])), d.ones([1, 2]).matmul(lin.weight.T).add(lin.bias!), 1e-6);
  });

  it('Linear matches x·Wᵀ + b and uses PyTorch default initialization bounds', () => {
    const lin = new d.nn.Linear(400, 30, { generator: new d.RandomGenerator(3) });
    const bound = 1 / Math.sqrt(400);
    expect(lin.weight.abs().max().item()).to.be.at.most(bound);
    expect(lin.weight.abs().max().item()).to.be.greaterThan(bound * 0.95);
    const x = d.randn([5, 7, 400], { generator: new d.RandomGenerator(4) });
    expectClose(lin.call(x), x.matmul(lin.weight.T).add(lin.bias!), 1e-5, 1e-6);
    expect(() => lin.call(d.zeros([2, 3]))).to.throw(RangeError, /linear: input \[2, 3\] does not match weight \[30, 400\]/);
    const again = new d.nn.Linear(400, 30, { generator: new d.RandomGenerator(3) });
    expect(Array.from(again.weight.data)).to.deep.equal(Array.from(lin.weight.data));
  });

  it('train/eval recurse; Dropout is seeded, scales survivors and is the identity in eval', () => {
    const drop = new d.nn.Dropout(0.25, { generator: new d.RandomGenerator(9) });
    const m = new d.nn.Sequential(new d.nn.Linear(3, 3), drop);
    m.eval();
    expect(drop.training).to.equal(false);
    const x = d.ones([1000, 1000]);
    expect(drop.call(x)).to.equal(x);
    m.train();
    const y = drop.call(x);
    const kept = y.ne(0).mean().item();
    expect(kept).to.be.closeTo(0.75, 0.005);
    expect(y.max().item()).to.be.closeTo(1 / 0.75, 1e-6);
    const again = new d.nn.Dropout(0.25, { generator: new d.RandomGenerator(9) }).call(x);
    expect(Array.from(again.data)).to.deep.equal(Array.from(y.data));
    expect(() => new d.nn.Dropout(1.5)).to.throw(RangeError, /p must be in \[0, 1\]/);
  });

  it('freeze stops gradients; to(dtype) converts parameters and buffers', () => {
    const b = new Block();
    b.freeze();
    expect(b.parameters().every((p) => !p.requiresGrad)).to.equal(true);
    expect(b.numParameters({ trainableOnly: true })).to.equal(0);
    b.unfreeze();
    b.to('float64');
    expect(b.parameters().every((p) => p.dtype === 'float64' && p.requiresGrad)).to.equal(true);
    expect(b.buffer('steps')!.dtype).to.equal('float64');
    expect(b.call(d.ones([1, 3], { dtype: 'float64' })).dtype).to.equal('float64');
  });

  it('loadStateDict copies values, reports missing and unexpected keys, and changes nothing on failure', () => {
    const a = new d.nn.Sequential(new d.nn.Linear(3, 2), new d.nn.Tanh(), new d.nn.Linear(2, 1));
    const b = new d.nn.Sequential(new d.nn.Linear(3, 2), new d.nn.Tanh(), new d.nn.Linear(2, 1));
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.parameters()[0].data)).to.deep.equal(Array.from(a.parameters()[0].data));
    const before = Array.from(b.parameters()[0].data);
    const wrong = { ...a.stateDict(), '2.weight': d.zeros([1, 5]) };
    expect(() => b.loadStateDict(wrong)).to.throw(RangeError, /size mismatch for 2\.weight: checkpoint \[1, 5\], model \[1, 2\]/);
    const partial: Record<string, d.Tensor> = { '0.weight': d.ones([2, 3]), extra: d.zeros([1]) };
    expect(() => b.loadStateDict(partial)).to.throw(/missing keys 0\.bias, 2\.weight, 2\.bias; unexpected keys extra/);
    expect(Array.from(b.parameters()[0].data)).to.deep.equal(before);
    const r = b.loadStateDict(partial, { strict: false });
    expect(r).to.deep.equal({ missingKeys: ['0.bias', '2.weight', '2.bias'], unexpectedKeys: ['extra'] });
    expect(Array.from(b.parameters()[0].data)).to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect(b.parameters()[0].requiresGrad).to.equal(true);
  });

  it('flattenParameters puts parameters and gradients in one buffer each, values kept', () => {
    const m = new d.nn.Sequential(new d.nn.Linear(3, 4), new d.nn.ReLU(), new d.nn.Linear(4, 2));
    const x = d.randn([5, 3], { generator: new d.RandomGenerator(2) });
    const before = m.call(x);
    const flat = m.flattenParameters();
    expect(flat.params.numel()).to.equal(m.numParameters());
    expectClose(m.call(x), before, 0);
    m.call(x).sum().backward();
    // Gradients landed in the flat buffer, in parameter order.
    const grads = m.parameters().map((p) => Array.from(p.grad!.data));
    expect(Array.from(flat.grads.data)).to.deep.equal(grads.flat());
    expect(m.parameters().every((p) => p.storage === flat.params.storage && p.grad!.storage === flat.grads.storage)).to.equal(true);
    d.noGrad(() => flat.params.fill_(0));
    expect(m.call(x).abs().sum().item()).to.equal(0);
  });

  it('intermediate gradients are recycled across training steps without changing results', () => {
    const m = new d.nn.Sequential(new d.nn.Linear(64, 128), new d.nn.Tanh(), new d.nn.Linear(128, 10));
    const x = d.randn([32, 64], { generator: new d.RandomGenerator(5) });
    const step = () => {
      for (const p of m.parameters()) p.grad = null;
      m.call(x).square().mean().backward();
      return m.parameters().map((p) => Array.from(p.grad!.data));
    };
    const first = step();
    const before = d.memory();
    const second = step();
    const after = d.memory();
    expect(second).to.deep.equal(first);
    expect(after.reusedBytesTotal - before.reusedBytesTotal).to.be.greaterThan(32 * 128 * 4);
    // The same gradients with recording on (no recycling) for comparison.
    for (const p of m.parameters()) p.grad = null;
    const [g0] = d.autograd.grad(m.call(x).square().mean(), [m.parameters()[0]], { createGraph: true });
    expectClose(g0, first[0], 1e-6, 1e-9);
  });
});
