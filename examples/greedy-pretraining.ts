// Greedy supervised pretraining on the embedded 8x8 digits: a 64-32-32 network grown one hidden
// layer at a time (each stage trains the new layer and a fresh head on top of the frozen lower
// layers), then fine-tuned as a whole. Prints each stage and the held-out accuracy.
import * as d from '../lib';

/** The digits scaled to [0, 1], split 80/20 stratified by class. */
export function digitsSplit(generator: d.RandomGenerator): { train: { x: d.Tensor; y: d.Tensor }; test: { x: d.Tensor; y: d.Tensor } } {
  const { x, y } = d.data.digits();
  const scaled = x.div(16);
  const [trainIdx, testIdx] = d.data.stratifiedSplit(y, [0.8, 0.2], { generator });
  const take = (idx: Int32Array) => ({ x: scaled.indexSelect(0, d.tensor(idx)), y: y.indexSelect(0, d.tensor(idx)) });
  return { train: take(trainIdx), test: take(testIdx) };
}

export function run(seed = 0, opts: { hiddenSizes?: number[]; epochsPerStage?: number; fineTuneEpochs?: number; freezeLower?: boolean } = {}): d.strategies.GreedyPretrainingResult {
  const generator = new d.RandomGenerator(seed);
  const { train, test } = digitsSplit(generator);
  return d.strategies.greedySupervisedPretraining({
    inputSize: 64,
    hiddenSizes: opts.hiddenSizes ?? [64, 32, 32],
    outputSize: 10,
    activation: 'relu',
    train,
    batchSize: 32,
    epochsPerStage: opts.epochsPerStage ?? 3,
    fineTuneEpochs: opts.fineTuneEpochs ?? 3,
    freezeLower: opts.freezeLower ?? true,
    optimizer: (params) => new d.optim.Adam(params, { lr: 0.003 }),
    loss: d.nn.crossEntropy,
    generator,
    validation: test,
  });
}

if (require.main === module) {
  const { model, history } = run(0);
  for (const h of history) {
    const what = h.kind === 'pretrain' ? `stage ${h.stage}: ${h.hiddenLayers} hidden layer(s), training ${h.trainableParameters} parameters` : `fine-tuning all ${h.trainableParameters} parameters`;
    console.log(`${what}; train loss ${h.losses.map((l) => l.toFixed(3)).join(' → ')}; test accuracy ${h.validationAccuracy!.toFixed(3)}`);
  }
  console.log(`final network: ${model.children().length} modules, ${model.numParameters()} parameters, test accuracy ${history[history.length - 1].validationAccuracy!.toFixed(3)}`);
}
