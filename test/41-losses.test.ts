// Loss functions: PyTorch goldens (test/fixtures/losses.json, from scripts/goldens/losses.py)
// in float64 and float32 on every table, the fused crossEntropy against logSoftmax + nllLoss
// built from ops, class forms against functional forms, the weight penalty, and errors.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as d from '../lib';
import * as kernels from '../lib/kernels';
import { Module } from '../lib/nn/module';
import { Parameter } from '../lib/nn/parameter';
import * as nn from '../lib/nn/losses';
import { expectClose, forEachSimd, seededValues, withThreads } from './helpers';

interface Encoded {
  shape: number[];
  dtype: 'float64' | 'int32';
  data: number[];
}
interface GoldenCase {
  name: string;
  fn: 'mseLoss' | 'l1Loss' | 'huberLoss' | 'crossEntropy' | 'nllLoss' | 'binaryCrossEntropy' | 'binaryCrossEntropyWithLogits';
  options: Record<string, unknown>;
  input: Encoded;
  target: Encoded;
  weight?: Encoded;
  posWeight?: Encoded;
  value: Encoded;
  inputGrad: Encoded;
  targetGrad?: Encoded;
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'losses.json'), 'utf8')) as {
  cases: GoldenCase[];
};

type LossFn = (input: d.Tensor, target: d.Tensor, opts?: object) => d.Tensor;
const functions: Record<GoldenCase['fn'], LossFn> = {
  mseLoss: nn.mseLoss,
  l1Loss: nn.l1Loss,
  huberLoss: nn.huberLoss,
  crossEntropy: nn.crossEntropy,
  nllLoss: nn.nllLoss,
  binaryCrossEntropy: nn.binaryCrossEntropy,
  binaryCrossEntropyWithLogits: nn.binaryCrossEntropyWithLogits,
};

function decode(e: Encoded, dtype: 'float32' | 'float64'): d.Tensor {
  return d.tensor(e.data, e.shape, { dtype: e.dtype === 'int32' ? 'int32' : dtype });
}

const f64 = (values: number[], shape: number[]) => d.tensor(values, shape, { dtype: 'float64' });
const i32 = (values: number[], shape: number[]) => d.tensor(values, shape, { dtype: 'int32' });
const maxAbs = (e: Encoded) => Math.max(1e-30, ...e.data.map(Math.abs));

function runGolden(c: GoldenCase, dtype: 'float32' | 'float64', label: string): void {
  const input = decode(c.input, dtype).requiresGrad_();
  const target = decode(c.target, dtype);
  if (c.targetGrad) target.requiresGrad_();
  const opts: Record<string, unknown> = { ...c.options };
  if (c.weight) opts.weight = decode(c.weight, dtype);
  if (c.posWeight) opts.posWeight = decode(c.posWeight, dtype);
  const loss = functions[c.fn](input, target, opts);
  expect(loss.shape, `${label} shape`).to.deep.equal(c.value.shape);
  expect(loss.dtype).to.equal(dtype);
  const [rtol, atolOf] = dtype === 'float64' ? [1e-10, () => 1e-12] : [1e-4, (e: Encoded) => 1e-5 * maxAbs(e)];
  expectClose(loss.to('float64'), c.value.data, rtol, atolOf(c.value), `${label} value`);
  (c.options.reduction === 'none' ? loss.sum() : loss).backward();
  expectClose(input.grad!.to('float64'), c.inputGrad.data, rtol, atolOf(c.inputGrad), `${label} input gradient`);
  if (c.targetGrad) expectClose(target.grad!.to('float64'), c.targetGrad.data, rtol, atolOf(c.targetGrad), `${label} target gradient`);
}

