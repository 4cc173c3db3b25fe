// The embedded default data set: the UCI optical recognition of handwritten digits, test part
// (Alpaydin & Kaynak 1998), as shipped in data/digits.csv.gz (origin and licence in
// data/README.md). 1,797 images of 8x8 pixels, each pixel the count of ink pixels in a 4x4
// block of a 32x32 bitmap, so an integer in 0..16; ten classes, the digits 0 to 9.
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { gunzipSync } from 'zlib';
import { fromArray } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';
import { parseCsv } from './csv';

export interface DigitsData {
  /** float32 [1797, 64]: row-major 8x8 images, pixel values 0..16 (not scaled). */
  x: Tensor;
  /** int32 [1797]: the digit shown, 0..9. */
  y: Tensor;
  /** '0' .. '9'. */
  classes: string[];
}

const FILE = join('data', 'digits.csv.gz');

let cached: { x: Float32Array; y: Int32Array } | null = null;

/** The package's data/digits.csv.gz, looked up from this file's folder up to the package root. */
export function digitsPath(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, 'package.json'))) {
      throw new Error(`digits: ${FILE} not found between ${__dirname} and the package root; the package's data folder is missing`);
    }
    dir = parent;
  }
}

/**
 * The digits data set (synchronous; about 60 KB compressed, parsed once and copied per call):
 * x float32 [1797, 64] with pixel values 0..16 (standardize or divide by 16 before training),
 * y int32 [1797]. Class counts 0..9: 178, 182, 177, 183, 181, 182, 181, 179, 174, 180.
 */
export function digits(): DigitsData {
  if (cached === null) {
    const text = gunzipSync(readFileSync(digitsPath())).toString('utf-8');
    const table = parseCsv(text, { header: false, labelColumn: -1, labelType: 'index' });
    if (table.x.shape[0] !== 1797 || table.x.shape[1] !== 64 || table.y === null) {
      throw new Error(`digits: ${FILE} has shape [${table.x.shape.join(', ')}], expected 1797 rows of 64 pixels and a label`);
    }
    cached = { x: table.x.data as Float32Array, y: table.y.data as Int32Array };
  }
  return {
    x: fromArray(cached.x.slice(), [1797, 64]),
    y: fromArray(cached.y.slice(), [1797]),
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}
