#!/usr/bin/env node
// Runs node-gyp with Node's own headers, so building the addon downloads nothing.
// The headers ship beside the node binary (<prefix>/include/node, prefix = two levels above
// process.execPath); node-gyp would otherwise fetch them. Uses the package's node-gyp when
// devDependencies are installed, otherwise the one npm bundles.
//   node scripts/node-gyp-runner.js <node-gyp command...>     e.g. rebuild
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');

function findNodeGyp() {
  const candidates = [];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] }));
  } catch {
    // not installed as a dependency: fall back to npm's own copy below
  }
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath) {
    candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  candidates.push(path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((p) => fs.existsSync(p));
}

function nodeHeadersDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function runNodeGyp(args) {
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) {
    return { ok: false, message: 'node-gyp was not found (neither the package\'s nor npm\'s own)' };
  }
  const nodedir = nodeHeadersDir();
  if (!nodedir) {
    return {
      ok: false,
      message: `Node's headers were not found beside ${process.execPath} (expected <prefix>/include/node/node_api.h)`,
    };
  }
  const full = [nodeGyp, ...args, `--nodedir=${nodedir}`, '--jobs=max'];
  const result = spawnSync(process.execPath, full, { cwd: root, stdio: 'inherit' });
  return result.status === 0 ? { ok: true } : { ok: false, message: `node-gyp ${args.join(' ')} failed` };
}

module.exports = { runNodeGyp };

if (require.main === module) {
  const result = runNodeGyp(process.argv.slice(2).length ? process.argv.slice(2) : ['rebuild']);
  if (!result.ok) {
    process.stderr.write(`descent: ${result.message}\n`);
    process.exit(1);
  }
}
