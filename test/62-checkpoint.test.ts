// Checkpoints (lib/checkpoint, docs/ARCHITECTURE.md, decision 14): the safetensors format (round trip of
// every dtype, alignment, metadata, the dtypes other writers use, every malformed file), atomic
// writes (a failure at any stage leaves the old file and no temporary file), the checkpoint
// layout, loads that fail for any reason changing nothing and naming the path and the problem,
// exact resume in a fresh process (bit for bit), and PyTorch interop both ways
// (test/fixtures/torch_mlp.* from scripts/goldens/safetensors_fixture.py;
// scripts/check_torch_loads_descent.py reads the file the last test writes).
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as d from '../lib';
import { writeFaults, WriteStage } from '../lib/checkpoint/atomic-write';
import { expectClose } from './helpers';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures');
const WORKER = path.join(__dirname, 'checkpoint-resume-worker.js');

let tmp = '';
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-checkpoint-'));
});
after(() => {
  if (tmp !== '') fs.rmSync(tmp, { recursive: true, force: true });
});

function file(name: string): string {
  return path.join(tmp, name);
}

// ---------- raw file helpers (independent of lib/checkpoint's parser) ----------

interface RawFile {
  header: Record<string, unknown>;
  data: Uint8Array;
}

function readRaw(bytes: Uint8Array): RawFile & { headerLength: number; headerText: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const headerText = Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8');
  return { header: JSON.parse(headerText) as Record<string, unknown>, data: Uint8Array.prototype.slice.call(bytes, 8 + n), headerLength: n, headerText };
}

