// Line searches (lib/optim/line-search) and the flat-vector methods (lib/optim/second-order):
// ConjugateGradient, BFGS and LBFGS against SciPy's minimize (same x0 and gradient tolerance:
// reach SciPy's minimum with at most 1.5× its evaluations) and LBFGS against torch.optim.LBFGS
// step for step (test/fixtures/quasi_newton.json, from scripts/goldens/quasi_newton.py); linear CG
// behaviour with the exact step; strong Wolfe, Armijo and cubic interpolation on test functions;
// state dicts, FlatParameters, errors.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import { bitsEqual, expectClose, seededValues } from './helpers';

interface ScipyRun { x: number[]; f: number; nfev: number; nit: number }
interface ScipyProblem {
  name: string;
  kind: 'rosenbrock' | 'quadratic' | 'logistic';
  x0: number[];
  data?: Record<string, number | number[]>;
  runs: Record<'CG' | 'BFGS' | 'L-BFGS-B', ScipyRun>;
}
interface TorchStep { loss: number; funcEvals: number; nIter: number; params: number[][] }
interface TorchCase { name: string; options: { lr: number; maxIter: number; historySize: number; lineSearchFn: 'strongWolfe' | null }; steps: TorchStep[] }
interface Fixture {
  gtol: number;
  historySize: number;
  scipy: ScipyProblem[];
  torchLbfgs: { X: number[]; Y: number[]; init: number[][]; shapes: number[][]; cases: TorchCase[] };
  torchStrongWolfe: WolfeCase[];
}
interface WolfeCase { function: string; initialStep: number; c2: number; step: number; evaluations: number; value: number; slope: number; wolfe: boolean }

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'quasi_newton.json'), 'utf8')) as Fixture;

type Method = 'CG' | 'BFGS' | 'L-BFGS-B';
type FlatMethod = d.optim.ConjugateGradient | d.optim.BFGS | d.optim.LBFGS;

/** A SciPy problem as parameters and a loss function of them. */
function buildProblem(p: ScipyProblem, dtype: d.DType): { params: d.Tensor[]; loss: () => d.Tensor; flatX: () => number[] } {
  const opts = { dtype };
  if (p.kind === 'logistic') {
    const data = p.data as { X: number[]; y: number[]; m: number; p: number; lambda: number };
    const X = d.tensor(data.X, [data.m, data.p], opts);
    const y = d.tensor(data.y, [data.m], opts);
    const w = d.tensor(p.x0.slice(0, data.p), [data.p], opts).requiresGrad_();
    const b = d.tensor(p.x0.slice(data.p), [1], opts).requiresGrad_();
    const loss = () => {
      const z = y.neg().mul(X.matmul(w).add(b));
      return d.softplus(z).mean().add(d.dot(w, w).mul(0.5 * data.lambda));
    };
    return { params: [w, b], loss, flatX: () => [...Array.from(w.data), ...Array.from(b.data)] };
  }
  const n = p.x0.length;
  const x = d.tensor(p.x0, [n], opts).requiresGrad_();
  if (p.kind === 'rosenbrock') {
    const loss = () => {
      const a = x.narrow(0, 0, n - 1);
      const c = x.narrow(0, 1, n - 1);
      return c.sub(a.square()).square().mul(100).add(a.sub(1).square()).sum();
    };
    return { params: [x], loss, flatX: () => Array.from(x.data) };
  }
  const data = p.data as { A: number[]; b: number[]; n: number };
  const A = d.tensor(data.A, [n, n], opts);
  const bv = d.tensor(data.b, [n], opts);
  const loss = () => d.dot(x.matmul(A), x).mul(0.5).sub(d.dot(bv, x));
  return { params: [x], loss, flatX: () => Array.from(x.data) };
}

function makeMethod(method: Method, params: d.Tensor[], gtol: number, extra: Record<string, unknown> = {}): FlatMethod {
  const common = { maxIter: 100000, maxEval: 100000, toleranceGrad: gtol, toleranceChange: 0, ...extra };
  if (method === 'CG') return new d.optim.ConjugateGradient(params, common);
  if (method === 'BFGS') return new d.optim.BFGS(params, common);
  return new d.optim.LBFGS(params, { historySize: fixture.historySize, lineSearchFn: 'strongWolfe', ...common });
}

/** Minimizes with one step() and returns the closure count. */
function minimize(opt: FlatMethod, loss: () => d.Tensor): number {
  let calls = 0;
  opt.step(() => {
    calls++;
    opt.zeroGrad();
    const l = loss();
    l.backward();
    return l;
  });
  return calls;
}

const ratios: string[] = [];

