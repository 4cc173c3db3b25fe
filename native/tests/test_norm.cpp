// Batch and group normalization: statistics, the affine map and the first derivative against
// double-precision references on every table, central differences, and bit-identical results
// for 1 and 2 threads.
#include <algorithm>
#include <functional>

#include "norm/batch_norm.h"
#include "norm/group_norm.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::DType;

template <class T> constexpr DType dtype_of() { return kernels::DTypeOf<T>::value; }
template <class T> constexpr double tol() { return sizeof(T) == 4 ? 2e-5 : 1e-11; }

// Reference statistics in double over sets of values: set k holds x[at(k, j)] for j < count.
struct Stats {
  std::vector<double> mean, var;
};

Stats reference_stats(index_t sets, index_t count, const std::function<double(index_t, index_t)>& value) {
  Stats st{std::vector<double>(sets), std::vector<double>(sets)};
  for (index_t k = 0; k < sets; ++k) {
    double s = 0;
    for (index_t j = 0; j < count; ++j) s += value(k, j);
    const double m = s / static_cast<double>(count);
    double q = 0;
    for (index_t j = 0; j < count; ++j) q += (value(k, j) - m) * (value(k, j) - m);
    st.mean[k] = m;
    st.var[k] = q / static_cast<double>(count);
  }
  return st;
}

