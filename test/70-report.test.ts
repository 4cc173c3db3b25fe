// d.report: the HTML training report. Charts are Vega-Lite rendered to SVG in Node; the page is
// self-contained (no script, nothing fetched); long per-step series are downsampled by LTTB; and the
// page, opened in headless Chromium, draws every chart. The browser test fails when Chromium is
// missing (Debian package `chromium`) unless DESCENT_SKIP_BROWSER=1.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as d from '../lib';
import { DEFAULT_MAX_POINTS, downsampleSeries, lttbIndices, renderChartSvg, renderComparisonReport, renderRunReport, writeReport } from '../lib/report';
import type { ComparisonRecord, RunRecord, StepRecord } from '../lib/report';

interface BrowserResult<T> {
  value: T;
  stderr: string;
}

/** The helpers of scripts/screenshot-report.js (plain JavaScript, shared with the README screenshot). */
interface ScreenshotScript {
  findChromium(): string | undefined;
  evaluateInPage<T>(htmlPath: string, expression: string, options?: { width?: number; height?: number }): Promise<BrowserResult<T>>;
  screenshotReport(htmlPath: string, pngPath: string, options?: { width?: number }): Promise<{ width: number; height: number }>;
}

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'screenshot-report.js');
const shot = require(SCRIPT) as ScreenshotScript;

/** Deterministic numbers in [0, 1). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface RunShape {
  steps?: number;
  perEpoch?: number;
  lr?: boolean;
  gradNorm?: boolean;
  accuracy?: boolean;
  validation?: boolean;
  /** A loss spike of this height at this step. */
  spikeAt?: number;
}

function syntheticRun(shape: RunShape = {}): RunRecord {
  const n = shape.steps ?? 600;
  const perEpoch = shape.perEpoch ?? 50;
  const rand = uniform(7);
  const steps: StepRecord[] = [];
  for (let t = 1; t <= n; t++) {
    const s: StepRecord = { step: t, epoch: Math.ceil(t / perEpoch), loss: (0.02 + 2.3 * Math.exp(-t / (n / 6))) * (0.8 + 0.4 * rand()) };
    if (shape.spikeAt === t) s.loss = 50;
    if (shape.lr !== false) s.lr = 0.01 * 0.5 * (1 + Math.cos((Math.PI * t) / n));
    if (shape.gradNorm !== false) s.gradNorm = (0.3 + 4 * Math.exp(-t / (n / 4))) * (0.7 + 0.6 * rand());
    steps.push(s);
  }
  const epochs = [];
  for (let e = 1; e <= Math.ceil(n / perEpoch); e++) {
    const own = steps.filter((s) => s.epoch === e);
    const trainLoss = own.reduce((a, s) => a + s.loss, 0) / own.length;
    epochs.push({
      epoch: e,
      trainLoss,
      ...(shape.accuracy !== false ? { trainAccuracy: 1 - 0.9 * Math.exp(-e / 2) } : {}),
      ...(shape.validation !== false ? { valLoss: trainLoss * 1.1 + 0.02 } : {}),
      ...(shape.validation !== false && shape.accuracy !== false ? { valAccuracy: 0.97 - 0.85 * Math.exp(-e / 2) } : {}),
      seconds: 0.1,
    });
  }
  return {
    title: 'Test run <report> & "friends"',
    note: 'Synthetic numbers for a test.',
    model: { summary: 'MLP 64-32-10', layers: ['Linear(64 → 32)', 'ReLU', 'Linear(32 → 10)'], parameters: 2410 },
    optimizer: { name: 'Adam', options: { lr: 0.01, amsgrad: false } },
    data: { name: 'digits', trainSamples: 1257, validationSamples: 270, batchSize: 32 },
    steps,
    epochs,
    final: { testAccuracy: 0.96, samplesPerSecond: 25000, totalSeconds: 1.2, extra: { seed: 42 } },
    environment: { simd: 'avx2', threads: 2 },
  };
}

