// Atomic file replacement: write a uniquely named temporary file in the target's directory, fsync
// it, rename it over the target (atomic on POSIX filesystems), then fsync the directory so the
// rename itself is durable. Readers see the old file or the new one, never a partial one; on any
// failure the temporary file is removed and the old file is left as it was.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export type WriteStage = 'write' | 'sync' | 'rename';

/** @internal For tests: when set, atomic writes fail at that stage with a simulated error. */
export const writeFaults: { stage: WriteStage | null } = { stage: null };

function inject(stage: WriteStage): void {
  if (writeFaults.stage === stage) throw new Error(`simulated failure at ${stage}`);
}

function temporaryPath(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

function failure(op: string, target: string, e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  return new Error(`${op}: ${target}: could not write the file (${message}); any previous file is unchanged`, { cause: e });
}

/** Best effort: some platforms and filesystems cannot open or fsync a directory. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // durability of the rename is then up to the filesystem
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Replaces target with bytes atomically; errors name op and target. */
export async function atomicWrite(op: string, target: string, bytes: Uint8Array): Promise<void> {
  const tmp = temporaryPath(target);
  let created = false;
  try {
    const handle = await fs.promises.open(tmp, 'wx');
    created = true;
    try {
      inject('write');
      await handle.writeFile(bytes);
      inject('sync');
      await handle.sync();
    } finally {
      await handle.close();
    }
    inject('rename');
    await fs.promises.rename(tmp, target);
    created = false;
  } catch (e) {
    if (created) await fs.promises.unlink(tmp).catch(() => undefined);
    throw failure(op, target, e);
  }
  syncDirectory(path.dirname(target));
}

/** The synchronous form of atomicWrite. */
export function atomicWriteSync(op: string, target: string, bytes: Uint8Array): void {
  const tmp = temporaryPath(target);
  let created = false;
  try {
    const fd = fs.openSync(tmp, 'wx');
    created = true;
    try {
      inject('write');
      let at = 0;
      while (at < bytes.length) at += fs.writeSync(fd, bytes, at, bytes.length - at);
      inject('sync');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    inject('rename');
    fs.renameSync(tmp, target);
    created = false;
  } catch (e) {
    if (created) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
    throw failure(op, target, e);
  }
  syncDirectory(path.dirname(target));
}
