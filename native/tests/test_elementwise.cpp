// Element-wise kernels: every table against double-precision references, broadcasting
// strides, int32 semantics, and thread-count independence.
#include <limits>

#include "elementwise/elementwise.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::BinaryOp;
using kernels::DType;
using kernels::UnaryOp;

double unary_reference(UnaryOp op, double x, double p0, double p1) {
  switch (op) {
    case UnaryOp::Neg: return -x;
    case UnaryOp::Abs: return std::fabs(x);
    case UnaryOp::Exp: return std::exp(x);
    case UnaryOp::Log: return std::log(x);
    case UnaryOp::Sqrt: return std::sqrt(x);
    case UnaryOp::Rsqrt: return 1.0 / std::sqrt(x);
    case UnaryOp::Square: return x * x;
    case UnaryOp::Reciprocal: return 1.0 / x;
    case UnaryOp::Sign: return x > 0 ? 1.0 : (x < 0 ? -1.0 : x);
    case UnaryOp::Relu: return x < 0 ? 0.0 : x;
    case UnaryOp::Sigmoid: return 1.0 / (1.0 + std::exp(-x));
    case UnaryOp::Tanh: return std::tanh(x);
    case UnaryOp::Softplus: return p0 * x > p1 ? x : std::log1p(std::exp(p0 * x)) / p0;
    case UnaryOp::Clamp: return std::min(std::max(x, p0), p1);
    case UnaryOp::PowScalar: return std::pow(x, p0);
    case UnaryOp::LeakyRelu: return x > 0 ? x : p0 * x;
    case UnaryOp::Elu: return x > 0 ? x : p0 * std::expm1(x);
    default: return 0;
  }
}

struct UnaryCase {
  UnaryOp op;
  double lo, hi, p0, p1;
};

const UnaryCase kUnaryCases[] = {
    {UnaryOp::Neg, -5, 5, 0, 0},        {UnaryOp::Abs, -5, 5, 0, 0},
    {UnaryOp::Exp, -80, 80, 0, 0},      {UnaryOp::Log, 1e-30, 1e30, 0, 0},
    {UnaryOp::Sqrt, 0, 1e6, 0, 0},      {UnaryOp::Rsqrt, 1e-6, 1e6, 0, 0},
    {UnaryOp::Square, -1e3, 1e3, 0, 0}, {UnaryOp::Reciprocal, 0.01, 100, 0, 0},
    {UnaryOp::Sign, -2, 2, 0, 0},       {UnaryOp::Relu, -3, 3, 0, 0},
    {UnaryOp::Sigmoid, -30, 30, 0, 0},  {UnaryOp::Tanh, -10, 10, 0, 0},
    {UnaryOp::Softplus, -30, 30, 1, 20}, {UnaryOp::Softplus, -10, 10, 2.5, 5},
    {UnaryOp::Clamp, -3, 3, -1, 0.5},   {UnaryOp::PowScalar, 0.1, 10, 1.7, 0},
    {UnaryOp::PowScalar, -4, 4, 2, 0},  {UnaryOp::LeakyRelu, -3, 3, 0.1, 0},
    {UnaryOp::Elu, -5, 5, 1.3, 0},
};

TEST(Elementwise, UnaryFloat32MatchesDoubleReferenceOnEveryTable) {
  for (const KernelTable* table : all_tables()) {
    for (const auto& c : kUnaryCases) {
      for (index_t n : edge_sizes()) {
        auto x = uniform<float>(n, c.lo, c.hi, 11 + static_cast<int>(c.op));
        std::vector<float> y(x.size());
        kernels::unary(table->elementwise, DType::Float32, c.op, x.data(), y.data(), n, c.p0, c.p1);
        for (index_t i = 0; i < n; ++i) {
          const double want = unary_reference(c.op, x[i], c.p0, c.p1);
          // float32 rounding of the result and of the input's effect: a few ulp.
          ASSERT_TRUE(close(y[i], want, 4e-6, 1e-37)) << table->name << " op " << static_cast<int>(c.op) << " x=" << x[i]
                                                     << " got " << y[i] << " want " << want;
        }
      }
    }
  }
}

TEST(Elementwise, UnaryFloat64MatchesDoubleReference) {
  for (const KernelTable* table : all_tables()) {
    for (const auto& c : kUnaryCases) {
      auto x = uniform<double>(1001, c.lo, c.hi, 5);
      std::vector<double> y(x.size());
      kernels::unary(table->elementwise, DType::Float64, c.op, x.data(), y.data(), 1001, c.p0, c.p1);
      for (std::size_t i = 0; i < x.size(); ++i) {
        ASSERT_TRUE(close(y[i], unary_reference(c.op, x[i], c.p0, c.p1), 1e-14, 1e-300)) << table->name << " op "
                                                                                          << static_cast<int>(c.op);
      }
    }
  }
}