/** A file from a header object and a data buffer (header padded with spaces to 8 bytes). */
function writeRaw(header: Record<string, unknown> | string, data: Uint8Array, pad = true): Uint8Array {
  let text = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  if (pad && text.length % 8 !== 0) text = Buffer.concat([text, Buffer.alloc(8 - (text.length % 8), 0x20)]);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

/** A copy of a file with its header changed by mutate (data kept unless replaced). */
function edit(bytes: Uint8Array, mutate: (h: Record<string, Record<string, unknown>>) => void, data?: Uint8Array): Uint8Array {
  const raw = readRaw(bytes);
  const h = raw.header as Record<string, Record<string, unknown>>;
  mutate(h);
  return writeRaw(h, data ?? raw.data);
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function sameBits(a: d.Tensor, b: d.Tensor): boolean {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  return Buffer.from(bytesOf(a.contiguous().data)).equals(Buffer.from(bytesOf(b.contiguous().data)));
}

function temporaryFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}

// ---------- the format ----------

describe('safetensors format', () => {
  function specialTensors(): Record<string, d.Tensor> {
    const f32 = new Float32Array([0, -0, 1.5, NaN, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, -2.5, 7]);
    const f64 = new Float64Array([0, -0, Math.PI, NaN, Infinity, -Infinity, 5e-324, Number.MAX_VALUE]);
    // A NaN with a payload (not the canonical one) must survive too.
    new Uint32Array(f32.buffer)[9] = 0x7fa00001;
    return {
      'layer.weight': d.fromArray(f32, [2, 5]),
      'layer.double': d.fromArray(f64, [2, 2, 2]),
      counts: d.fromArray(new Int32Array([0, -1, 2147483647, -2147483648, 42])),
      scalar: d.fromArray(new Float64Array([-0.125]), []),
      empty: d.zeros([0, 3]),
      transposed: d.transpose(d.tensor([[1, 2, 3], [4, 5, 6]]), 0, 1),
      int_scalar: d.fromArray(new Int32Array([7]), []),
    };
  }

  it('round-trips every dtype bit for bit, keeping names, shapes and order', () => {
    const tensors = specialTensors();
    const back = d.safetensors.parse(d.safetensors.serialize(tensors, { note: 'hello', 'descent.x': '{"a":1}' }));
    expect(Object.keys(back.tensors)).to.deep.equal(Object.keys(tensors));
    for (const [k, t] of Object.entries(tensors)) {
      expect(sameBits(back.tensors[k], t.contiguous()), k).to.equal(true);
    }
    expect(back.tensors.transposed.toArray()).to.deep.equal([[1, 4], [2, 5], [3, 6]]);
    expect(back.metadata).to.deep.equal({ note: 'hello', 'descent.x': '{"a":1}' });
    // The loaded tensors own their memory.
    expect(back.tensors['layer.weight'].data.buffer.byteLength).to.equal(40);
  });

  it('writes an 8-byte aligned, space-padded header, 8-byte elements first, tiling the buffer', () => {
    const bytes = d.safetensors.serialize(specialTensors(), { a: 'b' });
    const raw = readRaw(bytes);
    expect(raw.headerLength % 8).to.equal(0);
    expect(raw.headerText.trimEnd().endsWith('}')).to.equal(true);
    expect(raw.headerText.slice(raw.headerText.trimEnd().length)).to.match(/^ {0,7}$/);
    expect(Object.keys(raw.header)[0]).to.equal('__metadata__');
    expect(raw.header.__metadata__).to.deep.equal({ a: 'b' });
    const entries = Object.entries(raw.header).filter(([k]) => k !== '__metadata__') as Array<[string, { dtype: string; shape: number[]; data_offsets: [number, number] }]>;
    expect(Object.fromEntries(entries.map(([k, e]) => [k, e.dtype]))).to.deep.equal({
      'layer.weight': 'F32', 'layer.double': 'F64', counts: 'I32', scalar: 'F64', empty: 'F32', transposed: 'F32', int_scalar: 'I32',
    });
    const sorted = entries.slice().sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
    // F64 tensors come first, so each tensor starts at a multiple of its element size.
    expect(sorted[0][1].dtype).to.equal('F64');
    expect(sorted[1][1].dtype).to.equal('F64');
    let at = 0;
    for (const [name, e] of sorted) {
      const size = e.dtype === 'F64' ? 8 : 4;
      expect(e.data_offsets[0], name).to.equal(at);
      expect(e.data_offsets[0] % size, name).to.equal(0);
      at = e.data_offsets[1];
    }
    expect(at).to.equal(raw.data.length);
    expect((8 + raw.headerLength) % 8).to.equal(0);
    // Without metadata there is no __metadata__ entry.
    expect(Object.keys(readRaw(d.safetensors.serialize({ x: d.zeros([2]) })).header)).to.deep.equal(['x']);
  });

  it('reads the dtypes other writers use: F16, BF16, I64, I16, I8, U8, BOOL', () => {
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00, 0x8000, 0x0001, 0x7e00]);
    const f16Values = [1, -2, 0.5, 65504, Infinity, -0, 2 ** -24, NaN];
    const bf16 = new Uint16Array([0x3f80, 0xc040, 0x0000, 0xff80]);
    const bf16Values = [1, -3, 0, -Infinity];
    const i64 = new BigInt64Array([3n, -5n, 2147483647n, -2147483648n]);
    const i16 = new Int16Array([-32768, 32767, -1]);
    const i8 = new Int8Array([-128, 127, -1, 0]);
    const u8 = new Uint8Array([0, 255, 7]);
    const bool = new Uint8Array([1, 0, 1]);
    const parts: Array<[string, string, number[], Uint8Array]> = [
      ['i64', 'I64', [2, 2], bytesOf(i64)],
      ['half', 'F16', [8], bytesOf(f16)],
      ['brain', 'BF16', [4], bytesOf(bf16)],
      ['i16', 'I16', [3], bytesOf(i16)],
      ['i8', 'I8', [4], bytesOf(i8)],
      ['u8', 'U8', [3], u8],
      ['flags', 'BOOL', [3], bool],
    ];
    const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
    const chunks: Uint8Array[] = [];
    let at = 0;
    for (const [name, dtype, shape, b] of parts) {
      header[name] = { dtype, shape, data_offsets: [at, at + b.length] };
      chunks.push(b);
      at += b.length;
    }
    const got = d.safetensors.parse(writeRaw(header, Buffer.concat(chunks)));
    expect(got.metadata).to.deep.equal({ format: 'pt' });
    const t = got.tensors;
    expect(t.half.dtype).to.equal('float32');
    Array.from(t.half.data).forEach((v, i) => expect(Object.is(v, f16Values[i]), `half ${i}: ${v}`).to.equal(true));
    expect(Array.from(t.brain.data)).to.deep.equal(bf16Values);
    expect(t.i64.dtype).to.equal('int32');
    expect(t.i64.toArray()).to.deep.equal([[3, -5], [2147483647, -2147483648]]);
    expect(Array.from(t.i16.data)).to.deep.equal([-32768, 32767, -1]);
    expect(Array.from(t.i8.data)).to.deep.equal([-128, 127, -1, 0]);
    expect(Array.from(t.u8.data)).to.deep.equal([0, 255, 7]);
    expect(Array.from(t.flags.data)).to.deep.equal([1, 0, 1]);
    expect(t.flags.dtype).to.equal('int32');
  });

  it('refuses an I64 value outside int32 instead of wrapping it', () => {
    const big = bytesOf(new BigInt64Array([1n, 2147483648n]));
    const bytes = writeRaw({ n: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, big);
    expect(thrown(() => d.safetensors.parse(bytes, { source: 'x.safetensors' })).message)
      .to.match(/^x\.safetensors: tensor "n": element 1 \(2147483648\) is outside the int32 range/);
  });

  describe('rejects malformed files, naming the problem', () => {
    const good = () => d.safetensors.serialize({ a: d.tensor([1, 2, 3, 4]), b: d.tensor([5, 6]) }, { k: 'v' });
    const cases: Array<[string, () => Uint8Array, RegExp]> = [
      ['an empty file', () => new Uint8Array(0), /truncated: 0 bytes, too short for the 8-byte header length/],
      ['a file shorter than the length field', () => new Uint8Array(5), /truncated: 5 bytes/],
      ['a header length beyond the file', () => {
        const b = good();
        new DataView(b.buffer).setBigUint64(0, 5000n, true);
        return b;
      }, /truncated: the header length is 5000 bytes but only \d+ follow it/],
      ['an absurd header length', () => {
        const b = good();
        new DataView(b.buffer).setBigUint64(0, 1n << 40n, true);
        return b;
      }, /header length 1099511627776 exceeds the 100000000-byte limit/],
      ['a truncated data buffer', () => good().slice(0, -3), /tensor "b": data_offsets \[16, 24\] lie outside the 21-byte data buffer/],
      ['bad JSON', () => writeRaw('{"a": {"dtype": "F32",', new Uint8Array(0)), /the header is not valid JSON/],
      ['a header that is not an object', () => writeRaw('[1, 2]', new Uint8Array(0)), /the header is not a JSON object/],
      ['invalid UTF-8', () => {
        const b = writeRaw('{"ab":1}', new Uint8Array(0));
        b[10] = 0xff; // inside the key
        return b;
      }, /the header is not valid UTF-8/],
      ['an unknown dtype', () => edit(good(), (h) => { h.a.dtype = 'F8_E4M3'; }), /tensor "a" has unsupported dtype "F8_E4M3" \(supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL\)/],
      ['a missing dtype', () => edit(good(), (h) => { delete h.a.dtype; }), /tensor "a": dtype is missing/],
      ['a bad shape', () => edit(good(), (h) => { h.a.shape = [2, -2]; }), /tensor "a": shape must be a list of non-negative integers, got \[2,-2\]/],
      ['offsets that disagree with the shape', () => edit(good(), (h) => { h.a.shape = [5]; }), /tensor "a": shape \[5\] of F32 needs 20 bytes, data_offsets \[0, 16\] hold 16/],
      ['reversed offsets', () => edit(good(), (h) => { h.b.data_offsets = [24, 16]; }), /tensor "b": data_offsets must be \[begin, end\] with 0 <= begin <= end/],
      ['overlapping tensors', () => edit(good(), (h) => { h.b.data_offsets = [8, 16]; }), /tensors "a" and "b" overlap in the data buffer/],
      ['a gap between tensors', () => edit(good(), (h) => { h.b.data_offsets = [20, 28]; }, new Uint8Array(28)), /bytes \[16, 20\) of the data buffer belong to no tensor/],
      ['bytes after the last tensor', () => edit(good(), () => undefined, new Uint8Array(32)), /bytes \[24, 32\) of the data buffer belong to no tensor/],
      ['non-string metadata', () => edit(good(), (h) => { h.__metadata__ = { k: 3 } as unknown as Record<string, unknown>; }), /bad __metadata__: metadata "k" must be a string, got number/],
      ['a non-object entry', () => edit(good(), (h) => { (h as Record<string, unknown>).c = 7; }), /tensor "c": its header entry is not an object/],
    ];
    for (const [name, make, pattern] of cases) {
      it(name, () => {
        const e = thrown(() => d.safetensors.parse(make(), { source: 'load: /some/file.safetensors' }));
        expect(e.message).to.match(/^load: \/some\/file\.safetensors: /);
        expect(e.message).to.match(pattern);
      });
    }
  });

  it('serialize refuses non-tensors, non-string metadata and reserved names', () => {
    expect(thrown(() => d.safetensors.serialize({ a: [1, 2] as unknown as d.Tensor })).message).to.match(/safetensors\.serialize: a is not a Tensor/);
    expect(thrown(() => d.safetensors.serialize({ a: d.zeros([1]) }, { k: 1 as unknown as string })).message).to.match(/metadata "k" must be a string/);
    expect(thrown(() => d.safetensors.serialize({ __metadata__: d.zeros([1]) })).message).to.match(/cannot name a tensor/);
  });

  it('readFile / writeFile (and their sync forms) round-trip through the file system', async () => {
    const tensors = specialTensors();
    await d.safetensors.writeFile(file('plain.safetensors'), tensors, { m: 'x' });
    const a = await d.safetensors.readFile(file('plain.safetensors'));
    d.safetensors.writeFileSync(file('plain-sync.safetensors'), tensors, { m: 'x' });
    const b = d.safetensors.readFileSync(file('plain-sync.safetensors'));
    expect(fs.readFileSync(file('plain.safetensors')).equals(fs.readFileSync(file('plain-sync.safetensors')))).to.equal(true);
    for (const k of Object.keys(tensors)) {
      expect(sameBits(a.tensors[k], tensors[k].contiguous()), k).to.equal(true);
      expect(sameBits(b.tensors[k], tensors[k].contiguous()), k).to.equal(true);
    }
    expect(a.metadata).to.deep.equal({ m: 'x' });
    const missing = file('nope.safetensors');
    expect((await rejection(d.safetensors.readFile(missing))).message).to.equal(`safetensors.readFile: ${missing}: no such file`);
    expect(thrown(() => d.safetensors.readFileSync(tmp)).message).to.equal(`safetensors.readFileSync: ${tmp}: is a directory, not a file`);
    expect(temporaryFiles(tmp)).to.deep.equal([]);
  });
});

