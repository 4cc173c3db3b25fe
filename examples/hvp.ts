// Exact second-order information from the tape: the Hessian-vector product of a small network's
// loss, checked against central differences of gradients.
import * as d from '../lib';

const g = new d.RandomGenerator(0);
const opts = { generator: g, dtype: 'float64' as const };
const x = d.randn([16, 4], opts); // a batch of inputs
const y = d.randn([16, 1], opts); // regression targets
const w1 = d.randn([4, 8], opts).mul(0.5).requiresGrad_();
const w2 = d.randn([8, 1], opts).mul(0.5).requiresGrad_();
const loss = () => x.matmul(w1).tanh().matmul(w2).sub(y).square().mean();

const v = [d.randn([4, 8], opts), d.randn([8, 1], opts)]; // any direction
const hv = d.autograd.hvp(loss, [w1, w2], v); // H·v, exact (double backward)

// The same product by central differences of gradients, for comparison.
const step = (s: number) => d.noGrad(() => [w1, w2].forEach((p, i) => p.add_(v[i].mul(s))));
step(1e-5);
const gPlus = d.autograd.grad(loss(), [w1, w2]);
step(-2e-5);
const gMinus = d.autograd.grad(loss(), [w1, w2]);
step(1e-5);
const fd = gPlus[0].sub(gMinus[0]).div(2e-5);
console.log('vᵀHv =', d.dot(hv[0].flatten(), v[0].flatten()).add(d.dot(hv[1].flatten(), v[1].flatten())).item().toFixed(6));
console.log('max |Hv − finite differences| =', hv[0].sub(fd).abs().max().item().toExponential(1));
