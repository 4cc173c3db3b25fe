// Writing a report to disk atomically: the page goes to a temporary file in the same directory,
// which is then renamed over the target, so a reader (a browser refreshing, a CI artifact upload)
// never sees a half-written page.
import { promises as fs } from 'fs';
import * as path from 'path';

/** Writes `html` to `file` (UTF-8) through a temporary file and a rename; creates the directory if needed. */
export async function writeReport(file: string, html: string): Promise<void> {
  if (typeof file !== 'string' || file === '') throw new TypeError('writeReport: path must be a non-empty string');
  if (typeof html !== 'string') throw new TypeError('writeReport: html must be a string');
  const target = path.resolve(file);
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(html, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}
