import { expect } from 'chai';
import * as d from '../lib';
import { expectClose, seededValues } from './helpers';

const f64 = (v: number[], shape?: number[]) => (shape ? d.tensor(v, shape, { dtype: 'float64' }) : d.tensor(v, { dtype: 'float64' }));

// A small model with tanh, softmax and a loss: y = Σ logSoftmax(tanh(x·W1)·W2) ⊙ target.
function makeModel() {
  const x = f64(seededValues(4 * 3, 1), [4, 3]);
  const target = f64(seededValues(4 * 2, 2, 0, 1), [4, 2]);
  const w1 = f64(seededValues(3 * 5, 3), [3, 5]).requiresGrad_();
  const w2 = f64(seededValues(5 * 2, 4), [5, 2]).requiresGrad_();
  const loss = () => x.matmul(w1).tanh().matmul(w2).logSoftmax(1).mul(target).sum().neg();
  return { params: [w1, w2], loss };
}

function gradsAt(loss: () => d.Tensor, params: d.Tensor[]): d.Tensor[] {
  return d.autograd.grad(loss(), params).map((g) => g.detach());
}

describe('autograd: hvp, jvp, hessian', () => {
  it('hvp equals central differences of gradients on a small network', () => {
    const { params, loss } = makeModel();
    const v = params.map((p, i) => f64(seededValues(p.numel(), 10 + i), p.shape as number[]));
    const hv = d.autograd.hvp(loss, params, v);
    const eps = 1e-5;
    const shift = (s: number) => d.noGrad(() => params.forEach((p, i) => p.add_(v[i].mul(s))));
    shift(eps);
    const gp = gradsAt(loss, params);
    shift(-2 * eps);
    const gm = gradsAt(loss, params);
    shift(eps);
    hv.forEach((h, i) => expectClose(h, gp[i].sub(gm[i]).div(2 * eps), 1e-6, 1e-8, `hvp param ${i}`));
  });

  it('hessian of a known function is exact; it agrees with hvp', () => {
    // f(a, b) = a0²·b0 + 3·a1·b0 + b0³ ; H over (a0, a1, b0)
    const a = f64([1.5, -2]).requiresGrad_();
    const b = f64([0.5]).requiresGrad_();
    const f = () => a.narrow(0, 0, 1).square().mul(b).add(a.narrow(0, 1, 1).mul(b).mul(3)).add(b.pow(3)).sum();
    const H = d.autograd.hessian(f, [a, b]);
    // ∂²/∂a0² = 2b0, ∂²/∂a0∂b0 = 2a0, ∂²/∂a1∂b0 = 3, ∂²/∂b0² = 6b0
    expect(H.toArray()).to.deep.equal([
      [1, 0, 3],
      [0, 0, 3],
      [3, 3, 3],
    ]);
    const { params, loss } = makeModel();
    const Hm = d.autograd.hessian(loss, params);
    expect(Hm.shape).to.deep.equal([25, 25]);
    expectClose(Hm, Hm.T.contiguous(), 1e-10, 1e-12, 'symmetry');
    const e = [f64(new Array(15).fill(0).map((_, i) => (i === 7 ? 1 : 0)), [3, 5]), d.zeros([5, 2], { dtype: 'float64' })];
    const col = d.autograd.hvp(loss, params, e);
    expectClose(d.concat(col.map((c) => c.reshape([-1]))), Hm.slice(7, 8).reshape([-1]), 1e-12, 1e-12, 'hvp column');
  });

  it('jvp equals J·v from central differences', () => {
    const x = f64([0.3, -0.8, 1.2]).requiresGrad_();
    const W = f64(seededValues(6, 5), [2, 3]);
    const f = (t: d.Tensor) => W.matmul(t.sigmoid());
    const v = f64([1, -2, 0.5]);
    const [jv] = d.autograd.jvp(f, [x], [v]);
    const eps = 1e-6;
    const fp = d.noGrad(() => f(x.add(v.mul(eps))));
    const fm = d.noGrad(() => f(x.sub(v.mul(eps))));
    expectClose(jv, fp.sub(fm).div(2 * eps), 1e-7, 1e-9);
  });

  it('validates shapes of v', () => {
    const x = f64([1]).requiresGrad_();
    expect(() => d.autograd.hvp(() => x.sum(), [x], [f64([1, 2])])).to.throw(RangeError, /v\[0\] must be a Tensor of shape \[1\]/);
    expect(() => d.autograd.hvp(() => x.mul(1), [x], [])).to.throw(RangeError, /0 v for 1 tensors/);
    expect(() => d.autograd.hessian(() => x.expand([2]), [x])).to.throw(RangeError, /one-element/);
  });
});
