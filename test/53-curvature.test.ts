// Curvature diagnostics (lib/optim/curvature): extreme Hessian eigenvalues by power iteration and
// Lanczos against the dense symmetric eigensolver, the dense spectrum and its negative count,
// the condition number, and the ill-conditioning test ½ε²gᵀHg > εgᵀg.
import { expect } from 'chai';
import * as d from '../lib';
import { expectClose, seededValues } from './helpers';

const f64 = (v: number[], shape: number[]) => d.tensor(v, shape, { dtype: 'float64' });
const values = (t: d.Tensor) => Array.from(t.contiguous().data);

/**
 * A 3-4-2 tanh network (26 parameters, float64) with a mean squared error or a softmax
 * cross-entropy loss.
 */
function smallModel(seed: number, kind: 'mse' | 'crossEntropy') {
  const gen = new d.RandomGenerator(seed);
  const l1 = new d.nn.Linear(3, 4, { dtype: 'float64', generator: gen });
  const l2 = new d.nn.Linear(4, 2, { dtype: 'float64', generator: gen });
  const x = f64(seededValues(6 * 3, seed + 1, -2, 2), [6, 3]);
  const classes = d.tensor([0, 1, 1, 0, 1, 0], [6], { dtype: 'int32' });
  const targets = f64(seededValues(6 * 2, seed + 2), [6, 2]);
  const params = [...l1.parameters(), ...l2.parameters()];
  const output = () => l2.call(l1.call(x).tanh());
  const lossOf = (z: d.Tensor) => (kind === 'mse' ? d.nn.mseLoss(z, targets) : d.nn.crossEntropy(z, classes));
  const loss = () => lossOf(output());
  const outputAndLoss = () => {
    const z = output();
    return { output: z, loss: lossOf(z) };
  };
  return { params, loss, outputAndLoss };
}

/** The dense Hessian (d.autograd.hessian) and its eigenvalues, ascending. */
function denseEigenvalues(loss: () => d.Tensor, params: d.Tensor[]): number[] {
  return values(d.linalg.eigh(d.autograd.hessian(loss, params)).values);
}

