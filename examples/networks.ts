// The README's networks example: a model, a loss with label smoothing, one SGD step, eval mode.
import * as d from '../lib';

const model = new d.nn.Sequential(
  new d.nn.Linear(784, 256), new d.nn.BatchNorm1d(256), new d.nn.ReLU(), new d.nn.Dropout(0.2),
  new d.nn.Linear(256, 10),
);
const x = d.randn([128, 784]);
const y = d.randint(0, 10, [128]);
const loss = d.nn.crossEntropy(model.call(x), y, { labelSmoothing: 0.1 });
loss.backward(); // gradients in p.grad for p of model.parameters()
d.noGrad(() => model.parameters().forEach((p) => p.sub_(p.grad!.mul(0.01)))); // one SGD step
model.eval(); // batch norm on running statistics, dropout off
console.log(loss.item() > 0, Object.keys(model.stateDict()).length, model.numParameters());
