// npm run bench: descent's benchmark suite. Every figure is measured in this run; ratios compare
// quantities measured in the same run (performance targets live here, never in tests).
//   npm run bench [-- --threads 1,2] [--only gemm]
import * as os from 'os';
import { parseArgs } from 'util';
import * as d from '../lib';
import { gemmReport } from './gemm';
import { mlpReport } from './mlp';
import { optimReport } from './optim';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1,2' },
    only: { type: 'string' },
  },
});
const threads = values.threads!.split(',').map(Number);
if (threads.some((t) => !Number.isInteger(t) || t < 1)) {
  process.stderr.write(`bench: --threads expects a comma-separated list of positive integers, got ${values.threads}\n`);
  process.exit(2);
}
const log = (s: string) => process.stderr.write(`${s}\n`);

const sections: Record<string, () => string> = {
  gemm: () => gemmReport(threads, log),
  mlp: () => mlpReport(threads, log),
  optim: () => optimReport(threads, log),
};
const chosen = values.only ? [values.only] : Object.keys(sections);
for (const name of chosen) {
  if (!(name in sections)) {
    process.stderr.write(`bench: unknown section ${name}; sections: ${Object.keys(sections).join(', ')}\n`);
    process.exit(2);
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  `descent benchmarks: ${cpu}, ${os.cpus().length} logical CPUs, Node ${process.version}, kernels: ${d.getSimd().active}\n\n`,
);
for (const name of chosen) process.stdout.write(`## ${name}\n\n${sections[name]()}\n`);