// ---------- atomic writes ----------

describe('atomic checkpoint writes', () => {
  function smallModel(): d.nn.Module {
    d.manualSeed(3);
    return new d.nn.Sequential(new d.nn.Linear(2, 3), new d.nn.BatchNorm1d(3));
  }

  for (const stage of ['write', 'sync', 'rename'] as WriteStage[]) {
    for (const form of ['save', 'saveSync'] as const) {
      it(`${form}: a failure at ${stage} leaves the old file and no temporary file`, async () => {
        const dir = fs.mkdtempSync(path.join(tmp, 'atomic-'));
        const target = path.join(dir, 'model.safetensors');
        fs.writeFileSync(target, 'the old checkpoint');
        writeFaults.stage = stage;
        let e: Error;
        try {
          e = form === 'save'
            ? await rejection(d.save(target, { model: smallModel() }))
            : thrown(() => d.saveSync(target, { model: smallModel() }));
        } finally {
          writeFaults.stage = null;
        }
        expect(e.message).to.equal(`${form}: ${target}: could not write the file (simulated failure at ${stage}); any previous file is unchanged`);
        expect(fs.readFileSync(target, 'utf8')).to.equal('the old checkpoint');
        expect(fs.readdirSync(dir)).to.deep.equal(['model.safetensors']);
        // Without the fault the same call replaces the file.
        if (form === 'save') await d.save(target, { model: smallModel() });
        else d.saveSync(target, { model: smallModel() });
        expect(d.loadSync(target).model['0.weight'].shape).to.deep.equal([3, 2]);
        expect(fs.readdirSync(dir)).to.deep.equal(['model.safetensors']);
      });
    }
  }

  it('a real rename failure (the target is a directory) removes the temporary file', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'atomic-'));
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'x');
    const e = await rejection(d.save(target, { model: smallModel() }));
    expect(e.message).to.match(new RegExp(`^save: ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: could not write the file \\(.*(EISDIR|ENOTEMPTY|EEXIST).*\\)`));
    expect(fs.readdirSync(dir)).to.deep.equal(['taken']);
    expect(fs.readdirSync(target)).to.deep.equal(['inside']);
  });

  it('a missing directory is reported with the path', async () => {
    const target = path.join(tmp, 'no-such-dir', 'm.safetensors');
    expect((await rejection(d.save(target, { model: smallModel() }))).message).to.match(/^save: .*no-such-dir\/m\.safetensors: could not write the file \(ENOENT/);
  });

  it('state that cannot be stored fails before touching the file', async () => {
    const target = file('keep.safetensors');
    fs.writeFileSync(target, 'old');
    const model = smallModel();
    const e1 = await rejection(d.save(target, { model, meta: { callback: () => 1 } }));
    expect(e1.message).to.equal(`save: ${target}: meta.callback is a function, which a checkpoint cannot store (JSON data, tensors and typed arrays only)`);
    const e2 = thrown(() => d.saveSync(target, { model, meta: { big: 10n } }));
    expect(e2.message).to.match(/^saveSync: .*keep\.safetensors: meta\.big is a bigint/);
    const e3 = thrown(() => d.saveSync(target, { model, epoch: NaN }));
    expect(e3.message).to.match(/epoch must be a finite number, got NaN/);
    const e4 = thrown(() => d.saveSync(target, { model, optimizer: { stateDict: () => ({ m: new Map() }), loadStateDict: () => undefined } }));
    expect(e4.message).to.match(/optimizer\.stateDict\(\)\.m is a Map, which a checkpoint cannot store/);
    expect(thrown(() => d.saveSync(target, {} as d.CheckpointContents)).message).to.match(/model must be a Module/);
    expect(fs.readFileSync(target, 'utf8')).to.equal('old');
    expect(temporaryFiles(tmp)).to.deep.equal([]);
  });
});