function syntheticComparison(names = ['SGD', 'Adam', 'RMSprop']): ComparisonRecord {
  return {
    title: 'Optimizers on digits',
    runs: names.map((name, k) => ({
      name,
      options: { lr: 0.01 * (k + 1) },
      epochs: Array.from({ length: 12 }, (_, i) => ({
        epoch: i + 1,
        loss: 2 / (1 + (i + 1) * (k + 1) * 0.4),
        valLoss: 2.2 / (1 + (i + 1) * (k + 1) * 0.3),
        valAccuracy: 0.95 - 0.6 / (i + 2 + k),
        seconds: (i + 1) * (0.2 + 0.1 * k),
      })),
      final: { totalSeconds: 12 * (0.2 + 0.1 * k), testAccuracy: 0.9 + 0.01 * k, samplesPerSecond: 20000 - 3000 * k },
    })),
  };
}

/** The <figure> elements of a report page, by chart id. */
function figures(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<figure class="chart" id="chart-([^"]+)">([\s\S]*?)<\/figure>/g)) out.set(m[1], m[2]);
  return out;
}

/** `d` attributes of the line marks (not axes, not legend symbols) in one SVG. */
function linePaths(svg: string): string[] {
  const out: string[] = [];
  for (const g of svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)) {
    for (const p of g[1].matchAll(/<path\b[^>]*\sd="([^"]*)"/g)) out.push(p[1]);
  }
  return out;
}

/** Vertices of an SVG path made of M/L commands. */
function vertexCount(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

function textsOfRole(svg: string, role: string): string[] {
  const out: string[] = [];
  for (const g of svg.matchAll(new RegExp(`<g class="mark-text role-${role}"[^>]*>([\\s\\S]*?)</g>`, 'g'))) {
    for (const t of g[1].matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)) out.push(t[1]);
  }
  return out;
}

