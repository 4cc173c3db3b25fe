import { expect } from 'chai';
import * as d from '../lib';
import * as init from '../lib/nn/init';
import { TRUNCATED_NORMAL_STD } from '../lib/nn/init/variance-scaling';
import { bitsEqual, expectClose } from './helpers';

type Float = 'float32' | 'float64';
const DTYPES: Float[] = ['float32', 'float64'];
const gen = (seed: number) => new d.RandomGenerator(seed);

// ---- reference moments -----------------------------------------------------------------------

/** Mean, variance and 4th central moment of a distribution; bounds when it has them. */
interface Law {
  mean: number;
  variance: number;
  mu4: number;
  lo?: number;
  hi?: number;
}

function uniformLaw(a: number, b: number): Law {
  const w = b - a;
  return { mean: (a + b) / 2, variance: (w * w) / 12, mu4: w ** 4 / 80, lo: a, hi: b };
}

function normalLaw(mean: number, std: number): Law {
  return { mean, variance: std * std, mu4: 3 * std ** 4 };
}

const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** ∫ f over [a, b] by composite Simpson (f smooth: error far below the tolerances used). */
function simpson(f: (x: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/**
 * N(mean, std²) conditioned on [a, b]. Mean and variance by the closed forms (Johnson, Kotz &
 * Balakrishnan, vol. 1, §10.1): with α, β the standardized bounds and Z = Φ(β) − Φ(α),
 *   E = mean + std·(φ(α) − φ(β))/Z,  Var = std²·[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²];
 * the 4th central moment (for the standard error of the variance) by quadrature.
 */
function truncatedLaw(mean: number, std: number, a: number, b: number): Law {
  const al = (a - mean) / std;
  const be = (b - mean) / std;
  const z = simpson(phi, al, be);
  const shift = (phi(al) - phi(be)) / z;
  const variance = 1 + (al * phi(al) - be * phi(be)) / z - shift * shift;
  const mu4 = simpson((x) => (x - shift) ** 4 * phi(x), al, be) / z;
  return { mean: mean + std * shift, variance: std * std * variance, mu4: std ** 4 * mu4, lo: a, hi: b };
}

/**
 * Checks the sample mean and variance of t against law within 5 standard errors each
 * (SE of the mean √(σ²/n), of the variance √((μ4 − σ⁴)/n)), and the bounds if any.
 */
function expectLaw(t: d.Tensor, law: Law, label: string): void {
  const x = t.contiguous().data;
  const n = x.length;
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += x[i];
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  const variance = ss / (n - 1);
  const seMean = Math.sqrt(law.variance / n);
  const seVar = Math.sqrt((law.mu4 - law.variance ** 2) / n);
  expect(Math.abs(mean - law.mean), `${label}: mean ${mean} vs ${law.mean} (SE ${seMean})`).to.be.at.most(5 * seMean);
  expect(Math.abs(variance - law.variance), `${label}: variance ${variance} vs ${law.variance} (SE ${seVar})`).to.be.at.most(5 * seVar);
  // The bounds hold in the tensor's dtype: compare with them rounded the same way.
  const round = t.dtype === 'float32' ? Math.fround : (v: number) => v;
  if (law.lo !== undefined) expect(lo, `${label}: min`).to.be.at.least(round(law.lo));
  if (law.hi !== undefined) expect(hi, `${label}: max`).to.be.at.most(round(law.hi));
}

// ---- the distribution table --------------------------------------------------------------------

// [500, 2000]: 10^6 elements, fanIn 2000 ≠ fanOut 500 so a wrong mode shows.
const SHAPE = [500, 2000];
const FAN_IN = 2000;
const FAN_OUT = 500;
// A convolution weight [out, in, kh, kw] of ~10^6 elements: fanIn = 96·81, fanOut = 128·81.
const CONV = [128, 96, 9, 9];

interface Case {
  name: string;
  shape?: number[];
  run: (t: d.Tensor, g: d.RandomGenerator) => d.Tensor;
  law: Law;
}

const sym = (r: number) => uniformLaw(-r, r);
const tn2 = (s: number) => truncatedLaw(0, s, -2 * s, 2 * s);
const n = FAN_IN + FAN_OUT;

const CASES: Case[] = [
  { name: 'uniform_(-1, 3)', run: (t, g) => init.uniform_(t, -1, 3, { generator: g }), law: uniformLaw(-1, 3) },
  { name: 'uniform_ default', run: (t, g) => init.uniform_(t, undefined, undefined, { generator: g }), law: uniformLaw(0, 1) },
  { name: 'normal_(2, 0.5)', run: (t, g) => init.normal_(t, 2, 0.5, { generator: g }), law: normalLaw(2, 0.5) },
  { name: 'truncatedNormal_ default', run: (t, g) => init.truncatedNormal_(t, undefined, undefined, undefined, undefined, { generator: g }), law: truncatedLaw(0, 1, -2, 2) },
  { name: 'truncatedNormal_(1, 2, -1, 6)', run: (t, g) => init.truncatedNormal_(t, 1, 2, -1, 6, { generator: g }), law: truncatedLaw(1, 2, -1, 6) },
  { name: 'truncatedNormal_ one-sided tail', run: (t, g) => init.truncatedNormal_(t, 0, 1, 1.5, Infinity, { generator: g }), law: truncatedLaw(0, 1, 1.5, 40) },
  {
    name: 'varianceScaling_ default (truncatedNormal, fanIn)',
    run: (t, g) => init.varianceScaling_(t, { generator: g }),
    law: tn2(Math.sqrt(1 / FAN_IN) / TRUNCATED_NORMAL_STD),
  },
  {
    name: 'varianceScaling_ uniform, fanOut, scale 2',
    run: (t, g) => init.varianceScaling_(t, { scale: 2, mode: 'fanOut', distribution: 'uniform', generator: g }),
    law: sym(Math.sqrt((3 * 2) / FAN_OUT)),
  },
  {
    name: 'varianceScaling_ normal, fanAvg, scale 0.5',
    run: (t, g) => init.varianceScaling_(t, { scale: 0.5, mode: 'fanAvg', distribution: 'normal', generator: g }),
    law: normalLaw(0, Math.sqrt(0.5 / (n / 2))),
  },
  { name: 'glorotUniform_', run: (t, g) => init.glorotUniform_(t, { generator: g }), law: sym(Math.sqrt(6 / n)) },
  { name: 'glorotUniform_ gain 2', run: (t, g) => init.glorotUniform_(t, { gain: 2, generator: g }), law: sym(2 * Math.sqrt(6 / n)) },
  { name: 'glorotNormal_', run: (t, g) => init.glorotNormal_(t, { generator: g }), law: normalLaw(0, Math.sqrt(2 / n)) },
  { name: 'heUniform_', run: (t, g) => init.heUniform_(t, { generator: g }), law: sym(Math.sqrt(6 / FAN_IN)) },
  {
    name: 'heUniform_ leakyRelu 0.2 gain',
    run: (t, g) => init.heUniform_(t, { gain: init.calculateGain('leakyRelu', 0.2), generator: g }),
    law: sym(Math.sqrt(2 / 1.04) * Math.sqrt(3 / FAN_IN)),
  },
  { name: 'heNormal_', run: (t, g) => init.heNormal_(t, { generator: g }), law: normalLaw(0, Math.sqrt(2 / FAN_IN)) },
  { name: 'heNormal_ fanOut', run: (t, g) => init.heNormal_(t, { mode: 'fanOut', generator: g }), law: normalLaw(0, Math.sqrt(2 / FAN_OUT)) },
  { name: 'lecunUniform_', run: (t, g) => init.lecunUniform_(t, { generator: g }), law: sym(Math.sqrt(3 / FAN_IN)) },
  { name: 'lecunNormal_', run: (t, g) => init.lecunNormal_(t, { generator: g }), law: normalLaw(0, Math.sqrt(1 / FAN_IN)) },
  { name: 'uniformFanIn_', run: (t, g) => init.uniformFanIn_(t, { generator: g }), law: sym(1 / Math.sqrt(FAN_IN)) },
  { name: 'activationInit_ tanh uniform', run: (t, g) => init.activationInit_(t, 'tanh', 'uniform', { generator: g }), law: sym(Math.sqrt(6 / n)) },
  { name: 'activationInit_ logistic uniform', run: (t, g) => init.activationInit_(t, 'logistic', 'uniform', { generator: g }), law: sym(4 * Math.sqrt(6 / n)) },
  { name: 'activationInit_ relu uniform', run: (t, g) => init.activationInit_(t, 'relu', 'uniform', { generator: g }), law: sym(Math.SQRT2 * Math.sqrt(6 / n)) },
  { name: 'activationInit_ tanh normal', run: (t, g) => init.activationInit_(t, 'tanh', 'normal', { generator: g }), law: normalLaw(0, Math.sqrt(2 / n)) },
  { name: 'activationInit_ logistic normal', run: (t, g) => init.activationInit_(t, 'logistic', 'normal', { generator: g }), law: normalLaw(0, 4 * Math.sqrt(2 / n)) },
  { name: 'activationInit_ relu normal', run: (t, g) => init.activationInit_(t, 'relu', 'normal', { generator: g }), law: normalLaw(0, Math.SQRT2 * Math.sqrt(2 / n)) },
  // Rank 4: fans include the receptive field.
  { name: 'heNormal_ conv', shape: CONV, run: (t, g) => init.heNormal_(t, { generator: g }), law: normalLaw(0, Math.sqrt(2 / (96 * 81))) },
  {
    name: 'glorotUniform_ conv',
    shape: CONV,
    run: (t, g) => init.glorotUniform_(t, { generator: g }),
    law: sym(Math.sqrt(6 / ((96 + 128) * 81))),
  },
  {
    name: 'varianceScaling_ conv fanOut truncatedNormal',
    shape: CONV,
    run: (t, g) => init.varianceScaling_(t, { mode: 'fanOut', generator: g }),
    law: tn2(Math.sqrt(1 / (128 * 81)) / TRUNCATED_NORMAL_STD),
  },
];

describe('nn.init', () => {
  it('fan in and fan out follow PyTorch for ranks 2, 3 and 4', () => {
    expect(init.calculateFanInAndFanOut(d.zeros([3, 5]))).to.deep.equal({ fanIn: 5, fanOut: 3 });
    expect(init.calculateFanInAndFanOut(d.zeros([4, 3, 5]))).to.deep.equal({ fanIn: 15, fanOut: 20 });
    expect(init.calculateFanInAndFanOut(d.zeros([8, 4, 3, 3]))).to.deep.equal({ fanIn: 36, fanOut: 72 });
    expect(init.calculateFanInAndFanOut([16, 2, 3, 5, 7])).to.deep.equal({ fanIn: 210, fanOut: 1680 });
    expect(() => init.calculateFanInAndFanOut(d.zeros([5]))).to.throw(RangeError, /^calculateFanInAndFanOut: .*at least 2 dimensions.*\[5\]/);
    expect(() => init.calculateFanInAndFanOut(d.zeros([]))).to.throw(RangeError, /at least 2 dimensions/);
  });

  it('calculateGain follows PyTorch\'s table', () => {
    for (const name of ['linear', 'conv1d', 'conv2d', 'conv3d', 'convTranspose2d', 'conv_transpose3d', 'sigmoid'] as const) {
      expect(init.calculateGain(name), name).to.equal(1);
    }
    expect(init.calculateGain('tanh')).to.equal(5 / 3);
    expect(init.calculateGain('relu')).to.equal(Math.sqrt(2));
    expect(init.calculateGain('selu')).to.equal(0.75);
    expect(init.calculateGain('leakyRelu')).to.be.closeTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 1e-15);
    expect(init.calculateGain('leaky_relu', 0.2)).to.be.closeTo(Math.sqrt(2 / 1.04), 1e-15);
    expect(init.calculateGain('leakyRelu', 0)).to.equal(Math.sqrt(2));
    expect(() => init.calculateGain('gelu' as never)).to.throw(RangeError, /^calculateGain: unsupported nonlinearity 'gelu'/);
    expect(() => init.calculateGain('leakyRelu', 'x' as never)).to.throw(TypeError, /^calculateGain: .*slope/);
  });

  it('the truncated-normal constant is the std of a unit normal cut to [-2, 2]', () => {
    expect(Math.sqrt(truncatedLaw(0, 1, -2, 2).variance)).to.be.closeTo(TRUNCATED_NORMAL_STD, 1e-12);
  });

  for (const dtype of DTYPES) {
    it(`every distribution has its mean, variance and bounds (${dtype}, 10^6 draws each)`, () => {
      CASES.forEach((c, i) => {
        const t = c.run(d.zeros(c.shape ?? SHAPE, { dtype }), gen(1000 + i));
        expect(t.dtype).to.equal(dtype);
        expectLaw(t, c.law, `${c.name} (${dtype})`);
      });
    });
  }

  it('varianceScaling_ truncatedNormal has variance scale/fan and stays within 2 of its s', () => {
    const t = init.varianceScaling_(d.zeros(SHAPE, { dtype: 'float64' }), { scale: 3, generator: gen(5) });
    const s = Math.sqrt(3 / FAN_IN) / TRUNCATED_NORMAL_STD;
    const law = tn2(s);
    expect(law.variance).to.be.closeTo(3 / FAN_IN, 1e-12);
    expectLaw(t, law, 'varianceScaling_ scale 3');
  });

  it('zeros_, ones_, constant_ and constantBias_ fill', () => {
    for (const dtype of DTYPES) {
      const t = d.rand([3, 4], { dtype });
      expect(Array.from(init.zeros_(t).data)).to.deep.equal(new Array(12).fill(0));
      expect(Array.from(init.ones_(t).data)).to.deep.equal(new Array(12).fill(1));
      expect(Array.from(init.constant_(t, -2.5).data)).to.deep.equal(new Array(12).fill(-2.5));
      expect(Array.from(init.constantBias_(d.zeros([5], { dtype })).data)).to.deep.equal(new Array(5).fill(dtype === 'float32' ? Math.fround(0.1) : 0.1));
      expect(Array.from(init.constantBias_(d.zeros([2], { dtype }), 0).data)).to.deep.equal([0, 0]);
    }
  });

  describe('orthogonal_', () => {
    const maxDeviation = (w: d.Tensor, gain: number): number => {
      const rows = w.shape[0];
      const m = w.to('float64').reshape([rows, w.numel() / rows]);
      const g = rows >= m.shape[1] ? d.matmul(m.T, m) : d.matmul(m, m.T);
      const k = g.shape[0];
      const data = g.data;
      let worst = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(data[i * k + j] - (i === j ? gain * gain : 0)));
      return worst;
    };

    it('WᵀW = gain²·I (tall) and WWᵀ = gain²·I (wide) for square, tall, wide and rank-3 shapes', () => {
      const shapes = [[200, 200], [300, 120], [120, 300], [40, 6, 10], [90, 4, 5], [1, 7], [7, 1]];
      for (const dtype of DTYPES) {
        for (const shape of shapes) {
          for (const gain of [1, 1.5]) {
            const w = init.orthogonal_(d.zeros(shape, { dtype }), { gain, generator: gen(shape[0] + shape[1]) });
            const dev = maxDeviation(w, gain);
            expect(dev, `${dtype} [${shape}] gain ${gain}`).to.be.at.most(dtype === 'float64' ? 1e-12 : 1e-5);
          }
        }
      }
    });

    it('is the Q of the QR of a standard normal draw, signed so that diag(R) > 0', () => {
      // G is d.randn of t's flattened shape from the same seed; tall: G = W·R, wide: Gᵀ = Wᵀ·R,
      // with R upper triangular and diag(R) > 0, which determines W. Its first vector is then
      // G's first column (row) normalized.
      for (const [rows, cols] of [[50, 20], [20, 50], [30, 30]]) {
        const w = init.orthogonal_(d.zeros([rows, cols], { dtype: 'float64' }), { generator: gen(77) });
        const g = d.randn([rows, cols], { dtype: 'float64', generator: gen(77) });
        const r = rows >= cols ? d.matmul(w.T, g) : d.matmul(w, g.T);
        const k = r.shape[0];
        const data = r.data;
        for (let i = 0; i < k; i++) {
          expect(data[i * k + i], `[${rows}, ${cols}] R[${i}][${i}]`).to.be.above(0);
          for (let j = 0; j < i; j++) expect(Math.abs(data[i * k + j]), `[${rows}, ${cols}] R[${i}][${j}]`).to.be.below(1e-12);
        }
        const first = rows >= cols ? g.narrow(1, 0, 1) : g.narrow(0, 0, 1);
        const norm = Math.sqrt(d.sum(d.square(first)).item());
        const got = rows >= cols ? w.narrow(1, 0, 1) : w.narrow(0, 0, 1);
        expectClose(got, d.div(first, norm), 1e-12, 1e-14, `[${rows}, ${cols}] first vector`);
      }
    });

    it('the sign correction makes entries symmetric about 0', () => {
      // Without it, Householder QR gives Q[0][0] < 0 always.
      const trials = 2000;
      let positive = 0;
      const g = gen(3);
      for (let i = 0; i < trials; i++) {
        if (init.orthogonal_(d.zeros([4, 4], { dtype: 'float64' }), { generator: g }).data[0] > 0) positive++;
      }
      expect(Math.abs(positive / trials - 0.5)).to.be.at.most(5 * Math.sqrt(0.25 / trials));
    });
  });

  it('identity_ is exact, with gain, on the leading square of non-square matrices', () => {
    for (const dtype of DTYPES) {
      expect(init.identity_(d.rand([3, 3], { dtype })).toArray()).to.deep.equal([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
      expect(init.identity_(d.rand([2, 4], { dtype }), { gain: 2 }).toArray()).to.deep.equal([[2, 0, 0, 0], [0, 2, 0, 0]]);
      expect(init.identity_(d.rand([3, 2], { dtype }), { gain: -0.5 }).toArray()).to.deep.equal([[-0.5, 0], [0, -0.5], [0, 0]]);
    }
    expect(() => init.identity_(d.zeros([2, 2, 2]))).to.throw(RangeError, /^identity_: only 2-D tensors.*\[2, 2, 2\]/);
  });

  describe('sparse_', () => {
    const nonzerosPerRow = (t: d.Tensor): number[] => {
      const rows = t.shape[0];
      const cols = t.numel() / rows;
      const data = t.contiguous().data;
      return Array.from({ length: rows }, (_, r) => {
        let k = 0;
        for (let j = 0; j < cols; j++) if (data[r * cols + j] !== 0) k++;
        return k;
      });
    };

    it('gives every unit exactly k non-zero incoming weights, at varying positions', () => {
      for (const dtype of DTYPES) {
        const t = init.sparse_(d.rand([200, 300], { dtype }), { nonzeros: 15, generator: gen(1) });
        expect(nonzerosPerRow(t)).to.deep.equal(new Array(200).fill(15));
        const patterns = new Set<string>();
        const data = t.data;
        for (let r = 0; r < 200; r++) {
          const cols: number[] = [];
          for (let j = 0; j < 300; j++) if (data[r * 300 + j] !== 0) cols.push(j);
          patterns.add(cols.join(','));
        }
        expect(patterns.size).to.equal(200);
        const conv = init.sparse_(d.rand([16, 8, 3, 3], { dtype }), { nonzeros: 72, generator: gen(2) });
        expect(nonzerosPerRow(conv)).to.deep.equal(new Array(16).fill(72));
        expect(nonzerosPerRow(init.sparse_(d.rand([16, 8, 3, 3], { dtype }), { nonzeros: 10, generator: gen(2) }))).to.deep.equal(new Array(16).fill(10));
        expect(nonzerosPerRow(init.sparse_(d.rand([4, 5], { dtype }), { nonzeros: 0 }))).to.deep.equal([0, 0, 0, 0]);
      }
    });

    it('draws the non-zero weights from N(0, std²) (default std 0.01)', () => {
      for (const dtype of DTYPES) {
        for (const std of [undefined, 0.5]) {
          const t = init.sparse_(d.zeros([2000, 400], { dtype }), { nonzeros: 100, std, generator: gen(9) });
          const nonzero = Array.from(t.data).filter((v) => v !== 0);
          expect(nonzero.length).to.equal(200_000);
          expectLaw(d.tensor(nonzero, { dtype: 'float64' }), normalLaw(0, std ?? 0.01), `sparse_ std ${std} (${dtype})`);
        }
      }
    });

    it('positions are uniform over the row', () => {
      // Column counts: 2000 rows x 100 of 400 columns: each column is hit Binomial(2000, 1/4).
      const t = init.sparse_(d.zeros([2000, 400], { dtype: 'float64' }), { nonzeros: 100, std: 1, generator: gen(10) });
      const counts = new Array(400).fill(0);
      const data = t.data;
      for (let r = 0; r < 2000; r++) for (let j = 0; j < 400; j++) if (data[r * 400 + j] !== 0) counts[j]++;
      // Each count has mean 500 and variance 2000·(1/4)(3/4)·400/399 (draws without
      // replacement within a row), so Σ (c − 500)²/375 is about χ² with mean 400, sd √800.
      const chi2 = counts.reduce((s, c) => s + (c - 500) ** 2 / 375, 0);
      expect(chi2).to.be.within(400 - 5 * Math.sqrt(800), 400 + 5 * Math.sqrt(800));
    });
  });

  it('linearDefault_ is PyTorch\'s Linear default: weight then bias from U(-1/√fanIn, 1/√fanIn)', () => {
    const w = d.zeros(SHAPE);
    const b = d.zeros([FAN_OUT]);
    expect(init.linearDefault_(w, b, { generator: gen(4) })).to.equal(w);
    const bound = 1 / Math.sqrt(FAN_IN);
    expectLaw(w, sym(bound), 'linearDefault_ weight');
    expect(Math.max(...Array.from(b.data).map(Math.abs))).to.be.at.most(bound);
    // The same stream as the weight's draw followed by the bias's.
    const g = gen(4);
    const w2 = init.uniform_(d.zeros(SHAPE), -bound, bound, { generator: g });
    const b2 = init.uniform_(d.zeros([FAN_OUT]), -bound, bound, { generator: g });
    expect(bitsEqual(w.data, w2.data) && bitsEqual(b.data, b2.data)).to.equal(true);
    // Without a bias.
    const w3 = init.linearDefault_(d.zeros(SHAPE), null, { generator: gen(4) });
    expect(bitsEqual(w3.data, w.data)).to.equal(true);
  });

  describe('bias helpers', () => {
    it('softmaxBias_ gives softmax(b) = frequencies, centred', () => {
      const freq = [0.5, 0.3, 0.15, 0.049, 0.001];
      for (const dtype of DTYPES) {
        const b = init.softmaxBias_(d.zeros([5], { dtype }), freq);
        expectClose(d.softmax(b), freq, dtype === 'float64' ? 1e-12 : 1e-6, 0, `softmax ${dtype}`);
        expect(Math.abs(d.sum(b.to('float64')).item())).to.be.below(dtype === 'float64' ? 1e-12 : 1e-5);
      }
      const fromTensor = init.softmaxBias_(d.zeros([2], { dtype: 'float64' }), d.tensor([0.25, 0.75], { dtype: 'float64' }));
      expectClose(d.softmax(fromTensor), [0.25, 0.75], 1e-14);
    });

    it('sigmoidBias_ gives sigmoid(b) = frequency', () => {
      for (const dtype of DTYPES) {
        for (const p of [0.5, 0.2, 0.999, 1e-4]) {
          const b = init.sigmoidBias_(d.zeros([3], { dtype }), p);
          expectClose(d.sigmoid(b), [p, p, p], dtype === 'float64' ? 1e-12 : 1e-6, 0, `sigmoid ${dtype} ${p}`);
        }
      }
    });

    it('reject frequencies that are not a distribution', () => {
      const b = d.zeros([3]);
      expect(() => init.softmaxBias_(b, [0.5, 0.5])).to.throw(RangeError, /^softmaxBias_: 2 frequencies for a bias of shape \[3\]/);
      expect(() => init.softmaxBias_(b, [0.5, 0.6, -0.1])).to.throw(RangeError, /^softmaxBias_: .*positive/);
      expect(() => init.softmaxBias_(b, [0.5, 0.5, 0])).to.throw(RangeError, /^softmaxBias_: .*positive/);
      expect(() => init.softmaxBias_(b, [0.3, 0.3, 0.3])).to.throw(RangeError, /^softmaxBias_: frequencies must sum to 1/);
      expect(() => init.softmaxBias_(b, [0.2, 0.3, 0.5 + 5e-7])).to.not.throw();
      expect(() => init.sigmoidBias_(b, 0)).to.throw(RangeError, /^sigmoidBias_: frequency must be in \(0, 1\)/);
      expect(() => init.sigmoidBias_(b, 1)).to.throw(RangeError, /^sigmoidBias_/);
    });
  });

  // Every initializer, as (t, generator) → t, on a [rows, cols] = [6, 10] float tensor.
  const ALL: Array<[string, (t: d.Tensor, g: d.RandomGenerator) => d.Tensor]> = [
    ['uniform_', (t, g) => init.uniform_(t, -1, 1, { generator: g })],
    ['normal_', (t, g) => init.normal_(t, 0, 1, { generator: g })],
    ['truncatedNormal_', (t, g) => init.truncatedNormal_(t, 0, 1, -2, 2, { generator: g })],
    ['varianceScaling_', (t, g) => init.varianceScaling_(t, { generator: g })],
    ['glorotUniform_', (t, g) => init.glorotUniform_(t, { generator: g })],
    ['glorotNormal_', (t, g) => init.glorotNormal_(t, { generator: g })],
    ['heUniform_', (t, g) => init.heUniform_(t, { generator: g })],
    ['heNormal_', (t, g) => init.heNormal_(t, { generator: g })],
    ['lecunUniform_', (t, g) => init.lecunUniform_(t, { generator: g })],
    ['lecunNormal_', (t, g) => init.lecunNormal_(t, { generator: g })],
    ['uniformFanIn_', (t, g) => init.uniformFanIn_(t, { generator: g })],
    ['activationInit_', (t, g) => init.activationInit_(t, 'relu', 'normal', { generator: g })],
    ['linearDefault_', (t, g) => init.linearDefault_(t, null, { generator: g })],
    ['orthogonal_', (t, g) => init.orthogonal_(t, { gain: 2, generator: g })],
    ['sparse_', (t, g) => init.sparse_(t, { nonzeros: 4, std: 1, generator: g })],
  ];

  it('every random initializer is reproducible from a seed and differs between seeds', () => {
    const saved = d.getDefaultGenerator().getState();
    for (const dtype of DTYPES) {
      for (const [name, run] of ALL) {
        const a = run(d.zeros([6, 10], { dtype }), gen(21)).data;
        const b = run(d.zeros([6, 10], { dtype }), gen(21)).data;
        const c = run(d.zeros([6, 10], { dtype }), gen(22)).data;
        expect(bitsEqual(a, b), `${name} ${dtype} same seed`).to.equal(true);
        expect(bitsEqual(a, c), `${name} ${dtype} different seeds`).to.equal(false);
        // The default generator, reseeded, replays too.
        d.manualSeed(5);
        const e = run(d.zeros([6, 10], { dtype }), d.getDefaultGenerator()).data;
        d.manualSeed(5);
        const f = run(d.zeros([6, 10], { dtype }), d.getDefaultGenerator()).data;
        expect(bitsEqual(e, f), `${name} ${dtype} manualSeed`).to.equal(true);
      }
    }
    d.manualSeed(11);
    const x = init.glorotNormal_(d.zeros([4, 4])).data;
    d.manualSeed(11);
    expect(bitsEqual(init.glorotNormal_(d.zeros([4, 4])).data, x)).to.equal(true);
    d.getDefaultGenerator().setState(saved);
  });

  it('writes through transposed and sliced views of a leaf that requires grad, bumping its version', () => {
    for (const dtype of DTYPES) {
      for (const [name, run] of ALL) {
        // A transposed view: [10, 6] storage seen as [6, 10].
        const p = d.zeros([10, 6], { dtype }).requiresGrad_();
        const version = p.storage.version;
        const out = run(p.T, gen(31));
        expect(out.shape, name).to.deep.equal([6, 10]);
        expect(p.requiresGrad && p.isLeaf && d.isGradEnabled(), `${name} leaf`).to.equal(true);
        expect(p.storage.version, `${name} version`).to.be.above(version);
        const fresh = run(d.zeros([6, 10], { dtype }), gen(31));
        expect(bitsEqual(p.T.contiguous().data, fresh.data), `${name} ${dtype} transposed view`).to.equal(true);

        // A slice: columns 3..12 of a [6, 16] leaf; the other columns stay 0.
        const q = d.zeros([6, 16], { dtype }).requiresGrad_();
        run(q.narrow(1, 3, 10), gen(31));
        expect(bitsEqual(q.narrow(1, 3, 10).contiguous().data, fresh.data), `${name} ${dtype} slice`).to.equal(true);
        const rest = [...q.narrow(1, 0, 3).contiguous().data, ...q.narrow(1, 13, 3).contiguous().data];
        expect(rest.every((v) => v === 0), `${name} ${dtype} outside the slice`).to.equal(true);
      }
    }
    // The non-random ones too.
    const p = d.zeros([3, 4]).requiresGrad_();
    init.identity_(p.T, { gain: 3 });
    expect(p.toArray()).to.deep.equal([[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0]]);
    init.ones_(p.narrow(1, 3, 1));
    expect(p.toArray()).to.deep.equal([[3, 0, 0, 1], [0, 3, 0, 1], [0, 0, 3, 1]]);
    const b = d.zeros([4]).requiresGrad_();
    init.softmaxBias_(b.narrow(0, 1, 2), [0.5, 0.5]);
    init.sigmoidBias_(b.narrow(0, 3, 1), 0.5);
    init.constantBias_(b.narrow(0, 0, 1));
    expect(Array.from(b.data)).to.deep.equal([Math.fround(0.1), 0, 0, 0]);
    expect(b.requiresGrad).to.equal(true);
  });

  it('empty tensors are left alone', () => {
    for (const [name, run] of ALL) {
      if (name === 'sparse_') continue;
      expect(run(d.zeros([0, 5]), gen(1)).shape, name).to.deep.equal([0, 5]);
    }
    expect(init.sparse_(d.zeros([0, 5]), { nonzeros: 2 }).shape).to.deep.equal([0, 5]);
  });

  it('rejects bad arguments with the function name first', () => {
    const v = d.zeros([5]);
    for (const [name, run] of ALL) {
      if (['uniform_', 'normal_', 'truncatedNormal_'].includes(name)) continue;
      expect(() => run(v, gen(1)), name).to.throw(RangeError, new RegExp(`^${name}: .*(2 (or more )?dimensions).*\\[5\\]`));
      expect(() => run(d.zeros([2, 3], { dtype: 'int32' }), gen(1)), name).to.throw(TypeError, new RegExp(`^${name}: expected a float32 or float64 tensor, got int32`));
    }
    expect(() => init.zeros_(d.zeros([2], { dtype: 'int32' }))).to.throw(TypeError, /^zeros_: expected a float32 or float64/);
    expect(() => init.normal_([1, 2] as never)).to.throw(TypeError, /^normal_: tensor must be a Tensor/);
    const m = d.zeros([4, 6]);
    expect(() => init.sparse_(m, { nonzeros: 7 })).to.throw(RangeError, /^sparse_: nonzeros \(7\) exceeds the fan-in \(6\)/);
    expect(() => init.sparse_(m, { nonzeros: 1.5 })).to.throw(TypeError, /^sparse_: nonzeros must be a non-negative integer/);
    expect(() => init.sparse_(m, {} as never)).to.throw(TypeError, /^sparse_: nonzeros/);
    expect(() => init.sparse_(m, { nonzeros: 2, std: -1 })).to.throw(RangeError, /^sparse_: std/);
    expect(() => init.varianceScaling_(m, { distribution: 'gaussian' as never })).to.throw(RangeError, /^varianceScaling_: distribution must be 'normal', 'truncatedNormal' or 'uniform'/);
    expect(() => init.varianceScaling_(m, { mode: 'fan_in' as never })).to.throw(RangeError, /^varianceScaling_: mode must be/);
    expect(() => init.varianceScaling_(m, { scale: 0 })).to.throw(RangeError, /^varianceScaling_: scale must be > 0/);
    expect(() => init.heNormal_(m, { mode: 'fanAvg' as never })).to.throw(RangeError, /^heNormal_: mode must be 'fanIn' or 'fanOut'/);
    expect(() => init.glorotUniform_(m, { gain: NaN })).to.throw(TypeError, /^glorotUniform_: gain must be a finite number/);
    expect(() => init.glorotUniform_(m, 2 as never)).to.throw(TypeError, /^glorotUniform_: options must be an object/);
    expect(() => init.heUniform_(m, { generator: {} as never })).to.throw(TypeError, /^heUniform_: generator must be a RandomGenerator/);
    expect(() => init.activationInit_(m, 'softplus' as never)).to.throw(RangeError, /^activationInit_: activation must be/);
    expect(() => init.activationInit_(m, 'tanh', 'cauchy' as never)).to.throw(RangeError, /^activationInit_: distribution must be/);
    expect(() => init.uniform_(m, 2, 1)).to.throw(RangeError, /^uniform_: expected a <= b/);
    expect(() => init.normal_(m, 0, -1)).to.throw(RangeError, /^normal_: std must be >= 0/);
    expect(() => init.truncatedNormal_(m, 0, 1, 2, 2)).to.throw(RangeError, /^truncatedNormal_: expected a < b/);
    expect(() => init.truncatedNormal_(m, 0, 0)).to.throw(RangeError, /^truncatedNormal_: std must be > 0/);
    expect(() => init.constant_(m, 'x' as never)).to.throw(TypeError, /^constant_: value must be a number/);
    expect(() => init.uniform_(d.zeros([1, 4]).expand([3, 4]))).to.throw(Error, /^uniform_: cannot initialize an expanded view/);
  });
});
