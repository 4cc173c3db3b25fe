// gemm against a float64 triple loop, on both kernel tables: every transpose combination,
// shapes around the micro-tile and cache-block edges, padded leading dimensions, alpha/beta
// cases (beta = 0 over NaN), batches, float64, thread-count invariance and concurrent callers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "dispatch/kernel_table.h"
#include "gemm/gemm.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Padding values: a kernel that reads A or B padding poisons C with NaN; one that writes C
// padding changes the sentinel.
constexpr double kPadSentinel = -7777.0;

template <class T> struct Problem {
  bool trans_a = false, trans_b = false;
  index_t m = 0, n = 0, k = 0;
  index_t lda = 0, ldb = 0, ldc = 0;
  T alpha = 1, beta = 0;
  std::vector<T> a, b, c;  // c is the initial C

  index_t a_rows() const { return trans_a ? k : m; }
  index_t a_cols() const { return trans_a ? m : k; }
  index_t b_rows() const { return trans_b ? n : k; }
  index_t b_cols() const { return trans_b ? k : n; }
  T a_at(index_t i, index_t p) const { return trans_a ? a[p * lda + i] : a[i * lda + p]; }
  T b_at(index_t p, index_t j) const { return trans_b ? b[j * ldb + p] : b[p * ldb + j]; }
};

template <class T> std::vector<T> padded_matrix(index_t rows, index_t cols, index_t ld, std::mt19937& rng) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<T> v(static_cast<std::size_t>(std::max<index_t>(rows * ld, 1)), T(kPadSentinel));
  for (index_t i = 0; i < rows; ++i) {
    for (index_t j = 0; j < cols; ++j) v[i * ld + j] = static_cast<T>(dist(rng));
    // A/B padding is NaN: any use of it shows in the result.
    for (index_t j = cols; j < ld; ++j) v[i * ld + j] = std::numeric_limits<T>::quiet_NaN();
  }
  return v;
}

template <class T>
Problem<T> make_problem(bool ta, bool tb, index_t m, index_t n, index_t k, T alpha, T beta, index_t pad,
                        std::mt19937& rng) {
  Problem<T> p;
  p.trans_a = ta;
  p.trans_b = tb;
  p.m = m;
  p.n = n;
  p.k = k;
  p.alpha = alpha;
  p.beta = beta;
  p.lda = p.a_cols() + pad;
  p.ldb = p.b_cols() + pad;
  p.ldc = n + pad;
  p.a = padded_matrix<T>(p.a_rows(), p.a_cols(), p.lda, rng);
  p.b = padded_matrix<T>(p.b_rows(), p.b_cols(), p.ldb, rng);
  p.c = padded_matrix<T>(m, n, p.ldc, rng);
  for (index_t i = 0; i < m; ++i) {
    for (index_t j = n; j < p.ldc; ++j) p.c[i * p.ldc + j] = T(kPadSentinel);
    if (beta == T(0)) {
      for (index_t j = 0; j < n; ++j) p.c[i * p.ldc + j] = std::numeric_limits<T>::quiet_NaN();
    }
  }
  return p;
}

template <class T> std::vector<T> run(const GemmKernels<T>& kr, const Problem<T>& p) {
  std::vector<T> c = p.c;
  gemm<T>(kr, p.trans_a, p.trans_b, p.m, p.n, p.k, p.alpha, p.a.data(), p.lda, p.b.data(), p.ldb, p.beta,
          c.data(), p.ldc);
  return c;
}

