// Newton (damped, saddle-free), HessianFree (Martens 2010) and block CoordinateDescent with the
// sparse coding blocks (lib/optim/second-order, lib/optim/coordinate-descent). The sparse coding
// H-step and W-step are checked against scikit-learn's Lasso and numpy's lstsq
// (test/fixtures/coordinate_descent.json, from scripts/goldens/coordinate_descent.py).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import { expectClose, seededValues } from './helpers';

const f64 = (v: number[], shape: number[]) => d.tensor(v, shape, { dtype: 'float64' });
const values = (t: d.Tensor) => Array.from(t.contiguous().data);
const stateOf = (opt: d.optim.Optimizer, p: d.Tensor) => opt.state.get(p) as Record<string, number | d.Tensor>;

/** A symmetric positive definite [n, n] matrix (row-major) and a vector, deterministic. */
function spd(n: number, seed: number): { a: number[]; b: number[] } {
  const m = seededValues(n * n, seed);
  const a = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
      a[i * n + j] = s;
    }
  }
  return { a, b: seededValues(n, seed + 1) };
}

/** Solves A x = b by Gaussian elimination (reference for small systems). */
function solveDense(a: number[], b: number[]): number[] {
  const n = b.length;
  const m = a.map((v) => v);
  const x = b.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
    [x[c], x[p]] = [x[p], x[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < n; k++) s -= m[r * n + k] * x[k];
    x[r] = s / m[r * n + r];
  }
  return x;
}

/** f(θ) = ½θᵀAθ − bᵀθ over θ = (u [2], v [2, 2]) (two parameter tensors). */
function quadratic(seed: number, dtype: d.DType = 'float64') {
  const { a, b } = spd(6, seed);
  const u = d.tensor(seededValues(2, seed + 5), [2], { dtype }).requiresGrad_();
  const v = d.tensor(seededValues(4, seed + 6), [2, 2], { dtype }).requiresGrad_();
  const A = d.tensor(a, [6, 6], { dtype });
  const B = d.tensor(b, [6], { dtype });
  const loss = () => {
    const theta = d.concat([u, v.reshape([4])]);
    return d.dot(theta.matmul(A), theta).mul(0.5).sub(d.dot(B, theta));
  };
  return { params: [u, v], loss, a, b, theta: () => [...values(u), ...values(v)] };
}

function rosenbrock(start = [-1.2, 1]) {
  const x = f64(start, [2]).requiresGrad_();
  const loss = () => {
    const a = x.narrow(0, 0, 1);
    const b = x.narrow(0, 1, 1);
    return b.sub(a.square()).square().mul(100).add(a.sub(1).square()).sum();
  };
  return { x, loss };
}

/** f(x, y) = x² − y² + y⁴/4: a saddle at 0 (Hessian diag(2, −2)), minima −1 at (0, ±√2). */
function saddle() {
  const p = f64([0.5, 0.1], [2]).requiresGrad_();
  const loss = () => {
    const x = p.narrow(0, 0, 1);
    const y = p.narrow(0, 1, 1);
    return x.square().sub(y.square()).add(y.pow(4).mul(0.25)).sum();
  };
  return { p, loss };
}

