// The `descent` command, run as users run it: `node dist/lib/cli/main.js ...` in a child process
// (and `npm start` once). Help texts; usage errors exit 2 with one line on stderr and no stack
// trace; train writes a checkpoint that loads into the same architecture and a report; compare
// writes a comparison report; the embedded-data defaults reach 95% test accuracy for seeds 0-4.
import { expect } from 'chai';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as d from '../lib';
import { benchScript } from '../lib/cli/bench';
import { prepareData } from '../lib/cli/data';
import { Architecture, moduleTree } from '../lib/cli/model';
import { OPTIMIZER_NAMES, optimizerSpec } from '../lib/cli/optimizers';
import { generatorsFor } from '../lib/cli/session';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'lib', 'cli', 'main.js');

function run(args: string[], opts: { cwd?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [MAIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
    env: { ...process.env, DESCENT_NUM_THREADS: '2', DESCENT_DEBUG: '' },
  });
}

/** The run failed as a usage error: exit 2, one line on stderr naming the command, no stack. */
function expectUsageError(r: SpawnSyncReturns<string>, pattern: RegExp): void {
  expect(r.status, `exit code; stderr: ${r.stderr}`).to.equal(2);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, r.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^descent( train| compare| bench)?: /);
  expect(lines[0]).to.match(pattern);
  expect(r.stderr).not.to.match(/\n\s+at /);
  expect(r.stderr).not.to.match(/Error:/);
}

/** The test accuracy in percent from the final table. */
function testAccuracy(stdout: string): number {
  const m = /^test\s+\d+\s+[\d.]+\s+([\d.]+)%$/m.exec(stdout);
  if (m === null) throw new Error(`no test row in:\n${stdout}`);
  return Number(m[1]);
}

