// `descent_bench gemm`: float32 gemm GFLOP/s of descent and (when linked) OpenBLAS on squares and
// on the shapes of an MLP layer (784 -> 256) at three batch sizes, against the FMA peak measured
// in the same run.
//
// Shapes run one after another; within a shape, every repetition times descent then OpenBLAS at
// each requested thread count in turn (ABAB..., thread counts interleaved), so the ratios and
// the speed-ups compare samples taken seconds apart on a machine whose speed drifts. Each row
// reports medians over the repetitions; the FMA peak (the best of three short measurements) is
// measured per shape and thread count, just before the shape's samples.
#include <algorithm>
#include <chrono>
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

void set_threads(int threads) {
  kernels::set_num_threads(threads);
#if defined(DESCENT_HAVE_OPENBLAS)
  openblas_set_num_threads(threads);
#endif
}

// Before each timed sample at more than one thread: let the other library's idle workers stop
// spinning (descent's pool spins 50 µs; OpenBLAS 0.3.21's workers spin ~0.1 s after each call),
// then run the library untimed for 50 ms so that its workers are awake and spread over the cores
// (a scheduler that packs briefly-busy threads onto one core, as some VM guests do, needs tens
// of milliseconds to spread them again). Done identically for both libraries.
template <class F> void settle_and_warm(int threads, F&& fn) {
  if (threads == 1) {
    fn();
    return;
  }
#if defined(DESCENT_HAVE_OPENBLAS)
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
#endif
  const auto t0 = Clock::now();
  do {
    fn();
  } while (seconds_since(t0) < 0.05);
}

// What one shape measured at one thread count.
struct Result {
  Shape shape;
  int threads = 1;
  double peak_gflops = 0.0;
  std::vector<double> descent_seconds, openblas_seconds;  // one per repetition (openblas: empty)

  bool has_openblas() const { return !openblas_seconds.empty(); }
  double flops() const {
    return 2.0 * static_cast<double>(shape.m) * static_cast<double>(shape.n) * static_cast<double>(shape.k);
  }
  double descent_gflops() const { return flops() / median(descent_seconds) / 1e9; }
  double openblas_gflops() const { return has_openblas() ? flops() / median(openblas_seconds) / 1e9 : -1.0; }
  double descent_best() const {
    return flops() / *std::min_element(descent_seconds.begin(), descent_seconds.end()) / 1e9;
  }
  double openblas_best() const {
    return has_openblas() ? flops() / *std::min_element(openblas_seconds.begin(), openblas_seconds.end()) / 1e9
                          : -1.0;
  }
  // Median over repetitions of openblas time / descent time (> 1: descent faster).
  double paired_ratio() const {
    if (!has_openblas()) return -1.0;
    std::vector<double> r;
    for (std::size_t i = 0; i < descent_seconds.size(); ++i) r.push_back(openblas_seconds[i] / descent_seconds[i]);
    return median(r);
  }
};

// Median over repetitions of base time / this time: the speed-up over `base` (1 thread).
double speedup(const std::vector<double>& base, const std::vector<double>& mine) {
  if (base.empty() || mine.size() != base.size()) return -1.0;
  std::vector<double> r;
  for (std::size_t i = 0; i < base.size(); ++i) r.push_back(base[i] / mine[i]);
  return median(r);
}

