// The gemm table: GFLOP/s of float32 gemm on squares 64-2048 and the MLP's shapes, beside the
// machine's FMA peak measured in the same run, and OpenBLAS on the same shapes (interleaved
// with descent in the native benchmark) when Debian's libopenblas-dev is installed.
import * as d from '../lib';
import * as kernels from '../lib/kernels';
import { ensureNativeBench, hasOpenBlas, JsonRow, runNativeBench } from './native-bench';
import { fixed, markdownTable } from './table';
import { timeCall } from './timing';

interface Shape {
  name: string;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
}

export function gemmShapes(): Shape[] {
  const shapes: Shape[] = [64, 128, 256, 512, 1024, 2048].map((s) => ({ name: `square-${s}`, transA: false, transB: false, m: s, n: s, k: s }));
  // Linear layer 784 -> 256: Y = X·W, dW = Xᵀ·dY, dX = dY·Wᵀ (W stored 784 x 256).
  for (const b of [32, 128, 512]) {
    shapes.push({ name: `mlp-b${b}-forward`, transA: false, transB: false, m: b, n: 256, k: 784 });
    shapes.push({ name: `mlp-b${b}-dW`, transA: true, transB: false, m: 784, n: 256, k: b });
    shapes.push({ name: `mlp-b${b}-dX`, transA: false, transB: true, m: b, n: 784, k: 256 });
  }
  return shapes;
}

/** GFLOP/s of descent's gemm called from JavaScript through the addon (what users get). */
function addonGflops(s: Shape): number {
  const a = d.randn([s.transA ? s.k : s.m, s.transA ? s.m : s.k], { generator: new d.RandomGenerator(1) }).data;
  const b = d.randn([s.transB ? s.n : s.k, s.transB ? s.k : s.n], { generator: new d.RandomGenerator(2) }).data;
  const c = new Float32Array(s.m * s.n);
  const lda = s.transA ? s.m : s.k;
  const ldb = s.transB ? s.k : s.n;
  const args = {
    transA: s.transA, transB: s.transB, alpha: 1, beta: 0,
    a: { data: a, offset: 0, shape: [1, s.transA ? s.k : s.m, lda] },
    b: { data: b, offset: 0, shape: [1, s.transB ? s.n : s.k, ldb] },
    c: { data: c, offset: 0, shape: [1, s.m, s.n] },
  };
  const ms = timeCall(() => kernels.gemm(args), 7, 30);
  return (2 * s.m * s.n * s.k) / (ms * 1e6);
}

export function gemmReport(threadCounts: number[], log: (s: string) => void): string {
  const shapes = gemmShapes();
  const built = ensureNativeBench(log);
  const nativeRows: JsonRow[] = [];
  const peaks = new Map<number, number>();
  if (built.exe) {
    log(`native benchmark: descent${hasOpenBlas() ? ' and OpenBLAS, interleaved' : ' (OpenBLAS not installed)'}...`);
    nativeRows.push(...runNativeBench(built.exe, ['gemm', '--threads', threadCounts.join(',')]));
    for (const r of nativeRows) if (typeof r.peak_gflops === 'number') peaks.set(r.threads as number, r.peak_gflops);
  } else {
    log(`native benchmark unavailable: ${built.reason}`);
  }
  const saved = d.getNumThreads();
  const lines: string[] = [];
  try {
    for (const t of threadCounts) {
      d.setNumThreads(t);
      if (!peaks.has(t)) peaks.set(t, kernels.fmaPeak({ threads: t, seconds: 0.5 }));
      const peak = peaks.get(t)!;
      const rows: Array<Array<string | number>> = [];
      for (const s of shapes) {
        log(`  ${s.name}, ${t} thread(s)`);
        const viaAddon = addonGflops(s);
        const nr = nativeRows.find((r) => r.shape === s.name && r.threads === t);
        const descent = nr && typeof nr.descent_gflops === 'number' ? nr.descent_gflops : null;
        const openblas = nr && typeof nr.openblas_gflops === 'number' ? nr.openblas_gflops : null;
        const ratio = nr && typeof nr.ratio_vs_openblas === 'number' ? nr.ratio_vs_openblas : null;
        const row: Array<string | number> = [
          s.name, `${s.m}x${s.n}x${s.k} ${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}`,
          fixed(descent), descent !== null ? `${((100 * descent) / peak).toFixed(1)}%` : 'not measured',
          fixed(viaAddon), fixed(openblas), fixed(ratio, 3),
        ];
        if (t !== threadCounts[0]) {
          // Speed-up over the first thread count, and as a fraction of the FMA peak's own speed-up.
          const base = nativeRows.find((r) => r.shape === s.name && r.threads === threadCounts[0]);
          const baseGflops = base && typeof base.descent_gflops === 'number' ? base.descent_gflops : null;
          const peakSpeedup = peak / peaks.get(threadCounts[0])!;
          row.push(descent !== null && baseGflops !== null ? `${(descent / baseGflops).toFixed(2)}x (${(descent / baseGflops / peakSpeedup).toFixed(2)})` : 'not measured');
        }
        rows.push(row);
      }
      lines.push(
        `float32 gemm, ${t} thread${t > 1 ? 's' : ''}, FMA peak measured in this run: ${peak.toFixed(1)} GFLOP/s\n`,
        markdownTable(
          [
            'shape', 'm x n x k op', 'descent GFLOP/s', '% of peak', 'via JS addon', 'OpenBLAS GFLOP/s', 'descent / OpenBLAS',
            ...(t !== threadCounts[0] ? [`speed-up over ${threadCounts[0]} thread (÷ peak's ${(peak / peaks.get(threadCounts[0])!).toFixed(2)}x)`] : []),
          ],
          rows,
        ),
        '',
      );
    }
  } finally {
    d.setNumThreads(saved);
  }
  return lines.join('\n');
}