describe('75 command line (descent)', function () {
  let tmp: string;

  before(function () {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build:ts`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-cli-'));
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('help', function () {
    it('descent --help lists the commands and exits 0', function () {
      const r = run(['--help']);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/Usage: descent/);
      for (const c of ['train', 'compare', 'bench']) expect(r.stdout).to.match(new RegExp(`^\\s+${c}\\b`, 'm'));
      expect(r.stderr).to.equal('');
    });

    it('descent train --help lists the data, model, optimizer and output options and every optimizer', function () {
      const r = run(['train', '--help']);
      expect(r.status).to.equal(0);
      for (const flag of ['--data', '--label-column', '--layers', '--activation', '--batch-norm', '--dropout', '--init', '--optimizer', '--lr',
        '--momentum', '--weight-decay', '--betas', '--schedule', '--epochs', '--batch-size', '--validation-split', '--seed', '--threads', '--out']) {
        expect(r.stdout, flag).to.include(flag);
      }
      for (const name of ['sgd', 'nesterov', 'adam', 'adamw', 'rmsprop', 'lbfgs', 'cg', 'newton', 'hessian-free']) {
        expect(r.stdout).to.match(new RegExp(`^\\s+${name}\\s+`, 'm'));
      }
    });

    it('descent compare --help and descent bench --help', function () {
      const c = run(['compare', '--help']);
      expect(c.status).to.equal(0);
      expect(c.stdout).to.include('--optimizers');
      expect(c.stdout).to.include('sgd,momentum,nesterov,adagrad,rmsprop,adam,lbfgs');
      const b = run(['bench', '--help']);
      expect(b.status).to.equal(0);
      expect(b.stdout).to.include('--only');
      expect(b.stdout).to.include('checkout');
    });

    it('descent --version prints the package version', function () {
      const r = run(['--version']);
      expect(r.status).to.equal(0);
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(r.stdout.trim()).to.equal(pkg.version);
    });
  });

  describe('the optimizer table', function () {
    it('takes every default from the optimizer classes but for its named overrides', function () {
      const overridden: string[] = [];
      for (const name of OPTIMIZER_NAMES) {
        const spec = optimizerSpec(name);
        const opt = spec.create([d.zeros([2]).requiresGrad_()], spec.defaults);
        const library = (opt.constructor as unknown as { defaults: Record<string, unknown> }).defaults;
        for (const [key, value] of Object.entries(spec.defaults)) {
          const option = name === 'lbfgs' && key === 'lineSearch' ? 'lineSearchFn' : key;
          if (JSON.stringify(value) !== JSON.stringify(library[option])) overridden.push(`${name} ${key}`);
        }
      }
      expect(overridden).to.deep.equal([
        'sgd lr', 'momentum lr', 'momentum momentum', 'nesterov lr', 'nesterov momentum', 'rmsprop lr',
        'lbfgs historySize', 'lbfgs lineSearch', 'newton damping', 'hessian-free curvature',
      ]);
    });
  });

  describe('usage errors: exit 2, one line, no stack trace', function () {
    const cases: Array<[string, string[], RegExp]> = [
      ['an unknown option', ['train', '--bogus'], /unknown option '--bogus'/],
      ['a misspelt option (with a suggestion)', ['train', '--epoch', '3'], /Did you mean --epochs\?/],
      ['a bad number', ['train', '--epochs', 'x'], /--epochs <n>.*'x' is invalid/],
      ['a negative count', ['train', '--batch-size', '-4'], /--batch-size/],
      ['a fraction out of range', ['train', '--validation-split', '1'], /\[0, 1\)/],
      ['bad layer sizes', ['train', '--layers', '64,x'], /comma-separated positive integers/],
      ['an unknown choice', ['train', '--optimizer', 'sgdd'], /Allowed choices are sgd/],
      ['an option the optimizer does not take', ['train', '--optimizer', 'adam', '--momentum', '0.9'], /--momentum does not apply to adam/],
      ['a model too large for BFGS', ['train', '--optimizer', 'bfgs'], /bfgs handles at most 5000 parameters/],
      ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
      ['an extra argument', ['train', 'now'], /too many arguments/],
      ['an unknown optimizer in a list', ['compare', '--optimizers', 'sgd,foo'], /unknown optimizer 'foo'/],
      ['a bad setting in a list', ['compare', '--optimizers', 'adam:lr=fast'], /lr in 'adam:lr=fast'/],
      ['a bad thread list', ['bench', '--threads', '0'], /--threads/],
      ['--label-column without a CSV', ['train', '--label-column', 'y'], /--label-column needs --data/],
    ];
    for (const [what, args, pattern] of cases) {
      it(what, function () {
        expectUsageError(run([...args, '--out', path.join(tmp, 'unused')]), pattern);
      });
    }

    it('descent with no command prints the help on stderr and exits 2', function () {
      const r = run([]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(/Usage: descent/);
      expect(r.stderr).not.to.match(/\n\s+at /);
    });

    it('a missing data path', function () {
      expectUsageError(run(['train', '--data', path.join(tmp, 'nope.csv')]), /--data: no such file or folder: .*nope\.csv/);
    });

    it('an unreadable CSV file', function () {
      const file = path.join(tmp, 'ragged.csv');
      fs.writeFileSync(file, 'a,b,label\n1,2,0\n3,4\n5,6,1\n');
      expectUsageError(run(['train', '--data', file, '--epochs', '1']), /ragged\.csv: line 3: 2 fields, expected 3/);
    });

    it('a folder without IDX files', function () {
      const dir = fs.mkdtempSync(path.join(tmp, 'empty-'));
      expectUsageError(run(['train', '--data', dir]), /train-images-idx3-ubyte/);
    });

    it('an output folder that cannot be created', function () {
      const file = path.join(tmp, 'a-file');
      fs.writeFileSync(file, '');
      expectUsageError(run(['train', '--out', path.join(file, 'sub')]), /--out: cannot create the folder/);
    });

    it('bench outside a checkout says the benchmarks need one', function () {
      const fake = fs.mkdtempSync(path.join(tmp, 'installed-'));
      expect(() => benchScript(fake)).to.throw(/need a checkout of the descent repository/);
      expect(benchScript(ROOT)).to.equal(path.join(ROOT, 'dist', 'bench', 'run.js'));
    });
  });

  describe('descent train', function () {
    it('trains 2 epochs on the embedded data, prints the table, writes a checkpoint that loads into the same architecture and a report', async function () {
      const out = path.join(tmp, 'train');
      const r = run(['train', '--epochs', '2', '--out', out, '--seed', '3']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('');
      expect(r.stdout).to.match(/^Epoch 1\/2 - /m);
      expect(r.stdout).to.match(/^Epoch 2\/2 - .*val_accuracy/m);
      for (const row of ['train', 'validation', 'test']) expect(r.stdout).to.match(new RegExp(`^${row}\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+%$`, 'm'));
      expect(r.stdout).to.match(/samples\/s/);
      const checkpoint = path.join(out, 'model.safetensors');
      const report = path.join(out, 'report.html');
      expect(r.stdout).to.include(`checkpoint: ${checkpoint}`);
      expect(r.stdout).to.include(report);
      const html = fs.readFileSync(report, 'utf8');
      expect(html).to.include('<svg');
      expect(html).to.include('MLP 64-256-128-10');

      // The architecture, rebuilt by hand, takes the checkpoint strictly.
      const model = new d.nn.Sequential(new d.nn.Linear(64, 256), new d.nn.ReLU(), new d.nn.Linear(256, 128), new d.nn.ReLU(), new d.nn.Linear(128, 10));
      const loaded = await d.load(checkpoint, { model });
      expect(loaded.missingKeys).to.deep.equal([]);
      const meta = loaded.meta as { architecture: Architecture; classes: string[]; testAccuracy: number; standardizer: { mean: d.Tensor; std: d.Tensor } };
      expect(meta.architecture).to.deep.equal({ inputs: 64, hidden: [256, 128], outputs: 10, activation: 'relu', batchNorm: false, dropout: 0 });
      expect(meta.classes).to.have.length(10);
      expect(loaded.epoch).to.equal(2);

      // The loaded model scores the printed test accuracy on the same held-out examples.
      const data = prepareData({ testSplit: 0.2, validationSplit: 0.1 }, generatorsFor(3).validationSplit);
      expect(Array.from(meta.standardizer.mean.data)).to.deep.equal(Array.from(data.standardizer!.mean.data));
      const logs = await d.train.evaluate(model, data.test, { metrics: ['accuracy'], batchSize: 1000 });
      expect(logs.accuracy).to.equal(meta.testAccuracy);
      expect(testAccuracy(r.stdout)).to.be.closeTo(100 * meta.testAccuracy, 0.006);

      // The helper that rebuilds from the stored architecture gives the same keys.
      const rebuilt = moduleTree(meta.architecture, new d.RandomGenerator(0));
      expect(Object.keys(rebuilt.stateDict())).to.deep.equal(Object.keys(model.stateDict()));
    });

    it('trains with batch norm and dropout; the checkpoint loads into the rebuilt architecture', async function () {
      const out = path.join(tmp, 'bn');
      const r = run(['train', '--epochs', '1', '--batch-norm', '--dropout', '0.2', '--layers', '32', '--out', out, '--progress', 'none']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('');
      const loaded = await d.load(path.join(out, 'model.safetensors'));
      const arch = (loaded.meta as { architecture: Architecture }).architecture;
      expect(arch).to.deep.include({ hidden: [32], batchNorm: true, dropout: 0.2 });
      const model = moduleTree(arch, new d.RandomGenerator(0));
      await d.load(path.join(out, 'model.safetensors'), { model });
      expect(Object.keys(model.stateDict())).to.include('1.running_mean');
    });

    it('trains on a CSV file with a named label column', function () {
      const file = path.join(tmp, 'blobs.csv');
      const lines = ['x1,x2,kind'];
      const names = ['north', 'south', 'east'];
      const g = d.randn([300, 2], { generator: new d.RandomGenerator(5) }).data;
      for (let i = 0; i < 300; i++) {
        const c = i % 3;
        lines.push(`${(3 * Math.cos(2 * c) + g[2 * i]).toFixed(4)},${(3 * Math.sin(2 * c) + g[2 * i + 1]).toFixed(4)},${names[c]}`);
      }
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      const r = run(['train', '--data', file, '--label-column', 'kind', '--layers', '16', '--epochs', '20', '--batch-size', '32', '--out', path.join(tmp, 'csv'), '--progress', 'none']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/blobs\.csv \(CSV\): 216 training, 24 validation, 60 test examples .* 2 features, 3 classes/);
      expect(testAccuracy(r.stdout)).to.be.at.least(90);
    });

    it('trains on an IDX folder, using its t10k files as the test set', function () {
      const dir = fs.mkdtempSync(path.join(tmp, 'idx-'));
      const g = new d.RandomGenerator(11);
      for (const [prefix, n] of [['train', 120], ['t10k', 40]] as const) {
        const labels = d.randint(0, 10, [n], { generator: g });
        // Class c lights up row c of the 28x28 image: separable at a glance.
        const images = new Int32Array(n * 784);
        const ys = labels.data as Int32Array;
        for (let i = 0; i < n; i++) for (let j = 0; j < 28; j++) images[i * 784 + ys[i] * 28 + j] = 255;
        d.data.saveIdx(path.join(dir, `${prefix}-images-idx3-ubyte`), d.fromArray(images, [n, 28, 28]), { type: 'ubyte' });
        d.data.saveIdx(path.join(dir, `${prefix}-labels-idx1-ubyte`), labels, { type: 'ubyte' });
      }
      const r = run(['train', '--data', dir, '--layers', '16', '--epochs', '3', '--batch-size', '16', '--out', path.join(tmp, 'idx-out'), '--progress', 'none']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/MNIST \(IDX, .*\): \d+ training, \d+ validation, 40 test examples \(the data set's own test files\); 784 features, 10 classes/);
    });

    it('trains with the full-batch methods, including those that differentiate the loss themselves', function () {
      for (const args of [['--optimizer', 'lbfgs', '--epochs', '2'], ['--optimizer', 'hessian-free', '--epochs', '2', '--layers', '16'], ['--optimizer', 'newton', '--epochs', '1', '--layers', '4']]) {
        const r = run(['train', ...args, '--out', path.join(tmp, `fb-${args[1]}`), '--progress', 'lines']);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).to.equal(0);
        expect(r.stdout).to.match(/batch 1295;/);
        expect(r.stdout).to.match(/schedule: constant/);
        expect(r.stdout).to.match(/^Epoch 1\/\d - /m);
        expect(fs.existsSync(path.join(tmp, `fb-${args[1]}`, 'report.html'))).to.equal(true);
      }
    });
  });

  describe('null settings from the command line', function () {
    it('--line-search none runs L-BFGS with the fixed step (null reaches the optimizer)', function () {
      const out = path.join(tmp, 'lbfgs-none');
      const r = run(['train', '--optimizer', 'lbfgs', '--line-search', 'none', '--epochs', '1', '--out', out, '--progress', 'none']);
      expect(r.status, r.stderr).to.equal(0);
      const record = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { optimizer: { options: Record<string, unknown> } };
      expect(record.optimizer.options.lineSearch).to.equal(null);
    });
  });

  describe('descent compare', function () {
    it('compares sgd and adam for 1 epoch from the same initial weights and writes the comparison report', function () {
      const out = path.join(tmp, 'compare');
      const r = run(['compare', '--optimizers', 'sgd,adam:lr=0.003', '--epochs', '1', '--out', out, '--progress', 'none']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^optimizer\s+train loss\s+val accuracy\s+test accuracy\s+time\s+samples\/s$/m);
      expect(r.stdout).to.match(/^SGD\s+[\d.]+\s+[\d.]+%\s+[\d.]+%/m);
      expect(r.stdout).to.match(/^Adam \(lr 0\.003\)\s+[\d.]+/m);
      const html = fs.readFileSync(path.join(out, 'comparison.html'), 'utf8');
      expect(html).to.include('SGD');
      expect(html).to.include('Adam (lr 0.003)');
      expect(html).to.include('<svg');
      const record = JSON.parse(fs.readFileSync(path.join(out, 'comparison.json'), 'utf8')) as d.report.ComparisonRecord;
      expect(record.runs.map((x) => x.name)).to.deep.equal(['SGD', 'Adam (lr 0.003)']);
      // Epoch 0 is the initial weights' loss: the same for both runs.
      expect(record.runs[0].epochs[0].loss).to.equal(record.runs[1].epochs[0].loss);
      expect(record.runs[0].epochs).to.have.length(2);
    });
  });

  describe('done when: npm start reaches 95% held-out accuracy on the embedded data', function () {
    it('npm start (descent train with every default) shows progress, writes the report and scores >= 95% on the test split', function () {
      const out = path.join(tmp, 'npm-start');
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const r = spawnSync(npm, ['start', '--silent', '--', '--out', out], {
        cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, DESCENT_NUM_THREADS: '2' },
      });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^Epoch 30\/30 - /m);
      expect(testAccuracy(r.stdout)).to.be.at.least(95);
      expect(fs.existsSync(path.join(out, 'report.html'))).to.equal(true);
      expect(fs.existsSync(path.join(out, 'model.safetensors'))).to.equal(true);
    });

    it('the defaults reach >= 95% for seeds 1 to 4 as well', function () {
      for (const seed of [1, 2, 3, 4]) {
        const r = run(['train', '--seed', String(seed), '--out', path.join(tmp, `seed-${seed}`), '--progress', 'none']);
        expect(r.status, r.stderr).to.equal(0);
        expect(testAccuracy(r.stdout), `seed ${seed}`).to.be.at.least(95);
      }
    });
  });
});
