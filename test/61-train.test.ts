// d.train: the fit loop and its History, callbacks (early stopping and the two ways of using the
// validation data after it, ReduceLROnPlateau, TerminateOnNaN, CSVLogger, ModelCheckpoint,
// GradientNormMonitor), evaluate / predict without a graph, the event loop served during training,
// fitInWorker, and bit-for-bit determinism under fixed seeds.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as d from '../lib';
import { blobs, setup } from '../examples/fit';

// The compiled example module doubles as the worker's setup module.
const EXAMPLE = path.resolve(__dirname, '..', 'examples', 'fit.js');

function mlp(g: d.RandomGenerator, hidden = 16, classes = 3): d.nn.Sequential {
  return new d.nn.Sequential(new d.nn.Linear(2, hidden, { generator: g }), new d.nn.ReLU(), new d.nn.Linear(hidden, classes, { generator: g }));
}

function weightsOf(model: d.nn.Module): Record<string, number[]> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, Array.from(t.contiguous().data)]));
}

/** Sets logs[name] to a scripted value per epoch (runs before the callbacks that read it). */
class Scripted extends d.train.Callback {
  constructor(private readonly name: string, private readonly values: number[]) {
    super();
  }

  override onEpochEnd(epoch: number, logs: d.train.Logs): void {
    logs[this.name] = this.values[epoch - 1];
  }
}

/** Records what each run saw: weights and optimizer state size at the start, examples per epoch. */
class Recorder extends d.train.Callback {
  runs: Array<{ initial: Record<string, number[]>; optimizerStates: number; examples: number[]; steps: number; weightsByEpoch: Record<string, number[]>[] }> = [];
  private examples = 0;

  override onTrainBegin(): void {
    this.runs.push({ initial: weightsOf(this.context.model), optimizerStates: this.context.optimizer.state.size, examples: [], steps: 0, weightsByEpoch: [] });
  }

  override onEpochBegin(): void {
    this.examples = 0;
  }

  override onBatchEnd(_batch: number, logs: d.train.Logs): void {
    this.examples += logs.size;
  }

  override onEpochEnd(): void {
    const run = this.runs[this.runs.length - 1];
    run.examples.push(this.examples);
    run.weightsByEpoch.push(weightsOf(this.context.model));
  }

  override onTrainEnd(): void {
    this.runs[this.runs.length - 1].steps = this.context.step;
  }
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'descent-train-'));
}

