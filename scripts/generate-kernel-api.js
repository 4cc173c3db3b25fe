#!/usr/bin/env node
// Writes lib/kernels/entry-points.ts, the typed TypeScript side of every native entry point,
// from the built addon's `schema` (the table in native/addon/entry_points.h): per entry an
// <Entry>Args interface and a function that encodes the arguments into the argument block and
// calls the addon with the positional arrays. The file is committed; test/13-kernel-api checks
// it is what the table gives.
//   node scripts/generate-kernel-api.js           rewrite the file (after `npm run build`)
//   node scripts/generate-kernel-api.js --check   exit 1 when the committed file differs
'use strict';
const fs = require('fs');
const path = require('path');

const outputPath = path.join(__dirname, '..', 'lib', 'kernels', 'entry-points.ts');

// TypeScript types of the entries that return objects (the schema says only 'object').
const objectReturns = { simd: 'SimdInfo' };

const capitalized = (s) => s[0].toUpperCase() + s.slice(1);

// A local variable for a slot (slot names such as `var` are reserved words or our own locals).
const reserved = new Set([
  'var', 'new', 'in', 'delete', 'default', 'function', 'class', 'const', 'let', 'this',
  'entry', 'args', 'at', 'arrays', // the generated functions' own locals
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

const encoder = { number: 'putNumber', integer: 'putInteger', size: 'putInteger', flag: 'putFlag', u64: 'putU64' };
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
  const params = ['block: Float64Array'];
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

function entrySource(name, entry) {
  const out = [];
  const ret = returnType(name, entry);
  const doc = ['/**', ...wrap(entry.doc, 100, ' * '), ` *`, ` * ${name}${signature(entry)}`, ' */'];
  const empty = entry.options.length === 0 && entry.tensors.length === 0;
  if (empty) {
    out.push(...doc);
    out.push(`export function ${name}(): ${ret} {`);
    out.push(`  ${ret === 'void' ? '' : 'return '}raw.${name}(argumentBlock());`);
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
  const steps = [];
  for (const o of entry.options) steps.push((at) => `${encoder[o.kind]}(entry, '${o.name}', args.${o.name}, ${at})`);
  const list = hasList(entry);
  const positional = [];
  const locals = [];
  for (const t of entry.tensors) {
    if (t.kind === 'tensor' || t.kind === 'optional') {
      const v = local(t.name);
      locals.push(`  const ${v} = args.${t.name};`);
      const put = t.kind === 'tensor' ? 'putTensor' : 'putOptionalTensor';
      steps.push((at) => `${put}(entry, '${t.name}', ${v}, ${at})`);
      positional.push(t.kind === 'tensor' ? `${v}.data` : `${v} == null ? null : ${v}.data`);
    } else {
      const optional = t.kind === 'optionalList';
      const list = `'${t.name}', '${t.element}', args.${t.name}, ${optional}`;
      steps.push((at) => `putTensorList(entry, ${list}, ${at}, arrays)`);
    }
  }
  out.push(...locals);
  if (list) out.push(`  const arrays: Array<NativeArray | null> = [];`);
  steps.forEach((step, i) => {
    const at = i === 0 ? '0' : 'at';
    if (i === steps.length - 1) {
      out.push(`  ${step(at)};`);
    } else {
      out.push(`  ${i === 0 ? 'let at = ' : 'at = '}${step(at)};`);
    }
  });
  if (list) {
    // Lists are encoded after the single slots (entry_points.h keeps them last), so their arrays follow.
    const singles = entry.tensors.filter((t) => t.kind === 'tensor' || t.kind === 'optional').map((t) => t.name);
    const lastSingle = entry.tensors.findIndex((t) => t.kind === 'list' || t.kind === 'optionalList');
    if (entry.tensors.slice(lastSingle).some((t) => t.kind === 'tensor' || t.kind === 'optional')) {
      throw new Error(`generate-kernel-api: ${name} has a single slot after a list`);
    }
    const args = ['argumentBlock()', ...singles.map((_, k) => positional[k]), '...arrays'];
    out.push(...call('  ', `${ret === 'void' ? '' : 'return '}raw.${name}`, args, ';'));
  } else {
    out.push(...call('  ', `${ret === 'void' ? '' : 'return '}raw.${name}`, ['argumentBlock()', ...positional], ';'));
  }
  out.push('}');
  return out.join('\n');
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
    '  argumentBlock, argumentsError, putFlag, putInteger, putNumber, putOptionalTensor, putTensor, putTensorList,',
    '  putU64,',
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

module.exports = { generate, outputPath };

if (require.main === module) {
  const { schema } = require(path.join(__dirname, '..', 'dist', 'lib', 'kernels', 'addon.js'));
  const text = generate(schema);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(outputPath) ? fs.readFileSync(outputPath, 'utf8') : '';
    if (current !== text) {
      const file = path.relative(process.cwd(), outputPath);
      process.stderr.write(`${file} differs from the addon's table; run node scripts/generate-kernel-api.js\n`);
      process.exit(1);
    }
    process.stdout.write('generate-kernel-api: up to date\n');
  } else {
    fs.writeFileSync(outputPath, text);
    const file = path.relative(process.cwd(), outputPath);
    process.stdout.write(`generate-kernel-api: wrote ${file} (${Object.keys(schema).length} entry points)\n`);
  }
}