// |a − b| <= atol + rtol·|b| over two arrays, reporting the first failure.
template <class A>
::testing::AssertionResult all_close(const A& actual, const std::vector<double>& expected, double rtol, double atol) {
  if (actual.size() != expected.size()) return ::testing::AssertionFailure() << "size mismatch";
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (!close(static_cast<double>(actual[i]), expected[i], rtol, atol)) {
      return ::testing::AssertionFailure() << "at " << i << ": " << static_cast<double>(actual[i]) << " vs "
                                           << expected[i] << " (rtol " << rtol << ", atol " << atol << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m;
}

// ---------------------------------------------------------------------------------------------
// Batch norm over [n, c, l].

struct BatchShape {
  index_t n, c, l;
};

template <class T> struct BatchCase {
  index_t n, c, l;
  std::vector<T> x, g, gamma, beta;
  index_t at(index_t r, index_t ch, index_t j) const { return (r * c + ch) * l + j; }
  // Value j of channel ch: row j / l, position j % l.
  double xv(index_t ch, index_t j) const { return x[at(j / l, ch, j % l)]; }
};

template <class T> BatchCase<T> batch_case(BatchShape s, double lo, double hi, std::uint32_t seed) {
  BatchCase<T> bc{s.n, s.c, s.l, uniform<T>(s.n * s.c * s.l, lo, hi, seed), uniform<T>(s.n * s.c * s.l, -1, 1, seed + 1),
                  uniform<T>(s.c, 0.5, 1.5, seed + 2), uniform<T>(s.c, -1, 1, seed + 3)};
  return bc;
}

template <class T> void check_batch(const KernelTable& table, BatchShape shape, double lo, double hi) {
  constexpr DType dt = dtype_of<T>();
  const double eps = 1e-5, rtol = tol<T>();
  const auto bc = batch_case<T>(shape, lo, hi, static_cast<std::uint32_t>(shape.n * 7919 + shape.c * 31 + shape.l));
  const index_t n = shape.n, c = shape.c, l = shape.l, m = n * l, size = n * c * l;
  const std::string where = std::string(table.name) + " " + (sizeof(T) == 4 ? "f32" : "f64") + " [" +
                            std::to_string(n) + ", " + std::to_string(c) + ", " + std::to_string(l) + "]";
  const Stats ref = reference_stats(c, m, [&](index_t ch, index_t j) { return bc.xv(ch, j); });

  std::vector<T> mean(c), var(c), invstd(c);
  kernels::batch_norm_stats(table.norm, dt, bc.x.data(), n, c, l, eps, mean.data(), var.data(), invstd.data());
  std::vector<double> want_invstd(c), spread(c);
  for (index_t ch = 0; ch < c; ++ch) {
    want_invstd[ch] = 1 / std::sqrt(ref.var[ch] + eps);
    spread[ch] = std::fabs(ref.mean[ch]) + std::sqrt(ref.var[ch]);
  }
  for (index_t ch = 0; ch < c; ++ch) {
    ASSERT_TRUE(close(mean[ch], ref.mean[ch], 0, rtol * 0.1 * spread[ch])) << where << " mean " << ch;
  }
  ASSERT_TRUE(all_close(var, ref.var, rtol, 1e-30)) << where << " var";
  ASSERT_TRUE(all_close(invstd, want_invstd, rtol, 0)) << where << " invstd";
  // Null var and invstd leave mean unchanged.
  std::vector<T> mean_only(c);
  kernels::batch_norm_stats(table.norm, dt, bc.x.data(), n, c, l, eps, mean_only.data(), nullptr, nullptr);
  ASSERT_TRUE(bit_equal(mean, mean_only)) << where;

  for (bool affine : {false, true}) {
    const T* gamma = affine ? bc.gamma.data() : nullptr;
    const T* beta = affine ? bc.beta.data() : nullptr;
    const std::string w = where + (affine ? " affine" : "");
    auto gam = [&](index_t ch) { return affine ? static_cast<double>(bc.gamma[ch]) : 1.0; };
    auto bet = [&](index_t ch) { return affine ? static_cast<double>(bc.beta[ch]) : 0.0; };

    std::vector<T> y(size);
    kernels::batch_norm_apply(table.norm, dt, bc.x.data(), n, c, l, mean.data(), invstd.data(), gamma, beta, y.data());
    std::vector<double> want_y(size);
    for (index_t r = 0; r < n; ++r) {
      for (index_t ch = 0; ch < c; ++ch) {
        for (index_t j = 0; j < l; ++j) {
          const index_t at = bc.at(r, ch, j);
          want_y[at] = (bc.x[at] - static_cast<double>(mean[ch])) * static_cast<double>(invstd[ch]) * gam(ch) + bet(ch);
        }
      }
    }
    ASSERT_TRUE(all_close(y, want_y, rtol, rtol * std::max(1.0, max_abs(want_y)))) << w << " y";

    for (bool training : {true, false}) {
      const std::string wt = w + (training ? " training" : " eval");
      std::vector<double> sg(c, 0.0), sgx(c, 0.0), abs_gx(c, 0.0);
      for (index_t ch = 0; ch < c; ++ch) {
        for (index_t j = 0; j < m; ++j) {
          const index_t at = bc.at(j / l, ch, j % l);
          const double xhat = (bc.x[at] - static_cast<double>(mean[ch])) * static_cast<double>(invstd[ch]);
          sg[ch] += bc.g[at];
          sgx[ch] += bc.g[at] * xhat;
          abs_gx[ch] += std::fabs(bc.g[at] * xhat) + std::fabs(bc.g[at]);
        }
      }
      std::vector<double> want_dx(size), scale(size);
      for (index_t r = 0; r < n; ++r) {
        for (index_t ch = 0; ch < c; ++ch) {
          const double a = gam(ch) * static_cast<double>(invstd[ch]);
          for (index_t j = 0; j < l; ++j) {
            const index_t at = bc.at(r, ch, j);
            const double xhat = (bc.x[at] - static_cast<double>(mean[ch])) * static_cast<double>(invstd[ch]);
            want_dx[at] = training ? a / m * (m * bc.g[at] - sg[ch] - xhat * sgx[ch]) : a * bc.g[at];
            scale[at] = a * (std::fabs(bc.g[at]) + (std::fabs(sg[ch]) + std::fabs(xhat * sgx[ch])) / m);
          }
        }
      }
      std::vector<T> dx(size), dgamma(c), dbeta(c);
      kernels::batch_norm_backward(table.norm, dt, bc.g.data(), bc.x.data(), n, c, l, mean.data(), invstd.data(), gamma,
                                   training, dx.data(), dgamma.data(), dbeta.data());
      for (index_t i = 0; i < size; ++i) {
        ASSERT_TRUE(close(dx[i], want_dx[i], 0, rtol * (scale[i] + 1e-30))) << wt << " dx " << i << ": " << dx[i]
                                                                             << " vs " << want_dx[i];
      }
      for (index_t ch = 0; ch < c; ++ch) {
        ASSERT_TRUE(close(dgamma[ch], sgx[ch], rtol, rtol * 0.1 * abs_gx[ch])) << wt << " dgamma " << ch;
        ASSERT_TRUE(close(dbeta[ch], sg[ch], rtol, rtol * 0.1 * abs_gx[ch])) << wt << " dbeta " << ch;
      }
      // Subsets: each output alone gives the same bits.
      std::vector<T> dx_only(size), dgamma_only(c), dbeta_only(c);
      kernels::batch_norm_backward(table.norm, dt, bc.g.data(), bc.x.data(), n, c, l, mean.data(), invstd.data(), gamma,
                                   training, dx_only.data(), nullptr, nullptr);
      kernels::batch_norm_backward(table.norm, dt, bc.g.data(), bc.x.data(), n, c, l, mean.data(), invstd.data(), gamma,
                                   training, nullptr, dgamma_only.data(), nullptr);
      kernels::batch_norm_backward(table.norm, dt, bc.g.data(), bc.x.data(), n, c, l, mean.data(), invstd.data(), gamma,
                                   training, nullptr, nullptr, dbeta_only.data());
      ASSERT_TRUE(bit_equal(dx, dx_only) && bit_equal(dgamma, dgamma_only) && bit_equal(dbeta, dbeta_only)) << wt;
    }
  }
}

std::vector<BatchShape> batch_shapes() {
  return {{5, 7, 1},   {5, 33, 1},  {1, 7, 1},    {4, 1, 1},   {3, 1, 5},    {6, 3, 9},  {2, 33, 17},
          {7, 16, 1},  {9, 24, 1},  {33, 5, 7},   {256, 64, 1}, {2, 2, 40000}, {1, 1, 70001},
          {40000, 2, 1}, {129, 300, 1}, {3, 2, 16}};
}

TEST(BatchNorm, MatchesDoubleReferenceFloat32) {
  for (const KernelTable* table : all_tables()) {
    for (const BatchShape& s : batch_shapes()) check_batch<float>(*table, s, -3, 5);
  }
}

TEST(BatchNorm, MatchesDoubleReferenceFloat64) {
  for (const KernelTable* table : all_tables()) {
    for (const BatchShape& s : batch_shapes()) check_batch<double>(*table, s, -3, 5);
  }
}

// A mean far from zero relative to the spread: the variance must not cancel.
TEST(BatchNorm, LargeMeanKeepsTheVarianceAccurate) {
  for (const KernelTable* table : all_tables()) {
    for (const BatchShape& s : std::vector<BatchShape>{{300, 9, 1}, {7, 3, 50}, {1, 1, 5000}}) {
      check_batch<float>(*table, s, 1e4, 1e4 + 1);
      check_batch<double>(*table, s, 1e8, 1e8 + 1);
    }
  }
}

// One value per channel: variance 0, invstd 1/√eps, y = beta, and the training gradient of x is 0.
TEST(BatchNorm, SingleValuePerChannel) {
  for (const KernelTable* table : all_tables()) {
    std::vector<float> x{1.5f, -2.0f, 3.25f}, mean(3), var(3), invstd(3), y(3), g{1, 2, 3}, dx(3);
    std::vector<float> gamma{2, 3, 4}, beta{0.5f, -1, 7};
    const double eps = 1e-3;
    kernels::batch_norm_stats(table->norm, DType::Float32, x.data(), 1, 3, 1, eps, mean.data(), var.data(), invstd.data());
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(mean[i], x[i]) << table->name;
      EXPECT_EQ(var[i], 0.0f);
      EXPECT_FLOAT_EQ(invstd[i], static_cast<float>(1 / std::sqrt(eps)));
    }
    kernels::batch_norm_apply(table->norm, DType::Float32, x.data(), 1, 3, 1, mean.data(), invstd.data(), gamma.data(),
                              beta.data(), y.data());
    EXPECT_TRUE(bit_equal(y, beta)) << table->name;
    kernels::batch_norm_backward(table->norm, DType::Float32, g.data(), x.data(), 1, 3, 1, mean.data(), invstd.data(),
                                 gamma.data(), true, dx.data(), nullptr, nullptr);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(dx[i], 0.0f) << table->name;
  }
}