describe('Newton', () => {
  it('solves a positive definite quadratic in one step (two parameter tensors)', () => {
    const q = quadratic(11);
    const opt = new d.optim.Newton(q.params);
    const before = opt.step(q.loss);
    expect(before).to.be.a('number');
    expectClose(q.theta(), solveDense(q.a, q.b), 1e-10, 1e-12, 'θ after one step');
    const st = stateOf(opt, q.params[0]);
    expect(st.func_evals).to.equal(2); // the curvature evaluation and the trial point
    expect(st.step).to.equal(1);
    expect(st.damping).to.equal(0);
    // At the minimum the gradient is below toleranceGrad: no further move.
    const theta = q.theta();
    opt.step(q.loss);
    expect(q.theta()).to.deep.equal(theta);
  });

  it('with lineSearch exact also lands on the minimum of a quadratic', () => {
    const q = quadratic(12);
    const opt = new d.optim.Newton(q.params, { lineSearch: 'exact' });
    opt.step(q.loss);
    expectClose(q.theta(), solveDense(q.a, q.b), 1e-9, 1e-11, 'θ');
  });

  it('converges on Rosenbrock from (−1.2, 1), never raising the loss', () => {
    const { x, loss } = rosenbrock();
    const opt = new d.optim.Newton([x]);
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) losses.push(opt.step(loss));
    expectClose(values(x), [1, 1], 0, 1e-10, 'x');
    for (let i = 1; i < losses.length; i++) expect(losses[i]).to.be.at.most(losses[i - 1]);
    // Quadratic convergence: well inside 40 steps (pure Newton needs 6 from this start; the
    // safeguard costs a few more).
    expect(losses.findIndex((l) => l < 1e-20)).to.be.within(1, 30);
  });

  it('converges on Rosenbrock with strongWolfe and armijo line searches', () => {
    for (const lineSearch of ['strongWolfe', 'armijo'] as const) {
      const { x, loss } = rosenbrock();
      const opt = new d.optim.Newton([x], { lineSearch });
      for (let i = 0; i < 50; i++) opt.step(loss);
      expectClose(values(x), [1, 1], 0, 1e-8, `x (${lineSearch})`);
    }
  });

  it('raises the damping when H is indefinite, and the damped step descends', () => {
    // At (0, 1.2) Rosenbrock's Hessian [[2 − 400(y − 3x²), −400x], [−400x, 200]] = diag(−478, 200).
    const { x, loss } = rosenbrock([0, 1.2]);
    const opt = new d.optim.Newton([x]);
    const f0 = loss().item();
    opt.step(loss);
    expect(loss().item()).to.be.below(f0);
    expect(stateOf(opt, x).damping as number).to.be.at.least(478 / 10);
  });

  it('plain Newton is attracted to a saddle point; saddle-free Newton escapes to the minimum', () => {
    const plain = saddle();
    const newton = new d.optim.Newton([plain.p], { adaptDamping: false });
    for (let i = 0; i < 20; i++) newton.step(plain.loss);
    expectClose(values(plain.p), [0, 0], 0, 1e-12, 'plain Newton ends at the saddle');
    expect(Math.abs(plain.loss().item())).to.be.below(1e-20);
    // The point it found is a saddle: the Hessian has a negative eigenvalue.
    expect(d.optim.curvature.spectrum(plain.loss, [plain.p]).negativeCount).to.equal(1);

    const free = saddle();
    const sfn = new d.optim.Newton([free.p], { adaptDamping: false, saddleFree: true });
    for (let i = 0; i < 20; i++) sfn.step(free.loss);
    expectClose(values(free.p), [0, Math.SQRT2], 0, 1e-12, 'saddle-free Newton reaches (0, √2)');
    expectClose([free.loss().item()], [-1], 1e-12, 0, 'minimum value');

    // The default (Levenberg–Marquardt damped) Newton is not attracted either.
    const damped = saddle();
    const lm = new d.optim.Newton([damped.p]);
    for (let i = 0; i < 40; i++) lm.step(damped.loss);
    expectClose([damped.loss().item()], [-1], 1e-10, 0, 'damped Newton minimum');
  });

  it('state dict round-trips and the copy continues identically', () => {
    const a = rosenbrock();
    const optA = new d.optim.Newton([a.x], { damping: 1e-3 });
    for (let i = 0; i < 3; i++) optA.step(a.loss);
    const sd = structuredClone(optA.stateDict());
    const b = rosenbrock(values(a.x));
    const optB = new d.optim.Newton([b.x]);
    optB.loadStateDict(sd);
    expect(stateOf(optB, b.x).damping).to.equal(stateOf(optA, a.x).damping);
    expect(stateOf(optB, b.x).func_evals).to.equal(stateOf(optA, a.x).func_evals);
    expect(optB.paramGroups[0].damping).to.equal(1e-3);
    for (let i = 0; i < 3; i++) {
      optA.step(a.loss);
      optB.step(b.loss);
    }
    expect(values(b.x)).to.deep.equal(values(a.x));
  });

  it('works on float32 parameters', () => {
    const q = quadratic(13, 'float32');
    const opt = new d.optim.Newton(q.params);
    opt.step(q.loss);
    expectClose(q.theta(), solveDense(q.a, q.b), 1e-3, 1e-4, 'θ (float32)');
  });

  it('throws clear errors', () => {
    const q = quadratic(14);
    const opt = new d.optim.Newton(q.params);
    expect(() => opt.step()).to.throw(TypeError, /Newton.step: a closure is required/);
    expect(() => new d.optim.Newton([f64(new Array(5001).fill(0), [5001]).requiresGrad_()])).to.throw(RangeError, /5001 parameters.*limited to 5000/);
    expect(() => opt.addParamGroup({ params: [f64([1], [1]).requiresGrad_()] })).to.throw(RangeError, /one parameter group/);
    expect(() => new d.optim.Newton(q.params, { lineSearch: 'wolfe' as never })).to.throw(RangeError, /lineSearch/);
    expect(() => new d.optim.Newton(q.params, { damping: -1 })).to.throw(RangeError, /damping/);
    // A closure that frees its graph with backward() cannot give curvature.
    expect(() => opt.step(() => {
      const l = q.loss();
      l.backward();
      return l;
    })).to.throw(Error, /freed by backward/);
    expect(() => opt.step(() => 3)).to.throw(TypeError, /returned a number/);
  });
});

