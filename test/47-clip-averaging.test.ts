// Gradient clipping and norms (lib/nn/utils) and weight averaging (lib/optim/swa) against PyTorch
// goldens (test/fixtures/optimizers.json, parts "clip" and "averaging", from
// scripts/goldens/optimizers.py): clip_grad_norm_ (p = 2, 1, ∞, 3), clip_grad_value_, per-parameter
// norms, AveragedModel (running mean, EMA, with and without buffers) and update_bn.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import { expectClose, forEachSimd } from './helpers';

interface Encoded { shape: number[]; values: number[] }
type StateJson = Record<string, Encoded>;
interface Fixture {
  clip: {
    shapes: number[][];
    grads: Array<number[] | null>;
    norm: Array<{ normType: number | 'Infinity'; maxNorm: number; total: number; clipped: Array<number[] | null> }>;
    value: Array<{ clipValue: number; clipped: Array<number[] | null> }>;
    perParameter: Record<string, Array<number | null>>;
  };
  averaging: {
    init: StateJson;
    snapshots: StateJson[];
    averaged: Array<{ name: string; mode: 'polyak' | 'ema'; decay: number | null; useBuffers: boolean; after: StateJson[] }>;
    updateBn: { init: StateJson; batches: Encoded[]; after: StateJson; momenta: number[] };
  };
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'optimizers.json'), 'utf8')) as Fixture;
const clip = fixture.clip;
const avg = fixture.averaging;

const normOf = (t: number | 'Infinity') => (t === 'Infinity' ? Infinity : t);
const maxAbs = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const tol = (dtype: d.DType) => (dtype === 'float64' ? 1e-12 : 1e-5);

function params(dtype: d.DType, grads: Array<number[] | null> = clip.grads): d.Tensor[] {
  return clip.shapes.map((s, i) => {
    const p = d.zeros(s, { dtype }).requiresGrad_();
    const g = grads[i];
    p.grad = g === null ? null : d.tensor(g, s, { dtype });
    return p;
  });
}

function expectGrads(ps: d.Tensor[], expected: Array<number[] | null>, dtype: d.DType, label: string): void {
  ps.forEach((p, i) => {
    const e = expected[i];
    if (e === null) {
      expect(p.grad, `${label} grad ${i}`).to.equal(null);
    } else {
      expectClose(p.grad!.to('float64'), e, tol(dtype), tol(dtype) * maxAbs(e), `${label} grad ${i}`);
    }
  });
}

