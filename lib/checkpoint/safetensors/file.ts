// safetensors files: read and validated whole, written atomically (temporary file, fsync, rename).
import { Tensor } from '../../tensor/tensor';
import { atomicWrite, atomicWriteSync } from '../atomic-write';
import { checkPath, readBytes, readBytesSync } from '../read-bytes';
import { parse, SafetensorsContents, serialize } from './format';

/** Reads and validates a safetensors file; errors name the path and the problem. */
export async function readFile(file: string): Promise<SafetensorsContents> {
  const bytes = await readBytes('safetensors.readFile', file);
  return parse(bytes, { source: `safetensors.readFile: ${file}` });
}

export function readFileSync(file: string): SafetensorsContents {
  const bytes = readBytesSync('safetensors.readFileSync', file);
  return parse(bytes, { source: `safetensors.readFileSync: ${file}` });
}

/**
 * Writes tensors and metadata as a safetensors file, atomically: the previous file, if any, stays
 * until the new one is complete on disk. The tensors are copied before the first await.
 */
export async function writeFile(file: string, tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Promise<void> {
  checkPath('safetensors.writeFile', file);
  const bytes = serialize(tensors, metadata);
  await atomicWrite('safetensors.writeFile', file, bytes);
}

export function writeFileSync(file: string, tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): void {
  checkPath('safetensors.writeFileSync', file);
  atomicWriteSync('safetensors.writeFileSync', file, serialize(tensors, metadata));
}
