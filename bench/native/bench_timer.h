// Timing helpers of descent_bench: repeated samples of a call, reduced to a median.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace descent::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Seconds per call of fn over `calls` back-to-back calls.
template <class F> double time_calls(F&& fn, long calls) {
  const auto t0 = Clock::now();
  for (long i = 0; i < calls; ++i) fn();
  return seconds_since(t0) / static_cast<double>(calls);
}

// Calls per sample so that one sample lasts about `target` seconds (at least 1).
template <class F> long calls_per_sample(F&& fn, double target) {
  const double once = time_calls(fn, 1);
  const double first = std::max(once, 1e-7);
  long calls = static_cast<long>(target / first);
  if (calls < 1) calls = 1;
  if (calls > 1) {
    const double measured = time_calls(fn, calls);
    calls = std::max(1L, static_cast<long>(target / std::max(measured, 1e-9)));
  }
  return calls;
}

inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace descent::bench
