// Reductions: rows and columns against double references on every table, NaN semantics,
// empty axes, and bit-identical results for 1 and 2 threads.
#include <limits>

#include "reduce/reduce.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::DType;
using kernels::ReduceOp;

struct Reference {
  double sum = 0, max = -INFINITY, min = INFINITY, var = 0;
  index_t argmax = 0, argmin = 0;
};

template <class T> Reference reference(const T* x, index_t len, index_t stride) {
  Reference r;
  for (index_t l = 0; l < len; ++l) {
    const double v = x[l * stride];
    r.sum += v;
    if (v > r.max) {
      r.max = v;
      r.argmax = l;
    }
    if (v < r.min) {
      r.min = v;
      r.argmin = l;
    }
  }
  const double mean = r.sum / static_cast<double>(len);
  for (index_t l = 0; l < len; ++l) {
    const double d = x[l * stride] - mean;
    r.var += d * d;
  }
  r.var /= static_cast<double>(len - 1);
  return r;
}

template <class T> void check_shape(const KernelTable& table, DType dt, index_t outer, index_t len, index_t inner, double rtol) {
  auto x = uniform<T>(outer * len * inner, -3, 5, static_cast<std::uint32_t>(outer * 131 + len * 7 + inner));
  const index_t n_out = outer * inner;
  std::vector<T> sum(n_out), mean(n_out), mx(n_out), mn(n_out), var(n_out);
  std::vector<std::int32_t> amax(n_out), amin(n_out);
  kernels::reduce(table.reduce, dt, ReduceOp::Sum, x.data(), outer, len, inner, sum.data(), nullptr, 0);
  kernels::reduce(table.reduce, dt, ReduceOp::Mean, x.data(), outer, len, inner, mean.data(), nullptr, 0);
  kernels::reduce(table.reduce, dt, ReduceOp::Max, x.data(), outer, len, inner, mx.data(), nullptr, 0);
  kernels::reduce(table.reduce, dt, ReduceOp::Min, x.data(), outer, len, inner, mn.data(), nullptr, 0);
  kernels::reduce(table.reduce, dt, ReduceOp::Var, x.data(), outer, len, inner, var.data(), nullptr, 1);
  kernels::reduce(table.reduce, dt, ReduceOp::Argmax, x.data(), outer, len, inner, nullptr, amax.data(), 0);
  kernels::reduce(table.reduce, dt, ReduceOp::Argmin, x.data(), outer, len, inner, nullptr, amin.data(), 0);
  for (index_t o = 0; o < outer; ++o) {
    for (index_t i = 0; i < inner; ++i) {
      const Reference r = reference(x.data() + o * len * inner + i, len, inner);
      const index_t at = o * inner + i;
      // Sums: rtol relative to Σ|x| (cancellation), here bounded by 5·len.
      ASSERT_NEAR(sum[at], r.sum, rtol * 5.0 * len) << table.name << " sum " << outer << "x" << len << "x" << inner;
      ASSERT_NEAR(mean[at], r.sum / len, rtol * 5.0) << table.name;
      ASSERT_EQ(static_cast<double>(mx[at]), r.max) << table.name;
      ASSERT_EQ(static_cast<double>(mn[at]), r.min) << table.name;
      ASSERT_EQ(amax[at], r.argmax) << table.name;
      ASSERT_EQ(amin[at], r.argmin) << table.name;
      if (len > 1) {
        ASSERT_TRUE(close(var[at], r.var, rtol * 10, 0)) << table.name << " var " << var[at] << " vs " << r.var;
      }
    }
  }
}

TEST(Reduce, RowsAndColumnsMatchReferenceOnEveryTable) {
  const index_t shapes[][3] = {{1, 1, 1},   {1, 7, 1},      {3, 33, 1},    {1, 100003, 1}, {5, 17, 3},
                               {2, 9, 600}, {1, 40000, 2},  {64, 1, 5},    {129, 513, 1},  {4, 3, 1025}};
  for (const KernelTable* table : all_tables()) {
    for (const auto& s : shapes) {
      check_shape<float>(*table, DType::Float32, s[0], s[1], s[2], 2e-6);
      check_shape<double>(*table, DType::Float64, s[0], s[1], s[2], 1e-13);
    }
  }
}

TEST(Reduce, NaNPropagatesAndArgReturnsFirstNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (const KernelTable* table : all_tables()) {
    for (index_t n : {5, 40, 1000}) {
      auto x = uniform<float>(n, -1, 1, 9);
      x[n / 2] = nan;
      x[n - 1] = nan;
      float v = 0;
      std::int32_t at = -1;
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Max, x.data(), 1, n, 1, &v, nullptr, 0);
      EXPECT_TRUE(std::isnan(v)) << table->name;
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Argmin, x.data(), 1, n, 1, nullptr, &at, 0);
      EXPECT_EQ(at, n / 2) << table->name;
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Sum, x.data(), 1, n, 1, &v, nullptr, 0);
      EXPECT_TRUE(std::isnan(v)) << table->name;
    }
    // Columns: the first NaN along the axis wins.
    std::vector<float> cols{1, 2, nan, 5, 3, nan};  // [3, 2]
    std::vector<float> v(2);
    std::vector<std::int32_t> at(2);
    kernels::reduce(table->reduce, DType::Float32, ReduceOp::Argmax, cols.data(), 1, 3, 2, v.data(), at.data(), 0);
    EXPECT_EQ(at, (std::vector<std::int32_t>{1, 2})) << table->name;
  }
}

