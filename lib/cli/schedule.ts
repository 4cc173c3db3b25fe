// The learning-rate schedules of --schedule, sized to the run: the per-batch ones (cosine,
// onecycle, linear-decay) span every optimizer step of the run, step decays by 10x at a third and
// at two thirds of the epochs, plateau divides by 10 after 3 epochs without a better validation
// loss (training loss without validation data).
import * as d from '../index';
import type { ScheduleName } from './options';

export interface ScheduleChoice {
  scheduler: d.train.Scheduler | null;
  interval: 'epoch' | 'step';
  /** The schedule's options, for the report. */
  description: string;
}

export function createSchedule(name: ScheduleName, optimizer: d.optim.Optimizer, epochs: number, stepsPerEpoch: number): ScheduleChoice {
  const lr = optimizer.paramGroups[0].lr;
  const total = Math.max(1, epochs * stepsPerEpoch);
  const S = d.optim.lrScheduler;
  switch (name) {
    case 'none':
      return { scheduler: null, interval: 'epoch', description: 'constant' };
    case 'cosine':
      return { scheduler: new S.CosineAnnealingLR(optimizer, { TMax: total }), interval: 'step', description: `cosine to 0 over ${total} steps` };
    case 'onecycle':
      return {
        scheduler: new S.OneCycleLR(optimizer, { maxLr: lr, totalSteps: total, cycleMomentum: false }),
        interval: 'step',
        description: `one cycle over ${total} steps, peak ${lr}`,
      };
    case 'linear-decay':
      return { scheduler: new S.LinearDecay(optimizer, { totalIters: total, endFactor: 0.01 }), interval: 'step', description: `linear to lr/100 over ${total} steps` };
    case 'step': {
      const stepSize = Math.max(1, Math.round(epochs / 3));
      return { scheduler: new S.StepLR(optimizer, { stepSize, gamma: 0.1 }), interval: 'epoch', description: `x0.1 every ${stepSize} epochs` };
    }
    case 'plateau':
      return { scheduler: new S.ReduceLROnPlateau(optimizer, { factor: 0.1, patience: 3 }), interval: 'epoch', description: 'x0.1 after 3 epochs without improvement' };
  }
}
