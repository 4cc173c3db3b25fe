import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import * as d from '../lib';
import { expectClose } from './helpers';

const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist'; // Debian: dataset-fashion-mnist

const rows = (t: d.Tensor): number[][] => t.toArray() as number[][];
const list = (t: d.Tensor): number[] => Array.from(t.contiguous().data);

/** x[i] = [i, 10 + i], y[i] = i % 3: row i is recognisable from its values. */
function toyDataset(n: number): d.data.TensorDataset {
  const x = d.tensor(Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 10 + (k - 1) / 2)), [n, 2]);
  const y = d.tensor(Int32Array.from({ length: n }, (_, i) => i % 3));
  return new d.data.TensorDataset(x, y);
}

/** The example numbers of one epoch, batch by batch (read back from x[:, 0]). */
function epochBatches(loader: Iterable<d.Tensor[]>): number[][] {
  const out: number[][] = [];
  for (const [xb] of loader) out.push(rows(xb).map((r) => r[0]));
  return out;
}

describe('d.data', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'descent-data-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('datasets', () => {
    it('TensorDataset: length, rows, batch gather, errors', () => {
      const ds = toyDataset(5);
      expect(ds.length).to.equal(5);
      const [x3, y3] = ds.get(3);
      expect(x3.shape).to.deep.equal([2]);
      expect(list(x3)).to.deep.equal([3, 13]);
      expect(y3.shape).to.deep.equal([]);
      expect(y3.item()).to.equal(0);
      const [xb, yb] = ds.getBatch(Int32Array.from([4, 0, 4, 2]));
      expect(rows(xb)).to.deep.equal([[4, 14], [0, 10], [4, 14], [2, 12]]);
      expect(yb.dtype).to.equal('int32');
      expect(list(yb)).to.deep.equal([1, 0, 1, 2]);
      expect(() => ds.get(5)).to.throw(RangeError, /TensorDataset.get: index 5 is out of range/);
      expect(() => ds.get(-1)).to.throw(RangeError);
      expect(() => ds.getBatch(Int32Array.from([0, 7]))).to.throw(RangeError, /index 7/);
      expect(() => new d.data.TensorDataset(d.zeros([3, 2]), d.zeros([4]))).to.throw(RangeError, /share their first dimension: \[3, 2\], \[4\]/);
      expect(() => new d.data.TensorDataset(d.tensor(1))).to.throw(RangeError, /0-d/);
      expect(() => new d.data.TensorDataset()).to.throw(TypeError);
      // A transposed (non-contiguous) tensor is accepted and read by rows.
      const t = new d.data.TensorDataset(d.tensor([[1, 2, 3], [4, 5, 6]]).T);
      expect(rows(t.getBatch(Int32Array.from([2, 0]))[0])).to.deep.equal([[3, 6], [1, 4]]);
    });

    it('Subset maps indices and gathers through its parent', () => {
      const ds = toyDataset(6);
      const s = new d.data.Subset(ds, [5, 1, 3]);
      expect(s.length).to.equal(3);
      expect(list(s.get(0)[0])).to.deep.equal([5, 15]);
      expect(typeof s.getBatch).to.equal('function');
      expect(rows(s.getBatch!(Int32Array.from([2, 0]))[0])).to.deep.equal([[3, 13], [5, 15]]);
      const nested = new d.data.Subset(s, d.tensor(Int32Array.from([2])));
      expect(list(nested.get(0)[0])).to.deep.equal([3, 13]);
      expect(() => new d.data.Subset(ds, [6])).to.throw(RangeError, /index 6 is out of range for a dataset of length 6/);
      expect(() => s.get(3)).to.throw(RangeError);
      expect(() => new d.data.Subset(ds, d.tensor([1, 2]))).to.throw(TypeError, /int32/);
    });

    it('ConcatDataset: examples across parts, batches in the requested order', () => {
      const a = toyDataset(3);
      const b = new d.data.TensorDataset(d.tensor([[100, 110], [101, 111]]), d.tensor(Int32Array.from([7, 8])));
      const c = new d.data.ConcatDataset([a, b]);
      expect(c.length).to.equal(5);
      expect(c.cumulativeSizes).to.deep.equal([3, 5]);
      expect(c.locate(3)).to.deep.equal([1, 0]);
      expect(list(c.get(4)[0])).to.deep.equal([101, 111]);
      expect(list(c.get(2)[0])).to.deep.equal([2, 12]);
      const [xb, yb] = c.getBatch!(Int32Array.from([3, 0, 4, 2, 3]));
      expect(rows(xb).map((r) => r[0])).to.deep.equal([100, 0, 101, 2, 100]);
      expect(list(yb)).to.deep.equal([7, 0, 8, 2, 7]);
      expect(rows(c.getBatch!(Int32Array.from([4, 3]))[0]).map((r) => r[0])).to.deep.equal([101, 100]);
      expect(() => c.get(5)).to.throw(RangeError);
    });

    it('randomSplit: lengths, fractions with the remainder given round robin, reproducible', () => {
      const ds = toyDataset(10);
      const sizes = (parts: d.data.Subset[]) => parts.map((p) => p.length);
      expect(sizes(d.data.randomSplit(ds, [3, 7], { generator: new d.RandomGenerator(1) }))).to.deep.equal([3, 7]);
      // floor(10·[0.25, 0.25, 0.5]) = [2, 2, 5]: the one left over goes to the first subset.
      expect(sizes(d.data.randomSplit(ds, [0.25, 0.25, 0.5], { generator: new d.RandomGenerator(1) }))).to.deep.equal([3, 2, 5]);
      // floor(8·[0.3, 0.3, 0.4]) = [2, 2, 3].
      expect(sizes(d.data.randomSplit(toyDataset(8), [0.3, 0.3, 0.4], { generator: new d.RandomGenerator(0) }))).to.deep.equal([3, 2, 3]);
      const parts = d.data.randomSplit(ds, [0.5, 0.5], { generator: new d.RandomGenerator(9) });
      const all = [...parts[0].indices, ...parts[1].indices].sort((p, q) => p - q);
      expect(all).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const again = d.data.randomSplit(ds, [0.5, 0.5], { generator: new d.RandomGenerator(9) });
      expect(Array.from(again[0].indices)).to.deep.equal(Array.from(parts[0].indices));
      const other = d.data.randomSplit(ds, [0.5, 0.5], { generator: new d.RandomGenerator(10) });
      expect(Array.from(other[0].indices)).to.not.deep.equal(Array.from(parts[0].indices));
      expect(() => d.data.randomSplit(ds, [3, 6])).to.throw(RangeError, /sum to 9, the dataset has 10/);
      expect(() => d.data.randomSplit(ds, [0.5, 0.4])).to.throw(RangeError, /integers/);
      expect(() => d.data.randomSplit(ds, [-1, 11])).to.throw(RangeError);
    });
  });

  describe('samplers', () => {
    it('SequentialSampler and RandomSampler (a new permutation every pass, reproducible)', () => {
      expect([...new d.data.SequentialSampler(4)]).to.deep.equal([0, 1, 2, 3]);
      expect(new d.data.SequentialSampler(toyDataset(3)).length).to.equal(3);
      const s = new d.data.RandomSampler(20, { generator: new d.RandomGenerator(5) });
      const p1 = [...s];
      const p2 = [...s];
      expect([...p1].sort((a, b) => a - b)).to.deep.equal([...new d.data.SequentialSampler(20)]);
      expect(p2).to.not.deep.equal(p1);
      const t = new d.data.RandomSampler(20, { generator: new d.RandomGenerator(5) });
      expect([...t]).to.deep.equal(p1);
      expect([...t]).to.deep.equal(p2);
      // numSamples beyond n: whole permutations, then part of one.
      const long = [...new d.data.RandomSampler(4, { numSamples: 10, generator: new d.RandomGenerator(2) })];
      expect(long).to.have.length(10);
      expect([...long.slice(0, 4)].sort()).to.deep.equal([0, 1, 2, 3]);
      expect([...long.slice(4, 8)].sort()).to.deep.equal([0, 1, 2, 3]);
      const rep = [...new d.data.RandomSampler(3, { replacement: true, numSamples: 300, generator: new d.RandomGenerator(2) })];
      expect(rep).to.have.length(300);
      expect(rep.every((i) => i >= 0 && i < 3)).to.equal(true);
      expect(new Set(rep).size).to.equal(3);
      // Without a generator, the default generator decides (manualSeed makes it reproducible).
      const saved = d.getDefaultGenerator().getState();
      try {
        d.manualSeed(11);
        const a = [...new d.data.RandomSampler(12)];
        d.manualSeed(11);
        expect([...new d.data.RandomSampler(12)]).to.deep.equal(a);
      } finally {
        d.getDefaultGenerator().setState(saved);
      }
    });

    it('SubsetRandomSampler permutes the given indices', () => {
      const s = new d.data.SubsetRandomSampler([10, 20, 30, 40], { generator: new d.RandomGenerator(3) });
      const a = [...s];
      expect([...a].sort((p, q) => p - q)).to.deep.equal([10, 20, 30, 40]);
      expect(s.length).to.equal(4);
      const passes = new Set(Array.from({ length: 6 }, () => [...s].join()));
      expect(passes.size).to.be.greaterThan(1);
      expect(() => new d.data.SubsetRandomSampler([1, -2])).to.throw(RangeError, /index 1 is -2/);
    });

    it('WeightedRandomSampler: proportional frequencies, zero weights never drawn, without replacement distinct', () => {
      const w = [1, 0, 3, 6];
      const s = new d.data.WeightedRandomSampler(w, 20000, { generator: new d.RandomGenerator(4) });
      const counts = [0, 0, 0, 0];
      for (const i of s) counts[i]++;
      expect(counts[1]).to.equal(0);
      expect(counts[0] / 20000).to.be.closeTo(0.1, 0.015);
      expect(counts[2] / 20000).to.be.closeTo(0.3, 0.02);
      expect(counts[3] / 20000).to.be.closeTo(0.6, 0.02);
      const nr = new d.data.WeightedRandomSampler(d.tensor([1, 0, 3, 6]), 3, { replacement: false, generator: new d.RandomGenerator(4) });
      const picks = [...nr];
      expect([...picks].sort()).to.deep.equal([0, 2, 3]);
      // Heavier weights come first more often.
      const first = [0, 0, 0, 0];
      for (let k = 0; k < 2000; k++) first[[...nr][0]]++;
      expect(first[3]).to.be.greaterThan(first[2]);
      expect(first[2]).to.be.greaterThan(first[0]);
      expect(first[3] / 2000).to.be.closeTo(0.6, 0.04);
      expect(() => new d.data.WeightedRandomSampler(w, 4, { replacement: false })).to.throw(RangeError, /3 positive weights/);
      expect(() => new d.data.WeightedRandomSampler([1, -1], 2)).to.throw(RangeError, /non-negative/);
      expect(() => new d.data.WeightedRandomSampler([0, 0], 2)).to.throw(RangeError, /sum to 0/);
    });

    it('BatchSampler groups indices, with or without the short last batch', () => {
      const seq = new d.data.SequentialSampler(7);
      expect([...new d.data.BatchSampler(seq, 3)]).to.deep.equal([[0, 1, 2], [3, 4, 5], [6]]);
      expect(new d.data.BatchSampler(seq, 3).length).to.equal(3);
      expect([...new d.data.BatchSampler(seq, 3, true)]).to.deep.equal([[0, 1, 2], [3, 4, 5]]);
      expect(new d.data.BatchSampler(seq, 3, true).length).to.equal(2);
      expect([...new d.data.BatchSampler(new d.data.SequentialSampler(6), 3, true)]).to.have.length(2);
      expect(() => new d.data.BatchSampler(seq, 0)).to.throw(RangeError);
    });
  });

  describe('DataLoader', () => {
    it('iterates [xb, yb] batches covering the data once per epoch; length; dropLast', () => {
      const ds = toyDataset(10);
      const loader = new d.data.DataLoader(ds, { batchSize: 4 });
      expect(loader.length).to.equal(3);
      const seen: number[] = [];
      const sizes: number[] = [];
      for (const [xb, yb] of loader) {
        expect(xb.shape[1]).to.equal(2);
        expect(yb.dtype).to.equal('int32');
        expect(list(yb)).to.deep.equal(rows(xb).map((r) => r[0] % 3));
        sizes.push(xb.shape[0]);
        seen.push(...rows(xb).map((r) => r[0]));
      }
      expect(sizes).to.deep.equal([4, 4, 2]);
      expect(seen).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(loader.epoch).to.equal(1);
      const dropped = new d.data.DataLoader(ds, { batchSize: 4, dropLast: true, shuffle: true, generator: new d.RandomGenerator(1) });
      expect(dropped.length).to.equal(2);
      const b = epochBatches(dropped);
      expect(b.map((x) => x.length)).to.deep.equal([4, 4]);
      expect(new Set(b.flat()).size).to.equal(8);
      expect(new d.data.DataLoader(ds).length).to.equal(10);
    });

    it('shuffles differ from epoch to epoch and are reproducible from the seed', () => {
      const ds = toyDataset(40);
      const make = (seed: number) => new d.data.DataLoader(ds, { batchSize: 8, shuffle: true, generator: new d.RandomGenerator(seed) });
      const a = make(123);
      const epochsA = [epochBatches(a), epochBatches(a), epochBatches(a)];
      for (const e of epochsA) expect(e.flat().sort((p, q) => p - q)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
      expect(epochsA[1]).to.not.deep.equal(epochsA[0]);
      expect(epochsA[2]).to.not.deep.equal(epochsA[1]);
      const b = make(123);
      expect([epochBatches(b), epochBatches(b), epochBatches(b)]).to.deep.equal(epochsA);
      expect(epochBatches(make(124))).to.not.deep.equal(epochsA[0]);
    });

    it('resumes mid-epoch from stateDict with exactly the remaining batches, then the same next epochs', () => {
      const ds = toyDataset(37);
      const make = (seed: number) => new d.data.DataLoader(ds, { batchSize: 5, shuffle: true, generator: new d.RandomGenerator(seed) });
      const a = make(77);
      epochBatches(a); // epoch 0
      const it = a[Symbol.iterator]();
      const consumed: number[][] = [];
      for (let k = 0; k < 3; k++) consumed.push(rows(it.next().value![0]).map((r) => r[0]));
      const saved = JSON.parse(JSON.stringify(a.stateDict())) as d.data.DataLoaderState;
      expect(saved.epoch).to.equal(1);
      expect(saved.batchIndex).to.equal(3);
      expect(saved.inEpoch).to.equal(true);
      const rest: number[][] = [];
      for (let r = it.next(); !r.done; r = it.next()) rest.push(rows(r.value[0]).map((x) => x[0]));
      const later = [epochBatches(a), epochBatches(a)];
      expect(rest).to.have.length(8 - 3);

      // A fresh loader with another seed, restored from the checkpoint.
      const b = make(5).loadStateDict(saved);
      expect(b.epoch).to.equal(1);
      expect(b.batchIndex).to.equal(3);
      expect(b.stateDict()).to.deep.equal(saved);
      expect(epochBatches(b)).to.deep.equal(rest);
      expect(b.epoch).to.equal(2);
      expect([epochBatches(b), epochBatches(b)]).to.deep.equal(later);
      expect([...consumed, ...rest].flat().sort((p, q) => p - q)).to.deep.equal(Array.from({ length: 37 }, (_, i) => i));

      // A state taken between epochs starts the next epoch as the original did.
      const c = make(77);
      epochBatches(c);
      const between = c.stateDict();
      expect(between).to.include({ epoch: 1, batchIndex: 0, inEpoch: false });
      expect(between.epochGenerator).to.equal(null);
      const e = make(0).loadStateDict(between);
      expect(epochBatches(e)).to.deep.equal([...consumed, ...rest]);
    });

    it('resumes mid-epoch with any random sampler (weighted, with replacement, subset)', () => {
      const ds = toyDataset(23);
      const samplers = (seed: number): d.data.Sampler[] => [
        new d.data.WeightedRandomSampler(Array.from({ length: 23 }, (_, i) => 1 + (i % 4)), 30, { generator: new d.RandomGenerator(seed) }),
        new d.data.RandomSampler(ds, { replacement: true, generator: new d.RandomGenerator(seed) }),
        new d.data.SubsetRandomSampler([1, 3, 5, 7, 9, 11, 13], { generator: new d.RandomGenerator(seed) }),
      ];
      samplers(3).forEach((sampler, k) => {
        const a = new d.data.DataLoader(ds, { batchSize: 3, sampler });
        epochBatches(a);
        const it = a[Symbol.iterator]();
        it.next();
        it.next();
        const saved = a.stateDict();
        const rest: number[][] = [];
        for (let r = it.next(); !r.done; r = it.next()) rest.push(rows(r.value[0]).map((x) => x[0]));
        const next = epochBatches(a);
        const b = new d.data.DataLoader(ds, { batchSize: 3, sampler: samplers(99)[k] }).loadStateDict(saved);
        expect(epochBatches(b), `sampler ${k}`).to.deep.equal(rest);
        expect(epochBatches(b), `sampler ${k}`).to.deep.equal(next);
      });
    });

    it('resumes a sequential loader by position; rejects inconsistent states', () => {
      const ds = toyDataset(9);
      const a = new d.data.DataLoader(ds, { batchSize: 2 });
      const it = a[Symbol.iterator]();
      it.next();
      it.next();
      const s = a.stateDict();
      expect(s).to.deep.equal({ epoch: 0, batchIndex: 2, inEpoch: true, generator: null, epochGenerator: null });
      const b = new d.data.DataLoader(ds, { batchSize: 2 }).loadStateDict(s);
      expect(epochBatches(b)).to.deep.equal([[4, 5], [6, 7], [8]]);
      expect(() => b.loadStateDict({ ...s, batchIndex: 6 })).to.throw(RangeError, /exceeds the 5 batches/);
      const shuffled = new d.data.DataLoader(ds, { batchSize: 2, shuffle: true, generator: new d.RandomGenerator(1) });
      expect(() => shuffled.loadStateDict(s)).to.throw(TypeError, /no generator/);
      expect(() => b.loadStateDict(shuffled.stateDict())).to.throw(TypeError, /draws no random order/);
    });

    it('a superseded iterator throws; an abandoned epoch counts as an epoch', () => {
      const loader = new d.data.DataLoader(toyDataset(6), { batchSize: 2, shuffle: true, generator: new d.RandomGenerator(2) });
      for (const _ of loader) break;
      expect(loader.epoch).to.equal(1);
      const first = loader[Symbol.iterator]();
      first.next();
      const second = loader[Symbol.iterator]();
      expect(loader.epoch).to.equal(2);
      expect(() => first.next()).to.throw(Error, /superseded/);
      expect(second.next().done).to.equal(false);
    });

    it('samplers, batch samplers, custom collate and defaultCollate', () => {
      const ds = toyDataset(6);
      const bySampler = new d.data.DataLoader(ds, { batchSize: 2, sampler: new d.data.SubsetRandomSampler([0, 2, 4], { generator: new d.RandomGenerator(1) }) });
      expect(bySampler.length).to.equal(2);
      expect(epochBatches(bySampler).flat().sort()).to.deep.equal([0, 2, 4]);
      const byBatches = new d.data.DataLoader(ds, { batchSampler: [[5, 0], [1]] as unknown as d.data.BatchSamplerLike });
      expect(epochBatches(byBatches)).to.deep.equal([[5, 0], [1]]);
      const collated = new d.data.DataLoader(ds, { batchSize: 3, collate: (items: d.Tensor[][]) => items.length });
      expect([...collated]).to.deep.equal([3, 3]);
      // Datasets of plain examples go through defaultCollate.
      class Pairs extends d.data.Dataset<[d.Tensor, number]> {
        get length(): number { return 5; }
        get(i: number): [d.Tensor, number] { return [d.tensor([i, 10 + i]), i * 2]; }
      }
      const loader = new d.data.DataLoader<[d.Tensor, number], [d.Tensor, d.Tensor]>(new Pairs(), { batchSize: 2 });
      const batches = [...loader];
      expect(batches).to.have.length(3);
      expect(rows(batches[0][0])).to.deep.equal([[0, 10], [1, 11]]);
      expect(batches[0][1].dtype).to.equal('int32');
      expect(list(batches[2][1])).to.deep.equal([8]);
      expect(list(d.data.defaultCollate([0.5, 1]) as d.Tensor)).to.deep.equal([0.5, 1]);
      const obj = d.data.defaultCollate([{ a: 1 }, { a: 2 }]) as { a: d.Tensor };
      expect(list(obj.a)).to.deep.equal([1, 2]);
      expect(() => d.data.defaultCollate(['x'])).to.throw(TypeError, /pass a collate function/);
      expect(() => new d.data.DataLoader(ds, { shuffle: true, sampler: new d.data.SequentialSampler(6) })).to.throw(TypeError, /excludes shuffle/);
      expect(() => new d.data.DataLoader(ds, { batchSize: 2, batchSampler: new d.data.BatchSampler(new d.data.SequentialSampler(6), 2) })).to.throw(TypeError, /batchSampler excludes/);
      expect(() => new d.data.DataLoader(ds, { batchSize: 0 })).to.throw(RangeError);
    });

    it('gathers a batch with one native call per tensor (no per-row collation)', () => {
      const ds = toyDataset(8);
      let gets = 0;
      const original = ds.get.bind(ds);
      ds.get = (i: number) => {
        gets++;
        return original(i);
      };
      let gathers = 0;
      const gather = ds.getBatch.bind(ds);
      ds.getBatch = (idx: Int32Array) => {
        gathers++;
        return gather(idx);
      };
      epochBatches(new d.data.DataLoader(ds, { batchSize: 3, shuffle: true, generator: new d.RandomGenerator(1) }));
      expect(gets).to.equal(0);
      expect(gathers).to.equal(3);
    });
  });

  describe('IDX files', () => {
    // An independent writer: magic, big-endian dimensions, big-endian elements.
    function idxBytes(code: number, shape: number[], size: number, put: (v: DataView, at: number, x: number) => void, values: number[]): Buffer {
      const header = 4 + 4 * shape.length;
      const b = Buffer.alloc(header + values.length * size);
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      b[2] = code;
      b[3] = shape.length;
      shape.forEach((s, k) => v.setUint32(4 + 4 * k, s, false));
      values.forEach((x, i) => put(v, header + i * size, x));
      return b;
    }
    const cases = [
      { type: 'ubyte', code: 0x08, size: 1, dtype: 'int32', values: [0, 1, 127, 128, 255, 7], put: (v: DataView, at: number, x: number) => v.setUint8(at, x) },
      { type: 'byte', code: 0x09, size: 1, dtype: 'int32', values: [-128, -1, 0, 1, 127, 5], put: (v: DataView, at: number, x: number) => v.setInt8(at, x) },
      { type: 'short', code: 0x0b, size: 2, dtype: 'int32', values: [-32768, -2, 0, 300, 32767, 9], put: (v: DataView, at: number, x: number) => v.setInt16(at, x, false) },
      { type: 'int', code: 0x0c, size: 4, dtype: 'int32', values: [-2147483648, -70000, 0, 1, 2147483647, 65536], put: (v: DataView, at: number, x: number) => v.setInt32(at, x, false) },
      { type: 'float', code: 0x0d, size: 4, dtype: 'float32', values: [-1.5, 0, 0.25, 3e10, -7, 1024.5], put: (v: DataView, at: number, x: number) => v.setFloat32(at, x, false) },
      { type: 'double', code: 0x0e, size: 8, dtype: 'float64', values: [Math.PI, -Math.E, 1e-300, 0, 2, -0.1], put: (v: DataView, at: number, x: number) => v.setFloat64(at, x, false) },
    ] as const;

    for (const c of cases) {
      it(`reads ${c.type} files, plain and gzipped`, () => {
        const bytes = idxBytes(c.code, [2, 3], c.size, c.put, [...c.values]);
        for (const gz of [false, true]) {
          const path = join(dir, `${c.type}${gz ? '.idx.gz' : '.idx'}`);
          writeFileSync(path, gz ? gzipSync(bytes) : bytes);
          const t = d.data.loadIdx(path);
          expect(t.shape).to.deep.equal([2, 3]);
          expect(t.dtype).to.equal(c.dtype);
          expect(list(t)).to.deep.equal(c.dtype === 'float32' ? Array.from(Float32Array.from(c.values)) : [...c.values]);
        }
      });
    }

    it('round-trips saveIdx / loadIdx (ubyte, int, float, double; 1-D and 3-D; gzip by extension)', () => {
      const img = d.tensor(Int32Array.from({ length: 24 }, (_, i) => (i * 11) % 256), [2, 3, 4]);
      d.data.saveIdx(join(dir, 'img.idx3-ubyte.gz'), img, { type: 'ubyte' });
      const back = d.data.loadIdx(join(dir, 'img.idx3-ubyte.gz'));
      expect(back.shape).to.deep.equal([2, 3, 4]);
      expect(list(back)).to.deep.equal(list(img));
      expect(list(d.data.loadIdx(join(dir, 'img.idx3-ubyte.gz'), { dtype: 'float32' }))).to.deep.equal(list(img));
      for (const t of [d.tensor(Int32Array.from([5, -6, 7])), d.tensor([0.5, -2.25]), d.tensor(Float64Array.from([1 / 3, 1e200]))]) {
        d.data.saveIdx(join(dir, 'rt.idx'), t);
        const r = d.data.loadIdx(join(dir, 'rt.idx'));
        expect(r.dtype).to.equal(t.dtype);
        expect(list(r)).to.deep.equal(list(t));
      }
      expect(() => d.data.encodeIdx(d.tensor(Int32Array.from([256])), { type: 'ubyte' })).to.throw(RangeError, /not a ubyte value/);
    });

    it('rejects bad magic, unknown types, truncated files, dimension mismatches and broken gzip', () => {
      const good = idxBytes(0x08, [2, 2], 1, (v, at, x) => v.setUint8(at, x), [1, 2, 3, 4]);
      const write = (name: string, b: Uint8Array) => {
        const p = join(dir, name);
        writeFileSync(p, b);
        return p;
      };
      const badMagic = Buffer.from(good);
      badMagic[0] = 0x1a;
      expect(() => d.data.loadIdx(write('magic.idx', badMagic))).to.throw(RangeError, /magic.idx: bad magic number 0x1a000802/);
      const badType = Buffer.from(good);
      badType[2] = 0x0a;
      expect(() => d.data.loadIdx(write('type.idx', badType))).to.throw(RangeError, /unknown element type code 0x0a/);
      expect(() => d.data.loadIdx(write('short.idx', good.subarray(0, 3)))).to.throw(RangeError, /truncated: 3 bytes/);
      expect(() => d.data.loadIdx(write('header.idx', good.subarray(0, 10)))).to.throw(RangeError, /truncated header: 2 dimensions need 12 header bytes/);
      expect(() => d.data.loadIdx(write('data.idx', good.subarray(0, 14)))).to.throw(RangeError, /dimension mismatch \(truncated\): shape \[2, 2\] of ubyte needs 4 data bytes, the data has 2/);
      expect(() => d.data.loadIdx(write('extra.idx', Buffer.concat([good, Buffer.from([9])])))).to.throw(RangeError, /trailing bytes/);
      const gz = gzipSync(good);
      expect(() => d.data.loadIdx(write('cut.idx.gz', gz.subarray(0, gz.length - 12)))).to.throw(Error, /not a valid gzip stream/);
      expect(() => d.data.loadIdx(join(dir, 'missing.idx'))).to.throw(Error, /cannot read/);
    });

    it('loadMnist reads the four files of a directory (generated, small)', () => {
      const mn = join(dir, 'mnist');
      mkdirSync(mn);
      const images = (n: number) => d.tensor(Int32Array.from({ length: n * 784 }, (_, i) => (i * 7) % 256), [n, 28, 28]);
      const labels = (n: number) => d.tensor(Int32Array.from({ length: n }, (_, i) => i % 10));
      d.data.saveIdx(join(mn, 'train-images-idx3-ubyte.gz'), images(12), { type: 'ubyte' });
      d.data.saveIdx(join(mn, 'train-labels-idx1-ubyte.gz'), labels(12), { type: 'ubyte' });
      d.data.saveIdx(join(mn, 't10k-images-idx3-ubyte'), images(3), { type: 'ubyte' });
      d.data.saveIdx(join(mn, 't10k-labels-idx1-ubyte'), labels(3), { type: 'ubyte' });
      const m = d.data.loadMnist(mn);
      expect(m.train.x.shape).to.deep.equal([12, 784]);
      expect(m.train.x.dtype).to.equal('float32');
      expect(m.test.y.dtype).to.equal('int32');
      expect(list(m.test.y)).to.deep.equal([0, 1, 2]);
      expect(m.train.x.data[1]).to.equal(Math.fround(7 / 255));
      expect(m.classes).to.have.length(10);
      d.data.saveIdx(join(mn, 't10k-labels-idx1-ubyte'), labels(4), { type: 'ubyte' });
      expect(() => d.data.loadMnist(mn)).to.throw(RangeError, /has 3 images but .* has 4 labels/);
      expect(() => d.data.loadMnist(join(dir, 'nowhere'))).to.throw(Error, /none of train-images-idx3-ubyte/);
    });

    it(`loads Fashion-MNIST from ${FASHION_MNIST_DIR} when installed: 60000/10000 images, 6000 per class`, function () {
      if (!existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'))) this.skip();
      const f = d.data.loadFashionMnist(FASHION_MNIST_DIR);
      expect(f.train.x.shape).to.deep.equal([60000, 784]);
      expect(f.test.x.shape).to.deep.equal([10000, 784]);
      expect(f.train.y.shape).to.deep.equal([60000]);
      expect(f.test.y.shape).to.deep.equal([10000]);
      const count = (y: d.Tensor) => {
        const c = new Array(10).fill(0);
        for (const v of y.data) c[v]++;
        return c;
      };
      expect(count(f.train.y)).to.deep.equal(new Array(10).fill(6000));
      expect(count(f.test.y)).to.deep.equal(new Array(10).fill(1000));
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of f.test.x.data) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      expect([lo, hi]).to.deep.equal([0, 1]);
      expect(f.classes[9]).to.equal('Ankle boot');
    });
  });

  describe('CSV', () => {
    it('reads a header, numeric features and string classes (sorted, with their list)', () => {
      const text = 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n4.9,1.4,setosa\n';
      const t = d.data.parseCsv(text);
      expect(t.featureNames).to.deep.equal(['sepal', 'petal']);
      expect(t.labelName).to.equal('species');
      expect(t.x.shape).to.deep.equal([4, 2]);
      expect(t.x.dtype).to.equal('float32');
      expectClose(t.x, [5.1, 1.4, 7.0, 4.7, 6.3, 6.0, 4.9, 1.4], 1e-7);
      expect(t.classes).to.deep.equal(['setosa', 'versicolor', 'virginica']);
      expect(t.y!.dtype).to.equal('int32');
      expect(list(t.y!)).to.deep.equal([0, 1, 2, 0]);
    });

    it('handles quotes, embedded delimiters and newlines, CRLF, BOM, comments and other delimiters', () => {
      const text = '\uFEFF# a comment\r\n"a;b";"c ""d""";label\r\n"1";2;"x;1"\r\n\r\n 3 ; "" ;"y\nz"\r\n4;NA;y\n';
      const rec = d.data.parseCsv(text, { delimiter: ';', comment: '#', missing: 'nan', labelType: 'class' });
      expect(rec.featureNames).to.deep.equal(['a;b', 'c "d"']);
      expect(rec.classes).to.deep.equal(['x;1', 'y', 'y\nz']);
      expect(list(rec.y!)).to.deep.equal([0, 2, 1]);
      expect(rows(rec.x)).to.deep.equal([[1, 2], [3, NaN], [4, NaN]]);
      // CR-only line ends; error line numbers count line breaks inside quotes.
      expect(() => d.data.parseCsv('a,b\r1,"x\ny"\r2,z\r', { labelColumn: null })).to.throw(TypeError, /line 2: column 'b': "x\\ny" is not a number/);
      expect(() => d.data.parseCsv('a,b\r1,"x\ny",0\r2,z\r', { header: true })).to.throw(RangeError, /line 2: 3 fields/);
      expect(() => d.data.parseCsv('a,b\n1,"x\ny"\nz,0\n', { header: true, labelColumn: 1 })).to.throw(TypeError, /line 4: column 'a': "z"/);
    });

    it('label columns by index or name, integer labels as indices, numeric classes, regression targets, no labels', () => {
      const noHeader = '3,0.5,1\n1,0.25,2\n0,1e-1,0\n';
      const a = d.data.parseCsv(noHeader, { labelColumn: 0 });
      expect(a.featureNames).to.equal(null);
      expect(list(a.y!)).to.deep.equal([3, 1, 0]);
      expect(a.classes).to.deep.equal(['0', '1', '2', '3']);
      expectClose(a.x, [0.5, 1, 0.25, 2, 0.1, 0], 1e-7);
      const b = d.data.parseCsv('x,y,t\n1,2,-1\n3,4,1\n5,6,-1\n', { labelColumn: 't' });
      expect(b.classes).to.deep.equal(['-1', '1']);
      expect(list(b.y!)).to.deep.equal([0, 1, 0]);
      const r = d.data.parseCsv('x,price\n1,2.5\n2,3.25\n');
      expect(r.classes).to.equal(null);
      expect(r.y!.dtype).to.equal('float32');
      expect(list(r.y!)).to.deep.equal([2.5, 3.25]);
      const n = d.data.parseCsv('1,2\n3,4\n', { labelColumn: null });
      expect(n.y).to.equal(null);
      expect(n.x.shape).to.deep.equal([2, 2]);
      const f = d.data.parseCsv('a,b,c,y\n1,2,3,0\n4,5,6,1\n', { featureColumns: ['c', 'a'], labelColumn: 'y', dtype: 'float64' });
      expect(f.x.dtype).to.equal('float64');
      expect(rows(f.x)).to.deep.equal([[3, 1], [6, 4]]);
    });

    it('reports ragged rows, non-numbers, missing values and unterminated quotes with their line', () => {
      expect(() => d.data.parseCsv('1,2,0\n3,4\n')).to.throw(RangeError, /line 2: 2 fields, expected 3/);
      expect(() => d.data.parseCsv('a,b\n1,0\nx,1\n', { header: true })).to.throw(TypeError, /line 3: column 'a': "x" is not a number/);
      expect(() => d.data.parseCsv('1,,0\n')).to.throw(TypeError, /line 1: column 1: missing value/);
      expect(() => d.data.parseCsv('1,"2,0\n')).to.throw(SyntaxError, /line 1: unterminated quoted field/);
      expect(() => d.data.parseCsv('1,"2"x,0\n')).to.throw(SyntaxError, /after a closing quote/);
      expect(() => d.data.parseCsv('a,b\n1,2\n', { labelColumn: 'z' })).to.throw(RangeError, /"z" is not a column/);
      expect(() => d.data.parseCsv('')).to.throw(RangeError, /no records/);
    });

    it('loadCsv reads files, gzipped or not', () => {
      const text = 'f1,f2,label\n0,1,cat\n2,3,dog\n';
      writeFileSync(join(dir, 't.csv'), text);
      writeFileSync(join(dir, 't.csv.gz'), gzipSync(text));
      for (const name of ['t.csv', 't.csv.gz']) {
        const t = d.data.loadCsv(join(dir, name));
        expect(rows(t.x)).to.deep.equal([[0, 1], [2, 3]]);
        expect(t.classes).to.deep.equal(['cat', 'dog']);
      }
      expect(() => d.data.loadCsv(join(dir, 'nope.csv'))).to.throw(Error, /loadCsv: cannot read/);
    });
  });

  describe('digits, stratified splits, standardization', () => {
    it('digits(): 1797 8x8 images with pixel values 0..16 and the known class counts', () => {
      const { x, y, classes } = d.data.digits();
      expect(x.shape).to.deep.equal([1797, 64]);
      expect(x.dtype).to.equal('float32');
      expect(y.shape).to.deep.equal([1797]);
      expect(y.dtype).to.equal('int32');
      expect(classes).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      const counts = new Array(10).fill(0);
      for (const v of y.data) counts[v]++;
      expect(counts).to.deep.equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
      const px = Array.from(x.data);
      expect(px.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).to.equal(true);
      expect(Math.max(...px)).to.equal(16);
      expect(px.slice(0, 8)).to.deep.equal([0, 0, 5, 13, 9, 1, 0, 0]);
      expect(y.data[0]).to.equal(0);
      // Each call returns fresh tensors.
      x.data[0] = 99;
      expect(d.data.digits().x.data[0]).to.equal(0);
    });

    it('stratifiedSplit keeps per-class proportions, covers every index once, and is reproducible', () => {
      const { y } = d.data.digits();
      const [train, test] = d.data.stratifiedSplit(y, [0.8, 0.2], { generator: new d.RandomGenerator(42) });
      expect(train.length + test.length).to.equal(1797);
      const all = Int32Array.from([...train, ...test]).sort();
      expect(Array.from(all)).to.deep.equal(Array.from({ length: 1797 }, (_, i) => i));
      const labels = y.data;
      for (let c = 0; c < 10; c++) {
        const n = Array.from(labels).filter((v) => v === c).length;
        const inTest = Array.from(test).filter((i) => labels[i] === c).length;
        expect(Math.abs(inTest - 0.2 * n), `class ${c}`).to.be.below(1);
      }
      expect(Math.abs(test.length - 0.2 * 1797)).to.be.at.most(5);
      expect(Array.from(train)).to.deep.equal(Array.from(train).sort((p, q) => p - q));
      const again = d.data.stratifiedSplit(y, [0.8, 0.2], { generator: new d.RandomGenerator(42) });
      expect(Array.from(again[1])).to.deep.equal(Array.from(test));
      const other = d.data.stratifiedSplit(y, [0.8, 0.2], { generator: new d.RandomGenerator(43) });
      expect(Array.from(other[1])).to.not.deep.equal(Array.from(test));
      // Three parts on a small labelled list; ties in remainders rotate between parts.
      const small = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
      const parts = d.data.stratifiedSplit(small, [0.5, 0.25, 0.25], { generator: new d.RandomGenerator(1) });
      expect(parts.map((p) => p.length).reduce((s, k) => s + k, 0)).to.equal(10);
      for (const p of parts) expect(p.length).to.be.within(2, 5);
      expect(() => d.data.stratifiedSplit(small, [0.5, 0.4])).to.throw(RangeError, /sum to 1/);
    });

    it('Standardizer fits on the training rows only and applies those statistics everywhere', () => {
      // Feature 0 differs between the splits; feature 1 is constant on the training rows.
      const x = d.tensor([[1, 5], [3, 5], [5, 5], [100, 7], [200, 9]]);
      const trainRows = [0, 1, 2];
      const s = new d.data.Standardizer().fit(x, trainRows);
      expectClose(s.mean, [3, 5], 1e-12);
      expectClose(s.std, [Math.sqrt(8 / 3), 1], 1e-12);
      const z = s.transform(x);
      expect(z.dtype).to.equal('float32');
      const sd = Math.sqrt(8 / 3);
      expectClose(z, [-2 / sd, 0, 0, 0, 2 / sd, 0, 97 / sd, 2, 197 / sd, 4], 1e-6);
      // Fitting on all rows gives different statistics: the held-out rows did not leak in above.
      const all = new d.data.Standardizer().fit(x);
      expect(all.mean.data[0]).to.be.closeTo(61.8, 1e-9);
      // The same statistics for a separately held test tensor, and after a state round trip.
      const restored = new d.data.Standardizer().loadStateDict(s.stateDict());
      const test = d.tensor([[100, 7], [200, 9]], { dtype: 'float64' });
      expectClose(restored.transform(test), [97 / sd, 2, 197 / sd, 4], 1e-12);
      expectClose(restored.inverseTransform(restored.transform(test)), test, 1e-12);
      expectClose(s.fitTransform(x, d.tensor(Int32Array.from(trainRows))), z, 0);
      expect(() => new d.data.Standardizer().transform(x)).to.throw(Error, /call fit first/);
      expect(() => s.transform(d.zeros([2, 3]))).to.throw(RangeError, /fitted on 2 features, got 3/);
      expect(() => s.fit(d.zeros([3]))).to.throw(RangeError, /\[N, F\]/);
      expect(() => s.fit(x, [5])).to.throw(RangeError, /out of range/);
    });
  });
});
