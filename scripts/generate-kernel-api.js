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

// The encoder of each option kind and the error it throws when the encoder refuses the value.
const encoder = { number: 'putNumber', integer: 'putInteger', size: 'putInteger', flag: 'putFlag', u64: 'putU64' };
const encoderError = (o) => {
  if (o.kind === 'flag') return `flagError(entry, '${o.name}')`;
  if (o.kind === 'u64') return `u64Error(entry, '${o.name}', args.${o.name})`;
  return `numberError(entry, '${o.name}')`;
};
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

function entrySource(name, entry) {
  const out = [];
  const ret = returnType(name, entry);
  const doc = ['/**', ...wrap(entry.doc, 100, ' * '), ` *`, ` * ${name}${signature(entry)}`, ' */'];
  const empty = entry.options.length === 0 && entry.tensors.length === 0;
  if (empty) {
    out.push(...doc);
    out.push(`export function ${name}(): ${ret} {`);
    out.push(`  ${ret === 'void' ? '' : 'return '}raw.${name}(fixedView);`);
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
  for (const t of entry.tensors) out.push(`  const ${local(t.name)} = args.${t.name};`);
  // [encode, error] per value, in block order.
  const steps = [];
  for (const o of entry.options) {
    steps.push([(at) => `${encoder[o.kind]}(block, args.${o.name}, ${at})`, encoderError(o)]);
  }
  for (const t of singles) {
    const v = local(t.name);
    const put = t.kind === 'tensor' ? 'putTensor' : 'putOptionalTensor';
    steps.push([(at) => `${put}(block, ${v}, ${at})`, `tensorError(entry, '${t.name}', ${v})`]);
  }
  for (const t of lists) {
    const v = local(t.name);
    const optional = t.kind === 'optionalList';
    steps.push([
      (at) => `putTensorList(block, ${v}, ${optional}, ${at}, arrays)`,
      `listError(entry, '${t.name}', '${t.element}', ${v}, ${optional})`,
    ]);
  }
  if (list) {
    // Lists are unbounded: check they are arrays, then reserve their bound before encoding.
    for (const t of lists) {
      const v = local(t.name);
      const error = `listError(entry, '${t.name}', '${t.element}', ${v}, ${t.kind === 'optionalList'})`;
      out.push(`  if (!Array.isArray(${v})) throw ${error};`);
    }
    const fixed = 2 * entry.options.length + lists.length;
    const count = [String(singles.length), ...lists.map((t) => `${local(t.name)}.length`)].join(' + ');
    out.push(`  const block = reserve(${fixed} + kDescriptorBound * (${count}));`);
    out.push('  const arrays: Array<NativeArray | null> = [];');
  } else {
    out.push('  const block = fixedBlock;');
  }
  steps.forEach(([encode, error], i) => {
    out.push(`  ${i === 0 ? 'let at = ' : 'at = '}${encode(i === 0 ? '0' : 'at')};`);
    out.push(`  if (at < 0) throw ${error};`);
  });
  const positional = singles.map((t) => {
    const v = local(t.name);
    return t.kind === 'tensor' ? `${v}.data` : `${v} == null ? null : ${v}.data`;
  });
  const callArgs = [list ? 'viewOf(block)' : 'fixedView', ...positional, ...(list ? ['...arrays'] : [])];
  out.push(...call('  ', `${ret === 'void' ? '' : 'return '}raw.${name}`, callArgs, ';'));
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
    '  argumentsError, fixedBlock, fixedView, flagError, kDescriptorBound, listError, numberError, putFlag, putInteger,',
    '  putNumber, putOptionalTensor, putTensor, putTensorList, putU64, reserve, tensorError, u64Error, viewOf,',
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