describe('losses', () => {
  describe('PyTorch goldens', () => {
    it('the fixture covers every loss, reduction and option', () => {
      const names = fixture.cases.map((c) => c.name);
      expect(fixture.cases.length).to.be.greaterThan(100);
      for (const fn of Object.keys(functions)) {
        for (const r of ['mean', 'sum', 'none']) {
          expect(fixture.cases.some((c) => c.fn === fn && c.options.reduction === r), `${fn} ${r}`).to.equal(true);
        }
      }
      for (const part of ['weight', 'ignore', 'ignoreIndex1', 'smoothing', 'soft-smoothing', '3d', 'posWeight', 'unbatched']) {
        expect(names.some((n) => n.includes(part)), part).to.equal(true);
      }
    });

    for (const c of fixture.cases) {
      it(`${c.name}: float64 within 1e-10`, () => runGolden(c, 'float64', c.name));
    }

    it('every case in float32 within 1e-4, on every table', () => {
      forEachSimd((simd) => {
        for (const c of fixture.cases) runGolden(c, 'float32', `${c.name} (float32, ${simd})`);
      });
    });
  });

  describe('crossEntropy is fused and equals logSoftmax + nllLoss', () => {
    const w = f64([0.7, 1.3, 1.1, 0.4], [4]);
    const scores = () => f64(seededValues(5 * 4 * 3, 7, -3, 3), [5, 4, 3]).requiresGrad_();
    const classes = i32([0, 3, 1, 2, -100, 1, 1, 0, 2, 3, 3, -100, 2, 0, 1], [5, 3]);

    it('records one crossEntropy node', () => {
      const x = scores();
      const loss = nn.crossEntropy(x, classes);
      expect(loss.gradFn!.name).to.equal('crossEntropy');
      expect(loss.gradFn!.next[0]!.node.name).to.equal('AccumulateGrad');
    });

    for (const reduction of ['mean', 'sum', 'none'] as const) {
      it(`class indices with weights and ignored targets, ${reduction}: value, gradient and double backward`, () => {
        const x1 = scores();
        const x2 = scores();
        const fused = nn.crossEntropy(x1, classes, { weight: w, reduction });
        const composed = nn.nllLoss(x2.logSoftmax(1), classes, { weight: w, reduction });
        expectClose(fused, composed, 1e-13, 1e-15, 'value');
        const v = d.linspace(0.5, 1.5, fused.numel(), { dtype: 'float64' }).reshape(fused.shape as number[]);
        const [g1] = d.autograd.grad(fused, [x1], { gradOutputs: [v], createGraph: true });
        const [g2] = d.autograd.grad(composed, [x2], { gradOutputs: [v], createGraph: true });
        expectClose(g1, g2, 1e-12, 1e-15, 'gradient');
        // Hessian-vector products through the fused backward.
        const u = f64(seededValues(60, 9), [5, 4, 3]);
        const [h1] = d.autograd.grad(g1.mul(u).sum(), [x1]);
        const [h2] = d.autograd.grad(g2.mul(u).sum(), [x2]);
        expectClose(h1, h2, 1e-10, 1e-13, 'Hessian-vector product');
      });
    }

    it('probabilities: value and gradients in input and target equal −Σ t·logSoftmax(x)', () => {
      const x1 = scores();
      const x2 = scores();
      const t1 = f64(seededValues(60, 3, 0, 1), [5, 4, 3]).softmax(1).detach().requiresGrad_();
      const t2 = t1.detach().requiresGrad_();
      const fused = nn.crossEntropy(x1, t1, { weight: w });
      const composed = nn.nllLoss(x2.logSoftmax(1), t2, { weight: w });
      expectClose(fused, composed, 1e-13, 1e-15, 'value');
      fused.backward();
      composed.backward();
      expectClose(x1.grad!, x2.grad!, 1e-12, 1e-15, 'input gradient');
      expectClose(t1.grad!, t2.grad!, 1e-12, 1e-15, 'target gradient');
    });

    it('label smoothing equals (1 − ε)·nll + (ε/C)·Σ_c −w_c·logSoftmax_c over the kept targets', () => {
      const x = scores();
      const eps = 0.2;
      const fused = nn.crossEntropy(x, classes, { weight: w, labelSmoothing: eps, reduction: 'sum' });
      const lsm = x.logSoftmax(1);
      const nll = nn.nllLoss(lsm, classes, { weight: w, reduction: 'sum' });
      const kept = classes.ne(-100).to('float64').unsqueeze(1);
      const smooth = lsm.mul(w.reshape([4, 1])).mul(kept).sum().neg();
      expectClose(fused, nll.mul(1 - eps).add(smooth.mul(eps / 4)), 1e-13, 1e-15);
    });

    it('accepts a float target of whole numbers as class indices', () => {
      const x = f64(seededValues(12, 5), [4, 3]);
      const asInt = nn.crossEntropy(x, i32([2, 0, 1, 2], [4]));
      const asFloat = nn.crossEntropy(x, f64([2, 0, 1, 2], [4]));
      const asFloat32 = nn.nllLoss(x, d.tensor([2, 0, 1, 2]));
      expect(asFloat.item()).to.equal(asInt.item());
      expect(asFloat32.item()).to.equal(nn.nllLoss(x, i32([2, 0, 1, 2], [4])).item());
    });

    it('is stable for huge scores and gives the same bits for any thread count', () => {
      const x = f64([1e4, -1e4, 0, 1e4], [1, 4]);
      expect(nn.crossEntropy(x, i32([1], [1])).item()).to.be.closeTo(2e4 + Math.log(2), 1e-9);
      const big = d.tensor(seededValues(3000 * 37, 4, -5, 5), [3000, 37]).requiresGrad_();
      const target = d.tensor(seededValues(3000, 6, 0, 37).map(Math.floor), [3000], { dtype: 'int32' });
      const run = (n: number) =>
        withThreads(n, () => {
          big.grad = null;
          const loss = nn.crossEntropy(big, target, { labelSmoothing: 0.1 });
          loss.backward();
          return [loss.item(), ...Array.from(big.grad!.data)];
        });
      expect(run(1)).to.deep.equal(run(2));
    });

    it('an all-ignored batch gives NaN for mean (as PyTorch) and zero gradients', () => {
      const x = f64([1, 2, 3, 4, 5, 6], [2, 3]).requiresGrad_();
      const loss = nn.crossEntropy(x, i32([-100, -100], [2]));
      expect(loss.item()).to.be.NaN;
      loss.backward();
      expect(Array.from(x.grad!.data)).to.deep.equal([0, 0, 0, 0, 0, 0]);
      expect(nn.crossEntropy(x, i32([-100, -100], [2]), { reduction: 'sum' }).item()).to.equal(0);
    });
  });

  describe('class forms equal the functions', () => {
    const x = () => f64(seededValues(12, 21, -2, 2), [4, 3]);
    const soft = f64(seededValues(12, 22, 0.05, 0.95), [4, 3]);
    const w = f64([0.5, 2, 1], [3]);
    const cls = i32([2, -100, 0, 1], [4]);
    const cls2 = i32([2, 0, 0, 1], [4]);
    const cases: Array<[string, Module, () => [d.Tensor, d.Tensor], (a: d.Tensor, b: d.Tensor) => d.Tensor]> = [
      ['MSELoss', new nn.MSELoss({ reduction: 'sum' }), () => [x(), soft], (a, b) => nn.mseLoss(a, b, { reduction: 'sum' })],
      ['L1Loss', new nn.L1Loss(), () => [x(), soft], (a, b) => nn.l1Loss(a, b)],
      ['HuberLoss', new nn.HuberLoss({ delta: 0.3, reduction: 'none' }), () => [x(), soft], (a, b) => nn.huberLoss(a, b, { delta: 0.3, reduction: 'none' })],
      ['CrossEntropyLoss', new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 }), () => [x(), cls], (a, b) => nn.crossEntropy(a, b, { weight: w, labelSmoothing: 0.1 })],
      ['NLLLoss', new nn.NLLLoss({ weight: w, ignoreIndex: 0, reduction: 'sum' }), () => [x(), cls2], (a, b) => nn.nllLoss(a, b, { weight: w, ignoreIndex: 0, reduction: 'sum' })],
      ['BCELoss', new nn.BCELoss({ weight: w }), () => [soft, x().sigmoid()], (a, b) => nn.binaryCrossEntropy(a, b, { weight: w })],
      ['BCEWithLogitsLoss', new nn.BCEWithLogitsLoss({ posWeight: w }), () => [x(), soft], (a, b) => nn.binaryCrossEntropyWithLogits(a, b, { posWeight: w })],
    ];
    for (const [name, module, inputs, fn] of cases) {
      it(name, () => {
        expect(module).to.be.instanceOf(Module);
        const got = module.call(...inputs());
        const want = fn(...inputs());
        expect(got.shape).to.deep.equal(want.shape);
        expectClose(got, want, 0, 0, name);
        expect(module.toString()).to.match(new RegExp(`^${name}\\(reduction='`));
      });
    }

    it('keeps weights as buffers with PyTorch keys and converts them with to()', () => {
      const m = new nn.BCEWithLogitsLoss({ weight: w, posWeight: w });
      expect(Object.keys(m.stateDict())).to.deep.equal(['weight', 'pos_weight']);
      expect(Object.keys(new nn.CrossEntropyLoss().stateDict())).to.deep.equal([]);
      const ce = new nn.CrossEntropyLoss({ weight: w }).to('float32');
      expect(ce.buffer('weight')!.dtype).to.equal('float32');
      expect(ce.call(x().to('float32'), cls).dtype).to.equal('float32');
      expect(ce.parameters()).to.deep.equal([]);
    });
  });

  describe('binary cross-entropy at the edges', () => {
    it('p = 0 and p = 1 give the −100 clamp and finite gradients', () => {
      const p = d.tensor([0, 1, 0, 1, 0.5], { dtype: 'float32' }).requiresGrad_();
      const t = d.tensor([0, 1, 1, 0, 1], { dtype: 'float32' });
      const loss = nn.binaryCrossEntropy(p, t, { reduction: 'none' });
      expectClose(loss, [0, 0, 100, 100, Math.LN2], 1e-6, 0);
      loss.sum().backward();
      expect(Array.from(p.grad!.data).every(Number.isFinite)).to.equal(true);
    });

    it('logits of any magnitude (and exactly 0) give finite values and the right gradient', () => {
      const x = f64([-800, -30, 0, 30, 800], [5]).requiresGrad_();
      const t = f64([1, 0, 1, 1, 0], [5]);
      const loss = nn.binaryCrossEntropyWithLogits(x, t, { reduction: 'none' });
      const tiny = Math.log1p(Math.exp(-30));
      expectClose(loss, [800, tiny, Math.LN2, tiny, 800], 1e-12, 1e-13);
      loss.sum().backward();
      // σ(x) − t
      const s30 = 1 / (1 + Math.exp(30));
      expectClose(x.grad!, [-1, s30, -0.5, -s30, 1], 1e-12, 1e-15);
    });
  });

  describe('weightPenalty', () => {
    class Net extends Module {
      weight = new Parameter(f64([1, -2, 3, 0.5], [2, 2]));
      bias = new Parameter(f64([10, 20], [2]));
      inner: Module;
      constructor() {
        super();
        const child = new (class extends Module {
          weightIh = new Parameter(f64([-1, 4], [2]));
          scale = new Parameter(f64([100], [1]));
          override forward(x: d.Tensor) {
            return x;
          }
        })();
        this.inner = child;
      }
      override forward(x: d.Tensor) {
        return x;
      }
    }

    it('sums squared Frobenius norms of a list (p = 2) and |w| for p = 1', () => {
      const a = f64([1, -2, 3], [3]).requiresGrad_();
      const b = f64([0.5, -0.5], [1, 2]);
      const pen = nn.weightPenalty([a, b]);
      expect(pen.item()).to.be.closeTo(1 + 4 + 9 + 0.5, 1e-15);
      pen.backward();
      expect(Array.from(a.grad!.data)).to.deep.equal([2, -4, 6]);
      expect(nn.weightPenalty([a, b], { p: 1 }).item()).to.be.closeTo(7, 1e-15);
      expect(nn.weightPenalty([a], { p: 3 }).item()).to.be.closeTo(1 + 8 + 27, 1e-12);
      expect(nn.weightPenalty([]).item()).to.equal(0);
    });

    it("takes a module's parameters named *weight* only", () => {
      const net = new Net();
      expect(nn.weightPenalty(net).item()).to.be.closeTo(1 + 4 + 9 + 0.25 + 1 + 16, 1e-12);
    });

    it('rejects bad arguments', () => {
      expect(() => nn.weightPenalty([f64([1], [1])], { p: 0 })).to.throw(RangeError, /weightPenalty: p must be positive/);
      expect(() => nn.weightPenalty([i32([1], [1])])).to.throw(TypeError, /weightPenalty: weights must be float/);
      expect(() => nn.weightPenalty([f64([1], [1]), d.tensor([1])])).to.throw(TypeError, /mix float64 and float32/);
      expect(() => nn.weightPenalty('w' as unknown as d.Tensor[])).to.throw(TypeError, /expected an array of tensors or a Module/);
    });
  });

  describe('errors name the op, the shapes and the dtypes', () => {
    const x = f64(seededValues(12, 31), [4, 3]);
    it('crossEntropy and nllLoss targets', () => {
      for (const [name, fn] of [['crossEntropy', nn.crossEntropy], ['nllLoss', nn.nllLoss]] as const) {
        expect(() => fn(x, i32(new Array(12).fill(0), [4, 3]))).to.throw(TypeError, new RegExp(`^${name}: target of shape \\[4, 3\\] \\(int32\\) has the input's shape, so it would be class probabilities, which must be float64; class indices have shape \\[4\\]`));
        expect(() => fn(x, d.tensor(new Array(12).fill(0.25), [4, 3]))).to.throw(TypeError, new RegExp(`^${name}: probability target of shape \\[4, 3\\] \\(float32\\) must have the input's dtype float64`));
        expect(() => fn(x, i32([0, 1, 2], [3]))).to.throw(RangeError, new RegExp(`^${name}: target of shape \\[3\\] \\(int32\\) fits neither class indices of shape \\[4\\] nor probabilities of the input's shape \\[4, 3\\]`));
        expect(() => fn(x, i32([0, 1, 2, 0, 1, 2], [2, 3]))).to.throw(RangeError, /fits neither/);
        expect(() => fn(x, f64([0, 1, 2.5, 1], [4]))).to.throw(TypeError, new RegExp(`^${name}: a float target of shape \\[4\\] \\(float64\\) is read as class indices and must hold whole numbers; found 2.5 at position 2`));
        expect(() => fn(x, i32([0, 1, 3, 1], [4]))).to.throw(RangeError, new RegExp(`^${name}: target 3 at position 2 is out of range for 3 classes \\(ignoreIndex is -100\\)`));
        expect(() => fn(x, i32([0, -1, 2, 1], [4]))).to.throw(RangeError, /target -1 at position 1 is out of range for 3 classes/);
        expect(() => fn(x, i32([0, -1, 2, 1], [4]), { ignoreIndex: -1 })).not.to.throw();
        expect(() => fn(x, i32([0, 1, 2, 1], [4]), { weight: f64([1, 2], [2]) })).to.throw(RangeError, new RegExp(`^${name}: weight must have shape \\[3\\] \\(one per class of the input \\[4, 3\\]\\), got \\[2\\]`));
        expect(() => fn(x, i32([0, 1, 2, 1], [4]), { weight: d.tensor([1, 2, 3]) })).to.throw(TypeError, /weight must have the input's dtype float64, got float32/);
        expect(() => fn(x, x.softmax(1), { ignoreIndex: 0 })).to.throw(RangeError, /ignoreIndex \(0\) is not supported with probability targets/);
        expect(() => fn(i32([1, 2, 3], [3]), i32([0], []))).to.throw(TypeError, new RegExp(`^${name}: input must be float32 or float64, got int32`));
        expect(() => fn(x, i32([0, 1, 2, 1], [4]), { reduction: 'avg' as 'mean' })).to.throw(TypeError, /reduction must be 'mean', 'sum' or 'none', got 'avg'/);
        expect(() => fn(x, i32([0, 1, 2, 1], [4]), { ignore_index: 1 } as object)).to.throw(TypeError, new RegExp(`^${name}: unknown option 'ignore_index'`));
      }
      expect(() => nn.crossEntropy(x, i32([0, 1, 2, 1], [4]), { labelSmoothing: 1.5 })).to.throw(RangeError, /crossEntropy: labelSmoothing must be in \[0, 1\], got 1.5/);
      expect(() => nn.crossEntropy(x, i32([0, 1, 2, 1], [4]), { weight: f64([1, 2, 3], [3]).requiresGrad_() })).to.throw(/crossEntropy: weight requires grad/);
    });

    it('element-wise losses', () => {
      for (const [name, fn] of [
        ['mseLoss', nn.mseLoss], ['l1Loss', nn.l1Loss], ['huberLoss', nn.huberLoss],
        ['binaryCrossEntropy', nn.binaryCrossEntropy], ['binaryCrossEntropyWithLogits', nn.binaryCrossEntropyWithLogits],
      ] as const) {
        const p = x.sigmoid();
        expect(() => fn(p, f64([1, 2, 3, 4], [4]))).to.throw(RangeError, new RegExp(`^${name}: input \\[4, 3\\] and target \\[4\\] must have the same shape`));
        expect(() => fn(p, p.to('float32'))).to.throw(TypeError, new RegExp(`^${name}: target must have the input's dtype float64, got float32`));
        expect(() => fn(p, 3 as unknown as d.Tensor)).to.throw(TypeError, new RegExp(`^${name}: target must be a Tensor`));
      }
      expect(() => nn.huberLoss(x, x, { delta: 0 })).to.throw(RangeError, /huberLoss: delta must be positive/);
      expect(() => nn.binaryCrossEntropy(x, x.sigmoid())).to.throw(RangeError, /binaryCrossEntropy: input must hold probabilities in \[0, 1\], found -?\d/);
      expect(() => nn.binaryCrossEntropy(x.sigmoid(), x, { weight: f64([1, 2], [2]) })).to.throw(RangeError, /binaryCrossEntropy: weight of shape \[2\] does not broadcast to the input's shape \[4, 3\]/);
      expect(() => nn.binaryCrossEntropyWithLogits(x, x, { posWeight: f64([1, 2, 3, 4], [4]) })).to.throw(RangeError, /posWeight of shape \[4\] does not broadcast/);
    });

    it('the native binding checks every argument', () => {
      const xs = new Float64Array(12);
      const lsm = new Float64Array(12);
      const loss = new Float64Array(4);
      const good = new Int32Array([0, 1, 2, 1]);
      const desc = (data: Float64Array | Int32Array | Float32Array, shape: number[], strides?: number[]) => ({ data, offset: 0, shape, strides });
      // Class indices are [outer, inner] = [4, 1], probabilities and scores [outer, classes, inner].
      const targetOf = (t: Int32Array | Float64Array, classes = 3) => desc(t, t instanceof Int32Array ? [4, 1] : [4, classes, 1]);
      const call = (target: Int32Array | Float64Array, o: Partial<{ weight: Float64Array | null; smoothing: number; classes: number; lossArr: Float64Array }> = {}) =>
        kernels.crossEntropy({
          labelSmoothing: o.smoothing ?? 0, ignoreIndex: -100,
          x: desc(xs, [4, o.classes ?? 3, 1]), target: targetOf(target, o.classes ?? 3),
          weight: o.weight ? desc(o.weight, [o.classes ?? 3]) : null,
          softmax: desc(lsm, [4, o.classes ?? 3, 1]), loss: desc(o.lossArr ?? loss, [4, 1]),
        });
      expect(call(good)).to.equal(4);
      expect(() => call(new Int32Array([0, 1, 7, 1]))).to.throw(RangeError, /^crossEntropy: target 7 at position 2 is out of range for 3 classes/);
      expect(() => call(new Int32Array([0, 1]))).to.throw(RangeError, /crossEntropy: /);
      expect(() => call(good, { weight: new Float64Array(2) })).to.throw(RangeError, /crossEntropy: /);
      expect(() => call(good, { smoothing: 2 })).to.throw(RangeError, /labelSmoothing must be in \[0, 1\]/);
      expect(() => call(new Float64Array(12).fill(0.25))).not.to.throw();
      expect(() => call(new Float32Array(12) as unknown as Float64Array)).to.throw(TypeError, /target must be int32 class indices or float64 probabilities, got float32/);
      expect(() => call(good, { lossArr: lsm })).to.throw(RangeError, /overlaps/);
      const dx = new Float64Array(12);
      const backward = (scale: Float64Array, scaleStrides: number[] | undefined, target: Int32Array, out: Float64Array) =>
        kernels.crossEntropyBackward({
          labelSmoothing: 0, ignoreIndex: -100, scale: desc(scale, [4, 1], scaleStrides), softmax: desc(lsm, [4, 3, 1]),
          target: targetOf(target), weight: null, dx: desc(out, [4, 3, 1]),
        });
      expect(() => backward(new Float64Array(8), [2, 2], good, dx)).to.throw(RangeError, /scaleStride/);
      expect(() => backward(new Float64Array(2), undefined, good, dx)).to.throw(RangeError, /crossEntropyBackward: /);
      expect(() => backward(new Float64Array(1), [0, 0], new Int32Array([0, 5, 0, 0]), dx)).to.throw(RangeError, /crossEntropyBackward: target 5 at position 1/);
      expect(() => backward(new Float64Array(1), [0, 0], good, lsm)).to.throw(RangeError, /dx overlaps an input/);
    });
  });
});