// Backward against central differences of L(x, γ, β) = Σ w·y (w plays g) computed by the
// forward kernels in float64; training recomputes the statistics from x, evaluation keeps them.
double batch_loss(const KernelTable& table, const std::vector<double>& x, const std::vector<double>& gamma,
                  const std::vector<double>& beta, const std::vector<double>& w, index_t n, index_t c, index_t l,
                  bool training, const std::vector<double>& fixed_mean, const std::vector<double>& fixed_invstd) {
  std::vector<double> mean(c), invstd(c), y(x.size());
  if (training) {
    kernels::batch_norm_stats(table.norm, DType::Float64, x.data(), n, c, l, 0.1, mean.data(), nullptr, invstd.data());
  } else {
    mean = fixed_mean;
    invstd = fixed_invstd;
  }
  kernels::batch_norm_apply(table.norm, DType::Float64, x.data(), n, c, l, mean.data(), invstd.data(), gamma.data(),
                            beta.data(), y.data());
  double s = 0;
  for (std::size_t i = 0; i < y.size(); ++i) s += w[i] * y[i];
  return s;
}

TEST(BatchNorm, BackwardMatchesCentralDifferences) {
  for (const KernelTable* table : all_tables()) {
    for (const BatchShape& sh : std::vector<BatchShape>{{4, 3, 1}, {3, 2, 4}}) {
      const index_t n = sh.n, c = sh.c, l = sh.l, size = n * c * l;
      auto x = uniform<double>(size, -2, 2, 11);
      auto w = uniform<double>(size, -1, 1, 12);
      auto gamma = uniform<double>(c, 0.5, 1.5, 13), beta = uniform<double>(c, -1, 1, 14);
      auto fixed_mean = uniform<double>(c, -0.5, 0.5, 15), fixed_invstd = uniform<double>(c, 0.5, 2, 16);
      for (bool training : {true, false}) {
        std::vector<double> mean(c), invstd(c), dx(size), dgamma(c), dbeta(c);
        if (training) {
          kernels::batch_norm_stats(table->norm, DType::Float64, x.data(), n, c, l, 0.1, mean.data(), nullptr, invstd.data());
        } else {
          mean = fixed_mean;
          invstd = fixed_invstd;
        }
        kernels::batch_norm_backward(table->norm, DType::Float64, w.data(), x.data(), n, c, l, mean.data(), invstd.data(),
                                     gamma.data(), training, dx.data(), dgamma.data(), dbeta.data());
        auto loss = [&](const std::vector<double>& xx, const std::vector<double>& gg, const std::vector<double>& bb) {
          return batch_loss(*table, xx, gg, bb, w, n, c, l, training, fixed_mean, fixed_invstd);
        };
        const double h = 1e-5;
        auto diff = [&](std::vector<double>& v, index_t i, const std::function<double()>& f) {
          const double saved = v[i];
          v[i] = saved + h;
          const double up = f();
          v[i] = saved - h;
          const double down = f();
          v[i] = saved;
          return (up - down) / (2 * h);
        };
        for (index_t i = 0; i < size; ++i) {
          const double want = diff(x, i, [&] { return loss(x, gamma, beta); });
          EXPECT_NEAR(dx[i], want, 1e-7) << table->name << (training ? " training" : " eval") << " dx " << i;
        }
        for (index_t ch = 0; ch < c; ++ch) {
          EXPECT_NEAR(dgamma[ch], diff(gamma, ch, [&] { return loss(x, gamma, beta); }), 1e-7) << table->name;
          EXPECT_NEAR(dbeta[ch], diff(beta, ch, [&] { return loss(x, gamma, beta); }), 1e-7) << table->name;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Group norm over [n, c, s] with `groups` groups.

struct GroupShape {
  index_t n, c, s, groups;
};

template <class T> void check_group(const KernelTable& table, GroupShape shape, double lo, double hi) {
  constexpr DType dt = dtype_of<T>();
  const double eps = 1e-5, rtol = tol<T>();
  const index_t n = shape.n, c = shape.c, s = shape.s, groups = shape.groups, cg = c / groups, k = cg * s;
  const index_t size = n * c * s, sets = n * groups;
  const auto seed = static_cast<std::uint32_t>(n * 131 + c * 17 + s * 3 + groups);
  const auto x = uniform<T>(size, lo, hi, seed), g = uniform<T>(size, -1, 1, seed + 1);
  const auto gamma_v = uniform<T>(c, 0.5, 1.5, seed + 2), beta_v = uniform<T>(c, -1, 1, seed + 3);
  const std::string where = std::string(table.name) + " " + (sizeof(T) == 4 ? "f32" : "f64") + " [" +
                            std::to_string(n) + ", " + std::to_string(c) + ", " + std::to_string(s) + "] G=" +
                            std::to_string(groups);
  // Set ng holds the k consecutive values from ng·k.
  const Stats ref = reference_stats(sets, k, [&](index_t ng, index_t j) { return static_cast<double>(x[ng * k + j]); });
  std::vector<T> mean(sets), var(sets), invstd(sets);
  kernels::group_norm_stats(table.norm, dt, x.data(), n, c, s, groups, eps, mean.data(), var.data(), invstd.data());
  for (index_t i = 0; i < sets; ++i) {
    const double spread = std::fabs(ref.mean[i]) + std::sqrt(ref.var[i]);
    ASSERT_TRUE(close(mean[i], ref.mean[i], 0, rtol * 0.1 * spread)) << where << " mean " << i;
    ASSERT_TRUE(close(var[i], ref.var[i], rtol, 1e-30)) << where << " var " << i;
    ASSERT_TRUE(close(invstd[i], 1 / std::sqrt(ref.var[i] + eps), rtol, 0)) << where << " invstd " << i;
  }
  for (bool affine : {false, true}) {
    const T* gamma = affine ? gamma_v.data() : nullptr;
    const T* beta = affine ? beta_v.data() : nullptr;
    auto gam = [&](index_t ch) { return affine ? static_cast<double>(gamma_v[ch]) : 1.0; };
    const std::string w = where + (affine ? " affine" : "");
    std::vector<T> y(size);
    kernels::group_norm_apply(table.norm, dt, x.data(), n, c, s, groups, mean.data(), invstd.data(), gamma, beta, y.data());
    std::vector<double> want_y(size), want_dx(size), scale(size), dgamma(c, 0.0), dbeta(c, 0.0), abs_sum(c, 0.0);
    for (index_t r = 0; r < n; ++r) {
      for (index_t gi = 0; gi < groups; ++gi) {
        const index_t ng = r * groups + gi;
        const double mu = mean[ng], sigma = invstd[ng];
        double mean_h = 0, mean_hx = 0;
        for (index_t j = 0; j < k; ++j) {
          const index_t at = ng * k + j, ch = gi * cg + j / s;
          const double xhat = (x[at] - mu) * sigma;
          mean_h += gam(ch) * g[at] / k;
          mean_hx += gam(ch) * g[at] * xhat / k;
        }
        for (index_t j = 0; j < k; ++j) {
          const index_t at = ng * k + j, ch = gi * cg + j / s;
          const double xhat = (x[at] - mu) * sigma;
          want_y[at] = xhat * gam(ch) + (affine ? static_cast<double>(beta_v[ch]) : 0.0);
          want_dx[at] = sigma * (gam(ch) * g[at] - mean_h - xhat * mean_hx);
          scale[at] = sigma * (std::fabs(gam(ch) * g[at]) + std::fabs(mean_h) + std::fabs(xhat * mean_hx));
          dgamma[ch] += g[at] * xhat;
          dbeta[ch] += g[at];
          abs_sum[ch] += std::fabs(g[at] * xhat) + std::fabs(g[at]);
        }
      }
    }
    ASSERT_TRUE(all_close(y, want_y, rtol, rtol * std::max(1.0, max_abs(want_y)))) << w << " y";
    std::vector<T> dx(size), dg(c), db(c);
    kernels::group_norm_backward(table.norm, dt, g.data(), x.data(), n, c, s, groups, mean.data(), invstd.data(), gamma,
                                 dx.data(), dg.data(), db.data());
    for (index_t i = 0; i < size; ++i) {
      ASSERT_TRUE(close(dx[i], want_dx[i], 0, rtol * (scale[i] + 1e-30))) << w << " dx " << i << ": " << dx[i]
                                                                           << " vs " << want_dx[i];
    }
    for (index_t ch = 0; ch < c; ++ch) {
      ASSERT_TRUE(close(dg[ch], dgamma[ch], rtol, rtol * 0.1 * abs_sum[ch])) << w << " dgamma " << ch;
      ASSERT_TRUE(close(db[ch], dbeta[ch], rtol, rtol * 0.1 * abs_sum[ch])) << w << " dbeta " << ch;
    }
    std::vector<T> dx_only(size), dg_only(c), db_only(c);
    kernels::group_norm_backward(table.norm, dt, g.data(), x.data(), n, c, s, groups, mean.data(), invstd.data(), gamma,
                                 dx_only.data(), nullptr, nullptr);
    kernels::group_norm_backward(table.norm, dt, g.data(), x.data(), n, c, s, groups, mean.data(), invstd.data(), gamma,
                                 nullptr, dg_only.data(), db_only.data());
    ASSERT_TRUE(bit_equal(dx, dx_only) && bit_equal(dg, dg_only) && bit_equal(db, db_only)) << w;
  }
}

std::vector<GroupShape> group_shapes() {
  return {{2, 6, 5, 1},   {2, 6, 5, 6},   {2, 6, 5, 3},    {5, 33, 1, 11},  {3, 7, 1, 7},  {3, 7, 1, 1},
          {1, 4, 9, 2},   {40, 8, 1, 4},  {17, 4, 9, 2},   {2, 600, 2, 2},  {4, 512, 3, 2}, {1, 4, 40000, 2},
          {2, 16, 17, 4}, {5, 64, 8, 8}};
}

TEST(GroupNorm, MatchesDoubleReferenceFloat32) {
  for (const KernelTable* table : all_tables()) {
    for (const GroupShape& s : group_shapes()) check_group<float>(*table, s, -3, 5);
    check_group<float>(*table, {3, 6, 40, 3}, 1e4, 1e4 + 1);
  }
}

TEST(GroupNorm, MatchesDoubleReferenceFloat64) {
  for (const KernelTable* table : all_tables()) {
    for (const GroupShape& s : group_shapes()) check_group<double>(*table, s, -3, 5);
    check_group<double>(*table, {3, 6, 40, 3}, 1e8, 1e8 + 1);
  }
}

// G = C with s = 1: every group is one value (variance 0, y = beta, dx = 0).
TEST(GroupNorm, SingleValueGroups) {
  for (const KernelTable* table : all_tables()) {
    std::vector<double> x{1, -2, 3, 4, 5, -6}, mean(6), invstd(6), y(6), g{1, 2, 3, 4, 5, 6}, dx(6);
    std::vector<double> gamma{2, 3, 4}, beta{0.5, -1, 7};
    kernels::group_norm_stats(table->norm, DType::Float64, x.data(), 2, 3, 1, 3, 0.25, mean.data(), nullptr, invstd.data());
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(mean[i], x[i]);
      EXPECT_EQ(invstd[i], 2.0);
    }
    kernels::group_norm_apply(table->norm, DType::Float64, x.data(), 2, 3, 1, 3, mean.data(), invstd.data(), gamma.data(),
                              beta.data(), y.data());
    for (int i = 0; i < 6; ++i) EXPECT_EQ(y[i], beta[i % 3]) << table->name;
    kernels::group_norm_backward(table->norm, DType::Float64, g.data(), x.data(), 2, 3, 1, 3, mean.data(), invstd.data(),
                                 gamma.data(), dx.data(), nullptr, nullptr);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(dx[i], 0.0) << table->name;
  }
}

TEST(GroupNorm, BackwardMatchesCentralDifferences) {
  for (const KernelTable* table : all_tables()) {
    const index_t n = 2, c = 4, s = 3, groups = 2, size = n * c * s;
    auto x = uniform<double>(size, -2, 2, 21);
    auto w = uniform<double>(size, -1, 1, 22);
    auto gamma = uniform<double>(c, 0.5, 1.5, 23), beta = uniform<double>(c, -1, 1, 24);
    auto loss = [&] {
      std::vector<double> mean(n * groups), invstd(n * groups), y(size);
      kernels::group_norm_stats(table->norm, DType::Float64, x.data(), n, c, s, groups, 0.1, mean.data(), nullptr,
                                invstd.data());
      kernels::group_norm_apply(table->norm, DType::Float64, x.data(), n, c, s, groups, mean.data(), invstd.data(),
                                gamma.data(), beta.data(), y.data());
      double sum = 0;
      for (index_t i = 0; i < size; ++i) sum += w[i] * y[i];
      return sum;
    };
    std::vector<double> mean(n * groups), invstd(n * groups), dx(size), dgamma(c), dbeta(c);
    kernels::group_norm_stats(table->norm, DType::Float64, x.data(), n, c, s, groups, 0.1, mean.data(), nullptr,
                              invstd.data());
    kernels::group_norm_backward(table->norm, DType::Float64, w.data(), x.data(), n, c, s, groups, mean.data(),
                                 invstd.data(), gamma.data(), dx.data(), dgamma.data(), dbeta.data());
    const double h = 1e-5;
    auto diff = [&](std::vector<double>& v, index_t i) {
      const double saved = v[i];
      v[i] = saved + h;
      const double up = loss();
      v[i] = saved - h;
      const double down = loss();
      v[i] = saved;
      return (up - down) / (2 * h);
    };
    for (index_t i = 0; i < size; ++i) EXPECT_NEAR(dx[i], diff(x, i), 1e-7) << table->name << " dx " << i;
    for (index_t ch = 0; ch < c; ++ch) {
      EXPECT_NEAR(dgamma[ch], diff(gamma, ch), 1e-7) << table->name << " dgamma " << ch;
      EXPECT_NEAR(dbeta[ch], diff(beta, ch), 1e-7) << table->name << " dbeta " << ch;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Every output bit-identical on 1 and 2 threads.

template <class T> struct Outputs {
  std::vector<T> mean, var, invstd, y, dx, dgamma, dbeta;
  bool operator==(const Outputs& o) const {
    return bit_equal(mean, o.mean) && bit_equal(var, o.var) && bit_equal(invstd, o.invstd) && bit_equal(y, o.y) &&
           bit_equal(dx, o.dx) && bit_equal(dgamma, o.dgamma) && bit_equal(dbeta, o.dbeta);
  }
};

template <class T> Outputs<T> run_batch(const KernelTable& table, index_t n, index_t c, index_t l, bool training) {
  constexpr DType dt = dtype_of<T>();
  const auto x = uniform<T>(n * c * l, -2, 3, 41), g = uniform<T>(n * c * l, -1, 1, 42);
  const auto gamma = uniform<T>(c, 0.5, 1.5, 43), beta = uniform<T>(c, -1, 1, 44);
  Outputs<T> o{std::vector<T>(c), std::vector<T>(c), std::vector<T>(c), std::vector<T>(x.size()),
               std::vector<T>(x.size()), std::vector<T>(c), std::vector<T>(c)};
  kernels::batch_norm_stats(table.norm, dt, x.data(), n, c, l, 1e-5, o.mean.data(), o.var.data(), o.invstd.data());
  kernels::batch_norm_apply(table.norm, dt, x.data(), n, c, l, o.mean.data(), o.invstd.data(), gamma.data(), beta.data(),
                            o.y.data());
  kernels::batch_norm_backward(table.norm, dt, g.data(), x.data(), n, c, l, o.mean.data(), o.invstd.data(), gamma.data(),
                               training, o.dx.data(), o.dgamma.data(), o.dbeta.data());
  return o;
}

template <class T> Outputs<T> run_group(const KernelTable& table, index_t n, index_t c, index_t s, index_t groups) {
  constexpr DType dt = dtype_of<T>();
  const auto x = uniform<T>(n * c * s, -2, 3, 51), g = uniform<T>(n * c * s, -1, 1, 52);
  const auto gamma = uniform<T>(c, 0.5, 1.5, 53), beta = uniform<T>(c, -1, 1, 54);
  Outputs<T> o{std::vector<T>(n * groups), std::vector<T>(n * groups), std::vector<T>(n * groups),
               std::vector<T>(x.size()), std::vector<T>(x.size()), std::vector<T>(c), std::vector<T>(c)};
  kernels::group_norm_stats(table.norm, dt, x.data(), n, c, s, groups, 1e-5, o.mean.data(), o.var.data(), o.invstd.data());
  kernels::group_norm_apply(table.norm, dt, x.data(), n, c, s, groups, o.mean.data(), o.invstd.data(), gamma.data(),
                            beta.data(), o.y.data());
  kernels::group_norm_backward(table.norm, dt, g.data(), x.data(), n, c, s, groups, o.mean.data(), o.invstd.data(),
                               gamma.data(), o.dx.data(), o.dgamma.data(), o.dbeta.data());
  return o;
}

template <class F> void expect_thread_independent(const char* what, const KernelTable& table, F run) {
  decltype(run()) one, two;
  {
    ThreadCount t(1);
    one = run();
  }
  {
    ThreadCount t(2);
    two = run();
  }
  EXPECT_TRUE(one == two) << table.name << " " << what;
}

TEST(BatchNorm, ThreadCountIndependent) {
  for (const KernelTable* table : all_tables()) {
    expect_thread_independent("f32 [4096, 64]", *table, [&] { return run_batch<float>(*table, 4096, 64, 1, true); });
    expect_thread_independent("f64 [4096, 64]", *table, [&] { return run_batch<double>(*table, 4096, 64, 1, true); });
    expect_thread_independent("f32 [3, 5, 50000]", *table, [&] { return run_batch<float>(*table, 3, 5, 50000, true); });
    expect_thread_independent("f32 [200000, 1]", *table, [&] { return run_batch<float>(*table, 200000, 1, 1, false); });
  }
}

TEST(GroupNorm, ThreadCountIndependent) {
  for (const KernelTable* table : all_tables()) {
    expect_thread_independent("f32 [64, 32, 256] G=8", *table, [&] { return run_group<float>(*table, 64, 32, 256, 8); });
    expect_thread_independent("f64 [64, 32, 256] G=8", *table, [&] { return run_group<double>(*table, 64, 32, 256, 8); });
    expect_thread_independent("f32 [2, 4, 50000] G=1", *table, [&] { return run_group<float>(*table, 2, 4, 50000, 1); });
    expect_thread_independent("f32 [4096, 64, 1] G=16", *table, [&] { return run_group<float>(*table, 4096, 64, 1, 16); });
  }
}

// Empty batches: statistics are NaN, parameter gradients 0, nothing else written.
TEST(BatchNorm, EmptyBatch) {
  for (const KernelTable* table : all_tables()) {
    std::vector<float> mean(3, 1), var(3, 1), invstd(3, 1), dgamma(3, 1), dbeta(3, 1);
    const std::vector<float> stats{0.5f, 1, 2};
    kernels::batch_norm_stats(table->norm, DType::Float32, nullptr, 0, 3, 4, 1e-5, mean.data(), var.data(), invstd.data());
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(std::isnan(mean[i]) && std::isnan(var[i]) && std::isnan(invstd[i]));
    kernels::batch_norm_backward(table->norm, DType::Float32, nullptr, nullptr, 0, 3, 4, stats.data(), stats.data(), nullptr,
                                 true, nullptr, dgamma.data(), dbeta.data());
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(dgamma[i] == 0 && dbeta[i] == 0) << table->name;
  }
}

}  // namespace
}  // namespace descent::test
