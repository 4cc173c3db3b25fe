// The examples are what README.md shows: they must run and print what it says.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';

const dist = path.resolve(__dirname, '..', 'examples');
function run(name: string): string {
  const out = spawnSync(process.execPath, [path.join(dist, `${name}.js`)], { encoding: 'utf8' });
  expect(out.stderr).to.equal('');
  expect(out.status).to.equal(0);
  return out.stdout;
}

describe('examples', () => {
  it('quickstart runs and its softmax rows sum to one', () => {
    const lines = run('quickstart').trim().split('\n');
    expect(lines[0]).to.equal('1.0000');
    expect(lines[1]).to.match(/^tensor\(\[\d, \d, \d, \d, \d\], dtype=int32\)$/);
    expect(lines[2]).to.equal('true');
  });

  it('networks builds, trains one step and lists PyTorch state-dict keys', () => {
    expect(run('networks').trim()).to.equal('true 9 204042');
  });

  it('hvp agrees with central differences of gradients', () => {
    const out = run('hvp');
    const m = out.match(/max \|Hv − finite differences\| = ([0-9.e+-]+)/);
    expect(m, out).to.not.equal(null);
    expect(Number(m![1])).to.be.below(1e-6);
  });

  it('second-order trains one network with every full-batch method beside Adam', function () {
    this.timeout(120000);
    const lines = run('second-order').trim().split('\n');
    const initial = Number(lines[0].match(/^initial MSE ([0-9.e+-]+)$/)![1]);
    const rows = lines.slice(2).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => r[0].split(' ')[0])).to.deep.equal(
      ['Adam', 'ConjugateGradient', 'BFGS', 'LBFGS', 'Newton', 'HessianFree', 'CoordinateDescent'],
    );
    for (const r of rows) {
      expect(Number(r[3]), r[0]).to.be.below(initial / 100);
      expect(Number(r[2]), r[0]).to.be.above(0);
    }
  });

  it('training fits the embedded digits with early stopping and checkpoints', () => {
    const m = run('training').trim().match(/^epochs (\d+), test accuracy ([0-9.]+)$/);
    expect(m).to.not.equal(null);
    expect(Number(m![2])).to.be.above(0.95);
  });
});
