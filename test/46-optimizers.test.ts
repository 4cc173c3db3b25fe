// Optimizers (lib/optim): the update rule alone against PyTorch goldens (test/fixtures/optimizers.json,
// from scripts/goldens/optimizers.py: stored per-step gradients replayed with no model), end-to-end
// training of small models, the optimizer contract (groups, zeroGrad, closures, state dicts,
// validation, multi-tensor merging, threading), and delta-bar-delta against a hand computation
// and against SGD on an ill-conditioned quadratic.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import * as kernels from '../lib/kernels';
import { bitsEqual, expectClose, forEachSimd, seededValues, withThreads } from './helpers';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'optimizers.json'), 'utf8')) as Fixture;

interface UpdateCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups: Array<Record<string, unknown> & { params: number[] }> | null;
  reference: 'torch' | 'formula';
  shapes: number[][];
  init: number[][];
  grads: number[][];
  params: Record<string, number[]>;
  state: Array<Record<string, number | number[]>>;
}
interface Encoded { shape: number[]; values: number[] }
interface E2ERun { optimizer: string; options: Record<string, unknown>; losses: number[]; final: Record<string, Encoded> }
interface E2EProblem {
  name: string; x: number[]; xShape: number[]; y: number[]; yShape: number[]; yDtype: 'int32' | 'float64';
  init: Record<string, Encoded>; runs: E2ERun[];
}
interface Fixture { steps: number; checkpoints: number[]; updateRule: UpdateCase[]; endToEnd: E2EProblem[] }

type AnyOptimizer = d.optim.Optimizer<d.optim.BaseOptions>;
type OptimizerClass = new (params: unknown, opts?: Record<string, unknown>) => AnyOptimizer;
const CLASSES: Record<string, OptimizerClass> = {
  SGD: d.optim.SGD, Adam: d.optim.Adam, AdamW: d.optim.AdamW, Adagrad: d.optim.Adagrad, RMSprop: d.optim.RMSprop,
  Adamax: d.optim.Adamax, NAdam: d.optim.NAdam, RAdam: d.optim.RAdam, Adadelta: d.optim.Adadelta, Rprop: d.optim.Rprop,
  ASGD: d.optim.ASGD, DeltaBarDelta: d.optim.DeltaBarDelta,
} as unknown as Record<string, OptimizerClass>;

function make(name: string, params: unknown, opts: Record<string, unknown> = {}): AnyOptimizer {
  const C = CLASSES[name];
  if (C === undefined) throw new Error(`no optimizer ${name}`);
  return new C(params, opts);
}

const maxAbs = (v: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
};
// float64: rtol 1e-12 (atol 1e-14·max|b| for elements that cancel to near zero); float32: rtol
// 1e-5 with atol 1e-5·max|b|.
function closeTo(actual: ArrayLike<number> | d.Tensor, expected: number[], dtype: d.DType, label: string, scale?: number): void {
  const s = scale ?? maxAbs(expected);
  if (dtype === 'float64') expectClose(actual, expected, 1e-12, 1e-14 * s, label);
  else expectClose(actual, expected, 1e-5, 1e-5 * s, label);
}

// ---------------------------------------------------------------------------------------------
// (a) The update rule alone: replay the stored gradients, no model.

function values(ts: d.Tensor[]): number[] {
  return ts.flatMap((t) => Array.from(t.contiguous().data));
}

interface Replay { params: d.Tensor[]; opt: AnyOptimizer; trajectory: Record<string, number[]> }

function replay(c: UpdateCase, dtype: d.DType, steps = fixture.steps): Replay {
  const params = c.shapes.map((s, i) => d.tensor(c.init[i], s, { dtype }).requiresGrad_());
  const groups = c.groups === null
    ? params
    : c.groups.map(({ params: idx, ...rest }) => ({ ...rest, params: idx.map((i) => params[i]) }));
  const opt = make(c.optimizer, groups, c.options);
  const trajectory: Record<string, number[]> = {};
  for (let t = 1; t <= steps; t++) {
    const g = c.grads[t - 1];
    let at = 0;
    for (const p of params) {
      p.grad = d.tensor(g.slice(at, at + p.numel()), p.shape as number[], { dtype });
      at += p.numel();
    }
    opt.step();
    if (fixture.checkpoints.includes(t)) trajectory[String(t)] = values(params);
  }
  return { params, opt, trajectory };
}

function checkReplay(c: UpdateCase, r: Replay, dtype: d.DType, label: string): void {
  for (const t of fixture.checkpoints) closeTo(r.trajectory[String(t)], c.params[String(t)], dtype, `${label} θ after step ${t}`);
  const sd = r.opt.stateDict();
  c.state.forEach((expected, i) => {
    const got = sd.state[i] ?? {};
    expect(Object.keys(got).sort(), `${label} state names of parameter ${i}`).to.deep.equal(Object.keys(expected).sort());
    for (const [name, v] of Object.entries(expected)) {
      const mine = got[name];
      if (typeof v === 'number') {
        expect(mine, `${label} ${name}[${i}]`).to.be.a('number');
        closeTo([mine as number], [v], dtype, `${label} ${name} of parameter ${i}`);
      } else {
        expect(mine, `${label} ${name}[${i}]`).to.have.property('data');
        const data = (mine as { data: ArrayLike<number>; dtype: string }).data;
        expect((mine as { dtype: string }).dtype).to.equal(dtype);
        closeTo(data, v, dtype, `${label} ${name} of parameter ${i}`);
      }
    }
  });
}