std::vector<Result> measure_shape(const kernels::GemmKernels<float>& kr, const Shape& s, const Options& options) {
  std::mt19937 rng(1234);
  const kernels::index_t lda = s.trans_a ? s.m : s.k, ldb = s.trans_b ? s.k : s.n, ldc = s.n;
  std::vector<float> a = random_matrix(static_cast<std::size_t>(s.m * s.k), rng);
  std::vector<float> b = random_matrix(static_cast<std::size_t>(s.k * s.n), rng);
  std::vector<float> c(static_cast<std::size_t>(s.m * s.n), 0.0f);
  auto run_descent = [&] {
    kernels::gemm<float>(kr, s.trans_a, s.trans_b, s.m, s.n, s.k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f,
                         c.data(), ldc);
  };
#if defined(DESCENT_HAVE_OPENBLAS)
  auto run_openblas = [&] {
    cblas_sgemm(CblasRowMajor, s.trans_a ? CblasTrans : CblasNoTrans, s.trans_b ? CblasTrans : CblasNoTrans,
                static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, a.data(),
                static_cast<int>(lda), b.data(), static_cast<int>(ldb), 0.0f, c.data(), static_cast<int>(ldc));
  };
#endif
  std::vector<Result> results;
  std::vector<long> descent_calls, openblas_calls;
  for (int threads : options.threads) {
    set_threads(threads);
    Result r;
    r.shape = s;
    r.threads = threads;
    results.push_back(r);
    descent_calls.push_back(calls_per_sample(run_descent, options.sample_seconds));
#if defined(DESCENT_HAVE_OPENBLAS)
    openblas_calls.push_back(calls_per_sample(run_openblas, options.sample_seconds));
#endif
  }
  // The peak is a capacity: the best of three short measurements, thread counts interleaved.
  const double peak_seconds = options.peak_seconds > 0.0 ? options.peak_seconds : 0.25;
  for (int round = 0; round < 3; ++round) {
    for (Result& r : results) {
      set_threads(r.threads);
      r.peak_gflops = std::max(r.peak_gflops, kernels::measure_fma_peak_gflops(r.threads, peak_seconds / 3));
    }
  }
  for (int rep = 0; rep < options.reps; ++rep) {
    for (std::size_t t = 0; t < results.size(); ++t) {
      const int threads = results[t].threads;
      set_threads(threads);
      settle_and_warm(threads, run_descent);
      results[t].descent_seconds.push_back(time_calls(run_descent, descent_calls[t]));
#if defined(DESCENT_HAVE_OPENBLAS)
      settle_and_warm(threads, run_openblas);
      results[t].openblas_seconds.push_back(time_calls(run_openblas, openblas_calls[t]));
#endif
    }
  }
  return results;
}

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

void print_header(const char* isa, const kernels::GemmKernels<float>& kr) {
  std::printf("float32 gemm, %s micro-kernel %lldx%lld, blocks MC=%lld KC=%lld NC=%lld; OpenBLAS %s\n", isa,
              static_cast<long long>(kr.mr), static_cast<long long>(kr.nr), static_cast<long long>(kr.mc),
              static_cast<long long>(kr.kc), static_cast<long long>(kr.nc),
#if defined(DESCENT_HAVE_OPENBLAS)
              "linked"
#else
              "not linked (not measured)"
#endif
  );
  std::printf("GFLOP/s are medians over repetitions; peak = FMA peak measured just before the shape\n");
  std::printf("%-17s %4s %4s %4s %2s %2s %3s %6s %7s %5s %8s %5s %6s %6s  %s\n", "shape", "m", "n", "k", "tA", "tB",
              "thr", "peak", "descent", "%pk", "openblas", "%pk", "ratio", "paired", "speed-up vs 1 thread");
}

void print_row(const Result& r, const Result* base) {
  const double ratio = r.has_openblas() ? r.descent_gflops() / r.openblas_gflops() : -1.0;
  std::string speed;
  if (base != nullptr) {
    const double peak_speedup = r.peak_gflops / base->peak_gflops;
    const double d = speedup(base->descent_seconds, r.descent_seconds);
    speed = "peak " + text_number(peak_speedup, "%.2fx") + ", descent " + text_number(d, "%.2fx") + " (" +
            text_number(d / peak_speedup, "%.2f") + " of peak's), openblas " +
            text_number(speedup(base->openblas_seconds, r.openblas_seconds), "%.2fx");
  }
  std::printf("%-17s %4lld %4lld %4lld %2s %2s %3d %6.1f %7.1f %4.0f%% %8s %5s %6s %6s  %s\n", r.shape.name.c_str(),
              static_cast<long long>(r.shape.m), static_cast<long long>(r.shape.n),
              static_cast<long long>(r.shape.k), r.shape.trans_a ? "T" : "N", r.shape.trans_b ? "T" : "N", r.threads,
              r.peak_gflops, r.descent_gflops(), 100.0 * r.descent_gflops() / r.peak_gflops,
              text_number(r.openblas_gflops(), "%.1f").c_str(),
              r.has_openblas() ? (text_number(100.0 * r.openblas_gflops() / r.peak_gflops, "%.0f") + "%").c_str()
                               : "n/m",
              text_number(ratio, "%.3f").c_str(), text_number(r.paired_ratio(), "%.3f").c_str(), speed.c_str());
}