// ---------- checkpoints ----------

/** A duck-typed schedule (no descent class): stateDict/loadStateDict over plain JSON. */
class Countdown {
  remaining = 10;
  history: number[] = [];
  /** When set, loadStateDict writes part of the state and then throws (for rollback tests). */
  failAfterPartialWrite = false;
  step(): void {
    this.remaining--;
    this.history.push(this.remaining);
  }
  stateDict(): { remaining: number; history: number[] } {
    return { remaining: this.remaining, history: this.history.slice() };
  }
  loadStateDict(s: { remaining: number; history: number[] }): void {
    this.remaining = s.remaining;
    if (this.failAfterPartialWrite) throw new Error('Countdown refuses this state');
    this.history = s.history.slice();
  }
}

interface World {
  model: d.nn.Sequential;
  optimizer: d.optim.Adam;
  scheduler: Countdown;
  generator: d.RandomGenerator;
  loader: d.data.DataLoader;
}

function makeWorld(seed: number, steps: number, opts: { hidden?: number; extraLayer?: boolean } = {}): World {
  d.manualSeed(seed);
  const hidden = opts.hidden ?? 5;
  const generator = new d.RandomGenerator(seed + 100);
  const layers: d.nn.Module[] = [new d.nn.Linear(3, hidden), new d.nn.BatchNorm1d(hidden), new d.nn.ReLU(), new d.nn.Dropout(0.2, { generator }), new d.nn.Linear(hidden, 2)];
  if (opts.extraLayer) layers.push(new d.nn.Linear(2, 2));
  const model = new d.nn.Sequential(...layers);
  const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new Countdown();
  const x = d.fromArray(Float32Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.3)), [12, 3]);
  const y = d.fromArray(Int32Array.from({ length: 12 }, (_, i) => i % 2));
  const loader = new d.data.DataLoader(new d.data.TensorDataset(x, y), { batchSize: 4, shuffle: true, generator: new d.RandomGenerator(seed + 200) });
  let done = 0;
  while (done < steps) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      d.nn.crossEntropy(model.call(xb), yb).backward();
      optimizer.step();
      scheduler.step();
      if (++done === steps) break;
    }
  }
  return { model, optimizer, scheduler, generator, loader };
}

/** Everything a load could change, as a string (typed arrays as number lists). */
function fingerprint(w: World): string {
  const replacer = (_k: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v);
  const model = Object.fromEntries(Object.entries(w.model.stateDict()).map(([k, t]) => [k, Array.from(t.contiguous().data)]));
  return JSON.stringify({
    model, optimizer: w.optimizer.stateDict(), scheduler: w.scheduler.stateDict(), generator: w.generator.getState(), loader: w.loader.stateDict(),
  }, replacer);
}

function targetsOf(w: World): d.LoadTargets {
  return { model: w.model, optimizer: w.optimizer, scheduler: w.scheduler, generator: w.generator, loader: w.loader };
}

