#!/usr/bin/env node
// npm's install step (docs/ARCHITECTURE.md, decision 15): use the prebuilt linux-x64 addon shipped in the
// tarball when it loads here; otherwise build from source with node-gyp. A git checkout always
// builds from source (its prebuilds/ folder, if any, is a leftover of `npm pack`).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { runNodeGyp } = require('./node-gyp-runner');

const root = path.resolve(__dirname, '..');
const prebuilt = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'descent.node');
const isCheckout = fs.existsSync(path.join(root, '.git'));
const forceSource = process.env.DESCENT_BUILD_FROM_SOURCE === '1';

function prebuiltLoads() {
  if (!fs.existsSync(prebuilt)) return false;
  // Load it and make one call (an entry point takes its argument block as a DataView) in a child
  // process: a mismatched binary must not take this process down.
  const call = `if (!(require(${JSON.stringify(prebuilt)}).getNumThreads(new DataView(new ArrayBuffer(8))) >= 1)) process.exit(1)`;
  const probe = spawnSync(process.execPath, ['-e', call], { stdio: 'ignore' });
  return probe.status === 0;
}

if (!isCheckout && !forceSource && prebuiltLoads()) {
  process.stdout.write(`descent: using the prebuilt addon ${path.relative(root, prebuilt)}\n`);
  process.exit(0);
}

const result = runNodeGyp(['rebuild']);
if (!result.ok) {
  process.stderr.write(
    `descent: ${result.message}.\n` +
      'descent: the native addon could not be built; fix the cause above, then run `npm rebuild descent`.\n',
  );
  process.exit(1);
}
