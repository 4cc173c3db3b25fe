// Builds (incrementally) and runs the native benchmark executable, bench/native/ via CMake.
// It measures descent's kernels and, when Debian's libopenblas-dev is installed, OpenBLAS on the
// same shapes in the same process, interleaved.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const buildDir = path.join(root, 'build-bench');
const exe = path.join(buildDir, 'descent_bench');

export type JsonRow = Record<string, number | string | boolean | null>;

/** Path of the built executable, or the reason it could not be built. */
export function ensureNativeBench(log: (s: string) => void): { exe?: string; reason?: string } {
  const cmake = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
  if (cmake.status !== 0) return { reason: 'cmake is not installed' };
  if (!fs.existsSync(path.join(buildDir, 'CMakeCache.txt'))) {
    log('configuring the native benchmark (cmake)...');
    const conf = spawnSync('cmake', ['-S', root, '-B', buildDir, '-DDESCENT_NATIVE_TESTS=OFF', '-DDESCENT_NATIVE_BENCH=ON'], { encoding: 'utf8' });
    if (conf.status !== 0) return { reason: `cmake configure failed: ${conf.stderr.trim().split('\n').pop()}` };
  }
  const build = spawnSync('cmake', ['--build', buildDir, '--target', 'descent_bench', '-j2'], { encoding: 'utf8' });
  if (build.status !== 0) return { reason: `building descent_bench failed: ${build.stderr.trim().split('\n').pop()}` };
  return { exe };
}

export function hasOpenBlas(): boolean {
  const cache = path.join(buildDir, 'CMakeCache.txt');
  if (!fs.existsSync(cache)) return false;
  return /^OPENBLAS_LIBRARY:FILEPATH=(?!.*NOTFOUND).+$/m.test(fs.readFileSync(cache, 'utf8'));
}

/** Runs `descent_bench <args> --json` and returns its JSON lines. */
export function runNativeBench(exePath: string, args: string[]): JsonRow[] {
  const out = spawnSync(exePath, [...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(`descent_bench ${args.join(' ')} failed: ${out.stderr}`);
  return out.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JsonRow);
}
