#!/usr/bin/env node
// Writes the typed TypeScript side of every native entry point from the built addon's `schema`
// (the table in native/addon/entry_points.h): lib/kernels/entry-points.ts, per entry an
// <Entry>Args interface and a function that encodes the arguments into the argument block and
// calls the addon with the positional arrays; and lib/kernels/index.ts, the layer's exports.
// Both files are committed; test/13-kernel-api checks they are what the table gives.
//   node scripts/generate-kernel-api.js           rewrite the files (after `npm run build`)
//   node scripts/generate-kernel-api.js --check   exit 1 when a committed file differs
'use strict';
const fs = require('fs');
const path = require('path');

const entryPointsPath = path.join(__dirname, '..', 'lib', 'kernels', 'entry-points.ts');
const indexPath = path.join(__dirname, '..', 'lib', 'kernels', 'index.ts');

// TypeScript types of the entries that return objects (the schema says only 'object').
const objectReturns = { simd: 'SimdInfo' };

const capitalized = (s) => s[0].toUpperCase() + s.slice(1);

// A local variable for a slot (slot names such as `var` are reserved words or our own locals).
const reserved = new Set([
  'var', 'new', 'in', 'delete', 'default', 'function', 'class', 'const', 'let', 'this',
  'entry', 'args', 'at', 'arrays', 'block', // the generated functions' own locals
]);
const local = (name) => (reserved.has(name) ? `${name}_` : name);

// `head(a, b, c);` on one line, or one argument a line when that passes 120 columns.
function call(indent, head, args, tail) {
  const line = `${indent}${head}(${args.join(', ')})${tail}`;
  if (line.length <= 120) return [line];
  return [`${indent}${head}(`, ...args.map((a) => `${indent}  ${a},`), `${indent})${tail}`];
}

function optionType(o) {
  if (o.kind === 'flag') return 'boolean';
  if (o.kind === 'u64') return 'bigint';
  return 'number';
}

function optionNote(o) {
  if (o.kind === 'integer') return `an integer in [${o.lo}, ${o.hi}]`;
  if (o.kind === 'size') return 'a size (an integer in [0, 2^48])';
  if (o.kind === 'u64') return 'a 64-bit unsigned integer';
  return '';
}

function slotType(t) {
  if (t.kind === 'tensor') return 'TensorDescriptor';
  if (t.kind === 'optional') return 'TensorDescriptor | null';
  if (t.kind === 'list') return 'readonly TensorDescriptor[]';
  return 'ReadonlyArray<TensorDescriptor | null>';
}

function returnType(name, entry) {
  if (entry.returns === 'void') return 'void';
  if (entry.returns === 'number') return 'number';
  if (entry.returns === 'boolean') return 'boolean';
  const type = objectReturns[name];
  if (type === undefined) throw new Error(`generate-kernel-api: no TypeScript type for the object ${name} returns`);
  return type;
}

const hasList = (entry) => entry.tensors.some((t) => t.kind === 'list' || t.kind === 'optionalList');

// "(op, p0, p1; x, y w)": the table's notation.
function signature(entry) {
  const tensors = entry.tensors.map((t) => {
    const suffix = { tensor: '', optional: '?', list: '[]', optionalList: '[]?' }[t.kind];
    return `${t.name}${suffix}${t.written ? ' w' : ''}`;
  });
  const options = entry.options.map((o) => o.name).join(', ');
  return tensors.length === 0 ? `(${options})` : `(${options}; ${tensors.join(', ')})`;
}