// Checks c against the float64 product: |c − ref| ≤ tol·(k + 2)·ε·(|alpha|·Σ|a||b| + |beta·c0|),
// and that C padding kept its sentinel.
template <class T>
::testing::AssertionResult matches_reference(const Problem<T>& p, const std::vector<T>& c, double tol = 2.0) {
  const double eps = std::numeric_limits<T>::epsilon();
  for (index_t i = 0; i < p.m; ++i) {
    for (index_t j = 0; j < p.ldc; ++j) {
      const T got = c[i * p.ldc + j];
      if (j >= p.n) {
        if (got != T(kPadSentinel)) {
          return ::testing::AssertionFailure() << "C padding written at (" << i << ", " << j << ")";
        }
        continue;
      }
      double sum = 0.0, magnitude = 0.0;
      // alpha == 0: A and B are not referenced (BLAS semantics).
      for (index_t q = 0; p.alpha != T(0) && q < p.k; ++q) {
        const double term = static_cast<double>(p.a_at(i, q)) * static_cast<double>(p.b_at(q, j));
        sum += term;
        magnitude += std::fabs(term);
      }
      double ref = p.alpha != T(0) ? static_cast<double>(p.alpha) * sum : 0.0;
      double bound = std::fabs(static_cast<double>(p.alpha)) * magnitude;
      if (p.beta != T(0)) {
        const double c0 = static_cast<double>(p.c[i * p.ldc + j]);
        ref += static_cast<double>(p.beta) * c0;
        bound += std::fabs(static_cast<double>(p.beta) * c0);
      }
      bound = tol * static_cast<double>(p.k + 2) * eps * bound + std::numeric_limits<T>::min();
      if (!(std::fabs(static_cast<double>(got) - ref) <= bound)) {
        return ::testing::AssertionFailure()
               << "C(" << i << ", " << j << ") = " << got << ", expected " << ref << " ± " << bound << " (m=" << p.m
               << " n=" << p.n << " k=" << p.k << " trans_a=" << p.trans_a << " trans_b=" << p.trans_b
               << " alpha=" << p.alpha << " beta=" << p.beta << ")";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

struct Tables {
  const KernelTable* scalar;
  const KernelTable* avx2;  // nullptr on CPUs without AVX2+FMA
};

Tables tables() { return {&scalar_table(), avx2_table()}; }

template <class T> std::vector<std::pair<std::string, GemmKernels<T>>> kernel_sets() {
  std::vector<std::pair<std::string, GemmKernels<T>>> sets;
  const Tables t = tables();
  sets.emplace_back("scalar", typed<T>(t.scalar->gemm));
  if (t.avx2 != nullptr) sets.emplace_back("avx2", typed<T>(t.avx2->gemm));
  return sets;
}

// Every transpose combination over a grid of edge sizes, for one kernel set.
template <class T> void check_edge_shapes(const GemmKernels<T>& kr) {
  std::mt19937 rng(42);
  const index_t mr = kr.mr, nr = kr.nr;
  const std::vector<index_t> ms = {1, 2, mr - 1, mr, mr + 1, 2 * mr + 1, 17};
  const std::vector<index_t> ns = {1, 3, nr - 1, nr, nr + 1, 2 * nr + 3};
  const std::vector<index_t> ks = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17};
  for (int t = 0; t < 4; ++t) {
    const bool ta = (t & 1) != 0, tb = (t & 2) != 0;
    for (index_t m : ms) {
      for (index_t n : ns) {
        for (index_t k : ks) {
          const Problem<T> p = make_problem<T>(ta, tb, m, n, k, T(1), T(0), (m + n + k) % 3, rng);
          ASSERT_TRUE(matches_reference(p, run(kr, p)));
        }
      }
    }
  }
}

// Sizes at the cache-block boundaries (MC ± 1, KC ± 1, NC + 1 is covered by n > nc).
template <class T> void check_block_shapes(const GemmKernels<T>& kr) {
  std::mt19937 rng(7);
  struct Case {
    index_t m, n, k;
  };
  const std::vector<Case> cases = {
      {kr.mc - 1, 19, 33},  {kr.mc, 21, 9},       {kr.mc + 1, 2 * kr.nr + 1, 5},
      {13, 29, kr.kc - 1},  {7, 35, kr.kc},       {11, 17, kr.kc + 1},
      {kr.mc + 1, 37, kr.kc + 1}, {2 * kr.mc + 5, 3, 2 * kr.kc + 3},
  };
  for (int t = 0; t < 4; ++t) {
    const bool ta = (t & 1) != 0, tb = (t & 2) != 0;
    for (const Case& cs : cases) {
      const Problem<T> p = make_problem<T>(ta, tb, cs.m, cs.n, cs.k, T(0.75), T(-1.5), 5, rng);
      ASSERT_TRUE(matches_reference(p, run(kr, p)));
    }
  }
}

template <class T> void check_random_shapes(const GemmKernels<T>& kr, int count) {
  std::mt19937 rng(2024);
  const std::vector<index_t> primes = {2, 3, 5, 7, 11, 13, 31, 37, 53, 67, 97, 131};
  std::uniform_int_distribution<int> pick(0, static_cast<int>(primes.size()) - 1), coin(0, 1), small(0, 70);
  const T alphas[] = {T(1), T(-0.5), T(2.25)};
  const T betas[] = {T(0), T(1), T(0.5)};
  for (int i = 0; i < count; ++i) {
    const index_t m = coin(rng) ? primes[pick(rng)] : small(rng) + 1;
    const index_t n = coin(rng) ? primes[pick(rng)] : small(rng) + 1;
    const index_t k = coin(rng) ? primes[pick(rng)] : small(rng) + 1;
    const Problem<T> p = make_problem<T>(coin(rng), coin(rng), m, n, k, alphas[i % 3], betas[(i / 3) % 3],
                                         small(rng) % 4, rng);
    ASSERT_TRUE(matches_reference(p, run(kr, p)));
  }
}

// alpha == 0 and k == 0 scale C by beta (beta == 0 clears NaN); empty shapes touch nothing.
template <class T> void check_degenerate(const GemmKernels<T>& kr) {
  std::mt19937 rng(5);
  for (T beta : {T(0), T(1), T(-2)}) {
    for (index_t k : {index_t(0), index_t(9)}) {
      for (T alpha : {T(0), T(1.5)}) {
        if (k != 0 && alpha != T(0)) continue;
        Problem<T> p = make_problem<T>(false, true, 9, 23, k, alpha, beta, 2, rng);
        // A and B are all NaN: with alpha == 0 or k == 0 they must not be read.
        for (T& x : p.a) x = std::numeric_limits<T>::quiet_NaN();
        for (T& x : p.b) x = std::numeric_limits<T>::quiet_NaN();
        ASSERT_TRUE(matches_reference(p, run(kr, p))) << "alpha=" << alpha << " beta=" << beta << " k=" << k;
      }
    }
  }
  for (index_t m : {0, 3}) {
    const index_t n = m == 0 ? 4 : 0;
    Problem<T> p = make_problem<T>(false, false, m, n, 5, T(1), T(0), 1, rng);
    std::vector<T> c = run(kr, p);
    EXPECT_EQ(0, std::memcmp(c.data(), p.c.data(), c.size() * sizeof(T)));
  }
}

TEST(Gemm, EdgeShapesFloat32) {
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    check_edge_shapes(kr);
  }
}

TEST(Gemm, EdgeShapesFloat64) {
  for (const auto& [name, kr] : kernel_sets<double>()) {
    SCOPED_TRACE(name);
    check_edge_shapes(kr);
  }
}

TEST(Gemm, BlockBoundariesFloat32) {
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    check_block_shapes(kr);
  }
}

TEST(Gemm, BlockBoundariesFloat64) {
  for (const auto& [name, kr] : kernel_sets<double>()) {
    SCOPED_TRACE(name);
    check_block_shapes(kr);
  }
}

TEST(Gemm, RandomShapesFloat32) {
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    check_random_shapes(kr, 150);
  }
}