describe('quasi-Newton methods against SciPy (same x0 and gtol)', () => {
  after(() => {
    if (ratios.length > 0) console.log(`      closure calls / SciPy nfev:\n        ${ratios.join('\n        ')}`);
  });
  for (const p of fixture.scipy) {
    for (const method of ['CG', 'BFGS', 'L-BFGS-B'] as const) {
      const run = p.runs[method];
      it(`${method} on ${p.name}: SciPy's minimum with ≤ 1.5× its ${run.nfev} evaluations`, () => {
        const prob = buildProblem(p, 'float64');
        const opt = makeMethod(method, prob.params, fixture.gtol);
        const calls = minimize(opt, prob.loss);
        ratios.push(`${method.padEnd(8)} ${p.name.padEnd(14)} ${String(calls).padStart(4)} / ${String(run.nfev).padStart(4)} = ${(calls / run.nfev).toFixed(2)}`);
        expect(opt.evaluations).to.equal(calls);
        const g = new d.optim.FlatParameters(prob.params, 'test').evaluate(() => {
          const l = prob.loss();
          l.backward();
          return l;
        });
        expect(maxAbsOf(g.grad.data), 'final ‖∇f‖∞').to.be.at.most(fixture.gtol);
        // Both stop at ‖∇f‖∞ ≤ gtol = 1e-5, which bounds each one's distance to the true minimizer
        // by about √n·gtol/λmin (λmin ≥ 0.01 on these problems).
        expectClose(prob.flatX(), run.x, 0, 1e-4 * Math.max(1, maxAbsOf(run.x)), `${method} x*`);
        expectClose([g.loss], [run.f], 1e-8, 1e-9, `${method} f*`);
        expect(calls, `closure calls vs SciPy's nfev ${run.nfev}`).to.be.at.most(1.5 * run.nfev);
      });
    }
  }
});

function maxAbsOf(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

/** The tanh network of the torch fixture with fresh parameters from its initial weights. */
function torchModel(dtype: d.DType = 'float64'): { params: d.Tensor[]; loss: () => d.Tensor } {
  const f = fixture.torchLbfgs;
  const X = d.tensor(f.X, [f.X.length / 3, 3], { dtype });
  const Y = d.tensor(f.Y, [f.Y.length, 1], { dtype });
  const params = f.init.map((v, i) => d.tensor(v, f.shapes[i], { dtype }).requiresGrad_());
  const [w1, b1, w2, b2] = params;
  const loss = () => X.matmul(w1.T).add(b1).tanh().matmul(w2.T).add(b2).sub(Y).square().mean();
  return { params, loss };
}

function closureOf(opt: d.optim.Optimizer<d.optim.BaseOptions>, loss: () => d.Tensor): () => d.Tensor {
  return () => {
    opt.zeroGrad();
    const l = loss();
    l.backward();
    return l;
  };
}

describe('LBFGS against torch.optim.LBFGS (float64, identical weights)', () => {
  for (const c of fixture.torchLbfgs.cases) {
    it(`${c.name}: loss, evaluations, iterations and parameters after each of ${c.steps.length} steps`, () => {
      const m = torchModel();
      const opt = new d.optim.LBFGS(m.params, c.options);
      const closure = closureOf(opt, m.loss);
      c.steps.forEach((s, k) => {
        const loss = opt.step(closure);
        expectClose([loss], [s.loss], 1e-9, 0, `step ${k} loss`);
        expect(opt.evaluations, `step ${k} func_evals`).to.equal(s.funcEvals);
        expect(opt.iterations, `step ${k} n_iter`).to.equal(s.nIter);
        // The two differ by rounding (gemm and dot summation orders, FMA); on this non-convex
        // model the differences grow from 1e-16 to about 1e-12 over 60 iterations and 3e-8 over 120.
        const atol = s.nIter <= 60 ? 1e-9 : 1e-6;
        m.params.forEach((p, i) => expectClose(p.data, s.params[i], 0, atol, `step ${k} param ${i}`));
      });
    });
  }
});

/** ½xᵀAx − bᵀx with A = QΛQᵀ (eigenvalues log-spaced in [1, cond]) from seeded values. */
function spdQuadratic(n: number, cond: number, seed: number, dtype: d.DType = 'float64') {
  // Orthonormal Q by Gram-Schmidt of seeded columns (plain arrays: test data only).
  const cols: number[][] = [];
  const raw = seededValues(n * n, seed);
  for (let j = 0; j < n; j++) {
    const v = raw.slice(j * n, (j + 1) * n);
    for (const q of cols) {
      const c = q.reduce((s, qi, i) => s + qi * v[i], 0);
      for (let i = 0; i < n; i++) v[i] -= c * q[i];
    }
    const norm = Math.hypot(...v);
    cols.push(v.map((x) => x / norm));
  }
  const lambda = Array.from({ length: n }, (_, k) => Math.pow(cond, k / (n - 1)));
  const A = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) A[i * n + j] += cols[k][i] * lambda[k] * cols[k][j];
  const At = d.tensor(A, [n, n], { dtype });
  const b = d.tensor(seededValues(n, seed + 1), [n], { dtype });
  const x = d.tensor(seededValues(n, seed + 2), [n], { dtype }).requiresGrad_();
  const loss = () => d.dot(x.matmul(At), x).mul(0.5).sub(d.dot(b, x));
  const gradInf = () => maxAbsOf(At.matmul(x.detach()).sub(b).data);
  return { A: At, b, x, loss, gradInf, hvp: (v: d.Tensor) => At.matmul(v) };
}

