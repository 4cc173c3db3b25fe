import { expect } from 'chai';
import * as d from '../lib';
import { expectClose } from './helpers';

const f64 = (v: number[] | number[][]) => d.tensor(v, { dtype: 'float64' });

describe('autograd: the tape and the engine', () => {
  it('backward fills .grad of leaves, and gradients accumulate across calls', () => {
    const x = f64([1, 2, 3]).requiresGrad_();
    const w = f64([0.5, -1, 2]).requiresGrad_();
    x.mul(w).sum().backward();
    expect(x.grad!.toArray()).to.deep.equal([0.5, -1, 2]);
    expect(w.grad!.toArray()).to.deep.equal([1, 2, 3]);
    x.mul(w).sum().backward();
    expect(x.grad!.toArray()).to.deep.equal([1, -2, 4]);
    expect(x.grad!.requiresGrad).to.equal(false);
  });

  it('a tensor used twice gets the sum of both paths', () => {
    const x = f64([3]).requiresGrad_();
    const y = x.mul(x).add(x.mul(2)); // x² + 2x
    y.backward();
    expect(x.grad!.item()).to.equal(8);
  });

  it('inputs that do not require grad get no gradient computed', () => {
    const x = f64([[1, 2]]); // a data batch
    const w = f64([[1], [1]]).requiresGrad_();
    const y = x.matmul(w).sum();
    expect(y.gradFn!.name).to.equal('sum');
    const matmulNode = y.gradFn!.next[0]!.node;
    expect(matmulNode.ctx!.needsInputGrad).to.deep.equal([false, true]);
    y.backward();
    expect(x.grad).to.equal(null);
    expect(w.grad!.toArray()).to.deep.equal([[1], [2]]);
  });

  it('backward needs a gradient for non-scalars and checks its shape', () => {
    const x = f64([1, 2]).requiresGrad_();
    expect(() => x.mul(2).backward()).to.throw(RangeError, /can be omitted only for one-element outputs/);
    expect(() => x.mul(2).backward(f64([1, 2, 3]))).to.throw(RangeError, /shape \[3\].*\[2\]/);
    x.mul(2).backward(f64([1, -1]));
    expect(x.grad!.toArray()).to.deep.equal([2, -2]);
    expect(() => f64([1]).backward()).to.throw(/does not require grad/);
  });

  it('running backward twice through a freed graph throws; retainGraph allows it', () => {
    const x = f64([2]).requiresGrad_();
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).to.throw(/already freed.*retainGraph: true/);
    const z = x.exp().sum();
    z.backward(undefined, { retainGraph: true });
    z.backward();
    expectClose(x.grad!, [Math.exp(2) * 3], 1e-15);
  });

  it('in-place writes to saved tensors make backward throw, naming the op and versions', () => {
    const x = f64([1, 2]).requiresGrad_();
    const h = x.mul(3);
    const y = h.exp(); // saves its output
    d.noGrad(() => y.detach().mul_(2));
    expect(() => y.sum().backward()).to.throw(/exp: a tensor saved for backward was modified in place \(shape \[2\], version 0 when saved, 1 now\)/);
  });

  it('in-place writes to tensors that require grad are refused outside noGrad', () => {
    const w = f64([1, 2]).requiresGrad_();
    expect(() => w.add_(1)).to.throw(/add_: in-place writes to a tensor that requires grad are not recorded/);
    d.noGrad(() => w.sub_(f64([0.5, 0.5])));
    expect(w.toArray()).to.deep.equal([0.5, 1.5]);
    expect(w.requiresGrad).to.equal(true);
  });

  it('noGrad records nothing; enableGrad re-enables inside it; both refuse promises', () => {
    const x = f64([1]).requiresGrad_();
    const y = d.noGrad(() => x.mul(2).exp());
    expect(y.requiresGrad).to.equal(false);
    expect(y.gradFn).to.equal(null);
    const z = d.noGrad(() => d.enableGrad(() => x.mul(2)));
    expect(z.requiresGrad).to.equal(true);
    expect(d.isGradEnabled()).to.equal(true);
    expect(() => d.noGrad((async () => x) as never)).to.throw(TypeError, /noGrad: fn returned a promise/);
    expect(d.isGradEnabled()).to.equal(true);
    expect(() => d.enableGrad((async () => x) as never)).to.throw(TypeError, /enableGrad/);
  });

  it('detach, requiresGrad_, isLeaf and retainGrad behave as in PyTorch', () => {
    const x = f64([1, 2]).requiresGrad_();
    const y = x.mul(2);
    expect(x.isLeaf).to.equal(true);
    expect(y.isLeaf).to.equal(false);
    const dy = y.detach();
    expect(dy.requiresGrad).to.equal(false);
    expect(dy.storage).to.equal(y.storage);
    expect(() => y.requiresGrad_(false)).to.throw(/leaf tensors/);
    expect(() => d.tensor([1], { dtype: 'int32' }).requiresGrad_()).to.throw(TypeError, /only float tensors/);
    y.retainGrad();
    y.square().sum().backward();
    expect(y.grad!.toArray()).to.deep.equal([4, 8]);
    expect(x.grad!.toArray()).to.deep.equal([8, 16]);
  });

  it('autograd.grad returns gradients without touching .grad, and differentiates them with createGraph', () => {
    const x = f64([1, 2]).requiresGrad_();
    const y = x.pow(3).sum();
    const [g] = d.autograd.grad(y, x, { createGraph: true });
    expect(g.toArray()).to.deep.equal([3, 12]);
    expect(g.requiresGrad).to.equal(true);
    expect(x.grad).to.equal(null);
    const [h] = d.autograd.grad(g.sum(), x);
    expect(h.toArray()).to.deep.equal([6, 12]);
    const unused = f64([1]).requiresGrad_();
    expect(() => d.autograd.grad(x.sum(), [x, unused])).to.throw(/inputs\[1\] is not reachable/);
    const gs = d.autograd.grad(x.sum(), [x, unused], { allowUnused: true });
    expect(gs[1]).to.equal(null);
  });

  it('several outputs of one multi-output node can be roots of the same backward', () => {
    class Pair extends d.autograd.Function {
      static override forward(_ctx: d.autograd.Context, x: d.Tensor) {
        return [x.mul(2), x.mul(3)];
      }
      static override backward(_ctx: d.autograd.Context, ga: d.Tensor, gb: d.Tensor) {
        return ga.mul(2).add(gb.mul(3));
      }
    }
    const x = f64([1, 2]).requiresGrad_();
    const [a, b] = Pair.apply(x) as d.Tensor[];
    expect(a.gradFn).to.equal(b.gradFn);
    const [g] = d.autograd.grad([a, b], x, { gradOutputs: [f64([1, 1]), f64([1, 1])] });
    expect(g.toArray()).to.deep.equal([5, 5]);
  });

  it('custom Functions record like library ops and can opt out of double backward', () => {
    class Cube extends d.autograd.Function {
      static override forward(ctx: d.autograd.Context, x: d.Tensor) {
        ctx.saveForBackward(x);
        return x.pow(3);
      }
      static override backward(ctx: d.autograd.Context, g: d.Tensor) {
        const [x] = ctx.savedTensors;
        return g.mul(x.square()).mul(3);
      }
    }
    const x = f64([2]).requiresGrad_();
    const y = Cube.apply(x) as d.Tensor;
    expect(y.gradFn!.name).to.equal('Cube');
    const [g] = d.autograd.grad(y, x, { createGraph: true });
    expect(g.item()).to.equal(12);
    expect(d.autograd.grad(g, x)[0].item()).to.equal(12); // 6x
    class FirstOrderOnly extends Cube {
      static override doubleBackward = false;
    }
    const z = FirstOrderOnly.apply(x) as d.Tensor;
    expect(() => d.autograd.grad(z, x, { createGraph: true })).to.throw('FirstOrderOnly: createGraph is not supported');
    // An input returned unchanged from forward is wrapped, never rewired.
    class Identity extends d.autograd.Function {
      static override forward(_ctx: d.autograd.Context, a: d.Tensor) { return a; }
      static override backward(_ctx: d.autograd.Context, g: d.Tensor) { return g; }
    }
    const i = Identity.apply(x) as d.Tensor;
    expect(i).to.not.equal(x);
    expect(x.isLeaf).to.equal(true);
  });

  it('detectAnomaly names the first op that produced NaN or Inf, forward and backward', () => {
    const x = f64([-1, 4]).requiresGrad_();
    expect(() => d.autograd.detectAnomaly(() => x.mul(2).log().sum())).to.throw(/detectAnomaly: log produced NaN in forward \(output 0, element 0\); input shapes \[2\]/);
    const z = f64([0, 1]).requiresGrad_();
    expect(() => d.autograd.detectAnomaly(() => z.sqrt().sum().backward())).to.throw(/detectAnomaly: sqrt produced Infinity in backward/);
    expect(x.mul(2).log().sum().requiresGrad).to.equal(true); // no checking outside the scope
  });
});