TEST(Elementwise, UnarySpecialValuesPropagate) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (const KernelTable* table : all_tables()) {
    std::vector<float> x{nan, inf, -inf, 0.0f, -0.0f};
    std::vector<float> y(5);
    kernels::unary(table->elementwise, DType::Float32, UnaryOp::Relu, x.data(), y.data(), 5, 0, 0);
    EXPECT_TRUE(std::isnan(y[0])) << table->name;
    EXPECT_EQ(y[1], inf);
    EXPECT_EQ(y[2], 0.0f);
    kernels::unary(table->elementwise, DType::Float32, UnaryOp::Sigmoid, x.data(), y.data(), 5, 0, 0);
    EXPECT_TRUE(std::isnan(y[0])) << table->name;
    EXPECT_EQ(y[1], 1.0f);
    EXPECT_EQ(y[2], 0.0f);
    kernels::unary(table->elementwise, DType::Float32, UnaryOp::Clamp, x.data(), y.data(), 5, -1, 1);
    EXPECT_TRUE(std::isnan(y[0])) << table->name;
    EXPECT_EQ(y[1], 1.0f);
    EXPECT_EQ(y[2], -1.0f);
    kernels::unary(table->elementwise, DType::Float32, UnaryOp::Softplus, x.data(), y.data(), 5, 1, 20);
    EXPECT_TRUE(std::isnan(y[0])) << table->name;
    EXPECT_EQ(y[1], inf);
    EXPECT_EQ(y[2], 0.0f);
  }
}

TEST(Elementwise, UnaryInPlaceEqualsOutOfPlace) {
  for (const KernelTable* table : all_tables()) {
    auto x = uniform<float>(1003, -4, 4, 3);
    std::vector<float> y(x.size());
    kernels::unary(table->elementwise, DType::Float32, UnaryOp::Tanh, x.data(), y.data(), 1003, 0, 0);
    kernels::unary(table->elementwise, DType::Float32, UnaryOp::Tanh, x.data(), x.data(), 1003, 0, 0);
    EXPECT_TRUE(bit_equal(x, y)) << table->name;
  }
}

TEST(Elementwise, Int32UnaryWrapsAndClamps) {
  std::vector<std::int32_t> x{-5, 0, 7, std::numeric_limits<std::int32_t>::min(), 100};
  std::vector<std::int32_t> y(5);
  for (const KernelTable* table : all_tables()) {
    kernels::unary(table->elementwise, DType::Int32, UnaryOp::Neg, x.data(), y.data(), 5, 0, 0);
    EXPECT_EQ(y, (std::vector<std::int32_t>{5, 0, -7, std::numeric_limits<std::int32_t>::min(), -100}));
    kernels::unary(table->elementwise, DType::Int32, UnaryOp::Clamp, x.data(), y.data(), 5, -2.5, 50);
    EXPECT_EQ(y, (std::vector<std::int32_t>{-2, 0, 7, -2, 50}));
    kernels::unary(table->elementwise, DType::Int32, UnaryOp::Sign, x.data(), y.data(), 5, 0, 0);
    EXPECT_EQ(y, (std::vector<std::int32_t>{-1, 0, 1, -1, 1}));
  }
}

double binary_reference(BinaryOp op, double a, double b, double p0, double p1) {
  switch (op) {
    case BinaryOp::Add: return a + b;
    case BinaryOp::Sub: return a - b;
    case BinaryOp::Mul: return a * b;
    case BinaryOp::Div: return a / b;
    case BinaryOp::Pow: return std::pow(a, b);
    case BinaryOp::Maximum: return std::max(a, b);
    case BinaryOp::Minimum: return std::min(a, b);
    case BinaryOp::Eq: return a == b;
    case BinaryOp::Ne: return a != b;
    case BinaryOp::Lt: return a < b;
    case BinaryOp::Le: return a <= b;
    case BinaryOp::Gt: return a > b;
    case BinaryOp::Ge: return a >= b;
    case BinaryOp::ReluBackward: return b > 0 ? a : 0;
    case BinaryOp::LeakyReluBackward: return b > 0 ? a : a * p0;
    case BinaryOp::EluBackward: return b > 0 ? a : a * p0 * std::exp(b);
    case BinaryOp::SigmoidBackward: return a * b * (1 - b);
    case BinaryOp::TanhBackward: return a * (1 - b * b);
    case BinaryOp::SoftplusBackward: return p0 * b > p1 ? a : a / (1 + std::exp(-p0 * b));
    default: return 0;
  }
}