function contentsOf(w: World, extra: Partial<d.CheckpointContents> = {}): d.CheckpointContents {
  return { ...targetsOf(w), model: w.model, epoch: 2, step: 7, ...extra };
}

describe('checkpoint layout and round trip', () => {
  it('stores model.*, optim.<param>.<state> and the other parts as JSON metadata', async () => {
    const w = makeWorld(1, 5);
    const meta = { run: 'abc', special: [NaN, -0, Infinity, -Infinity, 0.1], nested: { ok: true, none: null }, weights: d.tensor([1, 2]), ids: new Int32Array([4, 5]) };
    await d.save(file('layout.safetensors'), contentsOf(w, { meta }));
    const raw = readRaw(fs.readFileSync(file('layout.safetensors')));
    const keys = Object.keys(raw.header).filter((k) => k !== '__metadata__');
    expect(keys.filter((k) => k.startsWith('model.'))).to.deep.equal([
      'model.0.weight', 'model.0.bias', 'model.1.weight', 'model.1.bias', 'model.1.running_mean', 'model.1.running_var',
      'model.1.num_batches_tracked', 'model.4.weight', 'model.4.bias',
    ]);
    const entry = (k: string) => raw.header[k] as { dtype: string; shape: number[] };
    expect(entry('model.1.num_batches_tracked')).to.include({ dtype: 'I32' });
    expect(entry('model.1.num_batches_tracked').shape).to.deep.equal([]);
    for (let i = 0; i < 6; i++) {
      expect(keys).to.include(`optim.${i}.exp_avg`);
      expect(keys).to.include(`optim.${i}.exp_avg_sq`);
    }
    expect(entry('optim.0.exp_avg').shape).to.deep.equal([5, 3]);
    expect(keys).to.include.members(['meta.weights', 'meta.ids']);
    const md = raw.header.__metadata__ as Record<string, string>;
    expect(Object.keys(md).sort()).to.deep.equal([
      'descent.epoch', 'descent.format', 'descent.generator', 'descent.loader', 'descent.meta', 'descent.optimizer', 'descent.scheduler', 'descent.step',
    ]);
    expect(md['descent.format']).to.equal('1');
    expect(md['descent.epoch']).to.equal('2');
    expect(md['descent.step']).to.equal('7');
    const opt = JSON.parse(md['descent.optimizer']);
    expect(opt.type).to.equal('Adam');
    expect(opt.state.paramGroups[0]).to.include({ lr: 0.01 });
    expect(opt.state.paramGroups[0].params).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(opt.state.state['0']).to.deep.equal({ step: 5, exp_avg: { $tensorData: 'optim.0.exp_avg' }, exp_avg_sq: { $tensorData: 'optim.0.exp_avg_sq' } });
    expect(JSON.parse(md['descent.scheduler'])).to.deep.equal({ type: 'Countdown', state: w.scheduler.stateDict() });
    expect(JSON.parse(md['descent.loader'])).to.deep.equal({ type: 'DataLoader', state: w.loader.stateDict() });
    expect(JSON.parse(md['descent.generator'])).to.deep.equal({ single: w.generator.getState() });
    expect(JSON.parse(md['descent.meta']).special).to.deep.equal([{ $number: 'NaN' }, { $number: '-0' }, { $number: 'Infinity' }, { $number: '-Infinity' }, 0.1]);
  });

  it('load restores every part exactly into fresh objects and returns the rest', async () => {
    const source = makeWorld(1, 5);
    const meta = { special: [NaN, -0, Infinity, 0.1], weights: d.tensor([1, 2]), ids: new Int32Array([4, 5]) };
    await d.save(file('round.safetensors'), contentsOf(source, { meta }));
    const target = makeWorld(2, 2);
    expect(fingerprint(target)).to.not.equal(fingerprint(source));
    const r = await d.load(file('round.safetensors'), targetsOf(target));
    expect(fingerprint(target)).to.equal(fingerprint(source));
    for (const [k, t] of Object.entries(source.model.stateDict())) expect(sameBits(target.model.stateDict()[k], t), k).to.equal(true);
    expect(r.epoch).to.equal(2);
    expect(r.step).to.equal(7);
    const m = r.meta!;
    const special = m.special as number[];
    expect(Number.isNaN(special[0]) && Object.is(special[1], -0) && special[2] === Infinity && special[3] === 0.1).to.equal(true);
    expect((m.weights as d.Tensor).toArray()).to.deep.equal([1, 2]);
    expect(Array.from(m.ids as Int32Array)).to.deep.equal([4, 5]);
    expect(m.ids).to.be.instanceOf(Int32Array);
    expect(r.missingKeys).to.deep.equal([]);
    expect(r.unexpectedKeys).to.deep.equal([]);
    // The loaded loader continues with the source's very batches.
    const next = (w: World) => [...w.loader].map(([xb]) => Array.from(xb.data));
    expect(next(target)).to.deep.equal(next(source));
  });

  it('loadSync without targets returns the contents and changes nothing', () => {
    const source = makeWorld(1, 3);
    d.saveSync(file('contents.safetensors'), contentsOf(source));
    const r = d.loadSync(file('contents.safetensors'));
    expect(Object.keys(r.model)).to.deep.equal(Object.keys(source.model.stateDict()));
    expect(r.optimizer).to.have.property('paramGroups');
    expect((r.optimizer as d.optim.OptimizerStateDict).state[0].exp_avg).to.have.property('data');
    expect(r.scheduler).to.deep.equal(source.scheduler.stateDict());
    expect(r.loader).to.deep.equal(source.loader.stateDict());
    expect(r.generator).to.deep.equal(source.generator.getState());
    expect(r.metadata['descent.format']).to.equal('1');
  });

  it('named generators, and a float32 checkpoint into a float64 model', () => {
    const a = new d.RandomGenerator(1);
    const b = new d.RandomGenerator(2);
    a.draw('uniform', new Float32Array(10), 0, 10, 0, 1);
    d.manualSeed(4);
    const m32 = new d.nn.Linear(3, 2);
    d.saveSync(file('named.safetensors'), { model: m32, generator: { dropout: a, shuffle: b } });
    const a2 = new d.RandomGenerator(9);
    const b2 = new d.RandomGenerator(9);
    const m64 = new d.nn.Linear(3, 2, { dtype: 'float64' });
    const r = d.loadSync(file('named.safetensors'), { model: m64, generator: { shuffle: b2, dropout: a2 } });
    expect(r.generator).to.deep.equal({ dropout: a.getState(), shuffle: b.getState() });
    expect(a2.getState()).to.deep.equal(a.getState());
    expect(b2.getState()).to.deep.equal(b.getState());
    expect(m64.weight.dtype).to.equal('float64');
    expect(Array.from(m64.weight.data)).to.deep.equal(Array.from(m32.weight.data));
  });

  it('strict: false loads the matching keys and reports the others', () => {
    const small = makeWorld(1, 1);
    d.saveSync(file('small.safetensors'), { model: small.model });
    const big = makeWorld(2, 0, { extraLayer: true });
    const r = d.loadSync(file('small.safetensors'), { model: big.model, strict: false });
    expect(r.missingKeys).to.deep.equal(['5.weight', '5.bias']);
    expect(r.unexpectedKeys).to.deep.equal([]);
    expect(sameBits(big.model.stateDict()['0.weight'], small.model.stateDict()['0.weight'])).to.equal(true);
  });
});