/** Every http(s) address in the page other than the SVG and XLink namespace names (which are never fetched). */
function addresses(html: string): string[] {
  const namespaces = new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']);
  return (html.match(/https?:\/\/[^\s"'<>)]+/g) ?? []).filter((u) => !namespaces.has(u));
}

describe('report: charts', () => {
  it('renderChartSvg draws a Vega-Lite spec to SVG with path marks and axis titles', async () => {
    const warnings: string[] = [];
    const svg = await renderChartSvg(
      {
        data: { values: [{ a: 1, b: 3 }, { a: 2, b: 1 }, { a: 3, b: 2 }] },
        mark: 'line',
        encoding: { x: { field: 'a', type: 'quantitative', title: 'Alpha axis' }, y: { field: 'b', type: 'quantitative', title: 'Beta axis' } },
      },
      { onWarning: (w) => warnings.push(w) },
    );
    expect(svg.startsWith('<svg')).to.equal(true);
    expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
    const paths = linePaths(svg);
    expect(paths).to.have.length(1);
    expect(vertexCount(paths[0])).to.equal(3);
    expect(textsOfRole(svg, 'axis-title')).to.have.members(['Alpha axis', 'Beta axis']);
    expect(warnings).to.deep.equal([]);
  });

  it('renderChartSvg refuses data by URL and non-object specs', async () => {
    let error: unknown;
    try {
      await renderChartSvg({ data: { url: 'https://example.invalid/data.csv' }, mark: 'line', encoding: { x: { field: 'a', type: 'quantitative' } } });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/inline data only/);
    let typeError: unknown;
    try {
      await renderChartSvg(null as unknown as object);
    } catch (e) {
      typeError = e;
    }
    expect(typeError).to.be.instanceOf(TypeError);
  });

  it('is exported as d.report', () => {
    expect(d.report.renderRunReport).to.equal(renderRunReport);
    expect(d.report.renderComparisonReport).to.equal(renderComparisonReport);
    expect(d.report.writeReport).to.equal(writeReport);
    expect(d.report.renderChartSvg).to.equal(renderChartSvg);
  });
});

describe('report: downsampling (LTTB)', () => {
  it('keeps every point of a short series', () => {
    expect(lttbIndices([1, 2, 3, 4], [4, 3, 2, 1], 10)).to.deep.equal([0, 1, 2, 3]);
  });

  it('keeps at most the threshold, the first and last points, increasing, and the spikes', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const rand = uniform(3);
    const y = x.map((i) => Math.exp(-i / 20000) + 0.01 * rand());
    y[31_337] = 10; // a spike: every-k-th-point sampling would lose it
    y[77_777] = -5;
    const idx = lttbIndices(x, y, 2000);
    expect(idx.length).to.equal(2000);
    expect(idx[0]).to.equal(0);
    expect(idx[idx.length - 1]).to.equal(n - 1);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).to.be.greaterThan(idx[i - 1]);
    expect(idx).to.include(31_337);
    expect(idx).to.include(77_777);
  });

  it('downsampleSeries returns the chosen points and rejects a bad threshold', () => {
    const pts = Array.from({ length: 50 }, (_, i) => ({ t: i, v: i % 7 }));
    const kept = downsampleSeries(pts, (p) => p.t, (p) => p.v, 10);
    expect(kept).to.have.length(10);
    expect(kept[0]).to.equal(pts[0]);
    expect(kept[9]).to.equal(pts[49]);
    expect(() => lttbIndices([1, 2], [1, 2], 2)).to.throw(RangeError, /threshold/);
    expect(() => lttbIndices([1, 2], [1], 5)).to.throw(RangeError, /x has 2 values/);
    expect(DEFAULT_MAX_POINTS).to.equal(2000);
  });
});

describe('report: run report', () => {
  let html: string;
  const warnings: string[] = [];
  before(async () => {
    html = await renderRunReport(syntheticRun(), { onWarning: (w) => warnings.push(w) });
  });

  it('has one SVG per chart, each with drawn line paths', () => {
    const figs = figures(html);
    expect([...figs.keys()]).to.deep.equal(['loss-step', 'loss-epoch', 'accuracy-epoch', 'lr-step', 'grad-norm-step']);
    expect((html.match(/<svg\b/g) ?? []).length).to.equal(5);
    for (const [id, fig] of figs) {
      expect((fig.match(/<svg\b/g) ?? []).length, id).to.equal(1);
      const paths = linePaths(fig);
      expect(paths.length, id).to.be.greaterThan(0);
      for (const p of paths) expect(vertexCount(p), id).to.be.greaterThan(2);
    }
    expect(linePaths(figs.get('loss-step') ?? '')).to.have.length(2); // mini-batch loss and its moving average
    expect(linePaths(figs.get('loss-epoch') ?? '')).to.have.length(2); // training and validation
    expect(warnings).to.deep.equal([]);
  });

  it('titles the axes and names the series in legends', () => {
    const figs = figures(html);
    const axisTitles = (id: string): string[] => textsOfRole(figs.get(id) ?? '', 'axis-title');
    expect(axisTitles('loss-step')).to.have.members(['Step', 'Loss']);
    expect(axisTitles('loss-epoch')).to.have.members(['Epoch', 'Loss']);
    expect(axisTitles('accuracy-epoch')).to.have.members(['Epoch', 'Accuracy']);
    expect(axisTitles('lr-step')).to.have.members(['Step', 'Learning rate']);
    expect(axisTitles('grad-norm-step')).to.have.members(['Step', 'Gradient L2 norm']);
    expect(textsOfRole(figs.get('loss-epoch') ?? '', 'legend-label')).to.deep.equal(['Training', 'Validation']);
    expect(textsOfRole(figs.get('accuracy-epoch') ?? '', 'legend-label')).to.deep.equal(['Training', 'Validation']);
    const stepLegend = textsOfRole(figs.get('loss-step') ?? '', 'legend-label');
    expect(stepLegend[0]).to.equal('Mini-batch loss');
    expect(stepLegend[1]).to.match(/^Moving average/);
    expect(figs.get('grad-norm-step')).to.match(/<figcaption>[^<]*log scale/i);
  });

  it('is self-contained: no script, no stylesheet link, nothing to fetch, a policy that forbids fetching', () => {
    expect(html).to.not.match(/<script\b/i);
    expect(html).to.not.match(/<link\b/i);
    expect(html).to.not.match(/<(img|iframe|object|embed|image|use)\b[^>]*\s(src|href|xlink:href)="(?!#)/i);
    expect(html).to.not.match(/@import|@font-face/i);
    expect(addresses(html)).to.deep.equal([]);
    expect(html).to.match(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
  });

  it('escapes text, gives element ids once, and summarizes the run', () => {
    expect(html).to.include('<title>Test run &lt;report&gt; &amp; &quot;friends&quot;</title>');
    expect(html).to.not.include('<report>');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).to.be.greaterThan(5);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).to.include(m[1]);
    for (const row of ['MLP 64-32-10', '2,410', 'Adam', 'lr=0.01, amsgrad=false', '96.00 %', '25,000', '1.20 s', 'seed']) expect(html).to.include(row);
    expect(html).to.include('Synthetic numbers for a test.');
    expect(html).to.match(/<details class="epochs"><summary>Per-epoch values \(12\)<\/summary>/);
  });

  it('leaves out charts without data and says so', async () => {
    const page = await renderRunReport(syntheticRun({ lr: false, gradNorm: false, accuracy: false, validation: false }));
    const figs = figures(page);
    expect([...figs.keys()]).to.deep.equal(['loss-step', 'loss-epoch']);
    expect(linePaths(figs.get('loss-epoch') ?? '')).to.have.length(1);
    expect(page).to.include('The learning rate was not recorded per step.');
    expect(page).to.include('The gradient norm was not recorded per step.');
    expect(page).to.include('Accuracy was not recorded.');
  });

  it('chooses a log loss axis when the loss spans 100x, unless told otherwise', async () => {
    const wide = syntheticRun({ steps: 200, spikeAt: 5 }); // 50 down to ~0.02
    const auto = figures(await renderRunReport(wide));
    expect(auto.get('loss-step')).to.match(/<figcaption>[^<]*log scale/i);
    const linear = figures(await renderRunReport(wide, { logScale: false }));
    expect(linear.get('loss-step')).to.not.match(/log scale/i);
    const narrow = syntheticRun({ steps: 200 });
    for (const s of narrow.steps) s.loss = 1 + s.loss / 10;
    expect(figures(await renderRunReport(narrow)).get('loss-step')).to.not.match(/log scale/i);
  });

  it('downsamples long runs to at most 2,000 points per line, keeping spikes, and says so', async () => {
    const n = 30_000;
    const record = syntheticRun({ steps: n, perEpoch: 1000, spikeAt: 12_345 });
    const page = await renderRunReport(record);
    const figs = figures(page);
    for (const id of ['loss-step', 'lr-step', 'grad-norm-step']) {
      const paths = linePaths(figs.get(id) ?? '');
      expect(paths.length, id).to.be.greaterThan(0);
      for (const p of paths) {
        expect(vertexCount(p), id).to.be.at.most(DEFAULT_MAX_POINTS);
        expect(vertexCount(p), id).to.be.at.least(DEFAULT_MAX_POINTS - 10);
      }
    }
    expect(figs.get('loss-step')).to.include(`2,000 of 30,000 points per line drawn (Largest-Triangle-Three-Buckets downsampling)`);
    expect(figs.get('lr-step')).to.include(`2,000 of 30,000 points drawn`);
    // The spike at step 12,345 survives: the mini-batch line has one point far above all others.
    const gaps = linePaths(figs.get('loss-step') ?? '').map((p) => {
      const ys = [...p.matchAll(/[ML][\d.e-]+,([\d.e-]+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
      return ys[1] - ys[0];
    });
    expect(Math.max(...gaps)).to.be.greaterThan(20);
    // A smaller cap is honoured, and the summary still counts every step.
    const small = figures(await renderRunReport(record, { maxPoints: 300 }));
    for (const p of linePaths(small.get('grad-norm-step') ?? '')) expect(vertexCount(p)).to.be.at.most(300);
    expect(page).to.include('30,000');
  });

  it('draws a non-finite loss as a gap and counts it', async () => {
    const record = syntheticRun({ steps: 100 });
    record.steps[60].loss = NaN;
    record.steps[61].loss = Infinity;
    const page = await renderRunReport(record);
    expect(figures(page).get('loss-step')).to.include('2 non-finite losses not drawn (first at step 61)');
  });

  it('rejects records it cannot draw', async () => {
    const attempt = async (r: unknown): Promise<unknown> => {
      try {
        await renderRunReport(r as RunRecord);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(await attempt(null)).to.be.instanceOf(TypeError);
    expect(await attempt({ ...syntheticRun(), steps: 'x' })).to.be.instanceOf(TypeError);
    expect(String(await attempt({ ...syntheticRun(), steps: [], epochs: [] }))).to.match(/no steps and no epochs/);
    let bad: unknown;
    try {
      await renderRunReport(syntheticRun(), { smoothing: 1 });
    } catch (e) {
      bad = e;
    }
    expect(String(bad)).to.match(/^RangeError: renderRunReport: smoothing must be in \[0, 1\), got 1/);
  });
});

describe('report: comparison report', () => {
  let html: string;
  before(async () => {
    html = await renderComparisonReport(syntheticComparison());
  });

  it('draws loss against epochs and against wall time, one line per optimizer, with a legend', () => {
    const figs = figures(html);
    expect([...figs.keys()]).to.deep.equal(['loss-epoch', 'loss-time', 'val-loss-epoch', 'val-accuracy-epoch']);
    for (const [id, fig] of figs) {
      const paths = linePaths(fig);
      expect(paths, id).to.have.length(3);
      for (const p of paths) expect(vertexCount(p), id).to.equal(12);
      expect(textsOfRole(fig, 'legend-label'), id).to.deep.equal(['SGD', 'Adam', 'RMSprop']);
      expect(textsOfRole(fig, 'legend-title'), id).to.deep.equal(['Optimizer']);
    }
    expect(textsOfRole(figs.get('loss-epoch') ?? '', 'axis-title')).to.have.members(['Epoch', 'Training loss']);
    expect(textsOfRole(figs.get('loss-time') ?? '', 'axis-title')).to.have.members(['Wall time (s)', 'Training loss']);
    expect(addresses(html)).to.deep.equal([]);
    expect(html).to.not.match(/<script\b/i);
  });

  it('tabulates each run', () => {
    expect(html).to.match(/<th scope="row">SGD<\/th>/);
    expect(html).to.include('lr=0.03');
    expect(html).to.include('92.00 %');
    expect(html).to.include('14,000');
  });

  it('rejects an empty comparison and duplicate names', async () => {
    const attempt = async (r: ComparisonRecord): Promise<string> => {
      try {
        await renderComparisonReport(r);
      } catch (e) {
        return String(e);
      }
      return '';
    };
    expect(await attempt({ title: 'x', runs: [] })).to.match(/non-empty/);
    expect(await attempt(syntheticComparison(['Adam', 'Adam']))).to.match(/two runs are named 'Adam'/);
  });
});

describe('report: writeReport', () => {
  it('writes atomically (temporary file and rename), creating the directory and replacing a previous page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-report-'));
    try {
      const file = path.join(dir, 'sub', 'report.html');
      await writeReport(file, '<p>one</p>');
      expect(fs.readFileSync(file, 'utf8')).to.equal('<p>one</p>');
      await writeReport(file, '<p>two</p>');
      expect(fs.readFileSync(file, 'utf8')).to.equal('<p>two</p>');
      expect(fs.readdirSync(path.join(dir, 'sub'))).to.deep.equal(['report.html']);
      let error: unknown;
      try {
        await writeReport(path.join(dir, 'sub', 'report.html', 'nested.html'), 'x');
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(Error);
      expect(fs.readdirSync(path.join(dir, 'sub'))).to.deep.equal(['report.html']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface DrawnFigure {
  id: string;
  width: number;
  height: number;
  lines: Array<{ d: number; width: number; height: number }>;
  axisTitles: string[];
  legend: string[];
}

interface DrawnPage {
  figures: DrawnFigure[];
  resources: number;
  scripts: number;
}

// Run in the page after parsing: what the browser actually laid out and drew.
const MEASURE = `(function () {
  var figs = Array.prototype.map.call(document.querySelectorAll('figure.chart'), function (f) {
    var svg = f.querySelector('svg');
    var box = svg.getBoundingClientRect();
    var lines = Array.prototype.map.call(svg.querySelectorAll('g.mark-line path'), function (p) {
      var b = p.getBBox();
      return { d: (p.getAttribute('d') || '').length, width: b.width, height: b.height };
    });
    var texts = function (sel) { return Array.prototype.map.call(svg.querySelectorAll(sel + ' text'), function (t) { return t.textContent; }); };
    return { id: f.id, width: box.width, height: box.height, lines: lines, axisTitles: texts('g.role-axis-title'), legend: texts('g.role-legend-label') };
  });
  return { figures: figs, resources: performance.getEntriesByType('resource').length, scripts: document.scripts.length };
})()`;

describe('report: in a browser (headless Chromium)', function () {
  const chromium = shot.findChromium();
  let dir: string;

  before(function () {
    if (chromium === undefined) {
      if (process.env.DESCENT_SKIP_BROWSER === '1') this.skip();
      throw new Error('Chromium not found: install the Debian package chromium (apt-get install -y chromium, binary /usr/bin/chromium), set DESCENT_CHROMIUM to a binary, or set DESCENT_SKIP_BROWSER=1 to skip the browser tests');
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-report-browser-'));
  });

  after(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function drawn(file: string, html: string): Promise<BrowserResult<DrawnPage>> {
    await writeReport(file, html);
    return shot.evaluateInPage<DrawnPage>(file, MEASURE);
  }

  it('draws every chart of a run report: sized SVGs with non-empty line paths, axis titles, legends; fetches nothing', async () => {
    const { value, stderr } = await drawn(path.join(dir, 'run.html'), await renderRunReport(syntheticRun({ steps: 5000, perEpoch: 250 })));
    expect(value.figures.map((f) => f.id)).to.deep.equal(['chart-loss-step', 'chart-loss-epoch', 'chart-accuracy-epoch', 'chart-lr-step', 'chart-grad-norm-step']);
    for (const f of value.figures) {
      expect(f.width, f.id).to.be.greaterThan(300);
      expect(f.height, f.id).to.be.greaterThan(150);
      expect(f.lines.length, f.id).to.be.greaterThan(0);
      for (const l of f.lines) {
        expect(l.d, f.id).to.be.greaterThan(10);
        expect(l.width, f.id).to.be.greaterThan(100);
      }
      expect(f.axisTitles.length, f.id).to.equal(2);
    }
    expect(value.figures[1].legend).to.deep.equal(['Training', 'Validation']);
    expect(value.resources).to.equal(0);
    expect(value.scripts).to.equal(1); // only the measuring script injected into the test copy
    expect(stderr).to.not.match(/Refused to|Content Security Policy/i);
  });

  it('draws the comparison charts with one line per optimizer', async () => {
    const { value, stderr } = await drawn(path.join(dir, 'compare.html'), await renderComparisonReport(syntheticComparison()));
    expect(value.figures.length).to.equal(4);
    for (const f of value.figures) {
      expect(f.lines.length, f.id).to.equal(3);
      for (const l of f.lines) expect(l.width, f.id).to.be.greaterThan(100);
      expect(f.legend, f.id).to.deep.equal(['SGD', 'Adam', 'RMSprop']);
    }
    expect(value.resources).to.equal(0);
    expect(stderr).to.not.match(/Refused to|Content Security Policy/i);
  });

  it('(control: a page that tries to fetch is blocked by its policy and caught by these checks)', async () => {
    const page = (await renderRunReport(syntheticRun({ steps: 100 }))).replace('</main>', '<img src="http://127.0.0.1:9/pixel.png" alt=""></main>');
    const { value, stderr } = await drawn(path.join(dir, 'fetching.html'), page);
    expect(stderr).to.match(/Content Security Policy/i);
    expect(value.resources).to.be.greaterThan(0);
  });

  it('takes a full-page screenshot with scripts/screenshot-report.js', async () => {
    const file = path.join(dir, 'shot.html');
    await writeReport(file, await renderRunReport(syntheticRun()));
    const png = path.join(dir, 'shot.png');
    const size = await shot.screenshotReport(file, png, { width: 1100 });
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(0, 8).toString('hex')).to.equal('89504e470d0a1a0a');
    expect(bytes.readUInt32BE(16)).to.equal(1100); // IHDR width
    expect(bytes.readUInt32BE(20)).to.equal(size.height);
    expect(size.height).to.be.greaterThan(1200); // the whole page, not one window
  });
});