// out[i, j] over a [rows, cols] shape with a read through (sa_r, sa_c) and b through (sb_r, sb_c).
template <class T>
void check_binary_2d(const KernelTable& table, DType dt, BinaryOp op, index_t rows, index_t cols, index_t sa_r,
                     index_t sa_c, index_t sb_r, index_t sb_c, double rtol) {
  const index_t a_len = std::max<index_t>(1, (rows - 1) * sa_r + (cols - 1) * sa_c + 1);
  const index_t b_len = std::max<index_t>(1, (rows - 1) * sb_r + (cols - 1) * sb_c + 1);
  auto a = uniform<T>(a_len, -2.0, 2.0, 21);
  auto b = uniform<T>(b_len, -2.0, 2.0, 22);
  // Equal operands somewhere so comparisons see both outcomes.
  for (index_t i = 0; i < std::min(a_len, b_len); i += 5) a[i] = b[i];
  std::vector<T> out(static_cast<std::size_t>(rows * cols));
  const index_t shape[2] = {rows, cols}, as[2] = {sa_r, sa_c}, bs[2] = {sb_r, sb_c};
  kernels::binary(table.elementwise, dt, op, a.data(), as, b.data(), bs, out.data(), shape, 2, 0.3, 2.0);
  for (index_t r = 0; r < rows; ++r) {
    for (index_t c = 0; c < cols; ++c) {
      const double want = binary_reference(op, a[r * sa_r + c * sa_c], b[r * sb_r + c * sb_c], 0.3, 2.0);
      ASSERT_TRUE(close(out[r * cols + c], want, rtol, 16 * rtol))  // cancellation in 1 − y² etc.
          << table.name << " op " << static_cast<int>(op) << " at " << r << "," << c;
    }
  }
}

TEST(Elementwise, BinaryBroadcastPatterns) {
  const index_t R = 37, C = 45;
  struct Pattern {
    index_t sa_r, sa_c, sb_r, sb_c;
  };
  const Pattern patterns[] = {
      {C, 1, C, 1},      // same shape
      {C, 1, 0, 1},      // row vector b
      {C, 1, 1, 0},      // column vector b
      {0, 1, C, 1},      // row vector a
      {C, 1, 0, 0},      // scalar b
      {1, R, C, 1},      // transposed a
      {2 * C, 2, 3, 3 * R},  // general strides
  };
  for (const KernelTable* table : all_tables()) {
    for (int op = 0; op < static_cast<int>(BinaryOp::Count); ++op) {
      for (const auto& p : patterns) {
        check_binary_2d<float>(*table, DType::Float32, static_cast<BinaryOp>(op), R, C, p.sa_r, p.sa_c, p.sb_r, p.sb_c, 4e-6);
        check_binary_2d<double>(*table, DType::Float64, static_cast<BinaryOp>(op), R, C, p.sa_r, p.sa_c, p.sb_r, p.sb_c, 1e-14);
      }
    }
  }
}

TEST(Elementwise, BinaryLargeIsThreadCountIndependent) {
  const index_t n = 1'000'003;
  auto a = uniform<float>(n, -2, 2, 1), b = uniform<float>(n, -2, 2, 2);
  const index_t shape[1] = {n}, s1[1] = {1};
  for (const KernelTable* table : all_tables()) {
    std::vector<float> one(a.size()), two(a.size());
    {
      ThreadCount t(1);
      kernels::binary(table->elementwise, DType::Float32, BinaryOp::SoftplusBackward, a.data(), s1, b.data(), s1, one.data(), shape, 1, 1, 20);
    }
    {
      ThreadCount t(2);
      kernels::binary(table->elementwise, DType::Float32, BinaryOp::SoftplusBackward, a.data(), s1, b.data(), s1, two.data(), shape, 1, 1, 20);
    }
    EXPECT_TRUE(bit_equal(one, two)) << table->name;
  }
}

TEST(Elementwise, Int32BinaryAndComparisons) {
  std::vector<std::int32_t> a{2147483647, -3, 4, 9}, b{1, -3, 5, 2};
  std::vector<std::int32_t> out(4);
  std::vector<float> cmp(4);
  const index_t shape[1] = {4}, s[1] = {1};
  for (const KernelTable* table : all_tables()) {
    kernels::binary(table->elementwise, DType::Int32, BinaryOp::Add, a.data(), s, b.data(), s, out.data(), shape, 1, 0, 0);
    EXPECT_EQ(out, (std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::min(), -6, 9, 11}));
    kernels::binary(table->elementwise, DType::Int32, BinaryOp::Mul, a.data(), s, b.data(), s, out.data(), shape, 1, 0, 0);
    EXPECT_EQ(out, (std::vector<std::int32_t>{2147483647, 9, 20, 18}));
    kernels::binary(table->elementwise, DType::Int32, BinaryOp::Le, a.data(), s, b.data(), s, cmp.data(), shape, 1, 0, 0);
    EXPECT_EQ(cmp, (std::vector<float>{0, 1, 1, 0}));
  }
}

TEST(Elementwise, ZeroSizedShapesWriteNothing) {
  float a = 1, b = 2, out = 7;
  const index_t shape[2] = {3, 0}, s[2] = {0, 0};
  for (const KernelTable* table : all_tables()) {
    kernels::binary(table->elementwise, DType::Float32, BinaryOp::Add, &a, s, &b, s, &out, shape, 2, 0, 0);
    kernels::unary(table->elementwise, DType::Float32, UnaryOp::Exp, &a, &out, 0, 0, 0);
    EXPECT_EQ(out, 7.0f);
  }
}

}  // namespace
}  // namespace descent::test