describe('exact line search on quadratics: linear CG and quadratic termination', () => {
  const cases: Array<[number, number, number]> = [[20, 5, 11], [8, 50, 12], [12, 20, 13]];
  for (const [n, cond, seed] of cases) {
    for (const beta of ['polakRibiere', 'fletcherReeves', 'hestenesStiefel'] as const) {
      for (const withHvp of [true, false]) {
        it(`CG (${beta}, ${withHvp ? 'dᵀHd from hessianVectorProduct' : 'dᵀHd measured'}) solves a ${n}-dimensional SPD quadratic (κ ${cond}) in at most ${n} iterations`, () => {
          const q = spdQuadratic(n, cond, seed);
          const g0 = q.gradInf();
          const opt = new d.optim.ConjugateGradient([q.x], {
            lineSearch: 'exact', beta, maxIter: n, maxEval: 10 * n, toleranceGrad: 0, toleranceChange: 0,
            ...(withHvp ? { hessianVectorProduct: q.hvp } : {}),
          });
          const calls = minimize(opt, q.loss);
          expect(opt.iterations).to.be.at.most(n);
          // One evaluation per iteration with dᵀHd given, two when it is measured.
          expect(calls).to.equal(1 + (withHvp ? 1 : 2) * opt.iterations);
          expect(q.gradInf()).to.be.below(1e-9 * g0);
        });
      }
    }
  }

  it('CG iterates follow linear CG: successive gradients orthogonal, directions H-conjugate', () => {
    const n = 10;
    const q = spdQuadratic(n, 30, 21);
    const grads: number[][] = [];
    const opt = new d.optim.ConjugateGradient([q.x], { lineSearch: 'exact', hessianVectorProduct: q.hvp, maxIter: 1, toleranceGrad: 0, toleranceChange: 0 });
    const closure = closureOf(opt, q.loss);
    const xs: number[][] = [Array.from(q.x.data)];
    for (let k = 0; k < 6; k++) {
      opt.step(closure);
      xs.push(Array.from(q.x.data));
      grads.push(Array.from(q.A.matmul(q.x.detach()).sub(q.b).data));
    }
    const dotp = (u: number[], v: number[]) => u.reduce((s, ui, i) => s + ui * v[i], 0);
    for (let k = 1; k < grads.length; k++) {
      for (let j = 0; j < k; j++) expect(Math.abs(dotp(grads[k], grads[j]))).to.be.below(1e-9 * dotp(grads[j], grads[j]));
    }
    const steps = xs.slice(1).map((x, k) => x.map((v, i) => v - xs[k][i]));
    const Hs = steps.map((s) => Array.from(q.hvp(d.tensor(s, [n], { dtype: 'float64' })).data));
    for (let k = 1; k < steps.length; k++) {
      for (let j = 0; j < k; j++) expect(Math.abs(dotp(steps[k], Hs[j]))).to.be.below(1e-9 * Math.sqrt(dotp(steps[k], Hs[k]) * dotp(steps[j], Hs[j])));
    }
  });

  it('BFGS with exact steps terminates in n iterations and then holds the inverse Hessian (κ 1000)', () => {
    const n = 12;
    const q = spdQuadratic(n, 1000, 31);
    const opt = new d.optim.BFGS([q.x], { lineSearch: 'exact', hessianVectorProduct: q.hvp, maxIter: n, toleranceGrad: 0, toleranceChange: 0 });
    minimize(opt, q.loss);
    expect(opt.iterations).to.equal(n);
    expect(q.gradInf()).to.be.below(1e-12);
    // The n-th pair enters H at the next iteration: then H·A = I.
    opt.paramGroups[0].maxIter = 1;
    minimize(opt, q.loss);
    const HA = opt.inverseHessian.matmul(q.A);
    expectClose(HA, d.eye(n, n, { dtype: 'float64' }), 0, 1e-9, 'H·A');
  });

  it('LBFGS with lineSearchFn exact and armijo, and BFGS/CG with armijo, reach the minimum', () => {
    for (const make of [
      (p: d.Tensor[]) => new d.optim.LBFGS(p, { lineSearchFn: 'exact', maxIter: 200, toleranceGrad: 1e-10, toleranceChange: 0 }),
      (p: d.Tensor[]) => new d.optim.LBFGS(p, { lineSearch: 'armijo', maxIter: 500, maxEval: 5000, toleranceGrad: 1e-10, toleranceChange: 0 }),
      (p: d.Tensor[]) => new d.optim.BFGS(p, { lineSearch: 'armijo', maxIter: 500, maxEval: 5000, toleranceGrad: 1e-10, toleranceChange: 0 }),
      (p: d.Tensor[]) => new d.optim.ConjugateGradient(p, { lineSearch: 'armijo', maxIter: 5000, maxEval: 50000, toleranceGrad: 1e-10, toleranceChange: 0 }),
    ]) {
      const q = spdQuadratic(10, 10, 41);
      const opt = make([q.x]);
      minimize(opt, q.loss);
      // Armijo compares losses, which stop resolving decreases once ‖∇f‖² ≈ ε·|f|.
      expect(q.gradInf(), opt.constructor.name).to.be.below(1e-7);
    }
  });
});

