#!/usr/bin/env node
// `npm pack` step: put the freshly built addon in prebuilds/<platform>-<arch>/ so the tarball
// installs without a compiler (decision 15). Builds it first when it is missing.
'use strict';
const fs = require('fs');
const path = require('path');
const { runNodeGyp } = require('./node-gyp-runner');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'build', 'Release', 'descent.node');
if (!fs.existsSync(built)) {
  const result = runNodeGyp(['rebuild']);
  if (!result.ok) {
    process.stderr.write(`descent: ${result.message}\n`);
    process.exit(1);
  }
}
const dir = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
fs.mkdirSync(dir, { recursive: true });
fs.copyFileSync(built, path.join(dir, 'descent.node'));
process.stdout.write(`descent: prebuilt addon written to ${path.relative(root, dir)}/descent.node\n`);
