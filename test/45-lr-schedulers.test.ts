// Learning-rate schedules (d.optim.lrScheduler, d.optim.swa.SWALR): every schedule's lr (and
// momentum or β1 where cycled) per step against PyTorch goldens (test/fixtures/lr_schedulers.json,
// from scripts/goldens/lr_schedulers.py) on real descent optimizers; stateDict round trips through
// structuredClone mid-schedule; closed forms against the chainable forms; option errors; and the
// optimizers' updates using the scheduled lr, momentum and β1.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import { expectClose } from './helpers';

const S = d.optim.lrScheduler;
type Scheduler = d.optim.lrScheduler.LRScheduler;
type Opt = d.optim.SGD | d.optim.Adam;

interface Spec {
  scheduler: string;
  options?: Record<string, unknown>;
  steps?: number;
}
interface GroupSpec {
  lr: number;
  momentum?: number;
  betas?: [number, number];
}
interface GoldenCase {
  name: string;
  scheduler: string;
  options: Record<string, unknown>;
  groups: GroupSpec[];
  steps: number;
  reference: 'torch' | 'formula';
  lr: number[][];
  momentum?: number[][];
  beta1?: number[][];
  calls?: Array<number | null>;
  metrics?: number[];
  before?: Spec;
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'lr_schedulers.json'), 'utf8')) as {
  cases: GoldenCase[];
};

// The functions the golden script names (scripts/goldens/lr_schedulers.py, LAMBDAS).
const LAMBDAS: Record<string, (e: number) => number> = {
  exp95: (e) => 0.95 ** e,
  stair: (e) => 0.5 ** Math.floor(e / 10),
  inverse: (e) => 1.0 / (1.0 + 0.1 * e),
  warmup: (e) => Math.min(1.0, (e + 1) / 5),
  const9: () => 0.9,
  alternate: (e) => (e % 2 === 1 ? 0.95 : 1.02),
  halfInverse: (x) => 1.0 / (1.0 + 0.5 * x),
  exp99: (x) => 0.99 ** x,
};

const RTOL = 1e-12;

function makeOptimizer(groups: GroupSpec[]): Opt {
  const specs = groups.map((g) => {
    const p = d.tensor([0], { dtype: 'float64' });
    p.requiresGrad = true;
    return { ...g, params: [p] };
  });
  if (groups[0].betas !== undefined) return new d.optim.Adam(specs, { lr: groups[0].lr });
  return new d.optim.SGD(specs, { lr: groups[0].lr, momentum: groups[0].momentum ?? 0 });
}

type Constructor = new (optimizer: Opt, options: Record<string, unknown>) => Scheduler;

function build(opt: Opt, spec: Spec): Scheduler {
  const o: Record<string, unknown> = { ...(spec.options ?? {}) };
  for (const key of ['lrLambda', 'scaleFn']) {
    const v = o[key];
    if (typeof v === 'string') o[key] = LAMBDAS[v];
    else if (Array.isArray(v)) o[key] = v.map((n: string) => LAMBDAS[n]);
  }
  switch (spec.scheduler) {
    case 'SequentialLR':
      return new S.SequentialLR(opt, { schedulers: (o.schedulers as Spec[]).map((c) => build(opt, c)), milestones: o.milestones as number[] });
    case 'ChainedScheduler':
      return new S.ChainedScheduler((o.schedulers as Spec[]).map((c) => build(opt, c)), opt);
    case 'SWALR':
      return new d.optim.swa.SWALR(opt, o as unknown as ConstructorParameters<typeof d.optim.swa.SWALR>[1]);
    default: {
      const C = (S as unknown as Record<string, Constructor | undefined>)[spec.scheduler];
      if (C === undefined) throw new Error(`no schedule ${spec.scheduler}`);
      return new C(opt, o);
    }
  }
}

interface Run {
  opt: Opt;
  sched: Scheduler;
}

