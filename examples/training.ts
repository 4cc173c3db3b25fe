// The README's training example: the embedded digits, a stratified test split, standardization
// fitted on the training rows, fit with early stopping, a checkpoint, and the test accuracy.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as d from '../lib';

async function main(): Promise<void> {
  const { x, y } = d.data.digits(); // the embedded 8x8 digits (1,797 images)
  const g = new d.RandomGenerator(0);
  const [trainIdx, testIdx] = d.data.stratifiedSplit(y, [0.8, 0.2], { generator: g });
  const scaler = new d.data.Standardizer().fit(x, trainIdx); // statistics of the training rows only
  const ds = new d.data.TensorDataset(scaler.transform(x), y);
  const train = new d.data.DataLoader(new d.data.Subset(ds, trainIdx), { batchSize: 64, shuffle: true, generator: g });

  const model = new d.nn.Sequential(new d.nn.Linear(64, 128, { generator: g }), new d.nn.ReLU(), new d.nn.Linear(128, 10, { generator: g }));
  const optimizer = new d.optim.Adam(model.parameters(), { lr: 1e-3 });
  const history = await d.train.fit(model, {
    optimizer, loss: d.nn.crossEntropy, train, validationSplit: 0.1, epochs: 30, metrics: ['accuracy'],
    callbacks: [new d.train.EarlyStopping({ monitor: 'val_loss', patience: 5, restoreBest: true })],
  });
  const file = path.join(os.tmpdir(), `descent-digits-${process.pid}.safetensors`);
  await d.save(file, { model, optimizer, generator: g, epoch: history.epochs.length });

  const test = new d.data.DataLoader(new d.data.Subset(ds, testIdx), { batchSize: 256 });
  const result = await d.train.evaluate(model, test, { loss: d.nn.crossEntropy, metrics: ['accuracy'] });
  fs.unlinkSync(file);
  console.log(`epochs ${history.epochs.length}, test accuracy ${(result.accuracy as number).toFixed(3)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
