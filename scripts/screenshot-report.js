#!/usr/bin/env node
// Screenshots an HTML training report with headless Chromium (Debian package `chromium`,
// /usr/bin/chromium; another binary through DESCENT_CHROMIUM), full page height, for the README.
//
//   node scripts/screenshot-report.js REPORT.html OUT.png [--width 1280]
//   node scripts/screenshot-report.js --example REPORT.html OUT.png [--width 1280]
//
// --example first writes REPORT.html from a synthetic run record (made-up numbers shaped like an
// MLP trained on the digits data; the page says so), which needs the compiled library
// (`npm run build:ts`). The tests also use the helpers exported here to look at rendered pages.
'use strict';
const { execFile } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const RESULT_ID = 'descent-browser-result';

/** Path of a Chromium binary, or undefined: DESCENT_CHROMIUM, then the usual Debian and PATH names. */
function findChromium() {
  const env = process.env.DESCENT_CHROMIUM;
  if (env) return fs.existsSync(env) ? env : undefined;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const dirs = ['/usr/bin', ...(process.env.PATH || '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // next
      }
    }
  }
  return undefined;
}

/** Runs Chromium headless on a URL with extra flags; resolves { stdout, stderr }. */
function runChromium(url, flags, { width = 1280, height = 900, timeoutMs = 120000 } = {}) {
  const chromium = findChromium();
  if (chromium === undefined) {
    return Promise.reject(new Error('screenshot-report: Chromium not found: install the Debian package chromium (apt-get install -y chromium) or set DESCENT_CHROMIUM'));
  }
  // A private profile per run: two headless instances sharing one would hand the page to each other.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-chromium-'));
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-extensions', '--no-first-run',
    '--hide-scrollbars', '--force-device-scale-factor=1', `--window-size=${width},${height}`,
    `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0',
    ...flags, url,
  ];
  return new Promise((resolve, reject) => {
    execFile(chromium, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      fs.rmSync(profile, { recursive: true, force: true });
      if (err) reject(new Error(`screenshot-report: ${chromium} failed: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * The page with one inline script added before </body>, and that script's SHA-256 added to the
 * page's Content-Security-Policy (which otherwise forbids every script) so that only it may run.
 */
function withInjectedScript(html, source) {
  const hash = crypto.createHash('sha256').update(source, 'utf8').digest('base64');
  let out = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/, (_, a, policy, b) => `${a}${policy}; script-src 'sha256-${hash}'${b}`);
  const tag = `<script>${source}</script>`;
  out = out.includes('</body>') ? out.replace('</body>', `${tag}\n</body>`) : out + tag;
  return out;
}

/**
 * Loads a copy of the page in headless Chromium with a script that evaluates `expression` (a
 * JavaScript expression, run after the page is parsed) and returns its JSON value, along with
 * Chromium's stderr (console messages and Content-Security-Policy violations).
 */
