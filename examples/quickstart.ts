// The README's quick start: tensors, broadcasting, gemm, softmax, seeded randomness.
import * as d from '../lib';

const g = new d.RandomGenerator(42); // seeded: same seed, same numbers
const x = d.randn([128, 784], { generator: g }); // float32 by default
const w = d.randn([784, 10], { generator: g }).mul(0.05);
const logits = x.matmul(w).add(d.zeros([10])); // gemm + broadcasting
const probs = logits.softmax(-1); // stable softmax
console.log(probs.sum(1).mean().item().toFixed(4)); // 1.0000
console.log(logits.argmax(1).slice(0, 5).toString()); // int32 class indices
console.log(d.memory().bytes > 0); // live tensor memory is tracked
