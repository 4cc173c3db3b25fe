// The layering of lib/ (docs/ARCHITECTURE.md, layers), checked by dependency-cruiser on the
// compiled dist/lib with .dependency-cruiser.cjs: no import cycle, imports only down the layers,
// and one door to the addon (lib/kernels). A planted tree shows each rule can fail.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const config = path.join(root, '.dependency-cruiser.cjs');
const cli = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [cli, '--config', config, '--output-type', 'err', 'dist/lib'], { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('layers: no import cycle, imports point down, one door to the addon', () => {
  it('dist/lib has no dependency violation', function () {
    this.timeout(60000);
    const r = cruise(root);
    expect(r.output, r.output).to.match(/no dependency violations found/);
    expect(r.status, r.output).to.equal(0);
  });

  it('each rule catches a planted violation', function () {
    this.timeout(60000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-layers-'));
    try {
      const write = (file: string, text: string) => {
        const full = path.join(tmp, 'dist', 'lib', file);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, text);
      };
      write('tensor/a.js', "require('../autograd/b');\n");
      write('autograd/b.js', "require('../tensor/a');\n");
      write('kernels/addon.js', 'module.exports = {};\n');
      write('nn/c.js', "require('../kernels/addon');\n");
      write('optim/d.js', "require('../index');\n");
      write('index.js', "require('./optim/d');\n");
      const r = cruise(tmp);
      expect(r.status, r.output).to.not.equal(0);
      for (const rule of ['no-circular', 'tensor-imports-only-lower-layers', 'one-door-to-the-addon', 'only-the-package-root-is-the-package-root']) {
        expect(r.output, `rule ${rule}`).to.include(rule);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