describe('curvature diagnostics', () => {
  it('Lanczos with n steps reproduces the dense spectrum; its extremes converge in fewer', () => {
    const m = smallModel(1, 'mse');
    const dense = denseEigenvalues(m.loss, m.params);
    const n = dense.length;
    expect(n).to.equal(26);
    const op = d.optim.curvature.curvatureOperator(m.loss, m.params);
    const full = d.optim.curvature.lanczos(op, { steps: n });
    expect(full.steps).to.equal(n);
    const scale = Math.max(...dense.map(Math.abs));
    expectClose(values(full.values), dense, 0, 1e-9 * scale, 'Ritz values (m = n)');
    const ext = d.optim.curvature.extremeEigenvalues(m.loss, m.params, { steps: 20 });
    expectClose([ext.max, ext.min], [dense[n - 1], dense[0]], 0, 1e-8 * scale, 'extremes (m = 20)');
    expect(ext.products).to.equal(20);
    expect(ext.conditionNumber).to.equal(ext.min > 0 ? ext.max / ext.min : Infinity);
  });

  it('Lanczos stops at an invariant subspace: a repeated eigenvalue counts once', () => {
    // Softmax ignores a common shift of the logits, so the output layer's 4 + 1 shift directions
    // form a 5-fold zero eigenvalue; the Krylov space holds one vector of it: 26 − 4 steps.
    const m = smallModel(1, 'crossEntropy');
    const dense = denseEigenvalues(m.loss, m.params);
    const scale = Math.max(...dense.map(Math.abs));
    expect(dense.filter((v) => Math.abs(v) < 1e-12 * scale).length).to.equal(5);
    const r = d.optim.curvature.lanczos(d.optim.curvature.curvatureOperator(m.loss, m.params), { steps: 26 });
    expect(r.steps).to.equal(22);
    const distinct = dense.filter((v, i) => i === 0 || v - dense[i - 1] > 1e-9 * scale);
    expectClose(values(r.values), distinct, 0, 1e-9 * scale, 'Ritz values = distinct eigenvalues');
  });

  it('power iteration finds both extremes (shifted for the second)', () => {
    const m = smallModel(2, 'mse');
    const dense = denseEigenvalues(m.loss, m.params);
    const n = dense.length;
    const scale = Math.max(...dense.map(Math.abs));
    const ext = d.optim.curvature.extremeEigenvalues(m.loss, m.params, { method: 'power', maxIter: 2000, tol: 1e-13 });
    expect(ext.converged).to.equal(true);
    expectClose([ext.max, ext.min], [dense[n - 1], dense[0]], 0, 1e-6 * scale, 'extremes by power iteration');
    // On a quadratic with known spectrum the dominant eigenvector comes out too.
    const a = f64([4, 1, 0, 1, 3, 0, 0, 0, -6], [3, 3]);
    const th = f64([0.3, -0.2, 0.5], [3]).requiresGrad_();
    const q = () => d.dot(th.matmul(a), th).mul(0.5);
    const r = d.optim.curvature.powerIteration(d.optim.curvature.curvatureOperator(q, [th]), { tol: 1e-14, maxIter: 2000 });
    expectClose([r.value], [-6], 1e-10, 0, 'dominant eigenvalue');
    expectClose(values(r.vector).map(Math.abs), [0, 0, 1], 0, 1e-6, 'dominant eigenvector');
  });

  it('counts negative eigenvalues and gives the condition number from the dense spectrum', () => {
    // A saddle of f(x, y, z) = x² − y² + 3z² − xz at 0: eigenvalues of [[2, 0, −1], [0, −2, 0], [−1, 0, 6]].
    const p = f64([0, 0, 0], [3]).requiresGrad_();
    const f = () => {
      const [x, y, z] = [0, 1, 2].map((i) => p.narrow(0, i, 1));
      return x.square().sub(y.square()).add(z.square().mul(3)).sub(x.mul(z)).sum();
    };
    const s = d.optim.curvature.spectrum(f, [p]);
    expect(s.negativeCount).to.equal(1);
    const lam = [4 - Math.sqrt(5), 4 + Math.sqrt(5)];
    expectClose(values(s.values), [-2, lam[0], lam[1]], 1e-12, 1e-14, 'spectrum');
    expect(s.conditionNumber).to.equal(Infinity);
    // On the small model: the count agrees with the dense eigenvalues; the Gauss–Newton matrix of
    // a cross-entropy loss is positive semi-definite (no negative eigenvalue).
    const m = smallModel(3, 'crossEntropy');
    const dense = denseEigenvalues(m.loss, m.params);
    const sm = d.optim.curvature.spectrum(m.loss, m.params);
    const tol = dense.length * 2 ** -52 * Math.max(...dense.map(Math.abs));
    expect(sm.negativeCount).to.equal(dense.filter((v) => v < -tol).length);
    expect(sm.negativeCount).to.be.above(0);
    expectClose(values(sm.values), dense, 0, 1e-10 * Math.max(...dense.map(Math.abs)), 'small model spectrum');
    const gn = d.optim.curvature.spectrum(m.outputAndLoss, m.params, { curvature: 'gaussNewton' });
    expect(gn.negativeCount).to.equal(0);
    // A positive definite quadratic: κ = λmax/λmin.
    const q = f64([1, 1], [2]).requiresGrad_();
    const quad = () => q.narrow(0, 0, 1).square().mul(50).add(q.narrow(0, 1, 1).square().mul(0.5)).sum();
    const sq = d.optim.curvature.spectrum(quad, [q]);
    expectClose([sq.conditionNumber], [100], 1e-12, 0, 'κ');
    const eq = d.optim.curvature.extremeEigenvalues(quad, [q], { method: 'power', tol: 1e-14 });
    expectClose([eq.conditionNumber], [100], 1e-9, 0, 'κ by power iteration');
  });

  it('the ill-conditioning check ½ε²gᵀHg > εgᵀg flips at ε = 2gᵀg/gᵀHg and predicts a quadratic exactly', () => {
    const a = [3, 1, 1, 2];
    const th = f64([1, -2], [2]).requiresGrad_();
    const A = f64(a, [2, 2]);
    const f = () => d.dot(th.matmul(A), th).mul(0.5);
    // g = Aθ, gᵀHg = gᵀAg.
    const t = values(th);
    const g = [a[0] * t[0] + a[1] * t[1], a[2] * t[0] + a[3] * t[1]];
    const gg = g[0] ** 2 + g[1] ** 2;
    const gHg = g[0] * (a[0] * g[0] + a[1] * g[1]) + g[1] * (a[2] * g[0] + a[3] * g[1]);
    const critical = (2 * gg) / gHg;
    const below = d.optim.curvature.illConditioning(f, [th], critical * 0.99);
    const above = d.optim.curvature.illConditioning(f, [th], critical * 1.01);
    expect(below.illConditioned).to.equal(false);
    expect(above.illConditioned).to.equal(true);
    expectClose([above.gradNormSquared, above.curvature], [gg, gHg], 1e-13, 0, 'gᵀg, gᵀHg');
    const eps = critical * 1.01;
    expectClose([above.firstOrder, above.secondOrder], [eps * gg, 0.5 * eps * eps * gHg], 1e-13, 0, 'both sides');
    // For a quadratic the Taylor prediction is exact: f(θ − εg) − f(θ).
    const f0 = f().item();
    d.noGrad(() => th.sub_(f64(g, [2]).mul(eps)));
    expectClose([f().item() - f0], [above.predictedChange], 1e-12, 1e-14, 'actual change');
    expect(f().item()).to.be.above(f0);
  });

  it('throws clear errors', () => {
    const m = smallModel(4, 'crossEntropy');
    expect(() => d.optim.curvature.illConditioning(m.loss, m.params, 0)).to.throw(RangeError, /lr/);
    expect(() => d.optim.curvature.extremeEigenvalues(m.loss, m.params, { method: 'qr' as never })).to.throw(RangeError, /method/);
    expect(() => d.optim.curvature.lanczos(d.optim.curvature.curvatureOperator(m.loss, m.params), { steps: 27 })).to.throw(RangeError, /steps/);
    expect(() => d.optim.curvature.curvatureOperator(m.loss, m.params, { curvature: 'gaussNewton' })).to.throw(TypeError, /\{ output, loss \}/);
    const big = f64(new Array(5001).fill(0), [5001]).requiresGrad_();
    expect(() => d.optim.curvature.spectrum(() => big.sum(), [big])).to.throw(RangeError, /limited to 5000/);
  });
});