describe('gradient clipping and norms against PyTorch', () => {
  for (const c of clip.norm) {
    it(`clipGradNorm p = ${c.normType}, maxNorm ${c.maxNorm}: returns the total norm ${c.total.toFixed(4)} and scales every gradient`, () => {
      forEachSimd((simd) => {
        for (const dtype of ['float64', 'float32'] as const) {
          const ps = params(dtype);
          const total = d.nn.utils.clipGradNorm(ps, c.maxNorm, normOf(c.normType));
          expectClose([total], [c.total], tol(dtype), 0, `${simd} ${dtype} total`);
          expectGrads(ps, c.clipped, dtype, `${simd} ${dtype} p ${c.normType}`);
          // the norm alone, without clipping
          expectClose([d.nn.utils.gradNorm(params(dtype), normOf(c.normType))], [c.total], tol(dtype), 0, `${simd} ${dtype} gradNorm`);
        }
      });
    });
  }

  it('clipGradNorm accepts one tensor, skips parameters without gradients, and gives 0 when none has one', () => {
    const ps = params('float64');
    const c = clip.norm[0];
    expect(d.nn.utils.clipGradNorm(ps[0], 1e9)).to.be.closeTo(clip.perParameter['2'][0]!, 1e-12);
    expect(d.nn.utils.clipGradNorm([ps[3]], 1)).to.equal(0);
    expect(d.nn.utils.clipGradNorm(ps, c.maxNorm, 2)).to.be.closeTo(c.total, 1e-12);
  });

  it('clipGradNorm with errorIfNonfinite throws on an infinite or NaN norm and changes nothing; without it follows PyTorch', () => {
    for (const bad of [Infinity, NaN]) {
      const grads = clip.grads.map((g) => (g === null ? null : g.slice()));
      grads[1]![2] = bad;
      for (const p of [2, 1, Infinity, 3]) {
        const ps = params('float64', grads);
        expect(() => d.nn.utils.clipGradNorm(ps, 1, p, { errorIfNonfinite: true }))
          .to.throw(RangeError, new RegExp(`clipGradNorm: the total norm of order ${p} of the gradients is ${bad}`));
        expect(Array.from(ps[0].grad!.data)).to.deep.equal(grads[0]);
        // PyTorch: the factor maxNorm/(norm + 1e-6) is 0 for an infinite norm (finite gradients
        // become 0, the infinite one NaN) and NaN for a NaN norm (every gradient becomes NaN).
        const total = d.nn.utils.clipGradNorm(ps, 1, p);
        expect(total, `p ${p}`).to.satisfy((v: number) => (Number.isNaN(bad) ? Number.isNaN(v) : v === Infinity));
        const g0 = Array.from(ps[0].grad!.data);
        if (Number.isNaN(bad)) expect(g0.every(Number.isNaN), `p ${p} NaN`).to.equal(true);
        else expect(g0.every((v) => v === 0), `p ${p} inf`).to.equal(true);
        expect(Number.isNaN(ps[1].grad!.data[2])).to.equal(true);
      }
    }
  });

  it('rejects a bad norm type or maxNorm', () => {
    const ps = params('float64');
    expect(() => d.nn.utils.clipGradNorm(ps, 1, 0)).to.throw(RangeError, /clipGradNorm: normType must be positive or Infinity, got 0/);
    expect(() => d.nn.utils.clipGradNorm(ps, -1)).to.throw(RangeError, /clipGradNorm: maxNorm must be a non-negative number, got -1/);
    expect(() => d.nn.utils.clipGradValue(ps, NaN)).to.throw(RangeError, /clipGradValue: clipValue must be a non-negative number, got NaN/);
    expect(() => d.nn.utils.gradNorm([3 as unknown as d.Tensor])).to.throw(TypeError, /gradNorm: params\[0\] is not a Tensor/);
  });

  for (const c of clip.value) {
    it(`clipGradValue ${c.clipValue}: clamps every element`, () => {
      forEachSimd((simd) => {
        for (const dtype of ['float64', 'float32'] as const) {
          const ps = params(dtype);
          d.nn.utils.clipGradValue(ps, c.clipValue);
          expectGrads(ps, c.clipped, dtype, `${simd} ${dtype} value ${c.clipValue}`);
        }
      });
    });
  }

  it('per-parameter and total gradient norms (gradNorms by name, tensorNorm) for p = 2, 1, ∞', () => {
    forEachSimd((simd) => {
      for (const dtype of ['float64', 'float32'] as const) {
        for (const [key, expected] of Object.entries(clip.perParameter)) {
          const p = key === 'Infinity' ? Infinity : Number(key);
          const ps = params(dtype);
          const named: Array<[string, d.Tensor]> = ps.map((t, i) => [`p${i}`, t]);
          const { total, perParameter } = d.nn.utils.gradNorms(named, p);
          const present = expected.flatMap((v, i) => (v === null ? [] : [[`p${i}`, v] as const]));
          expect(Object.keys(perParameter)).to.deep.equal(present.map(([k]) => k));
          for (const [k, v] of present) {
            expectClose([perParameter[k]], [v], tol(dtype), 0, `${simd} ${dtype} p ${key} ${k}`);
            expectClose([d.nn.utils.tensorNorm(ps[Number(k.slice(1))].grad!, p)], [v], tol(dtype), 0, `${simd} ${dtype} tensorNorm ${k}`);
          }
          const normCase = clip.norm.find((c) => normOf(c.normType) === p)!;
          expectClose([total], [normCase.total], tol(dtype), 0, `${simd} ${dtype} total p ${key}`);
        }
      }
    });
    // A module's parameters by their names.
    const m = new d.nn.Linear(2, 1, { dtype: 'float64' });
    m.weight.grad = d.tensor([[3, 4]], { dtype: 'float64' });
    const { total, perParameter } = d.nn.utils.gradNorms(m);
    expect(perParameter).to.deep.equal({ weight: 5 });
    expect(total).to.equal(5);
  });
});

// ---------------------------------------------------------------------------------------------
// Averaging.

function toTensors(sd: StateJson, like: Record<string, d.Tensor>): Record<string, d.Tensor> {
  const out: Record<string, d.Tensor> = {};
  for (const [k, v] of Object.entries(sd)) out[k] = d.tensor(v.values, v.shape, { dtype: like[k].dtype });
  return out;
}

function expectState(actual: Record<string, d.Tensor>, expected: StateJson, rtol: number, label: string): void {
  expect(Object.keys(actual), `${label} keys`).to.deep.equal(Object.keys(expected));
  for (const [k, v] of Object.entries(expected)) {
    expect(actual[k].shape, `${label} ${k} shape`).to.deep.equal(v.shape);
    expectClose(actual[k].to('float64'), v.values, rtol, rtol * maxAbs(v.values), `${label} ${k}`);
  }
}

