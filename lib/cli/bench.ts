// `descent bench`: runs the benchmark suite (bench/run.ts, compiled to dist/bench/run.js), as
// `npm run bench` does, passing --threads and --only through. The suite needs a checkout of the
// repository: it builds a native benchmark executable with CMake from the C++ sources and runs
// the PyTorch peer scripts in bench/peers, none of which the npm package ships, so in an
// installed package this command says so instead of running half a suite.
import { spawn } from 'child_process';
import { Command } from 'commander';
import { existsSync } from 'fs';
import { join } from 'path';
import { UsageError } from './errors';
import { positiveIntList } from './options';
import { packageRoot } from './package-info';

interface BenchOptions {
  threads?: number[];
  only?: string;
}

export function registerBench(program: Command): Command {
  return program
    .command('bench')
    .description('run the benchmark suite (needs a checkout of the repository)')
    .option('--threads <list>', 'thread counts to measure, comma-separated (default: 1,2)', positiveIntList)
    .option('--only <section>', 'run one section: gemm, mlp or optim')
    .argument('[extra...]', 'further arguments after -- are passed to bench/run.js as they are')
    .addHelpText('after', `
Benchmarks are not part of the npm package. In a checkout:
  npm install && npx descent bench --only gemm      (or: npm run bench -- --only gemm)
`)
    .action((extra: string[], opts: BenchOptions) => bench(opts, extra));
}

/** The compiled suite's path, or a usage error explaining what is missing. */
export function benchScript(root = packageRoot()): string {
  const script = join(root, 'dist', 'bench', 'run.js');
  if (existsSync(script)) return script;
  if (existsSync(join(root, 'bench', 'run.ts'))) {
    throw new UsageError(`the benchmarks are not compiled (${script} is missing): run npm run build:ts in ${root}`);
  }
  throw new UsageError(
    'the benchmarks need a checkout of the descent repository: they build a native benchmark from the C++ sources and are not in the npm package (clone the repository, then run npm install and npx descent bench)',
  );
}

async function bench(opts: BenchOptions, extra: string[]): Promise<void> {
  const script = benchScript();
  const args = [script];
  if (opts.threads !== undefined) args.push('--threads', opts.threads.join(','));
  if (opts.only !== undefined) args.push('--only', opts.only);
  args.push(...extra);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve(status ?? (signal !== null ? 1 : 0)));
  });
  if (code !== 0) process.exitCode = code;
}