describe('d.train.fit', function () {
  this.timeout(120000);

  it('learns three blobs; the History has one entry per epoch and per step', async () => {
    const g = new d.RandomGenerator(3);
    const data = blobs(100, g);
    const model = mlp(g);
    const history = await d.train.fit(model, {
      optimizer: new d.optim.Adam(model.parameters(), { lr: 0.01 }),
      loss: d.nn.crossEntropy, train: data, validationSplit: 0.2, batchSize: 32, epochs: 6,
      metrics: ['accuracy'], generator: g,
    });
    expect(history.epochs).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(Object.keys(history.metrics)).to.deep.equal(['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr']);
    for (const column of Object.values(history.metrics)) expect(column).to.have.length(6);
    // 300 examples, 240 for training: 8 batches of 32 (the last of 16) per epoch.
    expect(history.totalSteps).to.equal(48);
    expect(history.steps.lr).to.have.length(48);
    expect(history.steps.epoch.slice(0, 9)).to.deep.equal([1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(history.time).to.have.length(6);
    expect(history.time.every((t) => t > 0)).to.equal(true);
    expect(history.get('loss')[5]).to.be.below(history.get('loss')[0] / 2);
    expect(history.get('val_accuracy')[5]).to.be.above(0.9);
    expect(history.stopReason).to.equal(null);
    expect(model.training).to.equal(true);
    // The epoch's training loss is the size-weighted mean of its batch losses.
    const w = [32, 32, 32, 32, 32, 32, 32, 16];
    const mean = history.steps.loss.slice(0, 8).reduce((s, l, i) => s + l * w[i], 0) / 240;
    expect(history.metrics.loss[0]).to.be.closeTo(mean, 1e-12);
  });

  it('holds out the last fraction for validationSplit (Keras), or a seeded random subset', async () => {
    const x = d.arange(0, 20, 1, { dtype: 'float32' }).reshape([10, 2]);
    const y = d.zeros([10, 1]);
    for (const mode of ['last', 'random'] as const) {
      const model = new d.nn.Linear(2, 1);
      const seen: number[] = [];
      model.registerForwardHook((m, inputs) => {
        if (!m.training) seen.push(...Array.from(inputs[0].contiguous().data).filter((_, i) => i % 2 === 0));
      });
      await d.train.fit(model, {
        optimizer: new d.optim.SGD(model.parameters(), { lr: 0 }), loss: d.nn.mseLoss, train: { x, y },
        validationSplit: 0.3, splitMode: mode, epochs: 1, generator: new d.RandomGenerator(1),
      });
      // floor(10 · 0.7) = 7 training rows; the rest validates.
      if (mode === 'last') expect(seen).to.deep.equal([14, 16, 18]);
      else {
        expect(seen).to.have.length(3);
        const perm = Array.from(d.randperm(10, { generator: new d.RandomGenerator(1) }).data).slice(7);
        expect(seen).to.deep.equal(perm.map((i) => 2 * i));
      }
    }
  });

  it('splits a DataLoader built with batchSize / shuffle, and refuses one with a custom sampler', async () => {
    const x = d.arange(0, 20, 1, { dtype: 'float32' }).reshape([10, 2]);
    const y = d.zeros([10, 1]);
    const ds = new d.data.TensorDataset(x, y);
    const model = new d.nn.Linear(2, 1);
    const seen: number[] = [];
    const sizes: number[] = [];
    model.registerForwardHook((m, inputs) => {
      if (m.training) sizes.push(inputs[0].shape[0]);
      else seen.push(...Array.from(inputs[0].contiguous().data).filter((_, i) => i % 2 === 0));
    });
    const optimizer = new d.optim.SGD(model.parameters(), { lr: 0 });
    const loader = new d.data.DataLoader(ds, { batchSize: 4, shuffle: true, generator: new d.RandomGenerator(2) });
    await d.train.fit(model, { optimizer, loss: d.nn.mseLoss, train: loader, validationSplit: 0.2, epochs: 1 });
    expect(seen).to.deep.equal([16, 18]);
    expect(sizes).to.deep.equal([4, 4]);
    const custom = new d.data.DataLoader(ds, { batchSize: 4, sampler: new d.data.RandomSampler(ds, { replacement: true }) });
    let error: unknown = null;
    try {
      await d.train.fit(model, { optimizer, loss: d.nn.mseLoss, train: custom, validationSplit: 0.2, epochs: 1 });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/fit: splitting or joining a DataLoader needs one built from batchSize/);
  });

  it('rejects bad options with messages naming them', async () => {
    const model = new d.nn.Linear(2, 1);
    const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.1 });
    const train = { x: d.zeros([4, 2]), y: d.zeros([4, 1]) };
    const bad: Array<[Partial<d.train.FitOptions>, RegExp]> = [
      [{ epochs: -1 }, /epochs must be an integer/],
      [{ validationSplit: 1.5 }, /validationSplit must be a number in \(0, 1\)/],
      [{ validationSplit: 0.5, validation: train }, /not both/],
      [{ train: { x: d.zeros([4, 2]), y: d.zeros([3, 1]) } }, /share their first/],
      [{ metrics: ['f1' as 'accuracy'] }, /a metric is 'accuracy'/],
      [{ schedulerInterval: 'batch' as 'step' }, /schedulerInterval/],
      [{ clipGradNorm: -1 }, /maxNorm must be a positive number/],
      [{ loss: ((o: d.Tensor, t: d.Tensor) => d.nn.mseLoss(o, t, { reduction: 'none' })) }, /the loss must be a scalar/],
    ];
    for (const [patch, message] of bad) {
      let error: unknown = null;
      try {
        await d.train.fit(model, { optimizer, loss: d.nn.mseLoss, train, epochs: 1, ...patch });
      } catch (e) {
        error = e;
      }
      expect(String(error), JSON.stringify(Object.keys(patch))).to.match(message);
    }
  });

  it('serves the event loop between batches: a timer fires during fit', async () => {
    const g = new d.RandomGenerator(4);
    const model = mlp(g);
    let firedAt = -1;
    const recorder = new Recorder();
    let batches = 0;
    class Count extends d.train.Callback {
      override onBatchEnd(): void {
        batches++;
      }
    }
    setTimeout(() => {
      firedAt = batches;
    }, 0);
    const history = await d.train.fit(model, {
      optimizer: new d.optim.SGD(model.parameters(), { lr: 0.05 }), loss: d.nn.crossEntropy,
      train: blobs(200, g), batchSize: 8, epochs: 2, generator: g, callbacks: [recorder, new Count()],
    });
    expect(firedAt).to.be.at.least(1);
    expect(firedAt).to.be.below(history.totalSteps);
  });

  it('is deterministic: the same seeds give the same History and weights bit for bit', async () => {
    const run = async () => {
      const { model, ...opts } = setup({ seed: 11, epochs: 4 });
      const history = await d.train.fit(model, opts);
      return { history: { ...history.toJSON(), time: [] }, weights: weightsOf(model) };
    };
    const a = await run();
    const b = await run();
    expect(a.history.steps.loss.length).to.be.above(0);
    expect(b).to.deep.equal(a);
  });

  it('steps per-batch schedules after each step, and drives LBFGS through its closure', async () => {
    const g = new d.RandomGenerator(6);
    const model = mlp(g);
    const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.1 });
    const scheduler = new d.optim.lrScheduler.StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
    const h = await d.train.fit(model, {
      optimizer, scheduler, schedulerInterval: 'step', loss: d.nn.crossEntropy,
      train: blobs(10, g), batchSize: 10, shuffle: false, epochs: 2,
    });
    expect(h.steps.lr).to.deep.equal([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);

    const m2 = mlp(g);
    const lbfgs = new d.optim.LBFGS(m2.parameters(), { lr: 1, maxIter: 5, lineSearchFn: 'strongWolfe' });
    let afterBackward = 0;
    class Count extends d.train.Callback {
      override onAfterBackward(): void {
        afterBackward++;
      }
    }
    const h2 = await d.train.fit(m2, { optimizer: lbfgs, loss: d.nn.crossEntropy, train: blobs(30, g), batchSize: 90, epochs: 5, callbacks: [new Count()] });
    expect(h2.totalSteps).to.equal(5);
    expect(afterBackward).to.equal(5);
    expect(h2.steps.loss[4]).to.be.below(h2.steps.loss[0] / 4);
  });

  it('stops after maxSteps, mid-epoch', async () => {
    const g = new d.RandomGenerator(6);
    const model = mlp(g);
    const h = await d.train.fit(model, {
      optimizer: new d.optim.SGD(model.parameters(), { lr: 0.1 }), loss: d.nn.crossEntropy,
      train: blobs(20, g), batchSize: 10, epochs: 5, maxSteps: 8,
    });
    expect(h.totalSteps).to.equal(8);
    expect(h.epochs).to.deep.equal([1, 2]);
  });
});