void print_json(const Result& r, const char* isa, const Result* base) {
  const double ratio = r.has_openblas() ? r.descent_gflops() / r.openblas_gflops() : -1.0;
  const double peak_speedup = base != nullptr ? r.peak_gflops / base->peak_gflops : -1.0;
  const double descent_speedup = base != nullptr ? speedup(base->descent_seconds, r.descent_seconds) : -1.0;
  const double openblas_speedup = base != nullptr ? speedup(base->openblas_seconds, r.openblas_seconds) : -1.0;
  std::printf(
      "{\"bench\":\"gemm\",\"dtype\":\"float32\",\"isa\":\"%s\",\"shape\":\"%s\",\"m\":%lld,\"n\":%lld,\"k\":%lld,"
      "\"trans_a\":%s,\"trans_b\":%s,\"threads\":%d,\"reps\":%zu,\"peak_gflops\":%s,\"descent_gflops\":%s,"
      "\"openblas_gflops\":%s,\"descent_pct_peak\":%s,\"openblas_pct_peak\":%s,\"ratio_vs_openblas\":%s,"
      "\"paired_ratio_vs_openblas\":%s,\"descent_best_gflops\":%s,\"openblas_best_gflops\":%s,"
      "\"peak_speedup_vs_1\":%s,\"descent_speedup_vs_1\":%s,\"openblas_speedup_vs_1\":%s}\n",
      isa, r.shape.name.c_str(), static_cast<long long>(r.shape.m), static_cast<long long>(r.shape.n),
      static_cast<long long>(r.shape.k), r.shape.trans_a ? "true" : "false", r.shape.trans_b ? "true" : "false",
      r.threads, r.descent_seconds.size(), json_number(r.peak_gflops).c_str(), json_number(r.descent_gflops()).c_str(),
      json_number(r.openblas_gflops()).c_str(), json_number(100.0 * r.descent_gflops() / r.peak_gflops).c_str(),
      json_number(r.has_openblas() ? 100.0 * r.openblas_gflops() / r.peak_gflops : -1.0).c_str(),
      json_number(ratio).c_str(), json_number(r.paired_ratio()).c_str(), json_number(r.descent_best()).c_str(),
      json_number(r.openblas_best()).c_str(), json_number(peak_speedup).c_str(),
      json_number(descent_speedup).c_str(), json_number(openblas_speedup).c_str());
}

}  // namespace

int run_gemm(const Options& options) {
  const bool avx2 = use_avx2();
  const char* isa = avx2 ? "avx2" : "scalar";
  kernels::GemmKernels<float> kr = avx2 ? kernels::avx2::gemm_kernels().f32 : kernels::scalar::gemm_kernels().f32;
  if (options.mc > 0) kr.mc = (options.mc + kr.mr - 1) / kr.mr * kr.mr;
  if (options.kc > 0) kr.kc = options.kc;
  if (options.nc > 0) kr.nc = (options.nc + kr.nr - 1) / kr.nr * kr.nr;
  if (!options.json) print_header(isa, kr);
  for (const Shape& s : gemm_shapes()) {
    if (!options.only.empty() && s.name.find(options.only) == std::string::npos) continue;
    const std::vector<Result> results = measure_shape(kr, s, options);
    const Result* base = nullptr;
    for (const Result& r : results) {
      if (r.threads == 1) base = &r;
    }
    for (const Result& r : results) {
      const Result* b = r.threads != 1 ? base : nullptr;
      if (options.json) {
        print_json(r, isa, b);
      } else {
        print_row(r, b);
      }
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace descent::bench
