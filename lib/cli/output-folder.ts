// Where a command writes its files: --out, or ./descent-out/<name> with name --name or the command
// and a timestamp. The folder is created before any training, so a path that cannot be written
// fails at once instead of after the run.
import { mkdirSync } from 'fs';
import { resolve } from 'path';
import { UsageError } from './errors';

function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

export interface OutputFolder {
  dir: string;
  name: string;
}

export function prepareOutputFolder(command: string, opts: { out?: string; name?: string }): OutputFolder {
  if (opts.name !== undefined && !/^[\w.-]+$/.test(opts.name)) {
    throw new UsageError(`--name may hold letters, digits, '.', '-' and '_' only, got '${opts.name}'`);
  }
  const name = opts.name ?? `${command}-${timestamp(new Date())}`;
  const dir = resolve(opts.out ?? resolve('descent-out', name));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`--out: cannot create the folder ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { dir, name };
}