describe('d.train.evaluate and predict', function () {
  this.timeout(60000);

  it('run in evaluation mode, record no graph, leave gradients and the mode alone', async () => {
    const g = new d.RandomGenerator(8);
    const model = new d.nn.Sequential(new d.nn.Linear(2, 8, { generator: g }), new d.nn.Dropout(0.5, { generator: g }), new d.nn.Linear(8, 3, { generator: g }));
    const data = blobs(20, g);
    const seen: Array<{ training: boolean; requiresGrad: boolean; gradFn: boolean }> = [];
    model.registerForwardHook((m, _inputs, out) => {
      seen.push({ training: m.training, requiresGrad: out.requiresGrad, gradFn: out.gradFn !== null });
    });
    expect(model.training).to.equal(true);
    const logs = await d.train.evaluate(model, data, { loss: d.nn.crossEntropy, metrics: ['accuracy'], batchSize: 16 });
    expect(Object.keys(logs)).to.deep.equal(['loss', 'accuracy']);
    const direct = d.noGrad(() => {
      model.eval();
      const out = model.call(data.x);
      model.train();
      return { loss: d.nn.crossEntropy(out, data.y).item(), accuracy: d.train.accuracy(out, data.y) };
    });
    expect(logs.loss).to.be.closeTo(direct.loss, 1e-6);
    expect(logs.accuracy).to.equal(direct.accuracy);
    const p = await d.train.predict(model, data.x, { batchSize: 7 });
    expect(p.shape).to.deep.equal([60, 3]);
    expect(p.requiresGrad).to.equal(false);
    expect(p.gradFn).to.equal(null);
    const whole = d.noGrad(() => {
      model.eval();
      const out = model.call(data.x);
      model.train();
      return out;
    });
    expect(Array.from(p.data)).to.deep.equal(Array.from(whole.data));
    expect(seen.filter((s) => s.training || s.requiresGrad || s.gradFn)).to.deep.equal([]);
    expect(model.training).to.equal(true);
    expect(model.parameters().every((q) => q.grad === null)).to.equal(true);
    model.eval();
    await d.train.predict(model, data.x);
    expect(model.training).to.equal(false);
  });

  it('accuracy reads class indices, one-hot rows and binary scores', () => {
    const scores = d.tensor([[2, 1, 0], [0, 3, 1], [1, 0, 5], [4, 0, 0]]);
    expect(d.train.accuracy(scores, d.tensor([0, 1, 2, 1], { dtype: 'int32' }))).to.equal(0.75);
    expect(d.train.accuracy(scores, d.tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]))).to.equal(0.75);
    expect(d.train.accuracy(d.tensor([[0.9], [0.2], [0.7]]), d.tensor([[1], [0], [0]]))).to.be.closeTo(2 / 3, 1e-15);
    expect(d.train.binaryAccuracy({ threshold: 0 })(d.tensor([-1, 2, 0.5]), d.tensor([0, 1, 0]))).to.be.closeTo(2 / 3, 1e-15);
    expect(() => d.train.accuracy(scores, d.tensor([0, 1], { dtype: 'int32' }))).to.throw(/fits neither/);
  });
});

