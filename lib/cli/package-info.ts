// The installed (or checked-out) descent package this command runs from: its root folder, found
// by walking up from this file to the package.json named descent, and its version.
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

let cached: { root: string; version: string } | null = null;

function find(): { root: string; version: string } {
  if (cached !== null) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'descent') return (cached = { root: dir, version: pkg.version ?? '0.0.0' });
      } catch {
        // not our package.json; keep looking
      }
    }
    if (dirname(dir) === dir) throw new Error(`cannot find descent's package.json above ${__dirname}`);
  }
}

export function packageRoot(): string {
  return find().root;
}

export function packageVersion(): string {
  return find().version;
}
