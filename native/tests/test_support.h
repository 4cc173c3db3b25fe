// Helpers shared by the native tests: the tables to test, seeded inputs, tolerances.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "dispatch/kernel_table.h"
#include "threading/thread_pool.h"

namespace descent::test {

using kernels::index_t;
using kernels::KernelTable;

// Every table this CPU can run: the scalar reference first.
inline std::vector<const KernelTable*> all_tables() {
  std::vector<const KernelTable*> t{&kernels::scalar_table()};
  if (kernels::avx2_table() != nullptr) t.push_back(kernels::avx2_table());
  return t;
}

// Sizes that exercise vector tails, chunk boundaries and parallel splits.
inline std::vector<index_t> edge_sizes() {
  return {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 97, 1000, 4099, (1 << 15) + 3, (1 << 16) + 1, 100003};
}

template <class T> std::vector<T> uniform(index_t n, double lo, double hi, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<T> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = static_cast<T>(dist(rng));
  return v;
}

inline std::vector<std::int32_t> uniform_int(index_t n, int lo, int hi, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<std::int32_t> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = dist(rng);
  return v;
}

// Restores the thread count on scope exit.
class ThreadCount {
 public:
  explicit ThreadCount(int n) : saved_(kernels::num_threads()) { kernels::set_num_threads(n); }
  ~ThreadCount() { kernels::set_num_threads(saved_); }

 private:
  int saved_;
};

// |a − b| <= atol + rtol·|b|, NaN matching NaN and infinities matching exactly.
inline bool close(double a, double b, double rtol, double atol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= atol + rtol * std::fabs(b);
}

template <class T> bool bit_equal(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

}  // namespace descent::test