describe('float32 parameters', () => {
  for (const method of ['CG', 'BFGS', 'L-BFGS-B'] as const) {
    for (const name of ['quadratic5', 'logistic', 'rosenbrock2']) {
      it(`${method} on ${name} in float32 reaches SciPy's minimum to float32 accuracy`, () => {
        const p = fixture.scipy.find((q) => q.name === name)!;
        const prob = buildProblem(p, 'float32');
        const opt = makeMethod(method, prob.params, 1e-4, { maxIter: 2000, maxEval: 4000, toleranceChange: 1e-12 });
        minimize(opt, prob.loss);
        expect(prob.params[0].dtype).to.equal('float32');
        const tol = name === 'rosenbrock2' ? 2e-2 : 2e-3;
        expectClose(prob.flatX(), p.runs[method].x, 0, tol, `${method} x* (float32)`);
      });
    }
  }
});

// Moré & Thuente (1994), test functions of line searches (as in scripts/goldens/quasi_newton.py).
const moreThuente: Record<string, (a: number) => { value: number; slope: number }> = {
  mt1: (a) => ({ value: -a / (a * a + 2), slope: (a * a - 2) / ((a * a + 2) * (a * a + 2)) }),
  mt2: (a) => {
    const b = a + 0.004;
    return { value: b ** 5 - 2 * b ** 4, slope: 5 * b ** 4 - 8 * b ** 3 };
  },
  mt3: (a) => {
    const beta = 0.01;
    const l = 39;
    const [psi, dpsi] = a <= 1 - beta ? [1 - a, -1] : a >= 1 + beta ? [a - 1, 1] : [(a - 1) ** 2 / (2 * beta) + beta / 2, (a - 1) / beta];
    const w = (l * Math.PI) / 2;
    return { value: psi + ((2 * (1 - beta)) / (l * Math.PI)) * Math.sin(w * a), slope: dpsi + (1 - beta) * Math.cos(w * a) };
  },
};
describe('line searches', () => {
  describe('cubicMinimizer', () => {
    const { cubicMinimizer } = d.optim.lineSearch;
    it('is exact on cubics and quadratics, in either argument order', () => {
      // p(α) = α³ − 3α + 1: local minimum at 1.
      const p = (a: number) => [a * a * a - 3 * a + 1, 3 * a * a - 3] as const;
      for (const [a, b] of [[0, 2], [-0.5, 3], [0.2, 1.1]]) {
        const m1 = cubicMinimizer(a, ...p(a), b, ...p(b));
        const m2 = cubicMinimizer(b, ...p(b), a, ...p(a));
        expect(m1).to.be.closeTo(1, 1e-12);
        expect(bitsEqual([m1], [m2])).to.equal(true);
      }
      const q = (a: number) => [(a - 0.7) ** 2, 2 * (a - 0.7)] as const;
      expect(cubicMinimizer(0, ...q(0), 2, ...q(2))).to.be.closeTo(0.7, 1e-12);
    });
    it('clamps to the bounds, and returns their middle when the cubic has no minimizer', () => {
      const p = (a: number) => [a * a * a - 3 * a + 1, 3 * a * a - 3] as const;
      expect(cubicMinimizer(0, ...p(0), 2, ...p(2), [1.5, 3])).to.equal(1.5);
      expect(cubicMinimizer(0, ...p(0), 2, ...p(2), [-1, 0.25])).to.equal(0.25);
      // d₁ = 20 − 27 = −7, d₁² = 49 < φ'a·φ'b = 100.
      expect(cubicMinimizer(0, 0, 10, 1, 9, 10)).to.equal(0.5);
      expect(cubicMinimizer(0, 0, 10, 1, 9, 10, [2, 6])).to.equal(4);
    });
  });

  describe('strongWolfe', () => {
    const { strongWolfe } = d.optim.lineSearch;
    for (const c of fixture.torchStrongWolfe) {
      it(`${c.function}, c₂ ${c.c2}, α₀ ${c.initialStep}: PyTorch's step and evaluations; ${c.wolfe ? 'both conditions hold' : 'gives up as PyTorch does'}`, () => {
        const f = moreThuente[c.function];
        let calls = 0;
        const phi = (a: number) => {
          calls++;
          return f(a);
        };
        const start = f(0);
        const c1 = 1e-4;
        const r = strongWolfe(phi, start, { initialStep: c.initialStep, c1, c2: c.c2 });
        expect(r.evaluations).to.equal(c.evaluations);
        expect(r.evaluations).to.equal(calls);
        expectClose([r.step, r.loss], [c.step, c.value], 1e-9, 1e-15, 'step, φ(step)');
        expect(r.converged).to.equal(c.wolfe);
        expect(r.grad).to.equal(null);
        const at = f(r.step);
        expect(r.loss).to.equal(at.value);
        expect(r.slope).to.equal(at.slope);
        if (c.wolfe) {
          expect(at.value).to.be.at.most(start.value + c1 * r.step * start.slope);
          expect(Math.abs(at.slope)).to.be.at.most(c.c2 * Math.abs(start.slope));
        }
      });
    }

    it('on a vector problem (Rosenbrock along −∇f): conditions hold, grad is ∇f(x + αd), evaluations counted', () => {
      let calls = 0;
      const objective = (x: d.Tensor) => {
        calls++;
        const p = x.detach().requiresGrad_();
        const a = p.narrow(0, 0, 1);
        const b = p.narrow(0, 1, 1);
        const l = b.sub(a.square()).square().mul(100).add(a.sub(1).square()).sum();
        l.backward();
        return { loss: l.item(), grad: p.grad! };
      };
      const x = d.tensor([-1.2, 1], [2], { dtype: 'float64' });
      const f0 = objective(x);
      calls = 0;
      const direction = f0.grad.neg();
      const r = strongWolfe({ objective, x, direction, loss: f0.loss, grad: f0.grad }, { initialStep: 1e-3 });
      expect(r.converged).to.equal(true);
      expect(r.evaluations).to.equal(calls);
      const at = objective(x.add(direction.mul(r.step)));
      expectClose(r.grad!, at.grad, 1e-14, 0, 'grad');
      const g0d = d.dot(f0.grad, direction).item();
      expect(at.loss).to.be.at.most(f0.loss + 1e-4 * r.step * g0d);
      expect(Math.abs(d.dot(at.grad, direction).item())).to.be.at.most(0.9 * Math.abs(g0d));
    });

    it('accepts α₀ at once when it satisfies both conditions (one evaluation)', () => {
      const phi = (a: number) => ({ value: (a - 1) ** 2, slope: 2 * (a - 1) });
      const r = strongWolfe(phi, phi(0), { initialStep: 1 });
      expect(r).to.include({ step: 1, evaluations: 1, converged: true, loss: 0 });
    });

    it('respects the budget (maxIter trials after α₀) and returns the best point when it runs out', () => {
      // Decreasing forever: extrapolation never brackets.
      let calls = 0;
      const phi = (a: number) => {
        calls++;
        return { value: -a, slope: -1 };
      };
      const r = strongWolfe(phi, { value: 0, slope: -1 }, { initialStep: 1, maxIter: 5 });
      expect(calls).to.equal(6);
      expect(r.evaluations).to.equal(6);
      expect(r.converged).to.equal(false);
      expect(r.loss).to.be.below(0);
      expect(r.loss).to.equal(-r.step);
    });

    it('throws on a non-descent direction and bad options', () => {
      const phi = (a: number) => ({ value: a * a, slope: 2 * a });
      expect(() => strongWolfe(phi, { value: 0, slope: 1 })).to.throw(RangeError, /strongWolfe: not a descent direction/);
      expect(() => strongWolfe(phi, { value: 0, slope: -1 }, { c1: 0.5, c2: 0.4 })).to.throw(RangeError, /strongWolfe: c2/);
      expect(() => strongWolfe(phi, { value: 0, slope: -1 }, { initialStep: -1 })).to.throw(RangeError, /strongWolfe: initialStep/);
      expect(() => strongWolfe(phi, { value: 0, slope: -1 }, { maxIter: 0 })).to.throw(RangeError, /strongWolfe: maxIter/);
      expect(() => strongWolfe(phi, undefined as unknown as d.optim.lineSearch.LinePoint)).to.throw(TypeError, /strongWolfe: expected the start point/);
      const x = d.tensor([1, 2], [2], { dtype: 'float64' });
      const objective = () => ({ loss: 0, grad: x });
      expect(() => strongWolfe({ objective, x, direction: d.tensor([1, 2, 3], [3], { dtype: 'float64' }), loss: 0, grad: x })).to.throw(RangeError, /strongWolfe: x, direction and grad must have one length/);
    });
  });

  describe('armijo', () => {
    const { armijo } = d.optim.lineSearch;
    it('returns the first step α₀ρᵏ satisfying sufficient decrease', () => {
      for (const f of Object.values(moreThuente)) {
        for (const [a0, shrink] of [[10, 0.5], [1e3, 0.1], [1, 0.5]]) {
          const start = f(0);
          const c1 = 1e-4;
          const r = armijo(f, start, { initialStep: a0, shrink, c1 });
          expect(r.converged).to.equal(true);
          const k = Math.round(Math.log(r.step / a0) / Math.log(shrink));
          expect(r.evaluations).to.equal(k + 1);
          expect(r.step).to.be.closeTo(a0 * Math.pow(shrink, k), 1e-12 * a0);
          expect(f(r.step).value).to.be.at.most(start.value + c1 * r.step * start.slope);
          if (k > 0) {
            const longer = r.step / shrink;
            expect(f(longer).value).to.be.above(start.value + c1 * longer * start.slope);
          }
        }
      }
    });
    it('gives step 0 and converged false when maxIter trials fail', () => {
      const phi = (a: number) => ({ value: -a + 1e6 * a * a, slope: -1 + 2e6 * a });
      const r = armijo(phi, phi(0), { maxIter: 3 });
      expect(r).to.include({ step: 0, loss: 0, evaluations: 3, converged: false });
    });
    it('throws on bad options', () => {
      const phi = (a: number) => ({ value: a * a, slope: 2 * a });
      expect(() => armijo(phi, { value: 0, slope: -1 }, { shrink: 1 })).to.throw(RangeError, /armijo: shrink/);
      expect(() => armijo(phi, { value: 0, slope: -1 }, { c1: 0 })).to.throw(RangeError, /armijo: c1/);
      expect(() => armijo(phi, { value: 0, slope: 0 })).to.throw(RangeError, /armijo: not a descent direction/);
    });
  });

  describe('exactQuadraticStep', () => {
    const { exactQuadraticStep, quadraticCurvature } = d.optim.lineSearch;
    it('minimizes a quadratic along d exactly: from H, from v ↦ Hv, or measured (one more evaluation)', () => {
      const q = spdQuadratic(6, 40, 51);
      const objective = (x: d.Tensor) => {
        const p = x.detach().requiresGrad_();
        const l = d.dot(p.matmul(q.A), p).mul(0.5).sub(d.dot(q.b, p));
        l.backward();
        return { loss: l.item(), grad: p.grad! };
      };
      const x = q.x.detach();
      const f0 = objective(x);
      const direction = d.tensor(seededValues(6, 99), [6], { dtype: 'float64' });
      const sign = d.dot(f0.grad, direction).item() < 0 ? 1 : -1;
      const dir = direction.mul(sign);
      const problem = { objective, x, direction: dir, loss: f0.loss, grad: f0.grad };
      const byMatrix = exactQuadraticStep(problem, { hessian: q.A });
      const byHvp = exactQuadraticStep(problem, { hessianVectorProduct: q.hvp });
      const measured = exactQuadraticStep(problem);
      expect(byMatrix.evaluations).to.equal(1);
      expect(byHvp.evaluations).to.equal(1);
      expect(measured.evaluations).to.equal(2);
      for (const r of [byMatrix, byHvp, measured]) {
        expect(r.converged).to.equal(true);
        // ∇f(x + α*d) ⟂ d
        expect(Math.abs(d.dot(r.grad!, dir).item())).to.be.below(1e-12 * d.dot(dir, dir).item());
        expect(r.step).to.be.closeTo(byMatrix.step, 1e-10 * byMatrix.step);
      }
      const curvature = quadraticCurvature(dir, q.A, 'test');
      expect(curvature).to.be.closeTo(quadraticCurvature(dir, q.hvp, 'test'), 1e-12 * curvature);
      const phi = (a: number) => ({ value: 3 * (a - 2) ** 2, slope: 6 * (a - 2) });
      expect(exactQuadraticStep(phi, phi(0), { curvature: 6 })).to.include({ step: 2, loss: 0, evaluations: 1 });
      expect(exactQuadraticStep(phi, phi(0))).to.include({ step: 2, loss: 0, evaluations: 2 });
    });
    it('throws when the curvature is not positive or H needs a vector problem', () => {
      const phi = (a: number) => ({ value: -(a * a), slope: -2 * a });
      expect(() => exactQuadraticStep(phi, { value: 0, slope: -1 })).to.throw(RangeError, /exactQuadraticStep: the curvature/);
      expect(() => exactQuadraticStep(phi, { value: 0, slope: -1 }, { hessian: d.eye(2) })).to.throw(TypeError, /need a vector problem/);
    });
  });
});