// ---------------------------------------------------------------------------------------------

/** A 1-16-1 tanh network regressing sin(3x) on 48 points (float64), one fixed initialization. */
function regression() {
  const gen = new d.RandomGenerator(5);
  const net = new d.nn.Sequential(
    new d.nn.Linear(1, 16, { dtype: 'float64', generator: gen }),
    new d.nn.Tanh(),
    new d.nn.Linear(16, 1, { dtype: 'float64', generator: gen }),
  );
  const xs = Array.from({ length: 48 }, (_, i) => -1.5 + (3 * i) / 47);
  const x = f64(xs, [48, 1]);
  const y = f64(xs.map((v) => Math.sin(3 * v)), [48, 1]);
  const params = net.parameters();
  const output = () => net.call(x);
  const loss = () => d.nn.mseLoss(output(), y);
  const outputAndLoss = () => {
    const z = output();
    return { output: z, loss: d.nn.mseLoss(z, y) };
  };
  return { params, loss, outputAndLoss };
}

describe('HessianFree', () => {
  it('trains a small network far below SGD with the same number of gradient evaluations', () => {
    const r = regression();
    const initial = r.loss().item();
    const hf = new d.optim.HessianFree(r.params, { curvature: 'gaussNewton', damping: 1 });
    let previous = Infinity;
    for (let i = 0; i < 20; i++) {
      const f = hf.step(r.outputAndLoss);
      expect(f).to.be.at.most(previous); // never accepts an increase
      previous = f;
    }
    const hfLoss = r.loss().item();
    const st = stateOf(hf, r.params[0]);
    // Each closure call and each curvature-vector product costs about one gradient (a forward
    // and a backward pass; a Gauss–Newton product is somewhat more).
    const budget = (st.func_evals as number) + (st.curvature_products as number);
    let sgdBest = Infinity;
    for (const lr of [0.05, 0.1, 0.2, 0.4]) {
      const s = regression();
      const sgd = new d.optim.SGD(s.params, { lr });
      for (let i = 0; i < budget; i++) {
        sgd.zeroGrad();
        const l = s.loss();
        l.backward();
        sgd.step();
      }
      const final = s.loss().item();
      if (Number.isFinite(final)) sgdBest = Math.min(sgdBest, final);
    }
    expect(hfLoss).to.be.below(initial / 100);
    expect(hfLoss).to.be.below(sgdBest / 10);
  });

  it('Gauss–Newton products equal the dense JᵀH_LJ on a tiny model (cross-entropy)', () => {
    const gen = new d.RandomGenerator(9);
    const l1 = new d.nn.Linear(3, 4, { dtype: 'float64', generator: gen });
    const l2 = new d.nn.Linear(4, 3, { dtype: 'float64', generator: gen });
    const x = f64(seededValues(5 * 3, 21), [5, 3]);
    const target = d.tensor([0, 2, 1, 1, 0], [5], { dtype: 'int32' });
    const params = [...l1.parameters(), ...l2.parameters()];
    const forward = () => l2.call(l1.call(x).tanh());
    const op = d.optim.curvature.curvatureOperator(() => {
      const z = forward();
      return { output: z, loss: d.nn.crossEntropy(z, target) };
    }, params, { curvature: 'gaussNewton' });
    const n = op.n;
    expect(n).to.equal(3 * 4 + 4 + 4 * 3 + 3);

    // J: one row per output element, by reverse mode.
    const z = forward();
    const q = z.numel();
    const jac: number[][] = [];
    for (let i = 0; i < q; i++) {
      const seed = d.zeros(z.shape, { dtype: 'float64' });
      seed.data[i] = 1;
      const gs = d.autograd.grad([z], params, { gradOutputs: [seed], retainGraph: true });
      jac.push(gs.flatMap(values));
    }
    // H_L: the Hessian of the loss in the output.
    const zLeaf = z.detach().requiresGrad_();
    const hl = values(d.autograd.hessian(() => d.nn.crossEntropy(zLeaf, target), [zLeaf]));
    // G = JᵀH_LJ.
    const g = new Array<number>(n * n).fill(0);
    for (let a = 0; a < q; a++) {
      for (let b = 0; b < q; b++) {
        const h = hl[a * q + b];
        if (h === 0) continue;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j] += jac[a][i] * h * jac[b][j];
      }
    }
    for (let t = 0; t < 3; t++) {
      const v = seededValues(n, 40 + t);
      const gv = values(op.apply(f64(v, [n])));
      const expected = Array.from({ length: n }, (_, i) => v.reduce((s, vj, j) => s + g[i * n + j] * vj, 0));
      expectClose(gv, expected, 1e-10, 1e-13, `G·v ${t}`);
    }
    expectClose(values(op.dense()), g, 1e-10, 1e-13, 'dense G');
    // The gradient the operator reports is the loss gradient.
    const grads = d.autograd.grad(d.nn.crossEntropy(forward(), target), params).flatMap(values);
    expectClose(values(op.grad), grads, 1e-12, 1e-15, 'gradient');
  });

  it('with Hessian curvature minimizes a regularized logistic regression to a tiny gradient', () => {
    const m = 40;
    const X = f64(seededValues(m * 3, 31), [m, 3]);
    const y = f64(seededValues(m, 32).map((v) => (v > 0 ? 1 : -1)), [m]);
    const w = f64([0, 0, 0], [3]).requiresGrad_();
    const loss = () => d.softplus(y.neg().mul(X.matmul(w))).mean().add(d.dot(w, w).mul(0.05));
    const hf = new d.optim.HessianFree([w], { damping: 0.1 });
    for (let i = 0; i < 15; i++) hf.step(loss);
    const g = values(d.autograd.grad(loss(), [w])[0]);
    expect(Math.max(...g.map(Math.abs))).to.be.below(1e-9);
  });

  it('keeps the CG warm start in its state dict; the restored copy continues identically', () => {
    const a = regression();
    const hfA = new d.optim.HessianFree(a.params, { curvature: 'gaussNewton' });
    for (let i = 0; i < 3; i++) hfA.step(a.outputAndLoss);
    const sd = structuredClone(hfA.stateDict());
    expect(Object.keys(sd.state).length).to.equal(a.params.length);
    expect(sd.state[0]).to.have.property('cg_init');
    const b = regression();
    b.params.forEach((p, i) => d.noGrad(() => p.copy_(a.params[i])));
    const hfB = new d.optim.HessianFree(b.params, { curvature: 'gaussNewton' });
    hfB.loadStateDict(sd);
    for (let i = 0; i < 2; i++) {
      hfA.step(a.outputAndLoss);
      hfB.step(b.outputAndLoss);
    }
    a.params.forEach((p, i) => expect(values(b.params[i])).to.deep.equal(values(p)));
    expect(stateOf(hfB, b.params[0]).damping).to.equal(stateOf(hfA, a.params[0]).damping);
  });

  it('throws clear errors', () => {
    const r = regression();
    const hf = new d.optim.HessianFree(r.params, { curvature: 'gaussNewton' });
    expect(() => hf.step()).to.throw(TypeError, /HessianFree.step: a closure is required/);
    expect(() => hf.step(r.loss)).to.throw(TypeError, /\{ output, loss \}/);
    expect(() => new d.optim.HessianFree(r.params, { curvature: 'fisher' as never })).to.throw(RangeError, /curvature/);
    expect(() => new d.optim.HessianFree(r.params, { damping: 0 })).to.throw(RangeError, /damping/);
  });
});

