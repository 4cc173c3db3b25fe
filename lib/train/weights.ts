// Copies of a model's weights (its state dict: parameters and persistent buffers) to return to
// later: the best epoch for EarlyStopping, the initial weights for retrainOnAll.
import { setGradEnabled } from '../autograd/grad-mode';
import type { Module } from '../nn/module';
import { clone } from '../ops/conversion';
import { Tensor } from '../tensor/tensor';

/** A copy of model.stateDict() that later training does not change. */
export function snapshotWeights(model: Module): Record<string, Tensor> {
  const previous = setGradEnabled(false);
  try {
    return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, clone(t)]));
  } finally {
    setGradEnabled(previous);
  }
}