TEST(Gemm, RandomShapesFloat64) {
  for (const auto& [name, kr] : kernel_sets<double>()) {
    SCOPED_TRACE(name);
    check_random_shapes(kr, 60);
  }
}

TEST(Gemm, AlphaZeroAndEmptyK) {
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    check_degenerate(kr);
  }
  for (const auto& [name, kr] : kernel_sets<double>()) {
    SCOPED_TRACE(name);
    check_degenerate(kr);
  }
}

TEST(Gemm, InfInAPropagatesButNotFromOldC) {
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    std::mt19937 rng(3);
    Problem<float> p = make_problem<float>(false, false, 8, 20, 6, 1.0f, 0.0f, 0, rng);
    p.a[2 * p.lda + 1] = std::numeric_limits<float>::infinity();
    std::vector<float> c = run(kr, p);
    for (index_t j = 0; j < p.n; ++j) EXPECT_TRUE(std::isinf(c[2 * p.ldc + j]) || std::isnan(c[2 * p.ldc + j]));
    for (index_t i = 0; i < p.m; ++i) {
      if (i == 2) continue;
      for (index_t j = 0; j < p.n; ++j) ASSERT_TRUE(std::isfinite(c[i * p.ldc + j])) << i << "," << j;
    }
  }
}

// The MLP layer shapes the benchmarks use (784 -> 256), at a small batch.
TEST(Gemm, LinearLayerShapes) {
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    std::mt19937 rng(11);
    const index_t batch = 40;
    std::vector<Problem<float>> problems = {
        make_problem<float>(false, false, batch, 256, 784, 1.0f, 0.0f, 0, rng),  // Y = X·W
        make_problem<float>(true, false, 784, 256, batch, 1.0f, 1.0f, 0, rng),   // dW += Xᵀ·dY
        make_problem<float>(false, true, batch, 784, 256, 1.0f, 0.0f, 0, rng),   // dX = dY·Wᵀ
    };
    for (const Problem<float>& p : problems) ASSERT_TRUE(matches_reference(p, run(kr, p)));
  }
}

