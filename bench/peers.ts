// Runs the PyTorch peer script (Debian's python3-torch) when it is installed.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const PYTHON = '/usr/bin/python3';
const script = path.resolve(__dirname, '..', '..', 'bench', 'peers', 'torch_mlp.py');

let available: boolean | null = null;

/** Whether Debian's python3 with torch is present (checked once). */
export function torchAvailable(): boolean {
  if (available === null) {
    available = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  }
  return available;
}

/** One JSON result of torch_mlp.py, or null when PyTorch is not installed. */
export function runTorchPeer(what: 'mlp' | 'batchnorm', threads: number, reps = 5): Record<string, number> | null {
  if (!torchAvailable()) return null;
  const out = spawnSync(PYTHON, [script, '--threads', String(threads), '--what', what, '--reps', String(reps)], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`torch peer failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}
