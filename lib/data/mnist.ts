// MNIST and Fashion-MNIST from their four IDX files (gzipped or not) in one directory.
import { existsSync } from 'fs';
import { join } from 'path';
import { fromArray } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';
import { decodeIdxPayload, parseIdx, readMaybeGzipped } from './idx';

/** One split: x float32 [N, 784] in [0, 1] (pixel / 255), y int32 [N] class indices. */
export interface LabeledSplit {
  x: Tensor;
  y: Tensor;
}

export interface ImageClassificationData {
  train: LabeledSplit;
  test: LabeledSplit;
  /** Class names, classes[y]. */
  classes: string[];
}

/** Fashion-MNIST's ten classes (Xiao, Rasul & Vollgraf 2017). */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
]);

function findFile(dir: string, stem: string, kind: string, op: string): string {
  // The distributed names, and the dotted variant some mirrors use.
  const dotted = stem.replace(`-${kind}`, `.${kind}`);
  const names = [stem, `${stem}.gz`, dotted, `${dotted}.gz`];
  for (const name of names) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new Error(`${op}: none of ${names.join(', ')} found in ${dir}`);
}

function loadSplit(dir: string, prefix: string, op: string): LabeledSplit {
  const imagesPath = findFile(dir, `${prefix}-images-idx3-ubyte`, 'idx3', op);
  const labelsPath = findFile(dir, `${prefix}-labels-idx1-ubyte`, 'idx1', op);
  const images = parseIdx(readMaybeGzipped(imagesPath, op), imagesPath, op);
  const labels = parseIdx(readMaybeGzipped(labelsPath, op), labelsPath, op);
  if (images.type !== 'ubyte' || images.shape.length !== 3) {
    throw new RangeError(`${op}: ${imagesPath}: expected ubyte images of shape [N, rows, cols], got ${images.type} [${images.shape.join(', ')}]`);
  }
  if (labels.type !== 'ubyte' || labels.shape.length !== 1) {
    throw new RangeError(`${op}: ${labelsPath}: expected ubyte labels of shape [N], got ${labels.type} [${labels.shape.join(', ')}]`);
  }
  const [n, rows, cols] = images.shape;
  if (labels.shape[0] !== n) throw new RangeError(`${op}: ${imagesPath} has ${n} images but ${labelsPath} has ${labels.shape[0]} labels`);
  const x = fromArray(decodeIdxPayload(images, 'float32', 255), [n, rows * cols]);
  const y = fromArray(decodeIdxPayload(labels, 'int32'), [n]);
  const bad = (y.data as Int32Array).findIndex((v) => v > 9);
  if (bad >= 0) throw new RangeError(`${op}: ${labelsPath}: label ${bad} is ${y.data[bad]}, expected 0..9`);
  return { x, y };
}

function loadPair(dir: string, op: string, classes: readonly string[]): ImageClassificationData {
  if (typeof dir !== 'string') throw new TypeError(`${op}: dir must be a string`);
  return { train: loadSplit(dir, 'train', op), test: loadSplit(dir, 't10k', op), classes: classes.slice() };
}

/**
 * MNIST (LeCun, Cortes & Burges) from dir: train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz. x is float32 [N, 784]
 * scaled to [0, 1]; y is int32.
 */
export function loadMnist(dir: string): ImageClassificationData {
  return loadPair(dir, 'loadMnist', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
}

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; same files and layout as MNIST) from dir, for
 * example /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist package).
 */
export function loadFashionMnist(dir: string): ImageClassificationData {
  return loadPair(dir, 'loadFashionMnist', FASHION_MNIST_CLASSES);
}