function setup(c: GoldenCase): Run {
  const opt = makeOptimizer(c.groups);
  if (c.before !== undefined) {
    const first = build(opt, c.before);
    for (let k = 0; k < (c.before.steps ?? 0); k++) first.step();
  }
  return { opt, sched: build(opt, { scheduler: c.scheduler, options: c.options }) };
}

function advance(run: Run, c: GoldenCase, k: number): void {
  if (c.metrics !== undefined) run.sched.step(c.metrics[k]);
  else if (c.calls !== undefined && c.calls[k] !== null) run.sched.step(c.calls[k] as number);
  else run.sched.step();
}

function groupsOf(opt: Opt): Array<Record<string, unknown>> {
  return opt.paramGroups as unknown as Array<Record<string, unknown>>;
}

interface Row {
  lr: number[];
  momentum?: number[];
  beta1?: number[];
}

function record(run: Run, c: GoldenCase): Row {
  const groups = groupsOf(run.opt);
  const row: Row = { lr: groups.map((g) => g.lr as number) };
  if (c.momentum !== undefined) row.momentum = groups.map((g) => g.momentum as number);
  if (c.beta1 !== undefined) row.beta1 = groups.map((g) => (g.betas as number[])[0]);
  return row;
}

function compareRow(row: Row, c: GoldenCase, k: number, sched: Scheduler): void {
  const label = `${c.name} after ${k} steps`;
  expectClose(row.lr, c.lr[k], RTOL, 0, `${label}: lr`);
  expect(sched.getLastLr(), `${label}: getLastLr`).to.deep.equal(row.lr);
  if (c.momentum !== undefined) expectClose(row.momentum!, c.momentum[k], RTOL, 0, `${label}: momentum`);
  if (c.beta1 !== undefined) expectClose(row.beta1!, c.beta1[k], RTOL, 0, `${label}: beta1`);
}