function wrap(text, width, indent) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${l}`);
}

function rawSignature(name, entry) {
  const ret = returnType(name, entry);
  const params = ['block: DataView'];
  if (hasList(entry)) {
    params.push('...arrays: Array<NativeArray | null>');
  } else {
    for (const t of entry.tensors) {
      params.push(`${local(t.name)}: ${t.kind === 'optional' ? 'NativeArray | null' : 'NativeArray'}`);
    }
  }
  const line = `  ${name}(${params.join(', ')}): ${ret};`;
  if (line.length <= 120) return line;
  return [`  ${name}(`, ...params.map((p) => `    ${p},`), `  ): ${ret};`].join('\n');
}

const listErrorOf = (t) => `listError(entry, '${t.name}', '${t.element}', ${local(t.name)}, ${t.kind === 'optionalList'})`;

// The code that writes descriptor v of slot t at `at`: [1, offset, ndim, shape..., nstrides, strides...].
function descriptorSource(t, v, indent) {
  const error = `tensorError(entry, '${t.name}', ${v})`;
  const lines = [
    `if (typeof ${v} !== 'object' || ${v} === null) throw ${error};`,
    `const ${v}Offset = ${v}.offset;`,
    `const ${v}Shape = ${v}.shape;`,
    `const ${v}Strides = ${v}.strides;`,
    `if (typeof ${v}Offset !== 'number' || !Array.isArray(${v}Shape) || ${v}Shape.length > kMaxDims) {`,
    `  throw ${error};`,
    '}',
    `const ${v}Dims = ${v}Shape.length;`,
    'block[at] = 1;',
    `block[at + 1] = ${v}Offset;`,
    `block[at + 2] = ${v}Dims;`,
    'at += 3;',
    `for (let d = 0; d < ${v}Dims; d++) {`,
    `  const size = ${v}Shape[d];`,
    `  if (typeof size !== 'number') throw ${error};`,
    '  block[at++] = size;',
    '}',
    `if (${v}Strides === undefined) {`,
    '  block[at++] = 0;',
    '} else {',
    `  if (!Array.isArray(${v}Strides) || ${v}Strides.length !== ${v}Dims) {`,
    `    throw ${error};`,
    '  }',
    `  block[at++] = ${v}Dims;`,
    `  for (let d = 0; d < ${v}Dims; d++) {`,
    `    const stride = ${v}Strides[d];`,
    `    if (typeof stride !== 'number') throw ${error};`,
    '    block[at++] = stride;',
    '  }',
    '}',
  ];
  return lines.map((l) => `${indent}${l}`);
}

function entrySource(name, entry) {
  const out = [];
  const ret = returnType(name, entry);
  const doc = ['/**', ...wrap(entry.doc, 100, ' * '), ` *`, ` * ${name}${signature(entry)}`, ' */'];
  const empty = entry.options.length === 0 && entry.tensors.length === 0;
  // The addon's exports object is in dictionary mode: each entry's function is loaded once.
  const native = `native${capitalized(name)}`;
  out.push(`const ${native} = raw.${name};`);
  out.push('');
  if (empty) {
    out.push(...doc);
    out.push(`export function ${name}(): ${ret} {`);
    out.push(`  ${ret === 'void' ? '' : 'return '}${native}(fixedView);`);
    out.push('}');
    return out.join('\n');
  }
  const args = `${capitalized(name)}Args`;
  out.push(`export interface ${args} {`);
  for (const o of entry.options) {
    const note = optionNote(o);
    if (note !== '') out.push(`  /** ${capitalized(note)}. */`);
    out.push(`  ${o.name}: ${optionType(o)};`);
  }
  for (const t of entry.tensors) {
    if (t.written) out.push('  /** Written. */');
    out.push(`  ${t.name}${t.kind === 'optional' ? '?' : ''}: ${slotType(t)};`);
  }
  out.push('}');
  out.push('');
  out.push(...doc);
  out.push(`export function ${name}(args: ${args}): ${ret} {`);
  out.push(`  const entry = '${name}';`);
  out.push(`  if (typeof args !== 'object' || args === null) throw argumentsError(entry);`);
  const list = hasList(entry);
  const singles = entry.tensors.filter((t) => t.kind === 'tensor' || t.kind === 'optional');
  const lists = entry.tensors.filter((t) => t.kind === 'list' || t.kind === 'optionalList');
  if (list && entry.tensors.findIndex((t) => lists.includes(t)) < singles.length) {
    throw new Error(`generate-kernel-api: ${name} has a single slot after a list (the arrays would be out of order)`);
  }
  const names = [...entry.options, ...entry.tensors].map((x) => local(x.name));
  if (new Set(names).size !== names.length) throw new Error(`generate-kernel-api: ${name} repeats a name`);
  for (const o of entry.options) out.push(`  const ${local(o.name)} = args.${o.name};`);
  for (const t of entry.tensors) out.push(`  const ${local(t.name)} = args.${t.name};`);
  if (list) {
    // Lists are unbounded: check they are arrays, then reserve their bound before encoding.
    for (const t of lists) out.push(`  if (!Array.isArray(${local(t.name)})) throw ${listErrorOf(t)};`);
    const fixed = 2 * entry.options.length + lists.length;
    const count = [String(singles.length), ...lists.map((t) => `${local(t.name)}.length`)].join(' + ');
    out.push(`  const block = reserve(${fixed} + kDescriptorBound * (${count}));`);
    out.push('  const arrays: Array<NativeArray | null> = [];');
  } else {
    out.push('  const block = fixedBlock;');
  }
  // Options sit at fixed positions: one double each, two for a u64.
  let position = 0;
  for (const o of entry.options) {
    const v = local(o.name);
    if (o.kind === 'u64') {
      out.push(`  if (putU64(block, ${v}, ${position}) < 0) throw u64Error(entry, '${o.name}', ${v});`);
      position += 2;
    } else if (o.kind === 'flag') {
      out.push(`  if (typeof ${v} !== 'boolean') throw flagError(entry, '${o.name}');`);
      out.push(`  block[${position++}] = ${v} ? 1 : 0;`);
    } else {
      out.push(`  if (typeof ${v} !== 'number') throw numberError(entry, '${o.name}');`);
      out.push(`  block[${position++}] = ${v};`);
    }
  }
  // Descriptors are written inline, so that each entry point keeps its own type feedback (a
  // shared encoder sees every entry's descriptors and slows all of them down).
  if (entry.tensors.length > 0) out.push(`  let at = ${position};`);
  for (const t of singles) {
    const v = local(t.name);
    if (t.kind === 'optional') {
      out.push(`  if (${v} === null || ${v} === undefined) {`);
      out.push('    block[at++] = 0;');
      out.push('  } else {');
      out.push(...descriptorSource(t, v, '    '));
      out.push('  }');
    } else {
      out.push(...descriptorSource(t, v, '  '));
    }
  }
  for (const t of lists) {
    const v = local(t.name);
    out.push(`  at = putTensorList(block, ${v}, ${t.kind === 'optionalList'}, at, arrays);`);
    out.push(`  if (at < 0) throw ${listErrorOf(t)};`);
  }
  const positional = singles.map((t) => {
    const v = local(t.name);
    return t.kind === 'tensor' ? `${v}.data` : `${v} == null ? null : ${v}.data`;
  });
  const callArgs = [list ? 'viewOf(block)' : 'fixedView', ...positional, ...(list ? ['...arrays'] : [])];
  out.push(...call('  ', `${ret === 'void' ? '' : 'return '}${native}`, callArgs, ';'));
  out.push('}');
  return out.join('\n');
}

// index.ts: the functions as plain properties (a TypeScript re-export compiles to a getter, and
// the getters of `export *` share one megamorphic lookup that every call would pay).
function generateIndex(schema) {
  const names = Object.keys(schema);
  const lines = [
    '// GENERATED by scripts/generate-kernel-api.js with entry-points.ts: do not edit.',
    '//',
    '// The kernel layer: the one door to the native addon. Each entry point is a typed function',
    '// taking one argument object of options and tensor descriptors (entry-points.ts, generated from',
    "// the addon's table); ops and optimizerInfo are the addon's code tables; rawAddon is the loaded",
    '// module itself, for tests that call it directly.',
    "import * as loaded from './addon';",
    "import * as entryPoints from './entry-points';",
    '',
    "export type * from './entry-points';",
    "export type { EntrySchema, OpCodes, OptimizerInfo, OptionSchema, RawAddon, SimdInfo, SlotSchema } from './addon';",
    "export type { NativeArray, TensorDescriptor } from './descriptor';",
    '',
    'export const rawAddon = loaded.addon;',
    'export const { ops, optimizerInfo, schema } = loaded;',
    '',
    'export const {',
    ...wrap(names.map((n) => `${n},`).join(' '), 100, '  '),
    '} = entryPoints;',
  ];
  return `${lines.join('\n')}\n`;
}

function generate(schema) {
  const names = Object.keys(schema);
  const lines = [
    '// GENERATED by scripts/generate-kernel-api.js from the addon\'s schema (native/addon/entry_points.h):',
    '// do not edit. After changing the table, rebuild and run `node scripts/generate-kernel-api.js`;',
    '// test/13-kernel-api.test.ts fails while this file and the table differ.',
    '//',
    '// One function per native entry point: it writes the options and tensor descriptors into the',
    '// argument block (argument-block.ts) and calls the addon with the descriptors\' arrays.',
    "import { addon } from './addon';",
    "import type { SimdInfo } from './addon';",
    'import {',
    '  argumentsError, fixedBlock, fixedView, flagError, kDescriptorBound, kMaxDims, listError, numberError, putTensorList,',
    '  putU64, reserve, tensorError, u64Error, viewOf,',
    "} from './argument-block';",
    "import type { NativeArray, TensorDescriptor } from './descriptor';",
    '',
    '/** The addon\'s entry points as the table declares them: (block, ...arrays), one array per descriptor. */',
    'export interface RawEntryPoints {',
    ...names.map((n) => rawSignature(n, schema[n])),
    '}',
    '',
    'const raw = addon as unknown as RawEntryPoints;',
    '',
  ];
  const body = names.map((n) => entrySource(n, schema[n])).join('\n\n');
  return `${lines.join('\n')}\n${body}\n`;
}

// [path, text] of every generated file.
function outputs(schema) {
  return [
    [entryPointsPath, generate(schema)],
    [indexPath, generateIndex(schema)],
  ];
}

module.exports = { generate, generateIndex, outputs };

if (require.main === module) {
  const { schema } = require(path.join(__dirname, '..', 'dist', 'lib', 'kernels', 'addon.js'));
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [file, text] of outputs(schema)) {
    const name = path.relative(process.cwd(), file);
    if (check) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (current !== text) {
        process.stderr.write(`${name} differs from the addon's table; run node scripts/generate-kernel-api.js\n`);
        stale = true;
      }
    } else {
      fs.writeFileSync(file, text);
      process.stdout.write(`generate-kernel-api: wrote ${name} (${Object.keys(schema).length} entry points)\n`);
    }
  }
  if (stale) process.exit(1);
  if (check) process.stdout.write('generate-kernel-api: up to date\n');
}