async function evaluateInPage(htmlPath, expression, options = {}) {
  const html = fs.readFileSync(htmlPath, 'utf8');
  const source = `(function(){var r;try{r={ok:true,value:(${expression})}}catch(e){r={ok:false,error:String(e&&e.stack||e)}}` +
    `var p=document.createElement('pre');p.id='${RESULT_ID}';p.textContent=btoa(unescape(encodeURIComponent(JSON.stringify(r))));document.body.appendChild(p);})();`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-page-'));
  const copy = path.join(dir, path.basename(htmlPath));
  try {
    fs.writeFileSync(copy, withInjectedScript(html, source));
    const { stdout, stderr } = await runChromium(pathToFileURL(copy).href, ['--dump-dom'], options);
    const m = new RegExp(`<pre id="${RESULT_ID}">([A-Za-z0-9+/=]*)</pre>`).exec(stdout);
    if (!m) throw new Error(`screenshot-report: the page did not run the measuring script\n${stderr}`);
    const r = JSON.parse(Buffer.from(m[1], 'base64').toString('utf8'));
    if (!r.ok) throw new Error(`screenshot-report: the measuring script failed: ${r.error}`);
    return { value: r.value, stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a PNG of the whole page (the window is made as tall as the page); resolves its size. */
async function screenshotReport(htmlPath, pngPath, { width = 1280 } = {}) {
  const measured = await evaluateInPage(htmlPath, 'Math.ceil(document.documentElement.scrollHeight)', { width });
  const height = Math.max(200, Math.min(Number(measured.value) || 0, 16000));
  const out = path.resolve(pngPath);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await runChromium(pathToFileURL(path.resolve(htmlPath)).href, [`--screenshot=${out}`], { width, height });
  if (!fs.existsSync(out)) throw new Error(`screenshot-report: Chromium wrote no ${out}`);
  return { width, height };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), so the example is the same on every run. */
function uniform(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic RunRecord shaped like Adam training a 64-128-64-10 MLP on the digits data for 40 epochs. */
function exampleRunRecord() {
  const rand = uniform(20240611);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const train = 1257;
  const batch = 32;
  const perEpoch = Math.ceil(train / batch);
  const epochsN = 40;
  const total = perEpoch * epochsN;
  const lr0 = 1e-3;
  const steps = [];
  for (let t = 1; t <= total; t++) {
    const lr = t <= perEpoch ? (lr0 * t) / perEpoch : 0.5 * lr0 * (1 + Math.cos((Math.PI * (t - perEpoch)) / (total - perEpoch)));
    const clean = 0.018 + 2.28 * Math.exp(-t / 95) + 0.12 * Math.exp(-t / 600);
    const spike = t >= 410 && t <= 416 ? 1 + 2.2 * Math.exp(-(t - 410) / 2) : 1;
    const loss = clean * Math.exp(0.28 * normal()) * spike;
    const gradNorm = (0.35 + 3.6 * Math.exp(-t / 260)) * Math.exp(0.22 * normal()) * (spike > 1 ? 1 + 3 * (spike - 1) : 1);
    steps.push({ step: t, epoch: Math.ceil(t / perEpoch), loss, lr, gradNorm });
  }
  const epochs = [];
  let seconds = 0;
  for (let e = 1; e <= epochsN; e++) {
    const own = steps.filter((s) => s.epoch === e);
    const trainLoss = own.reduce((a, s) => a + s.loss, 0) / own.length;
    const tEnd = e * perEpoch;
    const fit = 0.018 + 2.28 * Math.exp(-tEnd / 95) + 0.12 * Math.exp(-tEnd / 600);
    const valLoss = fit + 0.075 + 0.0005 * Math.max(0, e - 18) ** 1.5 + 0.006 * normal();
    const trainAccuracy = Math.min(1, 1 - 0.9 * Math.exp(-e / 1.6) - 0.012 * Math.exp(-e / 12) + 0.002 * normal());
    const valAccuracy = Math.min(0.99, 0.974 - 0.86 * Math.exp(-e / 1.7) - 0.004 * Math.max(0, e - 25) / 15 + 0.004 * normal());
    const sec = 0.115 + 0.01 * rand();
    seconds += sec;
    epochs.push({ epoch: e, trainLoss, trainAccuracy, valLoss, valAccuracy, seconds: sec });
  }
  return {
    title: 'Example report: MLP on the digits data',
    note: 'Example only: every number on this page is synthetic, generated to show the layout of a report; none was measured.',
    model: {
      summary: 'MLP 64-128-64-10 with ReLU',
      layers: ['Linear(64 → 128)', 'ReLU', 'Linear(128 → 64)', 'ReLU', 'Linear(64 → 10)'],
      parameters: 64 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10,
    },
    optimizer: { name: 'Adam', options: { lr: lr0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4, schedule: 'linear warm-up (1 epoch), cosine' } },
    data: { name: 'digits (8x8 grayscale, embedded)', trainSamples: train, validationSamples: 270, testSamples: 270, features: 64, classes: 10, batchSize: batch },
    steps,
    epochs,
    final: { testLoss: epochs[epochs.length - 1].valLoss * 1.04, testAccuracy: 0.9704, samplesPerSecond: (train * epochsN) / seconds, totalSeconds: seconds + 0.3, stopReason: 'completed 40 epochs' },
    environment: { simd: 'avx2', threads: 2, dtype: 'float32' },
  };
}

async function writeExampleReport(htmlPath) {
  let report;
  try {
    report = require(path.resolve(__dirname, '..', 'dist', 'lib', 'report', 'index.js'));
  } catch (e) {
    throw new Error(`screenshot-report: --example needs the compiled library (run npm run build:ts): ${e.message}`);
  }
  const html = await report.renderRunReport(exampleRunRecord());
  await report.writeReport(htmlPath, html);
}

async function main(argv) {
  const args = argv.slice();
  const example = args.includes('--example');
  let width = 1280;
  const w = args.indexOf('--width');
  if (w >= 0) {
    width = Number(args[w + 1]);
    args.splice(w, 2);
  }
  const files = args.filter((a) => a !== '--example');
  if (files.length !== 2 || !Number.isInteger(width) || width < 320) {
    process.stderr.write('usage: node scripts/screenshot-report.js [--example] REPORT.html OUT.png [--width 1280]\n');
    process.exitCode = 2;
    return;
  }
  const [htmlPath, pngPath] = files;
  if (example) await writeExampleReport(htmlPath);
  const size = await screenshotReport(htmlPath, pngPath, { width });
  process.stdout.write(`${pngPath}: ${size.width}x${size.height} screenshot of ${htmlPath}\n`);
}

module.exports = { findChromium, runChromium, withInjectedScript, evaluateInPage, screenshotReport, exampleRunRecord, writeExampleReport };

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
}
