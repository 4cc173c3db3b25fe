// `descent_bench gemm`: float32 gemm GFLOP/s of descent and (when linked) OpenBLAS on squares and
// on the shapes of an MLP layer (784 -> 256) at three batch sizes, against the FMA peak measured
// in the same run. Libraries alternate sample by sample (ABAB...), medians are reported.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_options.h"
#include "bench_timer.h"
#include "gemm/gemm.h"
#include "peak/fma_peak.h"
#include "threading/thread_pool.h"

#if defined(DESCENT_HAVE_OPENBLAS)
#include <cblas.h>
#endif

namespace descent::bench {
namespace {

struct Shape {
  std::string name;
  bool trans_a, trans_b;
  kernels::index_t m, n, k;
};

std::vector<Shape> gemm_shapes() {
  std::vector<Shape> shapes;
  for (kernels::index_t s : {64, 128, 256, 512, 1024, 2048}) {
    shapes.push_back({"square-" + std::to_string(s), false, false, s, s, s});
  }
  // Linear layer 784 -> 256: Y = X·W, dW = Xᵀ·dY, dX = dY·Wᵀ (W stored 784 x 256).
  for (kernels::index_t batch : {32, 128, 512}) {
    const std::string b = std::to_string(batch);
    shapes.push_back({"mlp-b" + b + "-forward", false, false, batch, 256, 784});
    shapes.push_back({"mlp-b" + b + "-dW", true, false, 784, 256, batch});
    shapes.push_back({"mlp-b" + b + "-dX", false, true, batch, 784, 256});
  }
  return shapes;
}

bool use_avx2() {
  const char* forced = std::getenv("DESCENT_SIMD");
  if (forced != nullptr && std::strcmp(forced, "scalar") == 0) return false;
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

std::vector<float> random_matrix(std::size_t count, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng);
  return v;
}

struct Result {
  Shape shape;
  int threads;
  double descent_gflops;   // median sample
  double openblas_gflops;  // median sample; < 0: not measured
  double peak_gflops;
  double descent_best_gflops;   // fastest sample (least disturbed by other processes)
  double openblas_best_gflops;  // < 0: not measured
  double paired_ratio;          // median over repetitions of descent/openblas of adjacent samples
  int reps;
};

std::string json_number(double x) {
  if (x < 0.0 || !std::isfinite(x)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.3f", x);
  return buf;
}

std::string text_number(double x, const char* format) {
  if (x < 0.0 || !std::isfinite(x)) return "n/m";
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, x);
  return buf;
}

// Lets the other library's idle worker threads stop spinning before a library is timed, so
// neither is timed while the other's workers burn a core. descent's pool spins 50 µs; OpenBLAS
// 0.3.21's workers spin about 2^28 TSC ticks (~0.1 s) after each call.
void settle_before_descent(int threads) {
#if defined(DESCENT_HAVE_OPENBLAS)
  if (threads > 1) std::this_thread::sleep_for(std::chrono::milliseconds(150));
#endif
}
void settle_before_openblas(int threads) {
  if (threads > 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

Result measure(const kernels::GemmKernels<float>& kr, const Shape& s, int threads, double peak,
               const Options& options) {
  std::mt19937 rng(1234);
  const kernels::index_t lda = s.trans_a ? s.m : s.k, ldb = s.trans_b ? s.k : s.n, ldc = s.n;
  std::vector<float> a = random_matrix(static_cast<std::size_t>(s.m * s.k), rng);
  std::vector<float> b = random_matrix(static_cast<std::size_t>(s.k * s.n), rng);
  std::vector<float> c(static_cast<std::size_t>(s.m * s.n), 0.0f);
  const double flops = 2.0 * static_cast<double>(s.m) * static_cast<double>(s.n) * static_cast<double>(s.k);

  auto run_descent = [&] {
    kernels::gemm<float>(kr, s.trans_a, s.trans_b, s.m, s.n, s.k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f,
                         c.data(), ldc);
  };
  const long descent_calls = calls_per_sample(run_descent, options.sample_seconds);
  std::vector<double> descent_times, openblas_times;
#if defined(DESCENT_HAVE_OPENBLAS)
  auto run_openblas = [&] {
    cblas_sgemm(CblasRowMajor, s.trans_a ? CblasTrans : CblasNoTrans, s.trans_b ? CblasTrans : CblasNoTrans,
                static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, a.data(),
                static_cast<int>(lda), b.data(), static_cast<int>(ldb), 0.0f, c.data(), static_cast<int>(ldc));
  };
  const long openblas_calls = calls_per_sample(run_openblas, options.sample_seconds);
#endif
  for (int r = 0; r < options.reps; ++r) {
    settle_before_descent(threads);
    descent_times.push_back(time_calls(run_descent, descent_calls));
#if defined(DESCENT_HAVE_OPENBLAS)
    settle_before_openblas(threads);
    openblas_times.push_back(time_calls(run_openblas, openblas_calls));
#endif
  }
  Result result{s, threads, flops / median(descent_times) / 1e9, -1.0, peak, 0.0, -1.0, -1.0, options.reps};
  result.descent_best_gflops = flops / *std::min_element(descent_times.begin(), descent_times.end()) / 1e9;
  if (!openblas_times.empty()) {
    result.openblas_gflops = flops / median(openblas_times) / 1e9;
    result.openblas_best_gflops = flops / *std::min_element(openblas_times.begin(), openblas_times.end()) / 1e9;
    std::vector<double> ratios;
    for (std::size_t i = 0; i < descent_times.size(); ++i) ratios.push_back(openblas_times[i] / descent_times[i]);
    result.paired_ratio = median(ratios);
  }
  return result;
}

void print_header(int threads, double peak, const char* isa) {
  std::printf("\nfloat32 gemm, %d thread%s, %s micro-kernel; FMA peak measured in this run: %.1f GFLOP/s\n",
              threads, threads == 1 ? "" : "s", isa, peak);
  std::printf("%-18s %5s %5s %5s %2s %2s %9s %6s %9s %6s %7s  %s\n", "shape", "m", "n", "k", "tA", "tB",
              "descent", "%peak", "openblas", "%peak", "ratio", "(best: descent openblas ratio; paired ratio)");
}

void print_row(const Result& r) {
  const double ratio = r.openblas_gflops > 0.0 ? r.descent_gflops / r.openblas_gflops : -1.0;
  std::printf("%-18s %5lld %5lld %5lld %2s %2s %9.1f %5.1f%% %9s %6s %7s  (%.1f %s %s; %s)\n", r.shape.name.c_str(),
              static_cast<long long>(r.shape.m), static_cast<long long>(r.shape.n),
              static_cast<long long>(r.shape.k), r.shape.trans_a ? "T" : "N", r.shape.trans_b ? "T" : "N",
              r.descent_gflops, 100.0 * r.descent_gflops / r.peak_gflops, text_number(r.openblas_gflops, "%.1f").c_str(),
              r.openblas_gflops > 0.0 ? (text_number(100.0 * r.openblas_gflops / r.peak_gflops, "%.1f") + "%").c_str()
                                      : "n/m",
              text_number(ratio, "%.3f").c_str(), r.descent_best_gflops, text_number(r.openblas_best_gflops, "%.1f").c_str(),
              text_number(r.openblas_best_gflops > 0 ? r.descent_best_gflops / r.openblas_best_gflops : -1.0, "%.3f").c_str(),
              text_number(r.paired_ratio, "%.3f").c_str());
}

void print_json(const Result& r, const char* isa, const Result* one_thread) {
  const double ratio = r.openblas_gflops > 0.0 ? r.descent_gflops / r.openblas_gflops : -1.0;
  std::printf(
      "{\"bench\":\"gemm\",\"dtype\":\"float32\",\"isa\":\"%s\",\"shape\":\"%s\",\"m\":%lld,\"n\":%lld,\"k\":%lld,"
      "\"trans_a\":%s,\"trans_b\":%s,\"threads\":%d,\"descent_gflops\":%s,\"openblas_gflops\":%s,"
      "\"peak_gflops\":%s,\"descent_pct_peak\":%s,\"openblas_pct_peak\":%s,\"ratio_vs_openblas\":%s,"
      "\"descent_speedup_vs_1\":%s,\"openblas_speedup_vs_1\":%s,\"descent_best_gflops\":%s,"
      "\"openblas_best_gflops\":%s,\"paired_ratio_vs_openblas\":%s,\"reps\":%d}\n",
      isa, r.shape.name.c_str(), static_cast<long long>(r.shape.m), static_cast<long long>(r.shape.n),
      static_cast<long long>(r.shape.k), r.shape.trans_a ? "true" : "false", r.shape.trans_b ? "true" : "false",
      r.threads, json_number(r.descent_gflops).c_str(), json_number(r.openblas_gflops).c_str(),
      json_number(r.peak_gflops).c_str(), json_number(100.0 * r.descent_gflops / r.peak_gflops).c_str(),
      json_number(r.openblas_gflops > 0.0 ? 100.0 * r.openblas_gflops / r.peak_gflops : -1.0).c_str(),
      json_number(ratio).c_str(),
      json_number(one_thread != nullptr ? r.descent_gflops / one_thread->descent_gflops : -1.0).c_str(),
      json_number(one_thread != nullptr && one_thread->openblas_gflops > 0.0 && r.openblas_gflops > 0.0
                      ? r.openblas_gflops / one_thread->openblas_gflops
                      : -1.0)
          .c_str(),
      json_number(r.descent_best_gflops).c_str(), json_number(r.openblas_best_gflops).c_str(),
      json_number(r.paired_ratio).c_str(), r.reps);
}

}  // namespace

int run_gemm(const Options& options) {
  const bool avx2 = use_avx2();
  const char* isa = avx2 ? "avx2" : "scalar";
  kernels::GemmKernels<float> kr = avx2 ? kernels::avx2::sgemm_kernels() : kernels::scalar::sgemm_kernels();
  if (options.mc > 0) kr.mc = (options.mc + kr.mr - 1) / kr.mr * kr.mr;
  if (options.kc > 0) kr.kc = options.kc;
  if (options.nc > 0) kr.nc = (options.nc + kr.nr - 1) / kr.nr * kr.nr;
  if (!options.json) {
    std::printf("blocks: MR=%lld NR=%lld MC=%lld KC=%lld NC=%lld\n", static_cast<long long>(kr.mr),
                static_cast<long long>(kr.nr), static_cast<long long>(kr.mc), static_cast<long long>(kr.kc),
                static_cast<long long>(kr.nc));
  }
  const std::vector<Shape> shapes = gemm_shapes();
  std::vector<Result> one_thread;  // results of a 1-thread pass earlier in this run
  double one_thread_peak = -1.0;
  for (int threads : options.threads) {
    kernels::set_num_threads(threads);
#if defined(DESCENT_HAVE_OPENBLAS)
    openblas_set_num_threads(threads);
#endif
    const double peak = kernels::measure_fma_peak_gflops(threads, options.peak_seconds);
    if (options.json) {
      std::printf("{\"bench\":\"peak\",\"threads\":%d,\"peak_gflops\":%s,\"peak_speedup_vs_1\":%s}\n", threads,
                  json_number(peak).c_str(), json_number(one_thread_peak > 0 ? peak / one_thread_peak : -1).c_str());
    } else {
      print_header(threads, peak, isa);
    }
    std::vector<Result> results;
    for (const Shape& s : shapes) {
      if (!options.only.empty() && s.name.find(options.only) == std::string::npos) continue;
      const Result r = measure(kr, s, threads, peak, options);
      const Result* base = nullptr;
      for (const Result& o : one_thread) {
        if (o.shape.name == s.name) base = &o;
      }
      if (options.json) {
        print_json(r, isa, threads == 1 ? nullptr : base);
      } else {
        print_row(r);
      }
      std::fflush(stdout);
      results.push_back(r);
    }
    if (!options.json && threads > 1 && !one_thread.empty()) {
      std::printf("speed-up over 1 thread: FMA peak %.2fx\n", peak / one_thread_peak);
      for (const Result& r : results) {
        for (const Result& o : one_thread) {
          if (o.shape.name != r.shape.name) continue;
          std::printf("  %-18s descent %.2fx (%.2f of peak's)  openblas %s\n", r.shape.name.c_str(),
                      r.descent_gflops / o.descent_gflops,
                      (r.descent_gflops / o.descent_gflops) / (peak / one_thread_peak),
                      o.openblas_gflops > 0 ? text_number(r.openblas_gflops / o.openblas_gflops, "%.2fx").c_str()
                                            : "n/m");
        }
      }
    }
    if (threads == 1) {
      one_thread = results;
      one_thread_peak = peak;
    }
  }
  return 0;
}

}  // namespace descent::bench
