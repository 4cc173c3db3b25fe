// Level-1 BLAS: dot, norm2 (no overflow or underflow), axpy, scal; thread-count independence.
#include <limits>

#include "blas1/blas1.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::DType;

TEST(Blas1, DotAndNorm2MatchDoubleReference) {
  for (const KernelTable* table : all_tables()) {
    for (index_t n : edge_sizes()) {
      auto x = uniform<float>(n, -1, 1, 1), y = uniform<float>(n, -1, 1, 2);
      double dot = 0, ss = 0;
      for (index_t i = 0; i < n; ++i) {
        dot += static_cast<double>(x[i]) * y[i];
        ss += static_cast<double>(x[i]) * x[i];
      }
      EXPECT_NEAR(kernels::dot(table->blas1, DType::Float32, x.data(), y.data(), n), dot, 1e-12 * (n + 1)) << table->name;
      EXPECT_NEAR(kernels::norm2(table->blas1, DType::Float32, x.data(), n), std::sqrt(ss), 1e-12 * (n + 1)) << table->name;
      auto xd = uniform<double>(n, -1, 1, 3);
      double ssd = 0;
      for (double v : xd) ssd += v * v;
      EXPECT_NEAR(kernels::norm2(table->blas1, DType::Float64, xd.data(), n), std::sqrt(ssd), 1e-13 * (n + 1));
    }
  }
}

TEST(Blas1, Norm2NeitherOverflowsNorUnderflows) {
  for (const KernelTable* table : all_tables()) {
    std::vector<double> big{3e200, 4e200}, small{3e-200, 4e-200}, special{1, std::numeric_limits<double>::infinity()};
    EXPECT_DOUBLE_EQ(kernels::norm2(table->blas1, DType::Float64, big.data(), 2), 5e200);
    EXPECT_DOUBLE_EQ(kernels::norm2(table->blas1, DType::Float64, small.data(), 2), 5e-200);
    EXPECT_TRUE(std::isinf(kernels::norm2(table->blas1, DType::Float64, special.data(), 2)));
    std::vector<float> fbig{3e38f, 2e38f};
    EXPECT_NEAR(kernels::norm2(table->blas1, DType::Float32, fbig.data(), 2), std::hypot(3e38, 2e38), 1e32);
    std::vector<double> nan{1, std::numeric_limits<double>::quiet_NaN()};
    EXPECT_TRUE(std::isnan(kernels::norm2(table->blas1, DType::Float64, nan.data(), 2)));
  }
}

TEST(Blas1, AxpyAndScal) {
  for (const KernelTable* table : all_tables()) {
    for (index_t n : edge_sizes()) {
      auto x = uniform<float>(n, -1, 1, 5), y = uniform<float>(n, -1, 1, 6);
      auto want = y;
      for (index_t i = 0; i < n; ++i) want[i] = y[i] + 0.75f * x[i];
      kernels::axpy(table->blas1, DType::Float32, n, 0.75, x.data(), y.data());
      for (index_t i = 0; i < n; ++i) ASSERT_NEAR(y[i], want[i], 1e-6) << table->name;
      kernels::scal(table->blas1, DType::Float32, n, -2.0, y.data());
      for (index_t i = 0; i < n; ++i) ASSERT_NEAR(y[i], -2.0f * want[i], 2e-6) << table->name;
    }
  }
}

TEST(Blas1, DotIsThreadCountIndependent) {
  const index_t n = 3'000'017;
  auto x = uniform<float>(n, -1, 1, 7), y = uniform<float>(n, -1, 1, 8);
  for (const KernelTable* table : all_tables()) {
    double one, two;
    {
      ThreadCount t(1);
      one = kernels::dot(table->blas1, DType::Float32, x.data(), y.data(), n);
    }
    {
      ThreadCount t(2);
      two = kernels::dot(table->blas1, DType::Float32, x.data(), y.data(), n);
    }
    EXPECT_EQ(std::memcmp(&one, &two, sizeof one), 0) << table->name;
  }
}

}  // namespace
}  // namespace descent::test
