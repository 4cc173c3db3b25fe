// The machine and settings a run was made on, for the reports' environment table.
import * as os from 'os';
import * as d from '../index';
import { packageVersion } from './package-info';

export function environment(): Record<string, d.report.OptionValue> {
  return {
    descent: packageVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    simd: d.getSimd().active,
    threads: d.getNumThreads(),
  };
}
