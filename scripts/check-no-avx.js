#!/usr/bin/env node
// Proves the baseline path holds no AVX instructions (docs/ARCHITECTURE.md, decision 5): disassembles
// a compiled artifact and fails if any function outside descent::kernels::avx2 uses a VEX/EVEX
// instruction (ymm/zmm registers or a v-prefixed SIMD mnemonic). Also fails if the avx2
// namespace has no AVX code at all, so the check cannot pass vacuously.
//   node scripts/check-no-avx.js [path]   (default: build/Release/descent.node)
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

const file = path.resolve(process.argv[2] || path.join(__dirname, '..', 'build', 'Release', 'descent.node'));
const asm = execFileSync('objdump', ['-d', '-C', '--no-show-raw-insn', file], { encoding: 'utf8', maxBuffer: 1 << 30 });

// A VEX-encoded instruction: any ymm/zmm operand, or a v-prefixed mnemonic (vmovaps, vfmadd231ps,
// vzeroupper, ...). The only baseline v-mnemonics, verr/verw, never occur in user code.
const vex = /^\s*[0-9a-f]+:\s+(v[a-z0-9]+)\b|%[yz]mm\d+/;

let current = null;
let avx2Functions = 0;
let avx2WithVex = 0;
const offenders = new Map();
for (const line of asm.split('\n')) {
  const header = line.match(/^[0-9a-f]+ <(.*)>:$/);
  if (header) {
    current = header[1];
    if (current.includes('descent::kernels::avx2::')) avx2Functions++;
    continue;
  }
  if (current === null || !vex.test(line)) continue;
  if (current.includes('descent::kernels::avx2::')) {
    avx2WithVex++;
  } else if (!offenders.has(current)) {
    offenders.set(current, line.trim());
  }
}

if (offenders.size > 0) {
  process.stderr.write(`check-no-avx: ${offenders.size} function(s) outside descent::kernels::avx2 use AVX instructions:\n`);
  for (const [fn, insn] of [...offenders].slice(0, 20)) process.stderr.write(`  ${fn}\n      ${insn}\n`);
  process.exit(1);
}
if (avx2Functions === 0 || avx2WithVex === 0) {
  process.stderr.write(`check-no-avx: found no AVX code in descent::kernels::avx2 (${avx2Functions} functions); is ${file} the right artifact?\n`);
  process.exit(1);
}
process.stdout.write(`check-no-avx: ${path.basename(file)}: no AVX outside descent::kernels::avx2 (${avx2Functions} avx2 functions, ${avx2WithVex} AVX instructions there)\n`);
