import { expect } from 'chai';
import { createHash } from 'crypto';
import * as d from '../lib';
import { forEachSimd, withThreads } from './helpers';

function sha256(t: d.Tensor): string {
  const data = t.data;
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

// 10^6 draws of each distribution from seed 2024; the digests were produced by this
// implementation and guard its bits on every instruction set, thread count and machine.
const draws = () => {
  const g = new d.RandomGenerator(2024);
  return {
    uniform32: d.rand([1_000_000], { generator: g }),
    normal32: d.randn([1_000_000], { generator: g }),
    uniform64: d.rand([1_000_000], { generator: g, dtype: 'float64' }),
    normal64: d.randn([1_000_000], { generator: g, dtype: 'float64' }),
    randint: d.randint(-5, 1000, [1_000_000], { generator: g }),
    randperm: d.randperm(1_000_000, { generator: g }),
  };
};

describe('random generation', () => {
  it('the same seed gives the same tensors; different seeds differ', () => {
    const a = d.randn([100], { generator: new d.RandomGenerator(7) });
    const b = d.randn([100], { generator: new d.RandomGenerator(7) });
    const c = d.randn([100], { generator: new d.RandomGenerator(8) });
    expect(Array.from(a.data)).to.deep.equal(Array.from(b.data));
    expect(Array.from(a.data)).to.not.deep.equal(Array.from(c.data));
    d.manualSeed(3);
    const x = d.rand([10]);
    d.manualSeed(3);
    expect(Array.from(d.rand([10]).data)).to.deep.equal(Array.from(x.data));
  });

  it('10^6 draws equal the committed digests on every instruction set and at 1 and 2 threads', () => {
    const committed = {
      uniform32: '393c81aff78651a4b90908357aa8e771778e679278b25b18f1d8d729d1a3056c',
      normal32: '96edca47b5912c2fb310c9b01a8e58e5cfc28a7263586f5bb4634873e33ea876',
      uniform64: '3e8254ddbb6670d8fdbd936aee83f5c679e25752d34dd8fe451cd2557f80d09f',
      normal64: 'bf98d829f6103b9f29533bbbb76a058ed101b83f9f4da975e1ce6cd4c485d145',
      randint: '1ea178a187d98586039cd2eeb033cafcbbb426562536cd7a103ef999a977d641',
      randperm: '30075f301f91dadb6636f8081b9c02e70e2b7fa26a55d202f311cb6e97b9d794',
    };
    forEachSimd((simd) => {
      for (const threads of [1, 2]) {
        const digests = withThreads(threads, () => Object.fromEntries(Object.entries(draws()).map(([k, t]) => [k, sha256(t)])));
        expect(digests, `${simd}, ${threads} thread(s)`).to.deep.equal(committed);
      }
    });
  });

  it('draws continue the stream: one call of n+m equals calls of n then m (uniform)', () => {
    const whole = d.rand([1000], { generator: new d.RandomGenerator(9), dtype: 'float64' });
    const g = new d.RandomGenerator(9);
    const first = d.rand([400], { generator: g, dtype: 'float64' });
    const second = d.rand([600], { generator: g, dtype: 'float64' });
    expect([...first.data, ...second.data]).to.deep.equal(Array.from(whole.data));
  });

  it('generator state round-trips through JSON', () => {
    const g = new d.RandomGenerator(11);
    d.rand([37], { generator: g });
    const state = JSON.parse(JSON.stringify(g.getState()));
    const next = Array.from(d.randn([5], { generator: g }).data);
    const h = new d.RandomGenerator(0).setState(state);
    expect(Array.from(d.randn([5], { generator: h }).data)).to.deep.equal(next);
  });

  it('distributions have the right moments and ranges', () => {
    const g = new d.RandomGenerator(99);
    const n = 200_000;
    const u = d.rand([n], { generator: g, dtype: 'float64', low: -2, high: 3 });
    expect(u.min().item()).to.be.at.least(-2);
    expect(u.max().item()).to.be.below(3);
    expect(u.mean().item()).to.be.closeTo(0.5, 5 * Math.sqrt(25 / 12 / n));
    const z = d.randn([n], { generator: g, dtype: 'float64', mean: 1, std: 2 });
    expect(z.mean().item()).to.be.closeTo(1, 5 * 2 / Math.sqrt(n));
    expect(z.var().item()).to.be.closeTo(4, 5 * 4 * Math.sqrt(2 / n));
    const r = d.randint(3, 7, [n], { generator: g });
    expect(r.min().item()).to.equal(3);
    expect(r.max().item()).to.equal(6);
    const p = d.randperm(1000, { generator: g });
    expect(Array.from(p.data).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('rejects bad seeds and parameters', () => {
    expect(() => new d.RandomGenerator(-1)).to.throw(RangeError, /seed/);
    expect(() => new d.RandomGenerator(1.5)).to.throw(RangeError, /seed/);
    expect(() => d.randint(5, 5, [2])).to.throw(RangeError, /low < high/);
    expect(() => d.randn([2], { std: -1 })).to.throw(RangeError, /std/);
    expect(() => d.rand([2], { dtype: 'int32' })).to.throw(TypeError, /float32 or float64/);
    expect(() => d.rand([2], { generator: {} as never })).to.throw(TypeError, /RandomGenerator/);
    expect(new d.RandomGenerator(2n ** 64n - 1n).seed).to.equal(2n ** 64n - 1n);
  });
});