TEST(Gemm, Avx2AgreesWithScalar) {
  const Tables t = tables();
  if (t.avx2 == nullptr) GTEST_SKIP() << "no AVX2+FMA on this CPU";
  std::mt19937 rng(99);
  for (int trans = 0; trans < 4; ++trans) {
    const Problem<float> p = make_problem<float>(trans & 1, trans & 2, 61, 83, 300, 1.0f, 0.5f, 3, rng);
    const std::vector<float> fast = run(t.avx2->gemm.f32, p);
    const std::vector<float> reference = run(t.scalar->gemm.f32, p);
    for (index_t i = 0; i < p.m; ++i) {
      for (index_t j = 0; j < p.n; ++j) {
        const float x = fast[i * p.ldc + j], y = reference[i * p.ldc + j];
        ASSERT_NEAR(x, y, 1e-4f * (1.0f + std::fabs(y))) << i << "," << j;
      }
    }
  }
}

template <class T> void check_batched(const GemmKernels<T>& kr) {
  std::mt19937 rng(17);
  const index_t batch = 5, m = 9, n = 21, k = 13;
  for (int trans = 0; trans < 4; ++trans) {
    const bool ta = trans & 1, tb = trans & 2;
    // A shared by every product (stride 0), B and C one per product.
    const Problem<T> shape = make_problem<T>(ta, tb, m, n, k, T(1.5), T(0.5), 2, rng);
    const index_t stride_b = static_cast<index_t>(shape.b.size()), stride_c = static_cast<index_t>(shape.c.size());
    std::vector<T> bs, cs;
    std::vector<Problem<T>> singles;
    for (index_t i = 0; i < batch; ++i) {
      Problem<T> p = make_problem<T>(ta, tb, m, n, k, T(1.5), T(0.5), 2, rng);
      p.a = shape.a;
      bs.insert(bs.end(), p.b.begin(), p.b.end());
      cs.insert(cs.end(), p.c.begin(), p.c.end());
      singles.push_back(p);
    }
    gemm_batched<T>(kr, ta, tb, m, n, k, T(1.5), shape.a.data(), shape.lda, 0, bs.data(), shape.ldb, stride_b,
                    T(0.5), cs.data(), shape.ldc, stride_c, batch);
    for (index_t i = 0; i < batch; ++i) {
      const std::vector<T> c(cs.begin() + i * stride_c, cs.begin() + (i + 1) * stride_c);
      ASSERT_TRUE(matches_reference(singles[i], c));
      // A batch computes each product exactly as a single call does.
      const std::vector<T> single = run(kr, singles[i]);
      ASSERT_EQ(0, std::memcmp(single.data(), c.data(), c.size() * sizeof(T))) << "product " << i;
    }
  }
}

TEST(Gemm, BatchedWithSharedOperand) {
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    check_batched(kr);
  }
  for (const auto& [name, kr] : kernel_sets<double>()) {
    SCOPED_TRACE(name);
    check_batched(kr);
  }
}