function averagingModel(dtype: d.DType): d.nn.Module {
  const o = { dtype };
  return new d.nn.Sequential(new d.nn.Linear(3, 4, o), new d.nn.BatchNorm1d(4, o), new d.nn.Tanh(), new d.nn.Linear(4, 2, o));
}

describe('AveragedModel and updateBn against PyTorch', () => {
  for (const c of avg.averaged) {
    it(`AveragedModel ${c.name}: the averaged state dict after each of ${avg.snapshots.length} updates`, () => {
      for (const dtype of ['float64', 'float32'] as const) {
        const m = averagingModel(dtype);
        m.loadStateDict(toTensors(avg.init, m.stateDict()));
        const averaged = new d.optim.swa.AveragedModel(m, { mode: c.mode, decay: c.decay ?? undefined, useBuffers: c.useBuffers });
        expect(averaged.nAveraged).to.equal(0);
        avg.snapshots.forEach((snap, i) => {
          m.loadStateDict(toTensors(snap, m.stateDict()));
          averaged.updateParameters(m);
          expectState(averaged.stateDict(), c.after[i], dtype === 'float64' ? 1e-12 : 1e-5, `${c.name} ${dtype} after update ${i + 1}`);
        });
        expect(averaged.nAveraged).to.equal(avg.snapshots.length);
        // The copy is independent of the source and does not require grad.
        for (const p of averaged.module.parameters()) expect(p.requiresGrad).to.equal(false);
        const before = Array.from(averaged.module.parameters()[0].data);
        d.noGrad(() => m.parameters()[0].fill_(7));
        expect(Array.from(averaged.module.parameters()[0].data)).to.deep.equal(before);
      }
    });
  }

  it('AveragedModel forwards through the averaged copy and validates its options', () => {
    const m = averagingModel('float64');
    const a = new d.optim.swa.AveragedModel(m);
    a.updateParameters(m);
    a.eval();
    m.eval();
    const x = d.tensor([[0.1, 0.2, 0.3], [1, -1, 0.5]], { dtype: 'float64' });
    expectClose(a.call(x), m.call(x), 1e-15, 0, 'forward');
    expect(() => new d.optim.swa.AveragedModel(m, { mode: 'swa' as 'ema' })).to.throw(RangeError, /mode must be 'polyak' or 'ema', got swa/);
    expect(() => new d.optim.swa.AveragedModel(m, { mode: 'ema', decay: 1 })).to.throw(RangeError, /decay must be in \[0, 1\), got 1/);
    expect(() => new d.optim.swa.AveragedModel({} as d.nn.Module)).to.throw(TypeError, /expected a Module/);
    expect(() => a.updateParameters(new d.nn.Linear(3, 4, { dtype: 'float64' }))).to.throw(RangeError, /the model has 2 tensors to average, the average 6/);
  });

  it('updateBn recomputes the running statistics of both batch-norm layers with a cumulative average', () => {
    const u = avg.updateBn;
    for (const dtype of ['float64', 'float32'] as const) {
      const o = { dtype };
      const bn2 = new d.nn.BatchNorm1d(4, { ...o, momentum: 0.3 });
      const model = new d.nn.Sequential(new d.nn.Linear(3, 5, o), new d.nn.BatchNorm1d(5, o), new d.nn.Tanh(), new d.nn.Linear(5, 4, o), bn2);
      model.loadStateDict(toTensors(u.init, model.stateDict()));
      model.eval();
      const batches = u.batches.map((b) => d.tensor(b.values, b.shape, o));
      // Batches may come as [input, target] pairs, as from a DataLoader.
      d.optim.swa.updateBn(batches.map((b, i) => (i === 1 ? [b, d.zeros([b.shape[0]])] : b)), model);
      expectState(model.stateDict(), u.after, dtype === 'float64' ? 1e-12 : 1e-5, `updateBn ${dtype}`);
      expect(model.training).to.equal(false);
      for (const m of model.modules()) expect(m.training).to.equal(false);
      const norms = model.modules().filter((m): m is d.nn.BatchNorm1d => m instanceof d.nn.BatchNorm1d);
      expect(norms.map((m) => m.momentum)).to.deep.equal(u.momenta);
    }
    expect(() => d.optim.swa.updateBn([d.zeros([2, 3])], {} as d.nn.Module)).to.throw(TypeError, /updateBn: expected a Module/);
  });
});
