// Softmax and log-softmax: stability at magnitude 1e4, rows and columns, every table.
#include <limits>

#include "softmax/softmax.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::DType;

template <class T> void check(const KernelTable& table, DType dt, index_t outer, index_t len, index_t inner, double scale, double rtol) {
  auto x = uniform<T>(outer * len * inner, -scale, scale, static_cast<std::uint32_t>(len + inner));
  std::vector<T> y(x.size()), ly(x.size());
  kernels::softmax(table.softmax, dt, x.data(), y.data(), outer, len, inner, false);
  kernels::softmax(table.softmax, dt, x.data(), ly.data(), outer, len, inner, true);
  for (index_t o = 0; o < outer; ++o) {
    for (index_t i = 0; i < inner; ++i) {
      const T* xs = x.data() + o * len * inner + i;
      double m = -INFINITY;
      for (index_t l = 0; l < len; ++l) m = std::max(m, static_cast<double>(xs[l * inner]));
      double s = 0;
      for (index_t l = 0; l < len; ++l) s += std::exp(xs[l * inner] - m);
      for (index_t l = 0; l < len; ++l) {
        const index_t at = o * len * inner + l * inner + i;
        const double want_log = xs[l * inner] - m - std::log(s);
        ASSERT_TRUE(close(ly[at], want_log, rtol, rtol * (std::fabs(m) + 1))) << table.name << " log " << ly[at] << " vs " << want_log;
        ASSERT_TRUE(close(y[at], std::exp(want_log), rtol * 8, 1e-30)) << table.name << " " << y[at] << " vs " << std::exp(want_log);
      }
    }
  }
}

TEST(Softmax, MatchesReferenceIncludingHugeMagnitudes) {
  for (const KernelTable* table : all_tables()) {
    for (double scale : {1.0, 30.0, 1e4}) {
      check<float>(*table, DType::Float32, 7, 10, 1, scale, 1e-5);
      check<float>(*table, DType::Float32, 3, 1001, 1, scale, 1e-5);
      check<float>(*table, DType::Float32, 2, 13, 9, scale, 1e-5);
      check<double>(*table, DType::Float64, 5, 33, 1, scale, 1e-12);
      check<double>(*table, DType::Float64, 2, 6, 5, scale, 1e-12);
    }
  }
}

TEST(Softmax, RowsSumToOneAndSurviveExtremeInputs) {
  for (const KernelTable* table : all_tables()) {
    std::vector<float> x{1e4f, -1e4f, 0.0f, 1e4f};
    std::vector<float> y(4);
    kernels::softmax(table->softmax, DType::Float32, x.data(), y.data(), 1, 4, 1, false);
    EXPECT_FLOAT_EQ(y[0], 0.5f) << table->name;
    EXPECT_EQ(y[1], 0.0f);
    EXPECT_FLOAT_EQ(y[0] + y[1] + y[2] + y[3], 1.0f);
    kernels::softmax(table->softmax, DType::Float32, x.data(), y.data(), 1, 4, 1, true);
    EXPECT_FLOAT_EQ(y[0], -std::log(2.0f)) << table->name;
    EXPECT_FLOAT_EQ(y[1], -2e4f - std::log(2.0f));
  }
}

TEST(Softmax, InPlaceMatchesOutOfPlace) {
  for (const KernelTable* table : all_tables()) {
    auto x = uniform<float>(40 * 17, -5, 5, 3);
    std::vector<float> y(x.size());
    kernels::softmax(table->softmax, DType::Float32, x.data(), y.data(), 40, 17, 1, false);
    kernels::softmax(table->softmax, DType::Float32, x.data(), x.data(), 40, 17, 1, false);
    EXPECT_TRUE(bit_equal(x, y)) << table->name;
  }
}

// The backward kernels against the formulas in double, rows and columns, every table.
template <class T> void check_backward(const KernelTable& table, DType dt, index_t outer, index_t len, index_t inner, double rtol) {
  auto x = uniform<T>(outer * len * inner, -3, 3, 5);
  auto g = uniform<T>(x.size(), -1, 1, 6);
  for (bool log : {false, true}) {
    std::vector<T> y(x.size()), dx(x.size());
    kernels::softmax(table.softmax, dt, x.data(), y.data(), outer, len, inner, log);
    kernels::softmax_backward(table.softmax, dt, g.data(), y.data(), dx.data(), outer, len, inner, log);
    for (index_t o = 0; o < outer; ++o) {
      for (index_t i = 0; i < inner; ++i) {
        double s = 0;
        for (index_t l = 0; l < len; ++l) {
          const index_t at = (o * len + l) * inner + i;
          s += log ? static_cast<double>(g[at]) : static_cast<double>(g[at]) * y[at];
        }
        for (index_t l = 0; l < len; ++l) {
          const index_t at = (o * len + l) * inner + i;
          const double want = log ? g[at] - std::exp(static_cast<double>(y[at])) * s : y[at] * (g[at] - s);
          ASSERT_TRUE(close(dx[at], want, rtol, rtol)) << table.name << (log ? " log" : "") << " " << dx[at] << " vs " << want;
        }
      }
    }
  }
}

TEST(Softmax, BackwardMatchesTheFormulas) {
  for (const KernelTable* table : all_tables()) {
    check_backward<float>(*table, DType::Float32, 9, 13, 1, 2e-5);
    check_backward<float>(*table, DType::Float32, 2, 1001, 1, 2e-5);
    check_backward<float>(*table, DType::Float32, 3, 7, 5, 2e-5);
    check_backward<double>(*table, DType::Float64, 4, 33, 1, 1e-12);
    check_backward<double>(*table, DType::Float64, 2, 6, 9, 1e-12);
  }
}

}  // namespace
}  // namespace descent::test
