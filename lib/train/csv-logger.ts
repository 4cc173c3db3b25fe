// Writes the epoch logs to a CSV file, one row per epoch: a header `epoch,<keys>` (the keys of
// the first epoch's logs, in their order), then each epoch's values. Numbers are written in full
// (they read back exactly); a key missing from an epoch leaves its cell empty.
import { promises as fs } from 'fs';
import { Callback } from './callback';
import { Logs } from './history';

export interface CSVLoggerOptions {
  /** The field separator (default ','). */
  separator?: string;
  /** Add rows to an existing file instead of starting it anew (default false). The header is
   * written only when the file is empty or missing. */
  append?: boolean;
}

export class CSVLogger extends Callback {
  readonly separator: string;
  readonly append: boolean;
  private columns: string[] | null = null;
  private needsHeader = true;

  constructor(readonly path: string, opts: CSVLoggerOptions = {}) {
    super();
    if (typeof path !== 'string' || path === '') throw new TypeError('CSVLogger: path must be a file path');
    this.separator = opts.separator ?? ',';
    if (typeof this.separator !== 'string' || this.separator.length === 0 || /["\n\r]/.test(this.separator)) throw new RangeError('CSVLogger: separator must be a non-empty string without quotes or newlines');
    this.append = opts.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.columns = null;
    if (this.append) {
      const size = await fs.stat(this.path).then((s) => s.size, () => 0);
      this.needsHeader = size === 0;
    } else {
      await fs.writeFile(this.path, '');
      this.needsHeader = true;
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    this.columns ??= Object.keys(logs);
    const sep = this.separator;
    let text = '';
    if (this.needsHeader) {
      text += ['epoch', ...this.columns].map((c) => quote(c, sep)).join(sep) + '\n';
      this.needsHeader = false;
    }
    text += [String(epoch), ...this.columns.map((c) => (logs[c] === undefined ? '' : String(logs[c])))].join(sep) + '\n';
    await fs.appendFile(this.path, text);
  }
}

function quote(field: string, sep: string): string {
  return field.includes(sep) || field.includes('"') || /[\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