describe('d.train callbacks', function () {
  this.timeout(120000);

  async function scriptedRun(values: number[], es: d.train.EarlyStopping, extra: d.train.Callback[] = []) {
    const g = new d.RandomGenerator(9);
    const model = mlp(g);
    const recorder = new Recorder();
    const history = await d.train.fit(model, {
      optimizer: new d.optim.SGD(model.parameters(), { lr: 0.05 }), loss: d.nn.crossEntropy,
      train: blobs(20, g), batchSize: 20, epochs: values.length, generator: g,
      callbacks: [new Scripted('score', values), es, recorder, ...extra],
    });
    return { model, history, recorder };
  }

  it('EarlyStopping stops after patience epochs without improvement and restores the best weights', async () => {
    const es = new d.train.EarlyStopping({ monitor: 'score', patience: 3, restoreBest: true });
    const { model, history, recorder } = await scriptedRun([1.0, 0.8, 0.6, 0.65, 0.6, 0.61, 0.5, 0.4], es);
    expect(history.epochs).to.deep.equal([1, 2, 3, 4, 5, 6]);
    // What a callback adds to the epoch logs is recorded.
    expect(history.get('score')).to.deep.equal([1.0, 0.8, 0.6, 0.65, 0.6, 0.61]);
    expect(es.bestEpoch).to.equal(3);
    expect(es.best).to.equal(0.6);
    expect(es.stoppedEpoch).to.equal(6);
    expect(es.bestStep).to.equal(9);
    expect(history.stopReason).to.match(/EarlyStopping: score did not improve for 3 epoch/);
    expect(es.restored).to.equal(true);
    const byEpoch = recorder.runs[0].weightsByEpoch;
    expect(weightsOf(model)).to.deep.equal(byEpoch[2]);
    expect(weightsOf(model)).to.not.deep.equal(byEpoch[5]);
  });

  it('EarlyStopping: minDelta, max mode, patience 0, baseline', async () => {
    let es = new d.train.EarlyStopping({ monitor: 'score', patience: 2, minDelta: 0.1 });
    let r = await scriptedRun([1.0, 0.95, 0.91, 0.5, 0.45, 0.41, 0.3], es);
    // 0.95 and 0.91 are within 0.1 of 1.0: no improvement, stop at epoch 3.
    expect(r.history.epochs.length).to.equal(3);
    expect(es.bestEpoch).to.equal(1);
    expect(new d.train.EarlyStopping({ monitor: 'val_accuracy' }).monitor.mode).to.equal('max');
    expect(new d.train.EarlyStopping().monitor.mode).to.equal('min');
    es = new d.train.EarlyStopping({ monitor: 'score', mode: 'max', patience: 0 });
    r = await scriptedRun([0.5, 0.7, 0.69, 0.9], es);
    expect(r.history.epochs.length).to.equal(3);
    expect(es.bestEpoch).to.equal(2);
    es = new d.train.EarlyStopping({ monitor: 'score', patience: 2, baseline: 0.5 });
    r = await scriptedRun([0.9, 0.8, 0.7, 0.4, 0.3], es);
    // Improving, but never below the baseline: the wait is not reset.
    expect(r.history.epochs.length).to.equal(2);
    expect(() => new d.train.EarlyStopping({ patience: -1 })).to.throw(/patience/);
  });

  it('ReduceLROnPlateau: the callback and the scheduler option give the same lr sequence', async () => {
    const values = [1, 1, 1, 1, 1, 1];
    const lrOf = async (how: 'callback' | 'scheduler') => {
      const g = new d.RandomGenerator(9);
      const model = mlp(g);
      const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.1 });
      const callbacks: d.train.Callback[] = [new Scripted('score', values)];
      if (how === 'callback') callbacks.push(new d.train.ReduceLROnPlateau({ monitor: 'score', patience: 1, factor: 0.5 }));
      const h = await d.train.fit(model, {
        optimizer, loss: d.nn.crossEntropy, train: blobs(10, g), batchSize: 30, epochs: values.length, callbacks,
        // fit steps its scheduler before the callbacks' onEpochEnd, so it watches a constant metric.
        ...(how === 'scheduler' ? {
          scheduler: new d.optim.lrScheduler.ReduceLROnPlateau(optimizer, { patience: 1, factor: 0.5 }),
          schedulerMonitor: 'constant', metrics: [{ name: 'constant', fn: () => 1 }],
        } : {}),
      });
      return h.get('lr');
    };
    const expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.025];
    expect(await lrOf('callback')).to.deep.equal(expected);
    expect(await lrOf('scheduler')).to.deep.equal(expected);
  });

  it('TerminateOnNaN stops at the first non-finite batch loss', async () => {
    const g = new d.RandomGenerator(10);
    const model = mlp(g);
    let calls = 0;
    const loss = (o: d.Tensor, t: d.Tensor) => {
      calls++;
      const l = d.nn.crossEntropy(o, t);
      return calls === 3 ? l.mul(NaN) : l;
    };
    const stop = new d.train.TerminateOnNaN();
    const h = await d.train.fit(model, { optimizer: new d.optim.SGD(model.parameters(), { lr: 0.1 }), loss, train: blobs(20, g), batchSize: 10, epochs: 4, callbacks: [stop] });
    expect(h.totalSteps).to.equal(3);
    expect(h.epochs).to.deep.equal([1]);
    expect(stop.terminatedAt).to.deep.equal({ epoch: 1, batch: 2, loss: NaN });
    expect(h.stopReason).to.match(/TerminateOnNaN: the loss is NaN at epoch 1, batch 2/);
  });

  it('CSVLogger writes one row per epoch that reads back the History exactly', async () => {
    const dir = tmpdir();
    const file = path.join(dir, 'log.csv');
    const g = new d.RandomGenerator(12);
    const model = mlp(g);
    const opts = {
      optimizer: new d.optim.Adam(model.parameters(), { lr: 0.01 }), loss: d.nn.crossEntropy, train: blobs(20, g),
      validationSplit: 0.25, batchSize: 16, epochs: 3, metrics: ['accuracy' as const], generator: g,
    };
    const h = await d.train.fit(model, { ...opts, callbacks: [new d.train.CSVLogger(file)] });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).to.equal('epoch,loss,accuracy,val_loss,val_accuracy,lr');
    expect(lines).to.have.length(4);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',').map(Number);
      expect(cells[0]).to.equal(i + 1);
      ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr'].forEach((k, j) => expect(cells[j + 1], k).to.equal(h.metrics[k][i]));
    });
    await d.train.fit(model, { ...opts, callbacks: [new d.train.CSVLogger(file, { append: true, separator: ';' })] });
    const again = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(again).to.have.length(7);
    expect(again.filter((l) => l.startsWith('epoch'))).to.have.length(1);
    await d.train.fit(model, { ...opts, callbacks: [new d.train.CSVLogger(file)] });
    expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n')).to.have.length(4);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ModelCheckpoint saves every epoch, or only improvements, through d.save', async () => {
    const dir = tmpdir();
    const g = new d.RandomGenerator(13);
    const model = mlp(g);
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.01 });
    const every = new d.train.ModelCheckpoint(path.join(dir, 'every-{epoch}-{score:.2f}.safetensors'));
    const best = new d.train.ModelCheckpoint(path.join(dir, 'best.safetensors'), { monitor: 'score', saveBestOnly: true });
    const recorder = new Recorder();
    await d.train.fit(model, {
      optimizer, loss: d.nn.crossEntropy, train: blobs(10, g), batchSize: 10, epochs: 4,
      callbacks: [new Scripted('score', [0.5, 0.3, 0.4, 0.35]), every, best, recorder],
    });
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['best.safetensors', 'every-1-0.50.safetensors', 'every-2-0.30.safetensors', 'every-3-0.40.safetensors', 'every-4-0.35.safetensors']);
    expect(best.saved).to.deep.equal([path.join(dir, 'best.safetensors'), path.join(dir, 'best.safetensors')]);
    expect(best.bestEpoch).to.equal(2);
    const loaded = await d.load(path.join(dir, 'best.safetensors'));
    expect(loaded.epoch).to.equal(2);
    expect(loaded.step).to.equal(6);
    expect(loaded.optimizer).to.not.equal(null);
    const saved = Object.fromEntries(Object.entries(loaded.model).map(([k, t]) => [k, Array.from(t.contiguous().data)]));
    expect(saved).to.deep.equal(recorder.runs[0].weightsByEpoch[1]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('GradientNormMonitor records the norms gradNorms gives, before clipping, and warns', async () => {
    const g = new d.RandomGenerator(14);
    const model = mlp(g);
    const measured: Array<{ total: number; perParameter: Record<string, number> }> = [];
    const clipped: number[] = [];
    let calls = 0;
    class Measure extends d.train.Callback {
      override onAfterBackward(): void {
        measured.push(d.nn.utils.gradNorms(this.context.model));
      }

      override onBatchEnd(): void {
        clipped.push(d.nn.utils.gradNorm(this.context.model.parameters()));
      }
    }
    const warnings: d.train.GradientWarning[] = [];
    const monitor = new d.train.GradientNormMonitor({ onWarning: (w) => warnings.push(w) });
    const loss = (o: d.Tensor, t: d.Tensor) => {
      calls++;
      const l = d.nn.crossEntropy(o, t);
      // Step 5: a cliff (gradient ×1e6); step 8: a flat region (gradient ×1e-12).
      return calls === 5 ? l.mul(1e6) : calls === 8 ? l.mul(1e-12) : l;
    };
    const h = await d.train.fit(model, {
      optimizer: new d.optim.SGD(model.parameters(), { lr: 1e-9 }), loss, train: blobs(30, g), batchSize: 10, epochs: 1,
      clipGradNorm: 0.01, callbacks: [monitor, new Measure()],
    });
    expect(h.gradNorms.step).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.gradNorms.total).to.deep.equal(measured.map((m) => m.total));
    const names = Object.keys(model.stateDict());
    expect(Object.keys(h.gradNorms.perParameter)).to.deep.equal(names);
    for (const name of names) expect(h.gradNorms.perParameter[name]).to.deep.equal(measured.map((m) => m.perParameter[name]));
    // Recorded before clipping: the norms exceed the clip, the gradients after it do not.
    expect(h.gradNorms.total.filter((_, i) => i !== 7).every((t) => t > 0.01)).to.equal(true);
    expect(clipped.every((t) => t <= 0.01 * (1 + 1e-5))).to.equal(true);
    expect(warnings.map((w) => [w.kind, w.step])).to.deep.equal([['explosion', 5], ['vanishing', 8]]);
    expect(warnings[1].parameters).to.deep.equal(names);
    expect(warnings[0].message).to.match(/exploding gradient at epoch 1, step 5/);
    // every: 3 measures steps 1, 4, 7.
    const sparse = new d.train.GradientNormMonitor({ every: 3, onWarning: () => {} });
    const h2 = await d.train.fit(model, { optimizer: new d.optim.SGD(model.parameters(), { lr: 0.01 }), loss: d.nn.crossEntropy, train: blobs(30, g), batchSize: 10, epochs: 1, callbacks: [sparse] });
    expect(h2.gradNorms.step).to.deep.equal([1, 4, 7]);
  });

  it('ProgressBar writes one line per epoch when the stream is not a terminal', async () => {
    const g = new d.RandomGenerator(15);
    const model = mlp(g);
    let text = '';
    const stream = { isTTY: false, write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WritableStream;
    await d.train.fit(model, {
      optimizer: new d.optim.SGD(model.parameters(), { lr: 0.1 }), loss: d.nn.crossEntropy, train: blobs(10, g), batchSize: 10, epochs: 2,
      metrics: ['accuracy'], callbacks: [new d.train.ProgressBar({ stream })],
    });
    const lines = text.trimEnd().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^Epoch 1\/2 - \d+\.\ds - loss: \d\.\d{4} - accuracy: \d\.\d{4} - lr: 0\.100$/);
  });
});

