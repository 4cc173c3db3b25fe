// Anomaly mode: names the first operation that produced NaN or Inf, forward or backward.
import { formatShape } from '../tensor/shape';
import { contiguousRaw } from '../tensor/raw/copy';
import type { Tensor } from '../tensor/tensor';

let depth = 0;
// While the engine runs a node's backward, the ops inside it are not checked one by one: the
// engine checks the node's result and names the node.
let suspended = 0;

export function isAnomalyEnabled(): boolean {
  return depth > 0 && suspended === 0;
}

/** @internal Runs fn with per-op checks suspended. */
export function withoutOpChecks<R>(fn: () => R): R {
  suspended++;
  try {
    return fn();
  } finally {
    suspended--;
  }
}

/**
 * Runs fn checking every recorded operation's outputs (and, in backward, every gradient) for
 * NaN or Inf; the first one found throws an error naming the operation and its input shapes.
 */
export function detectAnomaly<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new TypeError('detectAnomaly: expected a function');
  depth++;
  try {
    const result = fn();
    if (result instanceof Promise) throw new TypeError('detectAnomaly: fn returned a promise; use it on synchronous code');
    return result;
  } finally {
    depth--;
  }
}

function firstNonFinite(t: Tensor): number {
  if (t.dtype === 'int32') return -1;
  const data = contiguousRaw(t).values();
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

/** @internal Throws if any tensor holds NaN or Inf. */
export function checkFinite(op: string, phase: 'forward' | 'backward', outputs: readonly (Tensor | null)[], inputShapes: readonly (readonly number[])[]): void {
  for (let k = 0; k < outputs.length; k++) {
    const t = outputs[k];
    if (t === null) continue;
    const at = firstNonFinite(t);
    if (at >= 0) {
      const value = contiguousRaw(t).values()[at];
      const what = phase === 'forward' ? `output ${k}` : `the gradient of input ${k}`;
      throw new Error(
        `detectAnomaly: ${op} produced ${value} in ${phase} (${what}, element ${at}); input shapes ${inputShapes.map(formatShape).join(', ')}`,
      );
    }
  }
}