describe('a failed load changes nothing and names the path and the problem', () => {
  let goodPath = '';
  let good: Uint8Array = new Uint8Array(0);
  before(async () => {
    goodPath = file('good.safetensors');
    await d.save(goodPath, contentsOf(makeWorld(1, 5), { meta: { w: d.tensor([1, 2]) } }));
    good = new Uint8Array(fs.readFileSync(goodPath)); // a plain copy: Buffer.slice would be a view
  });

  /** Loads name (written from bytes, or an existing path) into a fresh world; it must fail unchanged. */
  async function expectRefused(name: string, bytes: Uint8Array | null, pattern: RegExp, targets?: (w: World) => d.LoadTargets): Promise<void> {
    const p = file(name);
    if (bytes !== null) fs.writeFileSync(p, bytes);
    const w = makeWorld(2, 2);
    const before = fingerprint(w);
    const stateObjects = [...w.optimizer.state.values()];
    const e = await rejection(d.load(p, (targets ?? targetsOf)(w)));
    expect(e.message.startsWith(`load: ${p}: `), e.message).to.equal(true);
    expect(e.message).to.match(pattern);
    expect(fingerprint(w)).to.equal(before);
    expect(w.optimizer.state.size).to.equal(stateObjects.length);
    [...w.optimizer.state.values()].forEach((s, i) => expect(s).to.equal(stateObjects[i]));
    // Sync form: the same refusal.
    const e2 = thrown(() => d.loadSync(p, (targets ?? targetsOf)(w)));
    expect(e2.message.replace(/^loadSync: /, 'load: ')).to.equal(e.message);
    expect(fingerprint(w)).to.equal(before);
  }

  it('(control: the good file does change the world)', async () => {
    const w = makeWorld(2, 2);
    const before = fingerprint(w);
    await d.load(goodPath, targetsOf(w));
    expect(fingerprint(w)).to.not.equal(before);
  });

  it('a missing file', () => expectRefused('missing.safetensors', null, /no such file$/));
  it('a truncated file', () => expectRefused('truncated.safetensors', good.slice(0, good.length - 7), /lie outside the \d+-byte data buffer \(truncated file\?\)/));
  it('a file cut inside the header', () => expectRefused('cut.safetensors', good.slice(0, 100), /truncated: the header length is \d+ bytes but only 92 follow it/));
  it('a header length beyond the file', () => {
    const b = good.slice();
    new DataView(b.buffer).setBigUint64(0, BigInt(b.length), true);
    return expectRefused('long-header.safetensors', b, /truncated: the header length/);
  });
  it('bad JSON', () => {
    const b = good.slice();
    b[8] = 0x5b; // '[' instead of '{'
    return expectRefused('bad-json.safetensors', b, /the header is not a JSON object/);
  });
  it('a corrupted header byte', () => {
    const b = good.slice();
    const n = Number(new DataView(b.buffer).getBigUint64(0, true));
    const text = Buffer.from(b.subarray(8, 8 + n)).toString('latin1');
    b[8 + text.indexOf('"dtype"')] = 0x3a; // a ':' where a '"' was
    return expectRefused('bad-byte.safetensors', b, /the header is not valid JSON/);
  });
  it('overlapping offsets', () => expectRefused('overlap.safetensors', edit(good, (h) => { h['model.1.bias'].data_offsets = h['model.1.weight'].data_offsets; }), /overlap in the data buffer/));
  it('offsets that leave a gap', () => expectRefused('gap.safetensors', edit(good, (h) => {
    for (const [k, e] of Object.entries(h)) if (k !== '__metadata__') e.data_offsets = (e.data_offsets as number[]).map((x) => x + 4);
  }, Buffer.concat([new Uint8Array(4), readRaw(good).data])), /bytes \[0, 4\) of the data buffer belong to no tensor/));
  it('an unknown dtype', () => expectRefused('dtype.safetensors', edit(good, (h) => { h['model.0.weight'].dtype = 'C64'; }), /tensor "model\.0\.weight" has unsupported dtype "C64"/));
  it('a wrong format tag', () => expectRefused('format.safetensors', edit(good, (h) => { h.__metadata__['descent.format'] = '2'; }), /unsupported checkpoint format "2" \(metadata descent\.format; this version of descent reads "1"\)/));
  it('bad JSON in a part', () => expectRefused('part-json.safetensors', edit(good, (h) => { h.__metadata__['descent.optimizer'] = '{"type": "Adam"'; }), /metadata descent\.optimizer is not valid JSON/));
  it('a reference to a tensor the file lacks', () => expectRefused('ref.safetensors', edit(good, (h) => {
    h['optim.3.exp_avgX'] = h['optim.3.exp_avg'];
    delete h['optim.3.exp_avg'];
  }), /descent\.optimizer\.state\.3\.exp_avg refers to tensor "optim\.3\.exp_avg", which the file does not hold/));
  it('a tensor that belongs to no part', () => expectRefused('stray.safetensors', edit(good, (h) => { delete h.__metadata__['descent.meta']; }), /tensor meta\.w belongs to no part of the checkpoint/));
  it('a bad generator state', () => expectRefused('gen.safetensors', edit(good, (h) => { h.__metadata__['descent.generator'] = '{"single":{"seed":"-1","offset":"0"}}'; }), /metadata descent\.generator is not a generator state/));
  it('a model of another shape', async () => {
    d.saveSync(file('wide.safetensors'), { model: makeWorld(1, 0, { hidden: 6 }).model });
    await expectRefused('wide.safetensors', null, /model shape mismatch: 0\.weight is \[6, 3\] in the checkpoint, \[5, 3\] in the model; 0\.bias is \[6\]/, (w) => ({ model: w.model }));
  });
  it('missing model keys (strict)', async () => {
    d.saveSync(file('short.safetensors'), { model: new d.nn.Sequential(...makeWorld(1, 0).model.children().slice(0, 2)) });
    await expectRefused('short.safetensors', null, /missing model keys 4\.weight, 4\.bias \(pass \{ strict: false \} to load the matching keys\)$/, (w) => ({ model: w.model }));
  });
  it('unexpected model keys (strict)', async () => {
    d.saveSync(file('long.safetensors'), { model: makeWorld(1, 0, { extraLayer: true }).model });
    await expectRefused('long.safetensors', null, /unexpected model keys 5\.weight, 5\.bias/, (w) => ({ model: w.model }));
  });
  it('an optimizer of another type', async () => {
    const src = makeWorld(1, 0);
    d.saveSync(file('sgd.safetensors'), { model: src.model, optimizer: new d.optim.SGD(src.model.parameters(), { lr: 0.1 }) });
    await expectRefused('sgd.safetensors', null, /the checkpoint's optimizer is SGD, the target's Adam/);
  });
  it('optimizer groups that do not fit', async () => {
    const src = makeWorld(1, 1);
    const ps = src.model.parameters();
    d.saveSync(file('groups.safetensors'), { model: src.model, optimizer: new d.optim.Adam([{ params: ps.slice(0, 2) }, { params: ps.slice(2) }], { lr: 0.1 }) });
    await expectRefused('groups.safetensors', null, /the optimizer state has 2 parameter groups, the optimizer 1/, (w) => ({ model: w.model, optimizer: w.optimizer }));
  });
  it('a part the checkpoint lacks', async () => {
    d.saveSync(file('model-only.safetensors'), { model: makeWorld(1, 0).model });
    await expectRefused('model-only.safetensors', null, /the checkpoint holds no optimizer state/);
  });
  it('a generator of another form', () => expectRefused('good.safetensors', null, /the checkpoint holds one generator, the target is an object of generators/, (w) => ({ ...targetsOf(w), generator: { g: w.generator } })));
  it('a part that rejects its state after writing some of it: everything is rolled back', async () => {
    await expectRefused('good.safetensors', null, /the scheduler rejected its saved state \(Countdown refuses this state\); nothing was changed/, (w) => {
      w.scheduler.failAfterPartialWrite = true;
      return targetsOf(w);
    });
  });
  it('a model that rejects its state last: the optimizer, loader and generator are put back exactly', async () => {
    await expectRefused('good.safetensors', null, /the model rejected its saved state \(boom\); nothing was changed/, (w) => ({
      ...targetsOf(w),
      model: { stateDict: () => w.model.stateDict(), loadStateDict: () => { throw new Error('boom'); } },
    }));
  });
});

