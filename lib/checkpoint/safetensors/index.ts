// d.safetensors: plain tensor maps in the safetensors format (bytes and files).
export { serialize, parse, MAX_HEADER_BYTES } from './format';
export type { SafetensorsContents, ParseOptions } from './format';
export { readFile, readFileSync, writeFile, writeFileSync } from './file';
