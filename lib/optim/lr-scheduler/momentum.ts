// Momentum cycling (Smith 2018, "A disciplined approach to neural network hyper-parameters"):
// CyclicLR and OneCycleLR move the momentum opposite to the learning rate. The momentum is a
// group's `momentum` (SGD, RMSprop) or the first of its `betas` (Adam family), as PyTorch's
// `use_beta1`: betas win when a group has both.
import { ScheduledGroup } from './scheduler';

/** Where a group keeps the momentum a schedule cycles. */
export type MomentumKey = 'momentum' | 'beta1';

/** The key every group of the optimizer has, or a TypeError naming the schedule. */
export function momentumKeyOf(owner: string, groups: ScheduledGroup[]): MomentumKey {
  const hasBetas = (g: ScheduledGroup) => Array.isArray(g.betas) && g.betas.length >= 1 && typeof g.betas[0] === 'number';
  if (groups.every(hasBetas)) return 'beta1';
  if (groups.every((g) => typeof g.momentum === 'number')) return 'momentum';
  throw new TypeError(`${owner}: cycleMomentum needs an optimizer whose param groups have momentum or betas; pass cycleMomentum: false`);
}

export function readMomentum(group: ScheduledGroup, key: MomentumKey): number {
  return key === 'beta1' ? (group.betas as number[])[0] : (group.momentum as number);
}

/** Writes the momentum; betas get a new array (β1 replaced, the rest kept), as PyTorch's tuple. */
export function writeMomentum(group: ScheduledGroup, key: MomentumKey, value: number): void {
  if (key === 'beta1') group.betas = [value, ...(group.betas as number[]).slice(1)];
  else group.momentum = value;
}
