import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as d from '../lib';

const root = path.resolve(__dirname, '..', '..');

describe('instruction-set dispatch', () => {
  it('chooses AVX2 when the CPU has it, and DESCENT_SIMD=scalar forces the reference', () => {
    const simd = d.getSimd();
    expect(simd.available).to.include('scalar');
    expect(simd.active).to.equal(simd.available.includes('avx2') ? 'avx2' : 'scalar');
    const out = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(path.join(root, 'dist', 'lib'))}).getSimd().active)`], {
      env: { ...process.env, DESCENT_SIMD: 'scalar' },
      encoding: 'utf8',
    });
    expect(out.stdout.trim()).to.equal('scalar');
  });

  it('setSimd switches tables and rejects unknown ones', () => {
    d.setSimd('scalar');
    expect(d.getSimd().active).to.equal('scalar');
    d.setSimd('auto');
    expect(() => d.setSimd('avx512' as never)).to.throw(RangeError, /not available/);
  });

  it('the baseline code holds no AVX instructions (disassembly)', () => {
    const out = spawnSync(process.execPath, [path.join(root, 'scripts', 'check-no-avx.js')], { encoding: 'utf8' });
    expect(out.stderr).to.equal('');
    expect(out.status).to.equal(0);
    expect(out.stdout).to.match(/no AVX outside descent::kernels::avx2/);
  });

  it('DESCENT_NUM_THREADS sets the initial pool size', () => {
    const out = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(path.join(root, 'dist', 'lib'))}).getNumThreads())`], {
      env: { ...process.env, DESCENT_NUM_THREADS: '3' },
      encoding: 'utf8',
    });
    expect(out.stdout.trim()).to.equal('3');
  });
});
