// The training loop for the methods that differentiate the loss themselves (Newton, Hessian-free):
// their closure must return the loss with its graph, untouched by backward() (or { output, loss }
// for Gauss–Newton curvature), which d.train.fit's closure does not do (it calls backward and
// returns a number, as L-BFGS wants). One full-batch step per epoch; otherwise the same shape as
// fit: the same callback hooks in the same order, validation after each epoch, the schedule's
// epoch step, and a d.train.History.
import * as d from '../index';
import type { Split } from './data';

export interface CurvatureFitOptions {
  optimizer: d.optim.Optimizer;
  train: Split;
  validation: Split | null;
  epochs: number;
  scheduler: d.train.Scheduler | null;
  /** Return { output, loss } from the closure (Hessian-free with Gauss–Newton curvature). */
  gaussNewton: boolean;
  callbacks: d.train.Callback[];
}

function isPlateau(s: d.train.Scheduler | null): s is d.optim.lrScheduler.ReduceLROnPlateau {
  return s instanceof d.optim.lrScheduler.ReduceLROnPlateau;
}

export async function curvatureFit(model: d.nn.Module, o: CurvatureFitOptions): Promise<d.train.History> {
  const history = new d.train.History();
  let step = 0;
  const context: d.train.TrainingContext = {
    model, optimizer: o.optimizer, scheduler: o.scheduler, history, epochs: o.epochs, stepsPerEpoch: 1,
    get step() { return step; },
    metricNames: ['accuracy'],
    hasValidation: o.validation !== null,
  };
  for (const cb of o.callbacks) {
    cb.context = context;
    cb.stopTraining = false;
    cb.stopReason = null;
  }
  const each = async (hook: (cb: d.train.Callback) => void | Promise<void>): Promise<void> => {
    for (const cb of o.callbacks) await hook(cb);
  };
  const { x, y } = o.train;
  const size = x.shape[0];
  let last: d.train.Logs = {};
  try {
    await each((cb) => cb.onTrainBegin({}));
    for (let epoch = 1; epoch <= o.epochs && !o.callbacks.some((c) => c.stopTraining); epoch++) {
      const started = performance.now();
      await each((cb) => cb.onEpochBegin(epoch, {}));
      const lr = o.optimizer.paramGroups[0].lr;
      await each((cb) => cb.onBatchBegin(0, { size, lr }));
      model.train();
      let first: { loss: number; accuracy: number } | null = null;
      const closure = () => {
        const output = model.call(x);
        const loss = d.nn.crossEntropy(output, y);
        first ??= { loss: loss.item(), accuracy: d.noGrad(() => d.train.accuracy(output, y)) };
        return o.gaussNewton ? { output, loss } : loss;
      };
      o.optimizer.step(closure as unknown as d.optim.Closure);
      step++;
      const at = first as { loss: number; accuracy: number } | null;
      if (at === null) throw new Error('the optimizer did not evaluate its closure');
      history.recordStep(at.loss, lr, epoch);
      await each((cb) => cb.onBatchEnd(0, { loss: at.loss, accuracy: at.accuracy, lr, size }));
      const logs: d.train.Logs = { loss: at.loss, accuracy: at.accuracy };
      if (o.validation !== null) {
        const v = await d.train.evaluate(model, o.validation, { loss: d.nn.crossEntropy, metrics: ['accuracy'], batchSize: 1000 });
        for (const [k, value] of Object.entries(v)) logs[`val_${k}`] = value;
      }
      logs.lr = o.optimizer.paramGroups[0].lr;
      if (isPlateau(o.scheduler)) o.scheduler.step(logs.val_loss ?? logs.loss);
      else o.scheduler?.step();
      history.recordEpoch(epoch, logs, (performance.now() - started) / 1000);
      await each((cb) => cb.onEpochEnd(epoch, logs));
      last = logs;
    }
    const stopper = o.callbacks.find((c) => c.stopTraining);
    if (stopper !== undefined) history.stopReason = stopper.stopReason ?? 'stopped by a callback';
    await each((cb) => cb.onTrainEnd(last));
  } catch (error) {
    for (const cb of o.callbacks) {
      try {
        cb.onTrainError(error);
      } catch {
        // the original error is the one to report
      }
    }
    throw error;
  }
  return history;
}