// ---------- exact resume ----------

describe('exact resume in a fresh process', () => {
  function run(...args: string[]): { scheduler: string } {
    const out = execFileSync(process.execPath, [WORKER, ...args], { encoding: 'utf8', timeout: 120000 });
    return JSON.parse(out) as { scheduler: string };
  }
  interface Outcome { losses: Array<[number, number]>; lr: number; dropout: d.GeneratorState; step: number }
  const outcome = (dir: string, name: string) => ({
    tensors: d.safetensors.readFileSync(path.join(dir, `${name}.safetensors`)).tensors,
    json: JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Outcome,
  });

  let straightDir = '';
  before(function () {
    this.timeout(120000);
    straightDir = fs.mkdtempSync(path.join(tmp, 'straight-'));
    const info = run('straight', straightDir);
    console.log(`      (schedule in the resume test: ${info.scheduler}; data: d.data.DataLoader with shuffle)`);
  });

  // Step 9 is mid-epoch (6 batches per epoch); step 12 is the last batch of an epoch, before the
  // schedule's step.
  for (const k of [9, 12]) {
    it(`save at step ${k}, load in a new process, finish: the same bits as training straight through`, function () {
      this.timeout(120000);
      const dir = fs.mkdtempSync(path.join(tmp, `resume-${k}-`));
      run('first', dir, String(k));
      run('resume', dir);
      const a = outcome(straightDir, 'straight');
      const b = outcome(dir, 'resumed');
      expect(Object.keys(b.tensors)).to.deep.equal(Object.keys(a.tensors));
      for (const key of Object.keys(a.tensors)) expect(sameBits(b.tensors[key], a.tensors[key]), key).to.equal(true);
      expect(b.json.step).to.equal(a.json.step);
      expect(b.json.lr).to.equal(a.json.lr);
      expect(b.json.dropout).to.deep.equal(a.json.dropout);
      expect(b.json.losses).to.deep.equal(a.json.losses.filter(([s]) => s > k));
      expect(b.json.losses[0][0]).to.equal(k + 1);
    });
  }

  it('(control: restoring only the model does not reproduce the run)', function () {
    this.timeout(120000);
    const dir = fs.mkdtempSync(path.join(tmp, 'control-'));
    run('first', dir, '9');
    run('resume-model', dir);
    const a = outcome(straightDir, 'straight');
    const b = outcome(dir, 'model-only');
    expect(Object.keys(a.tensors).every((key) => sameBits(b.tensors[key], a.tensors[key]))).to.equal(false);
  });
});