// Restores the pool size when a test ends.
class ThreadCount {
 public:
  ThreadCount() : saved_(num_threads()) {}
  ~ThreadCount() { set_num_threads(saved_); }

 private:
  int saved_;
};

TEST(Gemm, BitIdenticalForOneAndTwoThreads) {
  ThreadCount restore;
  struct Case {
    bool ta, tb;
    index_t m, n, k;
  };
  // Large enough to be split over threads; odd sizes put edge tiles in the split. Row chunks,
  // column chunks (one A block and several), and (k = 2100: both operands too big to pack
  // whole per thread) the static split.
  const std::vector<Case> cases = {{false, false, 203, 301, 157}, {true, false, 784, 256, 32},
                                   {false, true, 37, 785, 260},   {true, true, 150, 149, 300},
                                   {false, false, 500, 40, 400},  {false, true, 200, 2000, 50},
                                   {true, false, 255, 257, 2100}};
  for (const auto& [name, kr] : kernel_sets<float>()) {
    SCOPED_TRACE(name);
    std::mt19937 rng(8);
    for (const Case& cs : cases) {
      const Problem<float> p = make_problem<float>(cs.ta, cs.tb, cs.m, cs.n, cs.k, 1.0f, 0.5f, 1, rng);
      set_num_threads(1);
      const std::vector<float> one = run(kr, p);
      set_num_threads(2);
      const std::vector<float> two = run(kr, p);
      ASSERT_EQ(0, std::memcmp(one.data(), two.data(), one.size() * sizeof(float)))
          << cs.m << "x" << cs.n << "x" << cs.k;
    }
    // Batched small products are spread over threads whole.
    const index_t batch = 16, m = 20, n = 30, k = 40;
    const Problem<float> p = make_problem<float>(false, true, m, n, k, 1.0f, 0.0f, 0, rng);
    std::vector<float> a_all, b_all;
    for (index_t i = 0; i < batch; ++i) {
      const Problem<float> q = make_problem<float>(false, true, m, n, k, 1.0f, 0.0f, 0, rng);
      a_all.insert(a_all.end(), q.a.begin(), q.a.end());
      b_all.insert(b_all.end(), q.b.begin(), q.b.end());
    }
    std::vector<float> c1(static_cast<std::size_t>(batch * m * n)), c2(c1.size());
    set_num_threads(1);
    gemm_batched<float>(kr, false, true, m, n, k, 1.0f, a_all.data(), p.lda, m * k, b_all.data(), p.ldb, n * k,
                        0.0f, c1.data(), n, m * n, batch);
    set_num_threads(2);
    gemm_batched<float>(kr, false, true, m, n, k, 1.0f, a_all.data(), p.lda, m * k, b_all.data(), p.ldb, n * k,
                        0.0f, c2.data(), n, m * n, batch);
    ASSERT_EQ(0, std::memcmp(c1.data(), c2.data(), c1.size() * sizeof(float)));
  }
}

// Several threads calling at once (as Node worker threads do) each get their own packing
// buffers: every result equals the one computed alone.
TEST(Gemm, ConcurrentCallers) {
  const GemmKernels<float> kr = kernel_sets<float>().back().second;
  std::mt19937 rng(21);
  std::vector<Problem<float>> problems;
  std::vector<std::vector<float>> expected;
  for (int i = 0; i < 4; ++i) {
    problems.push_back(make_problem<float>(i & 1, i & 2, 120 + 7 * i, 140 - 5 * i, 90 + 11 * i, 1.0f, 0.0f, 1, rng));
    expected.push_back(run(kr, problems.back()));
  }
  std::vector<std::vector<float>> got(problems.size());
  std::vector<std::thread> callers;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    callers.emplace_back([&, i] {
      for (int r = 0; r < 5; ++r) got[i] = run(kr, problems[i]);
    });
  }
  for (std::thread& t : callers) t.join();
  for (std::size_t i = 0; i < problems.size(); ++i) {
    ASSERT_EQ(0, std::memcmp(expected[i].data(), got[i].data(), got[i].size() * sizeof(float))) << i;
  }
  EXPECT_GT(gemm_scratch_bytes(), 0u);
}

}  // namespace
}  // namespace descent::kernels