// ---------------------------------------------------------------------------------------------

interface SparseCase {
  name: string;
  m: number;
  n: number;
  k: number;
  lambda: number;
  x: number[];
  w: number[];
  codes: number[];
  codesZeros: number;
  objectiveAfterCodes: number;
  dictionary: number[];
  objectiveAfterDictionary: number;
}
const sparseFixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'coordinate_descent.json'), 'utf8'),
) as { cases: SparseCase[] };

function sparseProblem(c: SparseCase, h0?: number[]) {
  const x = f64(c.x, [c.m, c.n]);
  const w = f64(c.w, [c.k, c.m]);
  const h = f64(h0 ?? new Array<number>(c.k * c.n).fill(0), [c.k, c.n]);
  return new d.optim.SparseCoding(x, w, h, { lambda: c.lambda });
}

describe('CoordinateDescent and sparse coding', () => {
  for (const c of sparseFixture.cases) {
    it(`H-step (lasso by coordinate descent) matches scikit-learn's Lasso: ${c.name}`, () => {
      const sc = sparseProblem(c);
      sc.minimizeCodes();
      expectClose(values(sc.h), c.codes, 1e-9, 1e-11, 'H');
      expect(values(sc.h).filter((v) => v === 0).length).to.equal(c.codesZeros);
      expectClose([sc.objective()], [c.objectiveAfterCodes], 1e-12, 0, 'J after the H-step');
    });

    it(`W-step (normal equations by Cholesky) matches numpy's lstsq: ${c.name}`, () => {
      const sc = sparseProblem(c, c.codes);
      sc.minimizeDictionary();
      expectClose(values(sc.w), c.dictionary, 1e-9, 1e-12, 'W');
      expectClose([sc.objective()], [c.objectiveAfterDictionary], 1e-12, 0, 'J after the W-step');
    });
  }

  it('W-step with a rank-deficient H (repeated and zero code rows) still satisfies the normal equations', () => {
    const c = sparseFixture.cases[0];
    const h = c.codes.slice();
    // Row 1 repeats row 0 (HHᵀ singular); row 2 is zero (atom unused: its W row must not move).
    for (let j = 0; j < c.n; j++) {
      h[c.n + j] = h[j];
      h[2 * c.n + j] = 0;
    }
    const sc = sparseProblem(c, h);
    sc.minimizeDictionary();
    const w = values(sc.w);
    expect(w.slice(2 * c.m, 3 * c.m)).to.deep.equal(c.w.slice(2 * c.m, 3 * c.m));
    // ∂/∂W ‖X − WᵀH‖² = −2H(X − WᵀH)ᵀ vanishes at the minimizer.
    const W = f64(w, [c.k, c.m]);
    const H = f64(h, [c.k, c.n]);
    const residual = f64(c.x, [c.m, c.n]).sub(W.transpose(0, 1).matmul(H));
    const gradient = values(H.matmul(residual.transpose(0, 1)));
    expect(Math.max(...gradient.map(Math.abs))).to.be.below(1e-10);
    // Rows 0 and 1 share their code, so the minimum-norm solution splits the atom equally.
    expectClose(w.slice(0, c.m), w.slice(c.m, 2 * c.m), 1e-9, 1e-12, 'rows 0 and 1');
  });

  it('lasso() takes scikit-learn\'s α as λ = 2mα on one column', () => {
    const c = sparseFixture.cases[0];
    const a = f64(c.w, [c.k, c.m]).transpose(0, 1);
    const col = (j: number) => Array.from({ length: c.m }, (_, i) => c.x[i * c.n + j]);
    for (const j of [0, 3]) {
      const r = d.optim.lasso(a, f64(col(j), [c.m]), c.lambda);
      expect(r.converged).to.equal(true);
      expectClose(values(r.coef), Array.from({ length: c.k }, (_, i) => c.codes[i * c.n + j]), 1e-9, 1e-11, `column ${j}`);
    }
  });

  it('alternating blocks never raise the objective (cyclic and seeded random order)', () => {
    for (const order of ['cyclic', 'random'] as const) {
      const c = sparseFixture.cases[1];
      const sc = sparseProblem(c);
      const opt = new d.optim.CoordinateDescent([sc.w, sc.h], sc.blocks(), { order, seed: 7 });
      const trace: number[] = [];
      let last = Infinity;
      for (let s = 0; s < 10; s++) {
        const before = opt.step(() => sc.objective());
        expect(before).to.be.at.most(last);
        trace.push(before, ...opt.trace.map((r: d.optim.BlockRecord) => r.loss));
        last = opt.trace[opt.trace.length - 1].loss;
      }
      for (let i = 1; i < trace.length; i++) expect(trace[i], `${order} trace ${i}`).to.be.at.most(trace[i - 1] * (1 + 1e-14));
      expect(trace[trace.length - 1]).to.be.below(0.75 * trace[0]);
      const st = stateOf(opt, sc.w);
      expect(st.func_evals).to.equal(10 * 3);
      expect(st.step).to.equal(10);
    }
  });

  it('random order is a seeded permutation per sweep, reproducible and restored from the state dict', () => {
    const blocksOf = (log: number[]) => [0, 1, 2, 3].map((i) => ({ params: [] as d.Tensor[], minimize: () => log.push(i) }));
    const p = f64([0], [1]);
    const run = (seed: number, steps: number, opt0?: d.optim.CoordinateDescent) => {
      const log: number[] = [];
      const opt = new d.optim.CoordinateDescent([p], blocksOf(log), { order: 'random', seed, sweeps: 2, traceObjective: false });
      if (opt0 !== undefined) opt.loadStateDict(structuredClone(opt0.stateDict()));
      for (let s = 0; s < steps; s++) opt.step(() => 0);
      return { log, opt };
    };
    const a = run(3, 4);
    expect(a.log.length).to.equal(4 * 2 * 4);
    for (let s = 0; s < 8; s++) expect(a.log.slice(4 * s, 4 * s + 4).sort()).to.deep.equal([0, 1, 2, 3]);
    expect(run(3, 4).log).to.deep.equal(a.log);
    expect(run(4, 4).log).to.not.deep.equal(a.log);
    // Two steps, then a copy restored from the state dict continues the same sequence.
    const first = run(3, 2);
    const rest = run(3, 2, first.opt);
    expect([...first.log, ...rest.log]).to.deep.equal(a.log);
    const cyclic: number[] = [];
    new d.optim.CoordinateDescent([p], blocksOf(cyclic), { traceObjective: false }).step(() => 0);
    expect(cyclic).to.deep.equal([0, 1, 2, 3]);
  });

  it('Gauss–Seidel as coordinate descent with exact one-coordinate minimizers solves Aθ = b', () => {
    const n = 5;
    const { a, b } = spd(n, 3);
    const theta = f64(new Array<number>(n).fill(0), [n]);
    const t = theta.data;
    const blocks = Array.from({ length: n }, (_, i) => ({
      params: [theta],
      // argmin over θᵢ of ½θᵀAθ − bᵀθ: θᵢ = (bᵢ − Σ_{j≠i} A_ij θⱼ) / A_ii.
      minimize: () => {
        let s = b[i];
        for (let j = 0; j < n; j++) if (j !== i) s -= a[i * n + j] * t[j];
        t[i] = s / a[i * n + i];
      },
    }));
    const A = f64(a, [n, n]);
    const B = f64(b, [n]);
    const objective = () => d.dot(theta.matmul(A), theta).mul(0.5).sub(d.dot(B, theta));
    for (const order of ['cyclic', 'random'] as const) {
      d.noGrad(() => theta.fill_(0));
      const opt = new d.optim.CoordinateDescent([theta], blocks, { order, seed: 1 });
      for (let s = 0; s < 300; s++) opt.step(objective);
      expectClose(values(theta), solveDense(a, b), 1e-9, 1e-11, `θ (${order})`);
    }
  });

  it('throws clear errors', () => {
    const c = sparseFixture.cases[0];
    const sc = sparseProblem(c);
    const opt = new d.optim.CoordinateDescent([sc.w, sc.h], sc.blocks());
    expect(() => opt.step()).to.throw(TypeError, /CoordinateDescent.step: a closure is required/);
    expect(() => new d.optim.CoordinateDescent([sc.w], sc.blocks())).to.throw(RangeError, /blocks\[0\].params\[0\] is not one of the optimizer's parameters/);
    expect(() => new d.optim.CoordinateDescent([sc.w, sc.h], [])).to.throw(TypeError, /non-empty/);
    expect(() => new d.optim.CoordinateDescent([sc.w, sc.h], sc.blocks(), { order: 'greedy' as never })).to.throw(RangeError, /order/);
    expect(() => new d.optim.SparseCoding(sc.x, sc.w, f64([0], [1, 1]))).to.throw(RangeError, /h \[k, n\]/);
  });
});
