// `descent_bench peak`: the FMA peak per thread count (the yardstick of the gemm numbers).
#include <cstdio>

#include "bench_options.h"
#include "peak/fma_peak.h"
#include "threading/thread_pool.h"

namespace descent::bench {

int run_peak(const Options& options) {
  for (int threads : options.threads) {
    kernels::set_num_threads(threads);
    const double seconds = options.peak_seconds > 0.0 ? options.peak_seconds : 1.0;
    const double gflops = kernels::measure_fma_peak_gflops(threads, seconds);
    if (options.json) {
      std::printf("{\"bench\":\"peak\",\"threads\":%d,\"peak_gflops\":%.2f}\n", threads, gflops);
    } else {
      std::printf("FMA peak, %d thread%s: %.1f GFLOP/s\n", threads, threads == 1 ? "" : "s", gflops);
    }
  }
  return 0;
}

}  // namespace descent::bench
