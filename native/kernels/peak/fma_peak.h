// The machine's multiply-add peak, measured: the yardstick gemm speeds are reported against.
#pragma once

namespace descent::kernels {

// Runs 12 independent chains of AVX2 FMAs (enough to cover the FMA latency on every current
// x86 core: latency 4-5 cycles x 2 pipes) on each of `threads` threads (the caller included,
// through the thread pool; fewer if the pool is smaller or busy) for about `seconds`, and
// returns the total rate in GFLOP/s, counting 2 flops per FMA lane. Returns 0 when the CPU
// lacks AVX2+FMA.
double measure_fma_peak_gflops(int threads, double seconds);

}  // namespace descent::kernels
