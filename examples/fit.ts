// d.train.fit on three Gaussian blobs: an MLP, Adam, accuracy, early stopping and a validation
// split; then the same run in a worker thread while the main thread keeps its event loop.
// `setup` is also the module fitInWorker loads in the worker.
import * as d from '../lib';

/** n points around each of three centres in the plane, float32 [3n, 2], int32 labels [3n]. */
export function blobs(n: number, generator: d.RandomGenerator): { x: d.Tensor; y: d.Tensor } {
  const centres = [[-3, 0], [3, 0], [0, 3.5]];
  const noise = d.randn([3 * n, 2], { generator }).data;
  const xs = new Float32Array(6 * n);
  const ys = new Int32Array(3 * n);
  for (let i = 0; i < 3 * n; i++) {
    const c = Math.floor(i / n);
    xs[2 * i] = centres[c][0] + noise[2 * i];
    xs[2 * i + 1] = centres[c][1] + noise[2 * i + 1];
    ys[i] = c;
  }
  return { x: d.fromArray(xs, [3 * n, 2]), y: d.fromArray(ys, [3 * n]) };
}

/** The run: everything seeded from args.seed, so two runs give the same History. */
export function setup(args: { seed?: number; epochs?: number } = {}): d.train.WorkerSetup {
  const generator = new d.RandomGenerator(args.seed ?? 0);
  const data = blobs(200, generator);
  const model = new d.nn.Sequential(
    new d.nn.Linear(2, 32, { generator }), new d.nn.ReLU(),
    new d.nn.Linear(32, 3, { generator }),
  );
  return {
    model,
    optimizer: new d.optim.Adam(model.parameters(), { lr: 0.01 }),
    loss: d.nn.crossEntropy,
    train: data,
    validationSplit: 0.2,
    splitMode: 'random',
    batchSize: 32,
    epochs: args.epochs ?? 20,
    metrics: ['accuracy'],
    callbacks: [new d.train.EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBest: true })],
    generator,
  };
}

async function main(): Promise<void> {
  const { model, ...options } = setup({ epochs: 10 });
  const history = await d.train.fit(model, { ...options, verbose: 1 });
  console.log(`main thread: val_accuracy ${history.best('val_accuracy', 'max').value.toFixed(3)} after ${history.epochs.length} epochs`);

  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const { history: h } = await d.train.fitInWorker(__filename, { args: { epochs: 10 } });
  clearInterval(timer);
  console.log(`worker: val_accuracy ${h.best('val_accuracy', 'max').value.toFixed(3)}; the main thread's timer fired ${ticks} times meanwhile`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
