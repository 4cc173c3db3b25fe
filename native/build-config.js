#!/usr/bin/env node
// The one reader of the build inputs shared by binding.gyp and CMakeLists.txt:
//   node native/build-config.js kernels|addon|cflags|defines|warnings [--cmake]
// prints the list space-separated (gyp) or semicolon-separated with --cmake (a CMake list).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const readList = (file) =>
  fs
    .readFileSync(path.join(__dirname, file), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

const flags = JSON.parse(fs.readFileSync(path.join(__dirname, 'build-flags.json'), 'utf8'));
const lists = {
  kernels: () => readList('kernels.txt'),
  addon: () => readList('addon.txt'),
  cflags: () => flags.cflags,
  defines: () => flags.defines,
  warnings: () => flags.warnings,
};

const [what, mode] = process.argv.slice(2);
if (!(what in lists)) {
  process.stderr.write(`build-config: expected one of ${Object.keys(lists).join(', ')}\n`);
  process.exit(2);
}
let items = lists[what]();
if (mode === '--cmake') {
  if (what === 'kernels' || what === 'addon') items = items.map((p) => path.join(root, p));
  process.stdout.write(items.join(';'));
} else {
  process.stdout.write(items.join(' '));
}