describe('optim.lrScheduler', () => {
  describe('PyTorch goldens', () => {
    it('the fixture covers every schedule', () => {
      const covered = new Set(fixture.cases.map((c) => c.scheduler));
      for (const name of ['LambdaLR', 'MultiplicativeLR', 'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'LinearDecay', 'ExponentialLR',
        'PolynomialLR', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'CyclicLR', 'OneCycleLR', 'ReduceLROnPlateau', 'SequentialLR',
        'ChainedScheduler', 'SWALR']) {
        expect(covered.has(name), name).to.equal(true);
      }
    });

    for (const c of fixture.cases) {
      it(`${c.name} (${c.reference}, ${c.steps} steps)`, () => {
        const run = setup(c);
        compareRow(record(run, c), c, 0, run.sched);
        for (let k = 0; k < c.steps; k++) {
          advance(run, c, k);
          compareRow(record(run, c), c, k + 1, run.sched);
        }
      });
    }
  });

  describe('stateDict', () => {
    for (const c of fixture.cases) {
      it(`${c.name}: resumes identically from a structuredClone of its state at step ${Math.floor(c.steps / 2)}`, () => {
        const mid = Math.floor(c.steps / 2);
        const a = setup(c);
        for (let k = 0; k < mid; k++) advance(a, c, k);
        const state = a.sched.stateDict();
        expect(JSON.parse(JSON.stringify(state)), 'plain JSON data').to.deep.equal(state);
        const saved = structuredClone(state);
        const savedOpt = structuredClone(a.opt.stateDict());

        const b = setup(c);
        b.opt.loadStateDict(savedOpt);
        b.sched.loadStateDict(saved);
        expect(b.sched.getLastLr()).to.deep.equal(a.sched.getLastLr());
        expect(b.sched.stateDict()).to.deep.equal(state);
        for (let k = mid; k < c.steps; k++) {
          advance(a, c, k);
          advance(b, c, k);
          const rowB = record(b, c);
          expect(rowB, `${c.name} step ${k + 1}`).to.deep.equal(record(a, c));
          compareRow(rowB, c, k + 1, b.sched);
        }
      });
    }

    it('loadStateDict refuses another schedule\'s state and malformed fields', () => {
      const opt = makeOptimizer([{ lr: 0.1 }]);
      const step = new S.StepLR(opt, { stepSize: 3 });
      const exp = new S.ExponentialLR(makeOptimizer([{ lr: 0.1 }]), { gamma: 0.9 });
      expect(() => step.loadStateDict(exp.stateDict())).to.throw(TypeError, "StepLR.loadStateDict: the state is a ExponentialLR's, not a StepLR's");
      expect(() => step.loadStateDict({ ...step.stateDict(), gamma: 'x' })).to.throw(TypeError, 'StepLR.loadStateDict: gamma must be a number, got "x"');
      const { lastEpoch: _dropped, ...rest } = step.stateDict();
      expect(() => step.loadStateDict(rest)).to.throw(TypeError, 'StepLR.loadStateDict: the state has no lastEpoch');
    });

    it('ReduceLROnPlateau saves its infinite initial best as null and restores it', () => {
      const opt = makeOptimizer([{ lr: 0.1 }]);
      const s = new S.ReduceLROnPlateau(opt, { mode: 'max' });
      expect(s.stateDict().best).to.equal(null);
      const t = new S.ReduceLROnPlateau(makeOptimizer([{ lr: 0.1 }]), { mode: 'max' });
      t.loadStateDict(structuredClone(s.stateDict()));
      expect(t.best).to.equal(-Infinity);
    });
  });

  describe('closed forms', () => {
    // step(epoch) uses the closed form (PyTorch's deprecated step(epoch)); it must agree with
    // the chainable form reached by plain steps.
    const specs: Spec[] = [
      { scheduler: 'StepLR', options: { stepSize: 4, gamma: 0.5 } },
      { scheduler: 'MultiStepLR', options: { milestones: [3, 3, 9], gamma: 0.3 } },
      { scheduler: 'ConstantLR', options: { factor: 0.4, totalIters: 6 } },
      { scheduler: 'LinearLR', options: { startFactor: 0.2, endFactor: 0.9, totalIters: 9 } },
      { scheduler: 'ExponentialLR', options: { gamma: 0.93 } },
      { scheduler: 'PolynomialLR', options: { totalIters: 12, power: 1.7 } },
      { scheduler: 'CosineAnnealingLR', options: { TMax: 15, etaMin: 0.001 } },
      { scheduler: 'LinearDecay', options: { totalIters: 10, endLr: [0.002, 0.0005] } },
    ];
    for (const spec of specs) {
      it(`${spec.scheduler}: step(epoch) equals epoch plain steps`, () => {
        const chained = build(makeOptimizer([{ lr: 0.1 }, { lr: 0.02 }]), spec);
        for (let k = 1; k <= 20; k++) {
          chained.step();
          const jumped = build(makeOptimizer([{ lr: 0.1 }, { lr: 0.02 }]), spec);
          jumped.step(k);
          expectClose(jumped.getLastLr(), chained.getLastLr(), 1e-12, 0, `${spec.scheduler} epoch ${k}`);
        }
      });
    }
  });

  describe('options', () => {
    const sgd = () => makeOptimizer([{ lr: 0.1, momentum: 0.9 }, { lr: 0.01, momentum: 0.9 }]);
    const cases: Array<[string, () => unknown, string]> = [
      ['StepLR stepSize 0', () => new S.StepLR(sgd(), { stepSize: 0 }), 'StepLR: stepSize must be a positive integer, got 0'],
      ['StepLR stepSize 1.5', () => new S.StepLR(sgd(), { stepSize: 1.5 }), 'StepLR: stepSize must be a positive integer, got 1.5'],
      ['StepLR gamma', () => new S.StepLR(sgd(), { stepSize: 2, gamma: -1 }), 'StepLR: gamma must be a number in (0, ∞), got -1'],
      ['StepLR unknown option', () => new S.StepLR(sgd(), { stepSize: 2, step_size: 3 } as never), 'StepLR: unknown option step_size'],
      ['MultiStepLR milestones', () => new S.MultiStepLR(sgd(), { milestones: [2, -1] }), 'MultiStepLR: milestones[1] must be a non-negative integer, got -1'],
      ['MultiStepLR no milestones', () => new S.MultiStepLR(sgd(), {} as never), 'MultiStepLR: milestones must be an array of integers, got undefined'],
      ['ConstantLR factor', () => new S.ConstantLR(sgd(), { factor: 1.5 }), 'ConstantLR: factor must be a number in (0, 1], got 1.5'],
      ['ConstantLR totalIters', () => new S.ConstantLR(sgd(), { totalIters: 0 }), 'ConstantLR: totalIters must be a positive integer, got 0'],
      ['LinearLR startFactor', () => new S.LinearLR(sgd(), { startFactor: 0 }), 'LinearLR: startFactor must be a number in (0, 1], got 0'],
      ['LinearLR endFactor', () => new S.LinearLR(sgd(), { endFactor: 2 }), 'LinearLR: endFactor must be a number in [0, 1], got 2'],
      ['LinearDecay totalIters', () => new S.LinearDecay(sgd(), {} as never), 'LinearDecay: totalIters must be a positive integer, got undefined'],
      ['LinearDecay both ends', () => new S.LinearDecay(sgd(), { totalIters: 5, endLr: 0.001, endFactor: 0.1 }), 'LinearDecay: give endLr or endFactor, not both'],
      ['LinearDecay endLr per group', () => new S.LinearDecay(sgd(), { totalIters: 5, endLr: [0.001] }), 'LinearDecay: endLr has 1 values but the optimizer has 2 param groups'],
      ['ExponentialLR gamma', () => new S.ExponentialLR(sgd(), {} as never), 'ExponentialLR: gamma must be a number in (0, ∞), got undefined'],
      ['PolynomialLR power', () => new S.PolynomialLR(sgd(), { power: -1 }), 'PolynomialLR: power must be a number in [0, ∞), got -1'],
      ['CosineAnnealingLR TMax', () => new S.CosineAnnealingLR(sgd(), { TMax: 0 }), 'CosineAnnealingLR: TMax must be a positive integer, got 0'],
      ['CosineAnnealingLR tMax spelling', () => new S.CosineAnnealingLR(sgd(), { tMax: 10 } as never), 'CosineAnnealingLR: unknown option tMax'],
      ['CosineAnnealingWarmRestarts TMult', () => new S.CosineAnnealingWarmRestarts(sgd(), { T0: 5, TMult: 0 }), 'CosineAnnealingWarmRestarts: TMult must be a positive integer, got 0'],
      ['CosineAnnealingWarmRestarts etaMin', () => new S.CosineAnnealingWarmRestarts(sgd(), { T0: 5, etaMin: -1 }), 'CosineAnnealingWarmRestarts: etaMin must be a number in [0, ∞), got -1'],
      ['CyclicLR maxLr', () => new S.CyclicLR(sgd(), { baseLr: 0.01 } as never), 'CyclicLR: maxLr must be a number in [0, ∞), got undefined'],
      ['CyclicLR mode', () => new S.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, mode: 'exp_range' as never }), "CyclicLR: mode must be one of 'triangular', 'triangular2', 'expRange', got exp_range"],
      ['CyclicLR baseLr per group', () => new S.CyclicLR(sgd(), { baseLr: [0.01, 0.02, 0.03], maxLr: 0.1 }), 'CyclicLR: baseLr has 3 values but the optimizer has 2 param groups'],
      ['CyclicLR stepSizeDown', () => new S.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, stepSizeDown: 0 }), 'CyclicLR: stepSizeDown must be a positive integer, got 0'],
      ['CyclicLR scaleFn', () => new S.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, scaleFn: 3 as never }), 'CyclicLR: scaleFn must be a function, got 3'],
      ['CyclicLR maxMomentum', () => new S.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, maxMomentum: 1.2 }), 'CyclicLR: maxMomentum must be a number in [0, 1], got 1.2'],
      ['CyclicLR momentum on a plain object', () => new S.CyclicLR({ paramGroups: [{ lr: 0.1 }] }, { baseLr: 0.01, maxLr: 0.1 }),
        'CyclicLR: cycleMomentum needs an optimizer whose param groups have momentum or betas; pass cycleMomentum: false'],
      ['OneCycleLR steps', () => new S.OneCycleLR(sgd(), { maxLr: 0.1 }), 'OneCycleLR: give totalSteps, or epochs and stepsPerEpoch'],
      ['OneCycleLR totalSteps', () => new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: -3 }), 'OneCycleLR: totalSteps must be a positive integer, got -3'],
      ['OneCycleLR epochs', () => new S.OneCycleLR(sgd(), { maxLr: 0.1, epochs: 0, stepsPerEpoch: 10 }), 'OneCycleLR: epochs must be a positive integer, got 0'],
      ['OneCycleLR pctStart', () => new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, pctStart: 1.5 }), 'OneCycleLR: pctStart must be a number in [0, 1], got 1.5'],
      ['OneCycleLR annealStrategy', () => new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, annealStrategy: 'cosine' as never }), "OneCycleLR: annealStrategy must be one of 'cos', 'linear', got cosine"],
      ['OneCycleLR empty phase', () => new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, pctStart: 0.1 }), 'OneCycleLR: phase 1 of the cycle is empty (pctStart 0.1, 10 steps)'],
      ['OneCycleLR divFactor', () => new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, divFactor: 0 }), 'OneCycleLR: divFactor must be a number in (0, ∞), got 0'],
      ['ReduceLROnPlateau factor', () => new S.ReduceLROnPlateau(sgd(), { factor: 1 }), 'ReduceLROnPlateau: factor must be a number in [0, 1), got 1'],
      ['ReduceLROnPlateau mode', () => new S.ReduceLROnPlateau(sgd(), { mode: 'minimize' as never }), "ReduceLROnPlateau: mode must be one of 'min', 'max', got minimize"],
      ['ReduceLROnPlateau thresholdMode', () => new S.ReduceLROnPlateau(sgd(), { thresholdMode: 'relative' as never }), "ReduceLROnPlateau: thresholdMode must be one of 'rel', 'abs', got relative"],
      ['ReduceLROnPlateau patience', () => new S.ReduceLROnPlateau(sgd(), { patience: -1 }), 'ReduceLROnPlateau: patience must be a non-negative integer, got -1'],
      ['ReduceLROnPlateau minLr', () => new S.ReduceLROnPlateau(sgd(), { minLr: [0.1] }), 'ReduceLROnPlateau: minLr has 1 values but the optimizer has 2 param groups'],
      ['LambdaLR lrLambda', () => new S.LambdaLR(sgd(), { lrLambda: 0.5 as never }), 'LambdaLR: lrLambda must be a function, got 0.5'],
      ['MultiplicativeLR lrLambda count', () => new S.MultiplicativeLR(sgd(), { lrLambda: [() => 1] }), 'MultiplicativeLR: lrLambda has 1 functions but the optimizer has 2 param groups'],
      ['SWALR swaLr', () => new d.optim.swa.SWALR(sgd(), {} as never), 'SWALR: swaLr must be a number in [0, ∞), got undefined'],
      ['SWALR annealEpochs', () => new d.optim.swa.SWALR(sgd(), { swaLr: 0.01, annealEpochs: -1 }), 'SWALR: annealEpochs must be a non-negative integer, got -1'],
      ['SWALR annealStrategy', () => new d.optim.swa.SWALR(sgd(), { swaLr: 0.01, annealStrategy: 'exp' as never }), "SWALR: annealStrategy must be one of 'cos', 'linear', got exp"],
      ['an optimizer without groups', () => new S.StepLR({ paramGroups: [] }, { stepSize: 1 }), 'StepLR: expected an optimizer with a non-empty paramGroups array'],
      ['a group without lr', () => new S.StepLR({ paramGroups: [{ lr: Number.NaN }] }, { stepSize: 1 }), 'StepLR: paramGroups[0].lr must be a finite number, got NaN'],
    ];
    for (const [what, make, message] of cases) {
      it(`rejects ${what}`, () => {
        expect(make).to.throw(message);
      });
    }

    it('composites check their children', () => {
      const opt = sgd();
      const other = sgd();
      const a = new S.ConstantLR(opt);
      const b = new S.ExponentialLR(opt, { gamma: 0.9 });
      expect(() => new S.SequentialLR(opt, { schedulers: [a, b], milestones: [] })).to.throw(RangeError, 'SequentialLR: expected 1 milestones for 2 schedulers, got 0');
      expect(() => new S.SequentialLR(opt, { schedulers: [a, b], milestones: [0] })).to.throw(RangeError, 'SequentialLR: milestones[0] must be a positive integer, got 0');
      expect(() => new S.SequentialLR(opt, { schedulers: [], milestones: [] })).to.throw(TypeError, 'SequentialLR: schedulers must be a non-empty array of schedules');
      expect(() => new S.SequentialLR(other, { schedulers: [a, b], milestones: [3] })).to.throw(TypeError, 'SequentialLR: schedulers[0] (ConstantLR) acts on another optimizer');
      const plateau = new S.ReduceLROnPlateau(opt);
      expect(() => new S.SequentialLR(opt, { schedulers: [a, plateau], milestones: [3] })).to.throw(TypeError, 'SequentialLR: schedulers[1] is a ReduceLROnPlateau, which steps on a metric');
      expect(() => new S.ChainedScheduler([a, plateau])).to.throw(TypeError, 'ChainedScheduler: schedulers[1] is a ReduceLROnPlateau, which steps on a metric');
      expect(() => new S.ChainedScheduler([a, b], other)).to.throw(TypeError, 'ChainedScheduler: schedulers[0] (ConstantLR) acts on another optimizer');
      const chained = new S.ChainedScheduler([a, b]);
      expect(() => new S.SequentialLR(opt, { schedulers: [a, chained], milestones: [3] })).to.throw(TypeError, 'SequentialLR: schedulers[1] is a ChainedScheduler');
      expect(() => chained.step(3)).to.throw(TypeError, 'ChainedScheduler.step: takes no epoch');
    });

    it('OneCycleLR refuses to step past totalSteps and keeps its state', () => {
      const s = new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 4 });
      for (let k = 0; k < 4; k++) s.step();
      const before = s.stateDict();
      expect(() => s.step()).to.throw(RangeError, 'OneCycleLR.step: tried to step 5 times; the cycle has totalSteps 4');
      expect(s.stateDict()).to.deep.equal(before);
    });

    it('ReduceLROnPlateau needs its metric; CosineAnnealingWarmRestarts a non-negative epoch', () => {
      expect(() => new S.ReduceLROnPlateau(sgd()).step()).to.throw(TypeError, 'ReduceLROnPlateau.step: expected the metric');
      expect(() => new S.CosineAnnealingWarmRestarts(sgd(), { T0: 3 }).step(-1)).to.throw(RangeError, 'CosineAnnealingWarmRestarts.step: epoch must be a non-negative number, got -1');
    });
  });

  describe('on descent optimizers', () => {
    function caseNamed(name: string): GoldenCase {
      const c = fixture.cases.find((x) => x.name === name);
      if (c === undefined) throw new Error(`no golden case ${name}`);
      return c;
    }

    function gradientOfSum(opt: Opt): void {
      opt.zeroGrad();
      for (const g of opt.paramGroups) g.params[0].sum().backward();
    }

    it('SGD steps with the scheduled lr (StepLR)', () => {
      const c = caseNamed('StepLR/default-gamma');
      const run = setup(c);
      const expected = c.groups.map(() => 0);
      for (let k = 0; k < c.steps; k++) {
        gradientOfSum(run.opt);
        run.opt.step();
        c.lr[k].forEach((lr, i) => { expected[i] -= lr; });
        run.sched.step();
      }
      const got = run.opt.paramGroups.map((g) => g.params[0].item());
      expectClose(got, expected, 1e-12, 0, 'parameters');
    });

    it('SGD with momentum steps with the scheduled lr and momentum (OneCycleLR)', () => {
      const c = caseNamed('OneCycleLR/cos');
      const run = setup(c);
      const p = c.groups.map(() => 0);
      const buf = c.groups.map(() => 0);
      for (let k = 0; k < c.steps; k++) {
        gradientOfSum(run.opt);
        run.opt.step();
        // b ← μb + g (b ← g at the first step), θ ← θ − γb, with g = 1.
        c.groups.forEach((_, i) => {
          buf[i] = k === 0 ? 1 : c.momentum![k][i] * buf[i] + 1;
          p[i] -= c.lr[k][i] * buf[i];
        });
        run.sched.step();
      }
      expectClose(run.opt.paramGroups.map((g) => g.params[0].item()), p, 1e-12, 0, 'parameters');
    });

    it('Adam steps with the scheduled lr and β1 (CyclicLR cycling beta1)', () => {
      const c = caseNamed('CyclicLR/beta1');
      const run = setup(c);
      expect(run.opt).to.be.instanceOf(d.optim.Adam);
      const n = c.groups.length;
      const p = new Array<number>(n).fill(0);
      const m = new Array<number>(n).fill(0);
      const v = new Array<number>(n).fill(0);
      for (let k = 0; k < c.steps; k++) {
        gradientOfSum(run.opt);
        run.opt.step();
        const t = k + 1;
        c.groups.forEach((g, i) => {
          const b1 = c.beta1![k][i];
          const b2 = g.betas![1];
          m[i] = b1 * m[i] + (1 - b1);
          v[i] = b2 * v[i] + (1 - b2);
          const mHat = m[i] / (1 - b1 ** t);
          const vHat = v[i] / (1 - b2 ** t);
          p[i] -= (c.lr[k][i] * mHat) / (Math.sqrt(vHat) + 1e-8);
        });
        run.sched.step();
      }
      expectClose(run.opt.paramGroups.map((g) => g.params[0].item()), p, 1e-10, 0, 'parameters');
    });

    it('ReduceLROnPlateau takes a tensor metric and the next step uses the reduced lr', () => {
      const opt = makeOptimizer([{ lr: 0.5 }]);
      const s = new S.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
      s.step(d.tensor(1.0, { dtype: 'float64' }));
      s.step(d.tensor(2.0, { dtype: 'float64' }));
      expect(s.getLastLr()).to.deep.equal([0.25]);
      gradientOfSum(opt);
      opt.step();
      expect(opt.paramGroups[0].params[0].item()).to.equal(-0.25);
    });

    it('every schedule class is exported', () => {
      for (const name of ['LRScheduler', 'LambdaLR', 'MultiplicativeLR', 'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'LinearDecay',
        'ExponentialLR', 'PolynomialLR', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'CyclicLR', 'OneCycleLR', 'ReduceLROnPlateau',
        'SequentialLR', 'ChainedScheduler']) {
        expect(typeof (S as unknown as Record<string, unknown>)[name], name).to.equal('function');
      }
      expect(new d.optim.swa.SWALR(makeOptimizer([{ lr: 0.1 }]), { swaLr: 0.05 })).to.be.instanceOf(S.LRScheduler);
    });
  });
});
