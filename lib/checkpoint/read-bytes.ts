// Reading a whole file for parsing, with errors that name the operation and the path.
import * as fs from 'fs';

function failure(op: string, file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const problem =
    code === 'ENOENT' ? 'no such file' :
    code === 'EISDIR' ? 'is a directory, not a file' :
    code === 'EACCES' ? 'permission denied' :
    `could not read the file (${e instanceof Error ? e.message : String(e)})`;
  return new Error(`${op}: ${file}: ${problem}`, { cause: e });
}

export function checkPath(op: string, file: unknown): string {
  if (typeof file !== 'string' || file === '') throw new TypeError(`${op}: expected a file path, got ${typeof file === 'string' ? 'an empty string' : typeof file}`);
  return file;
}

export async function readBytes(op: string, file: string): Promise<Uint8Array> {
  checkPath(op, file);
  try {
    return await fs.promises.readFile(file);
  } catch (e) {
    throw failure(op, file, e);
  }
}

export function readBytesSync(op: string, file: string): Uint8Array {
  checkPath(op, file);
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw failure(op, file, e);
  }
}
