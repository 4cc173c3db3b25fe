// Recomputes batch-norm running statistics for a model whose weights were averaged (their
// running statistics do not match the averaged weights): one pass over the data in training
// mode with a cumulative average, as torch.optim.swa_utils.update_bn.
import { setGradEnabled } from '../../autograd/grad-mode';
import { Tensor } from '../../tensor/tensor';
import { BatchNorm1d } from '../../nn/layers/normalization';
import { Module } from '../../nn/module';

export function updateBn(inputs: Iterable<Tensor | Tensor[]>, model: Module): void {
  if (!(model instanceof Module)) throw new TypeError('updateBn: expected a Module');
  const norms = model.modules().filter((m): m is BatchNorm1d => m instanceof BatchNorm1d && m.runningMean !== null);
  if (norms.length === 0) return;
  const momenta = norms.map((m) => m.momentum);
  const wasTraining = norms.map((m) => m.training);
  for (const m of norms) {
    m.resetRunningStats();
    m.momentum = null;
  }
  const trainingBefore = model.training;
  model.train();
  const previous = setGradEnabled(false);
  try {
    for (const batch of inputs) {
      const x = Array.isArray(batch) ? batch[0] : batch;
      if (!(x instanceof Tensor)) throw new TypeError('updateBn: each input must be a Tensor or an array whose first element is the input Tensor');
      model.call(x);
    }
  } finally {
    setGradEnabled(previous);
    model.train(trainingBefore);
    norms.forEach((m, i) => {
      m.momentum = momenta[i];
      m.training = wasTraining[i];
    });
  }
}