describe('optimizers: the update rule against PyTorch (replayed gradients)', () => {
  for (const c of fixture.updateRule) {
    it(`${c.name} (${c.reference}): θ at steps ${fixture.checkpoints.join(', ')} and the final state, float64 and float32, both tables, 1 and 2 threads`, () => {
      forEachSimd((simd) => {
        for (const dtype of ['float64', 'float32'] as const) {
          for (const threads of [1, 2]) {
            const r = withThreads(threads, () => replay(c, dtype));
            checkReplay(c, r, dtype, `${c.name} ${dtype} ${simd} ${threads} thread(s)`);
          }
        }
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// (b) End to end: full-batch training of small float64 models from the fixture's weights.

function fromEncoded(e: Encoded, dtype: d.DType): d.Tensor {
  return d.tensor(e.values, e.shape, { dtype });
}

function buildModel(problem: E2EProblem): d.nn.Module {
  const o = { dtype: 'float64' as const };
  let model: d.nn.Module;
  if (problem.name === 'least-squares') model = new d.nn.Linear(5, 1, o);
  else if (problem.name === 'logistic-regression') model = new d.nn.Linear(4, 1, o);
  else model = new d.nn.Sequential(new d.nn.Linear(4, 8, { ...o, bias: false }), new d.nn.BatchNorm1d(8, o), new d.nn.Tanh(), new d.nn.Linear(8, 3, o));
  const own = model.stateDict();
  const sd: Record<string, d.Tensor> = {};
  for (const [k, v] of Object.entries(problem.init)) sd[k] = fromEncoded(v, own[k].dtype);
  model.loadStateDict(sd);
  model.train();
  return model;
}

function lossOf(problem: E2EProblem): (out: d.Tensor, y: d.Tensor) => d.Tensor {
  if (problem.name === 'least-squares') return (o, y) => d.nn.mseLoss(o, y);
  if (problem.name === 'logistic-regression') return (o, y) => d.nn.binaryCrossEntropyWithLogits(o, y);
  return (o, y) => d.nn.crossEntropy(o, y);
}

describe('optimizers: end to end against PyTorch (50 float64 full-batch steps)', () => {
  for (const problem of fixture.endToEnd) {
    for (const run of problem.runs) {
      it(`${problem.name} with ${run.optimizer} ${JSON.stringify(run.options)}: every loss and the final state dict within rtol 1e-8`, () => {
        const model = buildModel(problem);
        const x = d.tensor(problem.x, problem.xShape, { dtype: 'float64' });
        const y = d.tensor(problem.y, problem.yShape, { dtype: problem.yDtype });
        const loss = lossOf(problem);
        const opt = make(run.optimizer, model.parameters(), run.options);
        const losses: number[] = [];
        for (let t = 0; t < fixture.steps; t++) {
          const l = opt.step(() => {
            opt.zeroGrad();
            const out = loss(model.call(x), y);
            out.backward();
            return out;
          });
          losses.push(l as number);
        }
        expectClose(losses, run.losses, 1e-8, 0, `${problem.name} ${run.optimizer} losses`);
        const sd = model.stateDict();
        expect(Object.keys(sd)).to.deep.equal(Object.keys(run.final));
        for (const [k, v] of Object.entries(run.final)) {
          expectClose(sd[k].to('float64'), v.values, 1e-8, 1e-12 * maxAbs(v.values), `${problem.name} ${run.optimizer} ${k}`);
        }
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// (c) The contract.

// Every optimizer with options that give it all of its state buffers.
const FULL_OPTIONS: Array<[string, Record<string, unknown>]> = [
  ['SGD', { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }],
  ['SGD', { lr: 0.05, momentum: 0.9, nesterov: true }],
  ['Adam', { lr: 0.01, amsgrad: true, weightDecay: 0.01 }],
  ['AdamW', { lr: 0.01, epsilonPlacement: 'inside' }],
  ['Adagrad', { lr: 0.05, lrDecay: 0.01, initialAccumulatorValue: 0.1 }],
  ['RMSprop', { lr: 0.01, centered: true, momentum: 0.5, weightDecay: 0.01 }],
  ['RMSprop', { lr: 0.01, momentum: 0.5, nesterov: true, epsilonPlacement: 'inside' }],
  ['Adamax', { lr: 0.01, weightDecay: 0.01 }],
  ['NAdam', { lr: 0.01, weightDecay: 0.01, decoupledWeightDecay: true }],
  ['RAdam', { lr: 0.01, betas: [0.5, 0.6] }],   // ρ_t > 5 from step 6 on: both branches
  ['Adadelta', { lr: 1, weightDecay: 0.01 }],
  ['Rprop', { lr: 0.01 }],
  ['ASGD', { lr: 0.01, t0: 2, weightDecay: 0.01 }],
  ['DeltaBarDelta', { lr: 0.01, kappa: 0.002 }],
];

function makeParams(sizes: number[][], dtype: d.DType, seed: number): d.Tensor[] {
  return sizes.map((s, i) => {
    const n = s.reduce((a, b) => a * b, 1);
    return d.tensor(seededValues(n, seed + i), s, { dtype }).requiresGrad_();
  });
}

// The gradient of step t for parameter i: deterministic, with sign changes (Rprop, delta-bar-delta).
const gradCache = new Map<string, Float64Array>();
function setGrads(params: d.Tensor[], t: number, seed = 100): void {
  params.forEach((p, i) => {
    const key = `${p.numel()}/${seed + 31 * t + i}/${t}`;
    let v = gradCache.get(key);
    if (v === undefined) {
      v = Float64Array.from(seededValues(p.numel(), seed + 31 * t + i, -1, 1), (x, k) => x + 0.3 * Math.sin(0.7 * t + k));
      gradCache.set(key, v);
    }
    p.grad = d.tensor(v, p.shape as number[], { dtype: p.dtype });
  });
}

function stateBits(opt: AnyOptimizer): Array<[string, number[]]> {
  const out: Array<[string, number[]]> = [];
  const sd = opt.stateDict();
  for (const [i, st] of Object.entries(sd.state)) {
    for (const [k, v] of Object.entries(st).sort(([a], [b]) => a.localeCompare(b))) {
      out.push([`${i}.${k}`, typeof v === 'number' ? [v] : Array.from(v.data)]);
    }
  }
  return out;
}

function expectSameBits(a: d.Tensor[] | Array<[string, number[]]>, b: d.Tensor[] | Array<[string, number[]]>, label: string): void {
  expect(a.length, label).to.equal(b.length);
  a.forEach((x, i) => {
    const y = b[i];
    if (x instanceof d.Tensor) {
      expect(bitsEqual(x.data, (y as d.Tensor).data), `${label} parameter ${i}`).to.equal(true);
    } else {
      const [kx, vx] = x;
      const [ky, vy] = y as [string, number[]];
      expect(kx, label).to.equal(ky);
      expect(bitsEqual(vx, vy), `${label} state ${kx}`).to.equal(true);
    }
  });
}

describe('optimizers: the contract', () => {
  it('addParamGroup: groups take their own options, the rest from the defaults; a bad group is not added', () => {
    const [a, b, c] = makeParams([[3], [2], [2]], 'float64', 1);
    const opt = new d.optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    opt.addParamGroup({ params: [c], momentum: 0, lr: undefined });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).to.deep.equal([[0.1, 0.9], [0.5, 0.9], [0.1, 0]]);
    const before = [a, b, c].map((p) => Array.from(p.data));
    for (const p of [a, b, c]) p.grad = d.onesLike(p);
    opt.step();
    expectClose(a.data, before[0].map((v) => v - 0.1), 1e-15, 0, 'group 0');
    expectClose(b.data, before[1].map((v) => v - 0.5), 1e-15, 0, 'group 1');
    expectClose(c.data, before[2].map((v) => v - 0.1), 1e-15, 0, 'group 2');
    expect(opt.state.has(c)).to.equal(false);   // no momentum, no state
    const e = d.zeros([2], { dtype: 'float64' }).requiresGrad_();
    expect(() => opt.addParamGroup({ params: [e], lr: -1 })).to.throw(RangeError, /SGD: lr must be a number in \[0, ∞\), got -1/);
    expect(() => opt.addParamGroup({ params: [a] })).to.throw(/appears in more than one group/);
    expect(opt.paramGroups.length).to.equal(3);
    // Groups do not share array options with each other or with the defaults.
    const adam = new d.optim.Adam([{ params: [a] }, { params: [b] }]);
    adam.paramGroups[0].betas[0] = 0.5;
    expect(adam.paramGroups[1].betas[0]).to.equal(0.9);
    expect(adam.defaults.betas[0]).to.equal(0.9);
    expect(new d.optim.Adam([c]).defaults.betas[0]).to.equal(0.9);
  });

  it('zeroGrad sets gradients to null by default and to zeros in place with setToNone: false', () => {
    const [a, b] = makeParams([[3], [2]], 'float32', 2);
    const opt = new d.optim.Adam([a, b]);
    setGrads([a, b], 0);
    const g = a.grad!;
    opt.zeroGrad({ setToNone: false });
    expect(a.grad).to.equal(g);
    expect(Array.from(a.grad!.data)).to.deep.equal([0, 0, 0]);
    expect(Array.from(b.grad!.data)).to.deep.equal([0, 0]);
    // backward then accumulates into the zeroed buffer
    d.sum(d.mul(a, a)).backward();
    expect(a.grad).to.equal(g);
    expectClose(a.grad!.data, Array.from(a.data).map((v) => 2 * v), 1e-6, 0, 'accumulated');
    opt.zeroGrad();
    expect(a.grad).to.equal(null);
    expect(b.grad).to.equal(null);
  });

  it('step(closure) returns the closure\'s loss, runs it with recording on and records no graph for the update', () => {
    const w = d.tensor([1, -2, 3], { dtype: 'float64' }).requiresGrad_();
    const opt = new d.optim.SGD([w], { lr: 0.1 });
    const closure = () => {
      opt.zeroGrad();
      expect(d.isGradEnabled()).to.equal(true);
      const loss = d.sum(d.mul(w, w));
      loss.backward();
      return loss;
    };
    const loss = d.noGrad(() => opt.step(closure));
    expect(loss).to.equal(14);
    expectClose(w.data, [0.8, -1.6, 2.4], 1e-15, 0, 'w after one step');
    expect(w.isLeaf).to.equal(true);
    expect(w.gradFn).to.equal(null);
    expect(opt.step(() => 7)).to.equal(7);
    expect(opt.step()).to.equal(undefined);
    // The update is an in-place write: a graph that saved w before it refuses to run backward.
    const y = d.sum(d.mul(w, w));
    w.grad = d.onesLike(w);
    opt.step();
    expect(() => y.backward()).to.throw(/modified in place/);
    expect(() => opt.step(5 as unknown as () => number)).to.throw(TypeError, /closure must be a function/);
  });

  for (const [name, opts] of FULL_OPTIONS) {
    it(`${name} ${JSON.stringify(opts)}: stateDict → structuredClone → loadStateDict into a fresh optimizer resumes bit for bit`, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const sizes = [[4, 3], [5], [2, 2]];
        const ps = makeParams(sizes, dtype, 10);
        const groups = [{ params: [ps[0], ps[1]] }, { params: [ps[2]], lr: (opts.lr as number) / 2 }];
        const opt = make(name, groups, opts);
        for (let t = 0; t < 7; t++) {
          setGrads(ps, t);
          opt.step();
        }
        const sd = structuredClone(opt.stateDict());
        const qs = ps.map((p) => d.tensor(p.data.slice(), p.shape as number[], { dtype }).requiresGrad_());
        const fresh = make(name, [{ params: [qs[0], qs[1]] }, { params: [qs[2]] }], { ...opts, lr: 123 });
        fresh.loadStateDict(sd);
        expect(fresh.paramGroups.map((g) => g.lr)).to.deep.equal(opt.paramGroups.map((g) => g.lr));
        expectSameBits(stateBits(fresh), stateBits(opt), `${name} ${dtype} loaded state`);
        for (let t = 7; t < 14; t++) {
          setGrads(ps, t);
          setGrads(qs, t);
          opt.step();
          fresh.step();
        }
        expectSameBits(qs, ps, `${name} ${dtype} resumed`);
        expectSameBits(stateBits(fresh), stateBits(opt), `${name} ${dtype} resumed state`);
        // The state dict is a copy: stepping does not change one already taken.
        const firstTensor = (sdx: d.optim.OptimizerStateDict) =>
          Object.entries(sdx.state[0]).filter(([, v]) => typeof v !== 'number').map(([k, v]) => [k, Array.from((v as { data: ArrayLike<number> }).data)]);
        const raw = opt.stateDict();
        const taken = firstTensor(raw);
        setGrads(ps, 20);
        opt.step();
        expect(firstTensor(raw)).to.deep.equal(taken);
        expect(firstTensor(opt.stateDict())).to.not.deep.equal(taken);
      }
    });
  }

  it('loadStateDict rejects a state dict of another shape and changes nothing', () => {
    const ps = makeParams([[3], [2]], 'float64', 3);
    const opt = new d.optim.Adam(ps, { lr: 0.1 });
    setGrads(ps, 0);
    opt.step();
    const sd = opt.stateDict();
    const other = new d.optim.Adam([ps[0]], { lr: 0.2 });
    expect(() => other.loadStateDict(sd)).to.throw(RangeError, /group 0 has 2 parameters in the state dict, 1 here/);
    expect(other.paramGroups[0].lr).to.equal(0.2);
    const two = new d.optim.Adam([{ params: [ps[0]] }, { params: [ps[1]] }]);
    expect(() => two.loadStateDict(sd)).to.throw(RangeError, /1 parameter groups, this optimizer 2/);
    const bad = structuredClone(sd);
    (bad.paramGroups[0] as Record<string, unknown>).betas = [0.9, 1.5];
    const fresh = new d.optim.Adam(ps, { lr: 0.3 });
    expect(() => fresh.loadStateDict(bad)).to.throw(RangeError, /betas/);
    expect(fresh.paramGroups[0].lr).to.equal(0.3);
    expect(fresh.state.size).to.equal(0);
    const wrongSize = structuredClone(sd);
    wrongSize.state[1] = { ...wrongSize.state[0] };
    expect(() => fresh.loadStateDict(wrongSize)).to.throw(RangeError, /state exp_avg of parameter 1 has shape \[3\], the parameter \[2\]/);
    expect(fresh.state.size).to.equal(0);
    // Options survive the round trip whatever their values (Infinity is not JSON).
    const rprop = new d.optim.Rprop(ps, { stepSizes: [0, Infinity] });
    rprop.step();
    const again = new d.optim.Rprop(ps);
    again.loadStateDict(structuredClone(rprop.stateDict()));
    expect(again.paramGroups[0].stepSizes).to.deep.equal([0, Infinity]);
  });

  it('hyperparameters changed between steps take effect (SGD lr and momentum, Adam betas, a group of AdamW)', () => {
    const w = d.tensor([1, 2], { dtype: 'float64' }).requiresGrad_();
    const opt = new d.optim.SGD([w], { lr: 0.1 });
    w.grad = d.tensor([1, 1], { dtype: 'float64' });
    opt.step();
    opt.paramGroups[0].lr = 0.5;
    opt.step();
    expectClose(w.data, [1 - 0.1 - 0.5, 2 - 0.1 - 0.5], 1e-15, 0, 'lr change');
    opt.paramGroups[0].momentum = 0.5;   // the buffer starts at this step: b = g, then b = 0.5b + g
    opt.step();
    opt.step();
    expectClose(w.data, [0.4 - 0.5 - 0.5 * 1.5, 1.4 - 0.5 - 0.5 * 1.5], 1e-15, 0, 'momentum switched on');
    opt.paramGroups[0].lr = -1;
    expect(() => opt.step()).to.throw(RangeError, /SGD: lr must be/);

    // Adam: the step after changing β1 uses the new β1 for m and for its bias correction.
    const x = d.tensor([0.5], { dtype: 'float64' }).requiresGrad_();
    const adam = new d.optim.Adam([x], { lr: 0.1, betas: [0.9, 0.999] });
    x.grad = d.tensor([2], { dtype: 'float64' });
    adam.step();
    adam.paramGroups[0].betas = [0.5, 0.999];
    x.grad = d.tensor([-1], { dtype: 'float64' });
    adam.step();
    const m1 = 0.1 * 2;
    const v1 = 0.001 * 4;
    const m2 = 0.5 * m1 + 0.5 * -1;
    const v2 = 0.999 * v1 + 0.001 * 1;
    const x1 = 0.5 - 0.1 * (m1 / 0.1) / (Math.sqrt(v1 / 0.001) + 1e-8);
    const x2 = x1 - (0.1 / (1 - 0.5 ** 2)) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    expectClose(x.data, [x2], 1e-14, 0, 'Adam after changing betas');
    // Validation happens for every group before any group is updated.
    const [p, q] = makeParams([[2], [2]], 'float64', 4);
    const two = new d.optim.AdamW([{ params: [p] }, { params: [q] }]);
    setGrads([p, q], 0);
    const before = Array.from(p.data);
    two.paramGroups[1].eps = -1;
    expect(() => two.step()).to.throw(RangeError, /AdamW: eps/);
    expect(Array.from(p.data)).to.deep.equal(before);
    expect(two.state.size).to.equal(0);
  });

  it('parameters without a gradient or with requiresGrad false are skipped and keep no state', () => {
    for (const [name, opts] of FULL_OPTIONS) {
      const [a, b, c] = makeParams([[3], [2], [4]], 'float32', 5);
      const opt = make(name, [a, b, c], opts);
      setGrads([a, b, c], 0);
      b.grad = null;
      c.requiresGrad = false;
      const before = [b, c].map((p) => Array.from(p.data));
      opt.step();
      opt.step();
      expect(Array.from(b.data), `${name} b`).to.deep.equal(before[0]);
      expect(Array.from(c.data), `${name} c`).to.deep.equal(before[1]);
      expect(opt.state.has(a), name).to.equal(true);
      expect(opt.state.has(b), name).to.equal(false);
      expect(opt.state.has(c), name).to.equal(false);
      expect(Object.keys(opt.stateDict().state), name).to.deep.equal(['0']);
    }
  });

  it('a group may mix float32 and float64 parameters (one fused call per dtype) with the same results as separate optimizers', () => {
    for (const [name, opts] of FULL_OPTIONS) {
      const mixed = [...makeParams([[3]], 'float32', 6), ...makeParams([[2]], 'float64', 7)];
      const single = [...makeParams([[3]], 'float32', 6), ...makeParams([[2]], 'float64', 7)];
      const opt = make(name, mixed, opts);
      const o32 = make(name, [single[0]], opts);
      const o64 = make(name, [single[1]], opts);
      for (let t = 0; t < 4; t++) {
        setGrads(mixed, t);
        setGrads(single, t);
        opt.step();
        o32.step();
        o64.step();
      }
      expectSameBits(mixed, single, `${name} mixed dtypes`);
    }
  });

  it('options are validated with errors naming the option and the value', () => {
    const p = () => [d.zeros([2]).requiresGrad_()];
    const cases: Array<[() => unknown, RegExp]> = [
      [() => new d.optim.SGD(p(), { lr: -0.1 }), /SGD: lr must be a number in \[0, ∞\), got -0.1/],
      [() => new d.optim.SGD(p(), { lr: NaN }), /SGD: lr must be a number in \[0, ∞\), got NaN/],
      [() => new d.optim.SGD(p(), { nesterov: true }), /SGD: nesterov needs momentum > 0 and dampening 0, got momentum 0/],
      [() => new d.optim.SGD(p(), { momentun: 0.9 } as never), /^SGD: unknown option 'momentun' \(options: lr, momentum, /],
      [() => new d.optim.AdamW(p(), { beta: [0.9, 0.99] } as never), /^AdamW: unknown option 'beta' \(options: lr, betas, /],
      [() => new d.optim.Newton(p(), { dampening: 1 } as never), /^Newton: unknown option 'dampening'/],
      [() => new d.optim.SGD(p(), { nesterov: true, momentum: 0.9, dampening: 0.1 }), /SGD: nesterov needs momentum > 0 and dampening 0/],
      [() => new d.optim.SGD(p(), { momentum: -0.5 }), /SGD: momentum must be a number in \[0, ∞\), got -0.5/],
      [() => new d.optim.SGD(p(), { maximize: 'false' as unknown as boolean }), /SGD: maximize must be true or false, got "false"/],
      [() => new d.optim.Adam(p(), { betas: [0.9, 1] }), /Adam: betas must lie in \[0, 1\), got \[0.9, 1\]/],
      [() => new d.optim.Adam(p(), { betas: [-0.1, 0.9] }), /Adam: betas\[0\] must be a number in \[0, 1\], got -0.1/],
      [() => new d.optim.Adam(p(), { betas: [0.9] as unknown as [number, number] }), /Adam: betas must be a pair/],
      [() => new d.optim.AdamW(p(), { epsilonPlacement: 'middle' as d.optim.EpsilonPlacement }), /AdamW: epsilonPlacement must be 'outside' or 'inside', got middle/],
      [() => new d.optim.Adam(p(), { amsgrad: 1 as unknown as boolean }), /Adam: amsgrad must be true or false, got 1/],
      [() => new d.optim.Adam(p(), { eps: -1e-8 }), /Adam: eps must be a number in \[0, ∞\)/],
      [() => new d.optim.RMSprop(p(), { nesterov: true }), /RMSprop: nesterov needs momentum > 0, got 0/],
      [() => new d.optim.RMSprop(p(), { alpha: 1.5 }), /RMSprop: alpha must be a number in \[0, 1\], got 1.5/],
      [() => new d.optim.RMSprop(p(), { epsilonPlacement: 'Inside' as d.optim.EpsilonPlacement }), /RMSprop: epsilonPlacement must be 'outside' or 'inside'/],
      [() => new d.optim.Adagrad(p(), { lrDecay: -1 }), /Adagrad: lrDecay must be/],
      [() => new d.optim.Adadelta(p(), { rho: 2 }), /Adadelta: rho must be a number in \[0, 1\], got 2/],
      [() => new d.optim.Rprop(p(), { etas: [1.2, 0.5] }), /Rprop: etas must be \[η−, η\+\] with 0 < η− < 1 < η\+, got \[1.2,0.5\]/],
      [() => new d.optim.Rprop(p(), { stepSizes: [1, 0.1] }), /Rprop: stepSizes must be \[Δmin, Δmax\]/],
      [() => new d.optim.NAdam(p(), { momentumDecay: -1 }), /NAdam: momentumDecay must be/],
      [() => new d.optim.RAdam(p(), { decoupledWeightDecay: 'yes' as unknown as boolean }), /RAdam: decoupledWeightDecay must be true or false/],
      [() => new d.optim.ASGD(p(), { t0: -1 }), /ASGD: t0 must be/],
      [() => new d.optim.DeltaBarDelta(p(), { theta: 1 }), /DeltaBarDelta: theta must be in \[0, 1\), got 1/],
      [() => new d.optim.DeltaBarDelta(p(), { phi: 1.5 }), /DeltaBarDelta: phi must be a number in \[0, 1\], got 1.5/],
      [() => new d.optim.SGD([], { lr: 0.1 }), /SGD: got an empty parameter list/],
      [() => new d.optim.SGD([d.zeros([2], { dtype: 'int32' })], { lr: 0.1 }), /params\[0\] is int32; only float tensors can be optimized/],
      [() => new d.optim.SGD([d.mul(d.zeros([2]).requiresGrad_(), 2)], { lr: 0.1 }), /params\[0\] is not a leaf tensor/],
      [() => new d.optim.SGD([3 as unknown as d.Tensor], { lr: 0.1 }), /params\[0\] is not a Tensor/],
    ];
    for (const [fn, re] of cases) expect(fn).to.throw(re);
    // undefined means "the default"
    expect(new d.optim.Adam(p(), { lr: undefined, betas: undefined }).paramGroups[0]).to.include({ lr: 1e-3 });
  });

  it('flattened parameters (flattenParameters) update in one segment with the same results as separate tensors', () => {
    const build = () => {
      d.manualSeed(3);
      return new d.nn.Sequential(new d.nn.Linear(4, 8), new d.nn.Tanh(), new d.nn.Linear(8, 3));
    };
    const x = d.tensor(seededValues(20, 9), [5, 4]);
    const y = d.tensor(seededValues(15, 10), [5, 3]);
    for (const [name, opts] of FULL_OPTIONS) {
      const plain = build();
      const flat = build();
      flat.flattenParameters();
      const o1 = make(name, plain.parameters(), opts);
      const o2 = make(name, flat.parameters(), opts);
      const layer = kernels as { optimizerStep: typeof kernels.optimizerStep };
      const original = layer.optimizerStep;
      const segments: number[] = [];
      layer.optimizerStep = (args) => {
        segments.push(args.params.length);
        return original(args);
      };
      try {
        for (let t = 0; t < 5; t++) {
          for (const [m, o] of [[plain, o1], [flat, o2]] as const) {
            o.zeroGrad();
            d.nn.mseLoss(m.call(x), y).backward();
            o.step();
          }
        }
      } finally {
        layer.optimizerStep = original;
      }
      // plain: 4 tensors whose state buffers lie end to end but whose parameters do not; flat: 1.
      expect(segments.filter((_, i) => i % 2 === 1), `${name} flat segments`).to.deep.equal([1, 1, 1, 1, 1]);
      expect(segments[0], `${name} plain segments`).to.equal(4);
      expectSameBits(flat.parameters(), plain.parameters(), `${name} flat vs plain`);
      // A state dict loaded into a fresh optimizer keeps the single segment (its buffers are
      // packed end to end again) and resumes with the same bits.
      const o3 = make(name, flat.parameters(), opts);
      o3.loadStateDict(structuredClone(o2.stateDict()));
      segments.length = 0;
      layer.optimizerStep = (args) => {
        segments.push(args.params.length);
        return original(args);
      };
      try {
        for (const [m, o] of [[plain, o1], [flat, o3]] as const) {
          o.zeroGrad();
          d.nn.mseLoss(m.call(x), y).backward();
          o.step();
        }
      } finally {
        layer.optimizerStep = original;
      }
      expect(segments[1], `${name} flat segments after loadStateDict`).to.equal(1);
      expectSameBits(flat.parameters(), plain.parameters(), `${name} flat after loadStateDict vs plain`);
    }
  });
});

describe('optimizers: static defaults', () => {
  it('each class exposes, frozen (arrays too), the options a new optimizer of it starts from', () => {
    const p = () => [d.zeros([2], { dtype: 'float64' }).requiresGrad_()];
    const cd = (ps: d.Tensor[]) => new d.optim.CoordinateDescent(ps, [{ params: ps, minimize: () => undefined }]);
    const classes: Array<[{ readonly name: string; readonly defaults: object }, (ps: d.Tensor[]) => d.optim.Optimizer]> = [
      d.optim.SGD, d.optim.Adam, d.optim.AdamW, d.optim.Adagrad, d.optim.RMSprop, d.optim.Adamax, d.optim.NAdam, d.optim.RAdam,
      d.optim.Adadelta, d.optim.Rprop, d.optim.ASGD, d.optim.DeltaBarDelta, d.optim.ConjugateGradient, d.optim.BFGS, d.optim.LBFGS,
      d.optim.Newton, d.optim.HessianFree,
    ].map((C) => [C, (ps: d.Tensor[]) => new (C as new (ps: d.Tensor[]) => d.optim.Optimizer)(ps)] as const);
    classes.push([d.optim.CoordinateDescent, cd]);
    for (const [C, make] of classes) {
      expect(Object.isFrozen(C.defaults), `${C.name}.defaults frozen`).to.equal(true);
      for (const [k, v] of Object.entries(C.defaults)) if (Array.isArray(v)) expect(Object.isFrozen(v), `${C.name}.defaults.${k} frozen`).to.equal(true);
      const opt = make(p());
      expect(opt.defaults, C.name).to.deep.equal(C.defaults);
      const { params: _params, ...group } = opt.paramGroups[0];
      expect(group, `${C.name} group`).to.deep.equal(C.defaults);
    }
    expect(d.optim.AdamW.defaults.weightDecay).to.equal(1e-2);
    // The flat methods' maxEval follows a given maxIter (⌊1.25·maxIter⌋, PyTorch's rule).
    expect(new d.optim.LBFGS(p(), { maxIter: 8 }).defaults.maxEval).to.equal(10);
  });
});

describe('optimizers: no tensor memory after the first step', () => {
  it('every optimizer steps a model 20 times without allocating a tensor buffer', () => {
    const makers: Array<[string, (ps: d.Tensor[]) => d.optim.Optimizer]> = [
      ['SGD', (ps) => new d.optim.SGD(ps, { lr: 0.01, momentum: 0.9, nesterov: true })],
      ['Adagrad', (ps) => new d.optim.Adagrad(ps)],
      ['RMSprop', (ps) => new d.optim.RMSprop(ps, { centered: true, momentum: 0.9 })],
      ['Adam', (ps) => new d.optim.Adam(ps, { amsgrad: true })],
      ['AdamW', (ps) => new d.optim.AdamW(ps)],
      ['Adamax', (ps) => new d.optim.Adamax(ps)],
      ['NAdam', (ps) => new d.optim.NAdam(ps)],
      ['RAdam', (ps) => new d.optim.RAdam(ps)],
      ['Adadelta', (ps) => new d.optim.Adadelta(ps)],
      ['Rprop', (ps) => new d.optim.Rprop(ps)],
      ['ASGD', (ps) => new d.optim.ASGD(ps)],
      ['DeltaBarDelta', (ps) => new d.optim.DeltaBarDelta(ps)],
    ];
    for (const [name, make] of makers) {
      const g = new d.RandomGenerator(5);
      const ps = [d.randn([40, 30], { generator: g }).requiresGrad_(), d.randn([30], { generator: g }).requiresGrad_()];
      for (const p of ps) p.grad = d.randn(p.shape as number[], { generator: g });
      const opt = make(ps);
      opt.step(); // creates the state
      const before = d.memory();
      for (let i = 0; i < 20; i++) opt.step();
      const after = d.memory();
      expect(after.allocations - before.allocations, name).to.equal(0);
      expect(after.allocatedBytesTotal - before.allocatedBytesTotal, name).to.equal(0);
      expect(after.reusedBytesTotal - before.reusedBytesTotal, name).to.equal(0);
    }
  });
});

describe('optimizers: the native binding checks every argument', () => {
  it('optimizerStep refuses unknown codes, wrong lengths, mixed dtypes, missing states and overlapping writes', () => {
    const info = kernels.optimizerInfo.adam;
    const hyper = new Float64Array(info.hyper.map((n) => ({ lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as Record<string, number>)[n] ?? 0));
    const pt = new Float64Array([0]);
    const p = new Float32Array(8);
    const g = new Float32Array(8).fill(1);
    const m = new Float32Array(8);
    const v = new Float32Array(8);
    const vec = (data: Float32Array | Float64Array, offset = 0, n = 8) => ({ data, offset, shape: [n] });
    const call = (over: Partial<{ code: number; hyper: Float64Array; params: Float32Array[] | Float64Array[]; offsets: number[]; lengths: number[];
      states: Array<Float32Array | Float64Array | null>; stateOffsets: number[]; perTensor: Float64Array }>) => () =>
      kernels.optimizerStep({
        code: over.code ?? info.code,
        hyper: vec(over.hyper ?? hyper, 0, (over.hyper ?? hyper).length),
        scalars: { data: over.perTensor ?? pt, offset: 0, shape: [1, (over.perTensor ?? pt).length] },
        params: (over.params ?? [p]).map((x, i) => vec(x, (over.offsets ?? [0])[i], (over.lengths ?? [8])[i])),
        grads: [vec(g, 0, (over.lengths ?? [8])[0])],
        states: (over.states ?? [m, v, null]).map((x, i) => (x === null ? null : vec(x, (over.stateOffsets ?? [0, 0, 0])[i], (over.lengths ?? [8])[0]))),
      });
    expect(call({})).to.not.throw();
    expect(call({ code: 99 })).to.throw(/optimizerStep: unknown optimizer code 99/);
    expect(call({ hyper: new Float64Array(3) })).to.throw(/hyper must be a Float64Array of 9 values for adam/);
    expect(call({ perTensor: new Float64Array(2) })).to.throw(/scalars must be a Float64Array of 1 values/);
    expect(call({ lengths: [9] })).to.throw(/offset 0 \+ 9 elements exceeds its length 8/);
    expect(call({ offsets: [-1] })).to.throw(/paramOffsets\[0\] must be a non-negative integer, got -1/);
    expect(call({ states: [m, null, null] })).to.throw(/expAvgSq of segment 0\) is null, but adam with these options updates it/);
    expect(call({ states: [m, new Float64Array(8), null] })).to.throw(/states\[1\] is float64, expected float32/);
    expect(call({ states: [m, m, null] })).to.throw(/overlaps/);
    expect(call({ states: [p, v, null] })).to.throw(/overlaps params\[0\]/);
    expect(call({ states: [m, v] })).to.throw(/states has 2 entries, expected 3/);
    // AMSGrad needs its third buffer.
    const ams = Float64Array.from(hyper);
    ams[info.hyper.indexOf('amsgrad')] = 1;
    expect(call({ hyper: ams })).to.throw(/maxExpAvgSq of segment 0\) is null/);
  });
});

// ---------------------------------------------------------------------------------------------
// Threads and instruction sets on groups large enough for the native update to use the pool
// (above 32768 elements; chunks of 16384), with several segments.

describe('optimizers: large groups across threads and kernel tables', () => {
  const sizes = [[200, 150], [12345], [3, 7], [9000]];   // 51366 elements, 4 segments
  for (const [name, opts] of FULL_OPTIONS) {
    it(`${name} ${JSON.stringify(opts)}: 1 and 2 threads bit-identical, scalar and AVX2 within tolerance`, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const results = new Map<string, d.Tensor[]>();
        const states = new Map<string, Array<[string, number[]]>>();
        forEachSimd((simd) => {
          for (const threads of [1, 2]) {
            const ps = makeParams(sizes, dtype, 40);
            const opt = make(name, [{ params: [ps[0], ps[1]] }, { params: [ps[2], ps[3]] }], opts);
            withThreads(threads, () => {
              for (let t = 0; t < 3; t++) {
                setGrads(ps, t);
                opt.step();
              }
            });
            results.set(`${simd}/${threads}`, ps);
            states.set(`${simd}/${threads}`, stateBits(opt));
          }
          expectSameBits(results.get(`${simd}/2`)!, results.get(`${simd}/1`)!, `${name} ${dtype} ${simd} threads`);
          expectSameBits(states.get(`${simd}/2`)!, states.get(`${simd}/1`)!, `${name} ${dtype} ${simd} threads`);
        });
        const scalar = results.get('scalar/1')!;
        const avx2 = results.get('avx2/1');
        if (avx2 !== undefined) {
          scalar.forEach((p, i) => {
            const e = Array.from(p.data);
            if (dtype === 'float64') expectClose(avx2[i].data, e, 1e-13, 1e-15 * maxAbs(e), `${name} ${dtype} avx2 vs scalar ${i}`);
            else expectClose(avx2[i].data, e, 1e-5, 1e-6 * maxAbs(e), `${name} ${dtype} avx2 vs scalar ${i}`);
          });
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// (d) Delta-bar-delta (Jacobs 1988).

describe('DeltaBarDelta', () => {
  it('follows the rule step by step (a hand computation with dyadic numbers, exact in float32 and float64)', () => {
    // Rule (lib/optim/delta-bar-delta.ts): s = δ̄·g; s > 0: ε ← ε + κ; s < 0: ε ← (1 − φ)ε; s = 0: ε kept;
    // θ ← θ − ε·g; δ̄ ← (1 − ϑ)g + ϑδ̄. Rates start at lr, δ̄ at 0. Here lr = 0.25, κ = 0.125, φ = 0.5,
    // ϑ = 0.5, θ0 = [1, −2], gradients g1..g4 = [2, −1], [2, −1], [−2, −1], [2, 0].
    // Element 0:
    //   t=1: s = 0·2 = 0      ε = 0.25              θ = 1 − 0.25·2 = 0.5                δ̄ = 0.5·2 + 0.5·0 = 1
    //   t=2: s = 1·2 = 2 > 0  ε = 0.25 + 0.125 = 0.375  θ = 0.5 − 0.375·2 = −0.25       δ̄ = 1 + 0.5 = 1.5
    //   t=3: s = 1.5·(−2) < 0 ε = 0.5·0.375 = 0.1875   θ = −0.25 + 0.1875·2 = 0.125     δ̄ = −1 + 0.75 = −0.25
    //   t=4: s = −0.25·2 < 0  ε = 0.5·0.1875 = 0.09375 θ = 0.125 − 0.09375·2 = −0.0625  δ̄ = 1 − 0.125 = 0.875
    // Element 1:
    //   t=1: s = 0            ε = 0.25              θ = −2 + 0.25 = −1.75               δ̄ = −0.5
    //   t=2: s = 0.5 > 0      ε = 0.375             θ = −1.75 + 0.375 = −1.375          δ̄ = −0.5 − 0.25 = −0.75
    //   t=3: s = 0.75 > 0     ε = 0.5               θ = −1.375 + 0.5 = −0.875           δ̄ = −0.5 − 0.375 = −0.875
    //   t=4: s = 0 (g = 0)    ε = 0.5               θ = −0.875                          δ̄ = 0 − 0.4375 = −0.4375
    const grads = [[2, -1], [2, -1], [-2, -1], [2, 0]];
    const expected = [
      { theta: [0.5, -1.75], rates: [0.25, 0.25], deltaBar: [1, -0.5] },
      { theta: [-0.25, -1.375], rates: [0.375, 0.375], deltaBar: [1.5, -0.75] },
      { theta: [0.125, -0.875], rates: [0.1875, 0.5], deltaBar: [-0.25, -0.875] },
      { theta: [-0.0625, -0.875], rates: [0.09375, 0.5], deltaBar: [0.875, -0.4375] },
    ];
    forEachSimd((simd) => {
      for (const dtype of ['float64', 'float32'] as const) {
        for (const maximize of [false, true]) {
          // maximize with every gradient negated: the same path and state (δ̄ averages the
          // gradient of the objective minimized, −h for h maximized, as PyTorch's Rprop keeps prev)
          const w = d.tensor([1, -2], { dtype }).requiresGrad_();
          const opt = new d.optim.DeltaBarDelta([w], { lr: 0.25, kappa: 0.125, phi: 0.5, theta: 0.5, maximize });
          grads.forEach((g, t) => {
            w.grad = d.tensor(g.map((v) => (maximize ? -v : v)), { dtype });
            opt.step();
            const st = opt.state.get(w)!;
            const label = `${simd} ${dtype} maximize ${maximize} step ${t + 1}`;
            expect(Array.from(w.data), `${label} θ`).to.deep.equal(expected[t].theta);
            expect(Array.from((st.rates as d.Tensor).data), `${label} rates`).to.deep.equal(expected[t].rates);
            expect(Array.from((st.delta_bar as d.Tensor).data), `${label} δ̄`).to.deep.equal(expected[t].deltaBar);
            expect(st.step).to.equal(t + 1);
          });
        }
      }
    });
  });

  it('beats SGD at its best learning rate on an ill-conditioned quadratic (100 steps: 7.0e-4 against SGD lr 0.1 1.5e-2)', () => {
    // f(x) = ½ Σ h_i x_i², h = [10, 3, 1, 0.3, 0.1, 0.03] (condition number 333), x0 = [1, −1, 1, −1, 1, −1].
    // SGD over the grid lr ∈ {0.3, 0.1, 0.03, 0.01}, 100 steps: 0.3 diverges (0.3·10 > 2), 0.1 reaches
    // f = 1.5e-2 (the best), 0.03 6.6e-2, 0.01 2.1e-1. Delta-bar-delta from the grid's smallest rate
    // (lr 0.01, κ 0.01, φ 0.5, ϑ 0.7) reaches f = 7.0e-4: each coordinate's rate grows while its
    // gradient keeps its sign (the flat directions) and shrinks where it oscillates (h = 10).
    const h = [10, 3, 1, 0.3, 0.1, 0.03];
    const x0 = [1, -1, 1, -1, 1, -1];
    const f = (x: ArrayLike<number>) => 0.5 * h.reduce((s, hi, i) => s + hi * x[i] * x[i], 0);
    const run = (make: (x: d.Tensor) => AnyOptimizer): { loss: number; x: d.Tensor; opt: AnyOptimizer } => {
      const x = d.tensor(x0, { dtype: 'float64' }).requiresGrad_();
      const opt = make(x);
      for (let t = 0; t < 100; t++) {
        x.grad = d.tensor(Array.from(x.data).map((v, i) => h[i] * v), { dtype: 'float64' });
        opt.step();
      }
      return { loss: f(x.data), x, opt };
    };
    const sgd = [0.3, 0.1, 0.03, 0.01].map((lr) => ({ lr, loss: run((x) => new d.optim.SGD([x], { lr })).loss }));
    const best = sgd.reduce((a, b) => (Number.isFinite(b.loss) && b.loss < a.loss ? b : a), { lr: NaN, loss: Infinity });
    expect(best.lr).to.equal(0.1);
    expectClose([best.loss], [1.526e-2], 1e-3, 0, 'SGD lr 0.1');
    const dbd = run((x) => new d.optim.DeltaBarDelta([x], { lr: 0.01, kappa: 0.01, phi: 0.5, theta: 0.7 }));
    expectClose([dbd.loss], [7.041e-4], 1e-3, 0, 'delta-bar-delta');
    expect(dbd.loss).to.be.below(best.loss / 10);
    // The adapted rates: smaller than the flat directions' on the stiff coordinate.
    const rates = Array.from((dbd.opt.state.get(dbd.x)!.rates as d.Tensor).data);
    expect(rates[0]).to.be.below(2 / h[0]);
    expect(rates[5]).to.be.above(0.5);
  });
});