// ---------- PyTorch interop ----------

describe('PyTorch interop', () => {
  interface TorchFixture {
    keys: string[];
    numBatchesTracked: number;
    input: number[];
    inputShape: number[];
    output64: number[];
    output32: number[];
    outputShape: number[];
  }
  const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'torch_mlp.json'), 'utf8')) as TorchFixture;
  const mlp = (dtype: d.DType = 'float32') => new d.nn.Sequential(
    new d.nn.Linear(4, 8, { dtype }), new d.nn.BatchNorm1d(8, { dtype }), new d.nn.ReLU(), new d.nn.Dropout(0.3), new d.nn.Linear(8, 3, { dtype }),
  );

  it('loads a state dict PyTorch wrote (I64 num_batches_tracked included) strictly and reproduces its output', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const model = mlp(dtype);
      const r = await d.load(path.join(FIXTURES, 'torch_mlp.safetensors'), { model });
      expect(r.metadata).to.deep.equal({ format: 'pt' });
      expect(Object.keys(r.model).sort()).to.deep.equal(fixture.keys.slice().sort());
      expect(r.model['1.num_batches_tracked'].dtype).to.equal('int32');
      expect((model.at(1) as d.nn.BatchNorm1d).numBatchesTracked!.item()).to.equal(fixture.numBatchesTracked);
      expect(r.epoch).to.equal(null);
      expect(r.optimizer).to.equal(null);
      model.eval();
      const out = model.call(d.tensor(fixture.input, fixture.inputShape, { dtype }));
      expect(out.shape).to.deep.equal(fixture.outputShape);
      const scale = Math.max(...fixture.output64.map(Math.abs));
      if (dtype === 'float64') expectClose(out, fixture.output64, 1e-10, 0, 'float64 forward');
      else expectClose(out, fixture.output64, 1e-4, 1e-5 * scale, 'float32 forward');
    }
  });

  it('PyTorch can read a descent checkpoint: same keys as torch, F32 tensors, I32 num_batches_tracked', () => {
    // scripts/check_torch_loads_descent.py loads this file into torch (run by hand; see there).
    const target = process.env.DESCENT_TORCH_CHECK ?? path.join(os.tmpdir(), 'descent-torch-check.safetensors');
    d.manualSeed(5);
    const model = mlp();
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.05 });
    const x = d.tensor(fixture.input, fixture.inputShape);
    for (let i = 0; i < 3; i++) {
      optimizer.zeroGrad();
      d.sum(d.square(model.call(x))).backward();
      optimizer.step();
    }
    model.eval();
    const output = Array.from(model.call(x).data);
    d.saveSync(target, { model, optimizer, meta: { input: fixture.input, inputShape: fixture.inputShape, output, outputShape: fixture.outputShape } });
    const raw = readRaw(fs.readFileSync(target));
    const modelKeys = Object.keys(raw.header).filter((k) => k.startsWith('model.')).map((k) => k.slice('model.'.length));
    expect(modelKeys).to.deep.equal(fixture.keys);
    for (const k of fixture.keys) {
      expect((raw.header[`model.${k}`] as { dtype: string }).dtype, k).to.equal(k.endsWith('num_batches_tracked') ? 'I32' : 'F32');
    }
  });
});