TEST(Reduce, ArgTiesPickTheFirst) {
  std::vector<float> x(100, 1.0f);
  x[10] = 3;
  x[70] = 3;
  x[20] = -2;
  x[90] = -2;
  for (const KernelTable* table : all_tables()) {
    std::int32_t at = -1;
    kernels::reduce(table->reduce, DType::Float32, ReduceOp::Argmax, x.data(), 1, 100, 1, nullptr, &at, 0);
    EXPECT_EQ(at, 10);
    kernels::reduce(table->reduce, DType::Float32, ReduceOp::Argmin, x.data(), 1, 100, 1, nullptr, &at, 0);
    EXPECT_EQ(at, 20);
  }
}

TEST(Reduce, EmptyAxisGivesZeroSumAndNaNMean) {
  float x = 0;
  std::vector<float> out(3, 7.0f);
  for (const KernelTable* table : all_tables()) {
    kernels::reduce(table->reduce, DType::Float32, ReduceOp::Sum, &x, 3, 0, 1, out.data(), nullptr, 0);
    EXPECT_EQ(out, (std::vector<float>{0, 0, 0}));
    kernels::reduce(table->reduce, DType::Float32, ReduceOp::Mean, &x, 3, 0, 1, out.data(), nullptr, 0);
    EXPECT_TRUE(std::isnan(out[0]));
  }
}

TEST(Reduce, VarianceCorrectionAndSingleElement) {
  std::vector<double> x{1, 2, 3, 4};
  double v = 0;
  for (const KernelTable* table : all_tables()) {
    kernels::reduce(table->reduce, DType::Float64, ReduceOp::Var, x.data(), 1, 4, 1, &v, nullptr, 0);
    EXPECT_DOUBLE_EQ(v, 1.25);
    kernels::reduce(table->reduce, DType::Float64, ReduceOp::Var, x.data(), 1, 4, 1, &v, nullptr, 1);
    EXPECT_DOUBLE_EQ(v, 5.0 / 3.0);
    kernels::reduce(table->reduce, DType::Float64, ReduceOp::Var, x.data(), 1, 1, 1, &v, nullptr, 1);
    EXPECT_TRUE(std::isnan(v));
  }
}

TEST(Reduce, Int32SumWrapsMaxAndArg) {
  std::vector<std::int32_t> x{2147483647, 1, -5, 9};
  std::int32_t v = 0, at = -1;
  for (const KernelTable* table : all_tables()) {
    kernels::reduce(table->reduce, DType::Int32, ReduceOp::Sum, x.data(), 1, 4, 1, &v, nullptr, 0);
    EXPECT_EQ(v, static_cast<std::int32_t>(-2147483648LL + 4));
    kernels::reduce(table->reduce, DType::Int32, ReduceOp::Min, x.data(), 1, 4, 1, &v, nullptr, 0);
    EXPECT_EQ(v, -5);
    kernels::reduce(table->reduce, DType::Int32, ReduceOp::Argmax, x.data(), 1, 4, 1, &v, &at, 0);
    EXPECT_EQ(at, 0);
  }
}

TEST(Reduce, TenMillionElementsAreThreadCountIndependent) {
  const index_t n = 10'000'000;
  auto x = uniform<float>(n, -1, 1, 4);
  for (const KernelTable* table : all_tables()) {
    float s1 = 0, s2 = 0, v1 = 0, v2 = 0;
    std::int32_t a1 = 0, a2 = 0;
    {
      ThreadCount t(1);
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Sum, x.data(), 1, n, 1, &s1, nullptr, 0);
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Var, x.data(), 1, n, 1, &v1, nullptr, 1);
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Argmax, x.data(), 1, n, 1, nullptr, &a1, 0);
    }
    {
      ThreadCount t(2);
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Sum, x.data(), 1, n, 1, &s2, nullptr, 0);
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Var, x.data(), 1, n, 1, &v2, nullptr, 1);
      kernels::reduce(table->reduce, DType::Float32, ReduceOp::Argmax, x.data(), 1, n, 1, nullptr, &a2, 0);
    }
    EXPECT_EQ(std::memcmp(&s1, &s2, sizeof s1), 0) << table->name;
    EXPECT_EQ(std::memcmp(&v1, &v2, sizeof v1), 0) << table->name;
    EXPECT_EQ(a1, a2);
    // And the value: Σ of 10^7 uniforms on [-1, 1] in double for comparison.
    double ref = 0;
    for (float v : x) ref += v;
    EXPECT_NEAR(s1, ref, 1e-3 * std::sqrt(static_cast<double>(n))) << table->name;
  }
}

}  // namespace
}  // namespace descent::test