describe('d.train after early stopping (Goodfellow et al., Alg. 7.2 and 7.3)', function () {
  this.timeout(120000);

  it('retrainOnAll: early stopping finds i*, then i* steps on all the data from the initial weights', async () => {
    const g = new d.RandomGenerator(21);
    const model = mlp(g, 8);
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.05 });
    const initial = weightsOf(model);
    const recorder = new Recorder();
    const data = blobs(40, g);
    const result = await d.train.retrainOnAll(model, {
      optimizer, loss: d.nn.crossEntropy, train: data, validationSplit: 0.25, splitMode: 'random', batchSize: 16, epochs: 30,
      earlyStopping: { monitor: 'val_loss', patience: 2 }, callbacks: [recorder], generator: g,
    });
    expect(result.search.stopReason).to.match(/EarlyStopping/);
    expect(result.bestStep).to.equal(result.bestEpoch * 6); // 90 training examples: 6 batches
    expect(recorder.runs).to.have.length(2);
    const [search, final] = recorder.runs;
    expect(search.initial).to.deep.equal(initial);
    expect(final.initial).to.deep.equal(initial);
    expect(final.optimizerStates).to.equal(0);
    // All 120 examples per epoch (8 batches), i* steps in all.
    expect(final.steps).to.equal(result.bestStep);
    expect(result.final.totalSteps).to.equal(result.bestStep);
    expect(final.examples.slice(0, -1).every((n) => n === 120)).to.equal(true);
    expect(final.examples.reduce((s, n) => s + n, 0)).to.be.at.most(120 * Math.ceil(result.bestStep / 8));

    // Two DataLoaders: the second run reads both datasets as one, shuffled together.
    const m3 = mlp(new d.RandomGenerator(23), 8);
    const rec3 = new Recorder();
    const r3 = await d.train.retrainOnAll(m3, {
      optimizer: new d.optim.Adam(m3.parameters(), { lr: 0.05 }), loss: d.nn.crossEntropy,
      train: new d.data.DataLoader(new d.data.TensorDataset(data.x.slice(0, 90), data.y.slice(0, 90)), { batchSize: 16, shuffle: true, generator: g }),
      validation: new d.data.DataLoader(new d.data.TensorDataset(data.x.slice(90), data.y.slice(90)), { batchSize: 16 }),
      epochs: 30, earlyStopping: { patience: 2 }, count: 'epochs', callbacks: [rec3],
    });
    expect(rec3.runs[1].examples).to.deep.equal(new Array(r3.bestEpoch).fill(120));

    // count: 'epochs' trains for the best number of passes instead.
    const m2 = mlp(new d.RandomGenerator(21), 8);
    const r2 = await d.train.retrainOnAll(m2, {
      optimizer: new d.optim.Adam(m2.parameters(), { lr: 0.05 }), loss: d.nn.crossEntropy, train: data, validationSplit: 0.25,
      batchSize: 16, epochs: 30, earlyStopping: { patience: 2 }, count: 'epochs',
    });
    expect(r2.final.epochs.length).to.equal(r2.bestEpoch);
    expect(r2.final.totalSteps).to.equal(r2.bestEpoch * 8);
  });

  it('continueUntilValidationLoss: continue on all the data until the validation loss falls to the training loss at the stop', async () => {
    const g = new d.RandomGenerator(22);
    const model = mlp(g, 8);
    const part = blobs(30, g);
    const held = blobs(10, g);
    const recorder = new Recorder();
    let targetSeen = NaN;
    class TrainingLossAtStop extends d.train.Callback {
      private run = 0;
      override async onTrainEnd(): Promise<void> {
        if (this.run++ === 0) targetSeen = (await d.train.evaluate(this.context.model, part, { loss: d.nn.crossEntropy })).loss;
      }
    }
    const result = await d.train.continueUntilValidationLoss(model, {
      optimizer: new d.optim.Adam(model.parameters(), { lr: 0.05 }), loss: d.nn.crossEntropy, train: part, validation: held,
      batchSize: 15, epochs: 40, maxEpochs: 100, earlyStopping: { patience: 2 }, callbacks: [recorder, new TrainingLossAtStop()], generator: g,
    });
    expect(result.search.stopReason).to.match(/EarlyStopping/);
    expect(result.target).to.be.closeTo(targetSeen, 1e-6 * targetSeen);
    expect(result.reached).to.equal(true);
    const v = result.final.get('val_loss');
    expect(v[v.length - 1]).to.be.at.most(result.target);
    expect(v.slice(0, -1).every((x) => x > result.target)).to.equal(true);
    expect(result.validationLoss).to.equal(v[v.length - 1]);
    // The continued run starts from where the search stopped and sees all 120 examples per epoch.
    const [search, cont] = recorder.runs;
    expect(cont.initial).to.deep.equal(search.weightsByEpoch[search.weightsByEpoch.length - 1]);
    expect(cont.examples.every((n) => n === 120)).to.equal(true);
  });
});

