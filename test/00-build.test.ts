import { expect } from 'chai';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';

const root = path.resolve(__dirname, '..', '..');

// Definitions node-gyp adds for every addon (Node's own build settings). They change nothing in
// the kernels, which include no V8, libuv or OpenSSL headers.
const GYP_ONLY_DEFINES = new Set([
  'NODE_GYP_MODULE_NAME', 'USING_UV_SHARED', 'USING_V8_SHARED', 'V8_DEPRECATION_WARNINGS', '_GLIBCXX_USE_CXX11_ABI',
  '_FILE_OFFSET_BITS', '_LARGEFILE_SOURCE', '__STDC_FORMAT_MACROS', 'OPENSSL_NO_PINSHARED', 'OPENSSL_THREADS',
  'BUILDING_NODE_EXTENSION',
]);
// -m64 is node-gyp's explicit spelling of the x86-64 default.
const GYP_ONLY_FLAGS = new Set(['-m64']);

function makeVariable(mk: string, name: string): string[] {
  const m = mk.match(new RegExp(`^${name} := \\\\\\n((?:\\t.*\\n)+)`, 'm'));
  if (!m) return [];
  return m[1].split('\n').map((l) => l.trim().replace(/^'|'$/g, '').replace(/ \\$/, '').replace(/'$/, '')).filter(Boolean);
}

describe('build', () => {
  it('node-gyp and CMake compile the kernels from the same sources with the same definitions and flags', function () {
    this.timeout(120000);
    const mkPath = path.join(root, 'build', 'descent.target.mk');
    expect(fs.existsSync(mkPath), `${mkPath} is written by npm install (node-gyp configure)`).to.equal(true);
    const mk = fs.readFileSync(mkPath, 'utf8');
    const gypDefines = makeVariable(mk, 'DEFS_Release').map((f) => f.replace(/^-D/, ''));
    const gypFlags = [...makeVariable(mk, 'CFLAGS_Release'), ...makeVariable(mk, 'CFLAGS_CC_Release')];

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-cmake-'));
    try {
      execFileSync('cmake', ['-S', root, '-B', dir, '-DDESCENT_NATIVE_TESTS=OFF', '-DDESCENT_NATIVE_BENCH=OFF'], { stdio: 'pipe' });
      const commands: Array<{ file: string; command: string }> = JSON.parse(fs.readFileSync(path.join(dir, 'compile_commands.json'), 'utf8'));
      const kernelSources = fs.readFileSync(path.join(root, 'native', 'kernels.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
      for (const src of kernelSources) {
        expect(commands.some((c) => c.file === path.join(root, src)), `CMake compiles ${src}`).to.equal(true);
        expect(mk.includes(src.replace(/\.cpp$/, '.o')), `node-gyp compiles ${src}`).to.equal(true);
      }
      const words = commands.find((c) => c.file.endsWith('reduce.cpp'))!.command.split(/\s+/);
      const cmakeDefines = words.filter((w) => w.startsWith('-D')).map((w) => w.slice(2));
      const cmakeFlags = words.filter((w) => /^-(O|f|m|std=|W|pthread)/.test(w));
      expect(new Set(gypDefines.filter((x) => !GYP_ONLY_DEFINES.has(x.split('=')[0])))).to.deep.equal(new Set(cmakeDefines));
      expect(new Set(gypFlags.filter((f) => !GYP_ONLY_FLAGS.has(f)))).to.deep.equal(new Set(cmakeFlags));
      expect(cmakeFlags).to.include('-O3');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the addon is context-aware: it loads and computes in worker threads', async () => {
    const script = `
      const { parentPort } = require('worker_threads');
      const d = require(${JSON.stringify(path.join(root, 'dist', 'lib', 'index.js'))});
      const a = d.randn([64, 64], { generator: new d.RandomGenerator(1) });
      parentPort.postMessage(Array.from(a.matmul(a).sum(0).data));
    `;
    const run = () =>
      new Promise<number[]>((resolve, reject) => {
        const w = new Worker(script, { eval: true });
        w.once('message', resolve);
        w.once('error', reject);
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).to.deep.equal(b);
    const d = await import('../lib');
    const x = d.randn([64, 64], { generator: new d.RandomGenerator(1) });
    expect(Array.from(x.matmul(x).sum(0).data)).to.deep.equal(a);
  });

  it('an installed package uses its prebuilt addon when it loads, and builds from source otherwise', () => {
    // A package folder as npm unpacks the tarball: no .git, the install scripts, a prebuilt addon.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-install-'));
    try {
      fs.mkdirSync(path.join(dir, 'scripts'));
      for (const f of ['install.js', 'node-gyp-runner.js']) fs.copyFileSync(path.join(root, 'scripts', f), path.join(dir, 'scripts', f));
      const prebuilt = path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`);
      fs.mkdirSync(prebuilt, { recursive: true });
      fs.copyFileSync(path.join(root, 'build', 'Release', 'descent.node'), path.join(prebuilt, 'descent.node'));
      const ok = spawnSync(process.execPath, [path.join(dir, 'scripts', 'install.js')], { encoding: 'utf8' });
      expect(ok.status, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/using the prebuilt addon prebuilds\/linux-x64\/descent\.node/);
      // A prebuilt that does not load is not taken: install falls back to node-gyp, which fails
      // here without binding.gyp (and says how to retry).
      fs.writeFileSync(path.join(prebuilt, 'descent.node'), 'not an addon');
      const bad = spawnSync(process.execPath, [path.join(dir, 'scripts', 'install.js')], { encoding: 'utf8' });
      expect(bad.status).to.not.equal(0);
      expect(bad.stdout).to.not.match(/using the prebuilt addon/);
      expect(bad.stderr).to.match(/npm rebuild descent/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the ES module face exports the same objects as the CommonJS build', () => {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import * as esm from ${JSON.stringify(path.join(root, 'dist', 'lib', 'index.mjs'))};
      import { createRequire } from 'module';
      const cjs = createRequire(import.meta.url)(${JSON.stringify(path.join(root, 'dist', 'lib', 'index.js'))});
      const same = Object.keys(cjs).filter((k) => k !== '__esModule').every((k) => esm[k] === cjs[k]);
      console.log(same && esm.Tensor === cjs.Tensor && typeof esm.var === 'function' ? 'same' : 'different');
    `], { encoding: 'utf8' });
    expect(out.stderr).to.equal('');
    expect(out.stdout.trim()).to.equal('same');
  });
});