describe('FlatParameters', () => {
  function params() {
    const a = d.tensor([1, 2, 3, 4, 5, 6], [2, 3], { dtype: 'float64' }).requiresGrad_();
    const b = d.tensor([7, 8], [2], { dtype: 'float64' }).requiresGrad_();
    // A non-contiguous leaf (a transposed view): elements in its logical row-major order.
    const c = d.tensor([9, 10, 11, 12], [2, 2], { dtype: 'float64' }).T.requiresGrad_();
    return [a, b, c];
  }
  it('get, set, addScaled and grad in parameter order, in place, bumping versions', () => {
    const ps = params();
    const flat = new d.optim.FlatParameters(ps, 'test');
    expect(flat.numel).to.equal(12);
    expect(flat.dtype).to.equal('float64');
    const x = flat.get();
    expect(Array.from(x.data)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 10, 12]);
    x.data[0] = 100; // a copy
    expect(ps[0].data[0]).to.equal(1);
    const versions = ps.map((p) => p.storage.version);
    const target = d.tensor(Array.from({ length: 12 }, (_, i) => -i), [12], { dtype: 'float64' });
    flat.set(target);
    expect(Array.from(flat.get().data)).to.deep.equal(Array.from(target.data));
    expect(Array.from(ps[2].contiguous().data)).to.deep.equal([-8, -9, -10, -11]);
    ps.forEach((p, i) => expect(p.storage.version).to.be.above(versions[i]));
    const dir = d.tensor(seededValues(12, 5), [12], { dtype: 'float64' });
    const before = ps.map((p) => p.storage.version);
    flat.addScaled(0.5, dir);
    expectClose(flat.get(), target.add(dir.mul(0.5)), 1e-15, 0, 'θ + αd');
    ps.forEach((p, i) => expect(p.storage.version).to.be.above(before[i]));
    // grad: zeros where null, else the gradients in the same order.
    expect(Array.from(flat.grad().data)).to.deep.equal(new Array(12).fill(0));
    const ev = flat.evaluate(() => {
      const l = ps[0].square().sum().add(ps[2].mul(3).sum());
      l.backward();
      return l;
    });
    const expected = [...Array.from(ps[0].data).map((v) => 2 * v), 0, 0, 3, 3, 3, 3];
    expectClose(ev.grad, expected, 1e-15, 0, 'grad');
    expect(ev.loss).to.be.a('number');
    // evaluate clears old gradients first.
    const again = flat.evaluate(() => {
      const l = ps[1].sum();
      l.backward();
      return l;
    });
    expect(Array.from(again.grad.data)).to.deep.equal([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  });
  it('throws naming the op: mixed dtypes, integer tensors, wrong lengths, bad closures', () => {
    const a = d.zeros([2], { dtype: 'float64' });
    const b = d.zeros([2], { dtype: 'float32' });
    expect(() => new d.optim.FlatParameters([a, b], 'Newton')).to.throw(TypeError, /^Newton: all parameters must have one dtype/);
    expect(() => new d.optim.FlatParameters([d.zeros([2], { dtype: 'int32' })], 'Newton')).to.throw(TypeError, /^Newton: params\[0\] is int32/);
    expect(() => new d.optim.FlatParameters([], 'Newton')).to.throw(RangeError, /^Newton: expected a non-empty array/);
    const flat = new d.optim.FlatParameters([a], 'Newton');
    expect(() => flat.set(d.zeros([3], { dtype: 'float64' }))).to.throw(RangeError, /^Newton: set expects a 1-D tensor of 2 elements, got shape \[3\]/);
    expect(() => flat.addScaled(Number.NaN, d.zeros([2], { dtype: 'float64' }))).to.throw(RangeError, /^Newton: step size/);
    expect(() => flat.evaluate(() => d.zeros([2]))).to.throw(RangeError, /^Newton: the closure must return a scalar loss/);
    expect(() => flat.evaluate(undefined as unknown as () => number)).to.throw(TypeError, /^Newton: closure must be a function/);
  });
});

describe('ConjugateGradient, BFGS, LBFGS: the optimizer contract', () => {
  type Maker = (params: d.Tensor[]) => FlatMethod;
  const makers: Array<[string, Maker]> = [
    ['ConjugateGradient', (p) => new d.optim.ConjugateGradient(p, { maxIter: 3 })],
    ['ConjugateGradient (Hestenes-Stiefel, armijo)', (p) => new d.optim.ConjugateGradient(p, { maxIter: 3, beta: 'hestenesStiefel', lineSearch: 'armijo' })],
    ['BFGS', (p) => new d.optim.BFGS(p, { maxIter: 3 })],
    ['BFGS (initial scaling)', (p) => new d.optim.BFGS(p, { maxIter: 3, initialScaling: true })],
    ['LBFGS (strong Wolfe, history 3)', (p) => new d.optim.LBFGS(p, { maxIter: 3, historySize: 3, lineSearchFn: 'strongWolfe' })],
    ['LBFGS (fixed step)', (p) => new d.optim.LBFGS(p, { maxIter: 3, historySize: 2, lr: 0.5 })],
  ];
  for (const [name, make] of makers) {
    it(`${name}: stateDict → structuredClone → loadStateDict resumes bit for bit`, () => {
      const full = torchModel();
      const optFull = make(full.params);
      const fullLosses: number[] = [];
      for (let k = 0; k < 5; k++) fullLosses.push(optFull.step(closureOf(optFull, full.loss)));

      const first = torchModel();
      const optFirst = make(first.params);
      const losses: number[] = [];
      for (let k = 0; k < 2; k++) losses.push(optFirst.step(closureOf(optFirst, first.loss)));
      const sd = structuredClone(optFirst.stateDict());
      const resumed = torchModel();
      resumed.params.forEach((p, i) => d.noGrad(() => p.copy_(first.params[i])));
      const optResumed = make(resumed.params);
      optResumed.loadStateDict(sd);
      expect(optResumed.evaluations).to.equal(optFirst.evaluations);
      for (let k = 2; k < 5; k++) losses.push(optResumed.step(closureOf(optResumed, resumed.loss)));
      expect(bitsEqual(losses, fullLosses), `losses ${losses} vs ${fullLosses}`).to.equal(true);
      resumed.params.forEach((p, i) => expect(bitsEqual(p.data, full.params[i].data), `param ${i}`).to.equal(true));
      expect(optResumed.evaluations).to.equal(optFull.evaluations);
      expect(optResumed.iterations).to.equal(optFull.iterations);
    });
  }

  it('float32 models train with each method', () => {
    for (const make of makers.map((m) => m[1])) {
      const m = torchModel('float32');
      const opt = make(m.params);
      const l0 = m.loss().item();
      for (let k = 0; k < 4; k++) opt.step(closureOf(opt, m.loss));
      expect(m.params[0].dtype).to.equal('float32');
      expect(m.loss().item()).to.be.below(0.5 * l0);
    }
  });

  it('without a line search the step is the fixed lr along the direction', () => {
    const q = spdQuadratic(5, 10, 61);
    const x0 = Array.from(q.x.data);
    const g0 = Array.from(q.A.matmul(q.x.detach()).sub(q.b).data);
    for (const opt of [
      new d.optim.ConjugateGradient([q.x], { lineSearch: null, lr: 0.05, maxIter: 1 }),
      new d.optim.BFGS([q.x], { lineSearch: null, lr: 0.05, maxIter: 1 }),
    ]) {
      d.noGrad(() => q.x.copy_(d.tensor(x0, [5], { dtype: 'float64' })));
      let calls = 0;
      opt.step(() => {
        calls++;
        opt.zeroGrad();
        const l = q.loss();
        l.backward();
        return l;
      });
      expect(calls).to.equal(1);
      expectClose(q.x.data, x0.map((v, i) => v - 0.05 * g0[i]), 1e-14, 1e-15, `${opt.constructor.name} fixed step`);
    }
  });

  it('stops at once when ‖∇f‖∞ ≤ toleranceGrad, returning the loss', () => {
    const x = d.tensor([1, 1], [2], { dtype: 'float64' }).requiresGrad_();
    for (const opt of [new d.optim.ConjugateGradient([x]), new d.optim.BFGS([x]), new d.optim.LBFGS([x])]) {
      const loss = opt.step(closureOf(opt, () => x.sub(1).square().sum().add(2)));
      expect(loss).to.equal(2);
      expect(opt.evaluations).to.equal(1);
      expect(opt.iterations).to.equal(0);
    }
  });

  it('throws clearly: no closure, more than one group, bad options, bad state dicts', () => {
    const b = d.zeros([3], { dtype: 'float64' }).requiresGrad_();
    let a = d.zeros([2], { dtype: 'float64' }).requiresGrad_();
    for (const C of [d.optim.ConjugateGradient, d.optim.BFGS, d.optim.LBFGS] as Array<new (p: unknown, o?: object) => FlatMethod>) {
      const name = C.name;
      a = d.zeros([2], { dtype: 'float64' }).requiresGrad_();
      const opt = new C([a]);
      expect(() => opt.step()).to.throw(TypeError, new RegExp(`^${name}.step: a closure is required`));
      expect(() => new C([{ params: [a] }, { params: [b] }])).to.throw(RangeError, new RegExp(`^${name}: supports exactly one parameter group`));
      expect(() => opt.addParamGroup({ params: [b] })).to.throw(RangeError, /exactly one parameter group/);
      expect(() => new C([a, d.zeros([2], { dtype: 'float32' }).requiresGrad_()])).to.throw(TypeError, new RegExp(`^${name}: all parameters must have one dtype`));
      expect(() => new C([a], { maxIter: 0 })).to.throw(RangeError, new RegExp(`^${name}: maxIter`));
      expect(() => new C([a], { lr: 0 })).to.throw(RangeError, new RegExp(`^${name}: lr`));
      const key = name === 'LBFGS' ? 'lineSearchFn' : 'lineSearch';
      expect(() => new C([a], { [key]: 'wolfe' })).to.throw(RangeError, new RegExp(`^${name}: ${key} must be one of 'strongWolfe', 'armijo', 'exact' or null`));
      opt.step(closureOf(opt, () => a.sub(1).square().sum()));
      const sd = opt.stateDict();
      const other = new C([b]);
      expect(() => other.loadStateDict(sd)).to.throw(RangeError, /must be a vector of 3 elements/);
      expect(() => other.loadStateDict({ state: {}, paramGroups: [] })).to.throw(RangeError, /1 parameter groups|0 parameter groups/);
    }
    expect(() => new d.optim.ConjugateGradient([a], { beta: 'dai' as d.optim.ConjugateGradientBeta })).to.throw(RangeError, /^ConjugateGradient: beta must be one of/);
    expect(() => new d.optim.ConjugateGradient([a], { restartEvery: 0 })).to.throw(RangeError, /^ConjugateGradient: restartEvery/);
    expect(() => new d.optim.BFGS([a], { c1: 0.5, c2: 0.4 })).to.throw(RangeError, /^BFGS: c2/);
    expect(() => new d.optim.LBFGS([a], { historySize: 0 })).to.throw(RangeError, /^LBFGS: historySize/);
    expect(() => new d.optim.LBFGS([a], { lineSearch: 'armijo', lineSearchFn: 'strongWolfe' })).to.throw(RangeError, /^LBFGS: lineSearch "armijo" and lineSearchFn "strongWolfe" differ/);
    const bad = new d.optim.LBFGS([a], { lineSearchFn: 'strongWolfe' });
    expect(() => bad.step(() => 'x' as unknown as number)).to.throw(TypeError, /^LBFGS: the closure must return the loss/);
  });

  it('BFGS refuses more parameters than its dense inverse Hessian allows', () => {
    const p = d.zeros([d.optim.BFGS_MAX_PARAMETERS + 1]).requiresGrad_();
    expect(() => new d.optim.BFGS([p])).to.throw(RangeError, /^BFGS: 10001 parameters; .*use LBFGS/);
    expect(() => new d.optim.BFGS([d.zeros([d.optim.BFGS_MAX_PARAMETERS]).requiresGrad_()])).to.not.throw();
  });
});