describe('d.train.fitInWorker', function () {
  this.timeout(120000);

  it('trains in a worker thread while the main event loop keeps running, with the main thread\'s result', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const progress: d.train.WorkerProgress[] = [];
    const { model: local } = setup({ seed: 3, epochs: 1 });
    const started = Date.now();
    const result = await d.train.fitInWorker(EXAMPLE, { args: { seed: 3, epochs: 6 }, onProgress: (p) => progress.push(p), model: local });
    const elapsed = Date.now() - started;
    clearInterval(timer);
    expect(result.history.epochs.length).to.be.at.least(4);
    expect(progress.map((p) => p.type === 'epoch' && p.epoch)).to.deep.equal(result.history.epochs);
    // The timer kept firing: at least a third of the 5 ms slots of the run.
    expect(ticks).to.be.at.least(Math.floor(elapsed / 15));
    expect(ticks).to.be.at.least(3);
    // The worker computes what the main thread computes, bit for bit.
    const { model, ...opts } = setup({ seed: 3, epochs: 6 });
    const here = await d.train.fit(model, opts);
    expect({ ...result.history.toJSON(), time: [] }).to.deep.equal({ ...here.toJSON(), time: [] });
    const workerWeights = Object.fromEntries(Object.entries(result.stateDict).map(([k, t]) => [k, Array.from(t.data)]));
    expect(workerWeights).to.deep.equal(weightsOf(model));
    expect(weightsOf(local)).to.deep.equal(weightsOf(model));
  });

  it('stops on abort, posts batch progress, and reports errors from the worker', async () => {
    const controller = new AbortController();
    let batches = 0;
    const result = await d.train.fitInWorker(EXAMPLE, {
      args: { seed: 1, epochs: 50 }, batchProgress: true,
      onProgress: (p) => {
        if (p.type === 'batch' && ++batches === 3) controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.history.stopReason).to.match(/stopped from the main thread/);
    expect(result.history.epochs.length).to.be.below(50);
    let error: unknown = null;
    try {
      await d.train.fitInWorker(EXAMPLE, { exportName: 'noSuchExport' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/fitInWorker: in the worker: .*fit\.js has no function export noSuchExport/);
    error = null;
    try {
      await d.train.fitInWorker('./no/such/module.js');
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/fitInWorker: cannot find module/);
  });

  it('drives the methods that differentiate the loss themselves (Newton, HessianFree)', async () => {
    for (const make of [(p: d.Tensor[]) => new d.optim.Newton(p), (p: d.Tensor[]) => new d.optim.HessianFree(p, { curvature: 'gaussNewton' })]) {
      const g = new d.RandomGenerator(1);
      const x = d.randn([64, 2], { generator: g, dtype: 'float64' });
      const y = d.tensor((x.toArray() as number[][]).map(([a, b]) => (a * b > 0 ? 1 : 0)), { dtype: 'int32' });
      const model = new d.nn.Sequential(
        new d.nn.Linear(2, 6, { generator: g, dtype: 'float64' }), new d.nn.Tanh(), new d.nn.Linear(6, 2, { generator: g, dtype: 'float64' }),
      );
      const opt = make(model.parameters());
      const h = await d.train.fit(model, { optimizer: opt, loss: d.nn.crossEntropy, train: { x, y }, batchSize: 64, epochs: 15 });
      const losses = h.metrics.loss;
      expect(losses.at(-1)!, opt.constructor.name).to.be.below(losses[0] * 0.9);
      expect(opt.evaluations, opt.constructor.name).to.be.at.least(15);
      await expectReject(
        d.train.fit(model, { optimizer: opt, loss: d.nn.crossEntropy, train: { x, y }, epochs: 1, clipGradNorm: 1 }),
        /clipGradNorm does not apply to/,
      );
    }
  });
});

async function expectReject(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  let error: unknown = null;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(String(error)).to.match(pattern);
}
