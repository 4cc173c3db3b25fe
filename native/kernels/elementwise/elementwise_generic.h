// Element-wise loops written once and compiled once per instruction set: elementwise_scalar.cpp
// and elementwise_avx2.cpp include this file with DESCENT_ISA (the namespace) and
// DESCENT_ISA_FN (the function attribute) defined. They are the scalar reference for float32,
// and the float64 and int32 kernels of every table (left to the compiler's vectorizer).
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including a *_generic.h kernel header"
#endif

#include <cmath>
#include <cstdint>
#include <limits>

#include "common/isa.h"
#include "elementwise/elementwise_kernels.h"
#include "elementwise/elementwise_ops.h"

namespace descent::kernels::DESCENT_ISA {

// σ(x) without overflow: e^x/(1+e^x) for x < 0 keeps tiny results accurate.
template <class T> DESCENT_ISA_FN inline T stable_sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

// (1/β)·ln(1+e^(βx)), and x itself once βx > threshold (PyTorch's Softplus(beta, threshold)).
template <class T> DESCENT_ISA_FN inline T softplus_value(T x, T beta, T threshold) {
  const T z = beta * x;
  if (z > threshold) return x;
  return (std::fmax(z, T(0)) + std::log1p(std::exp(-std::fabs(z)))) / beta;
}

// Applies f to out[i] = f(a[i·sa], b[i·sb]) with the common stride patterns spelled out so the
// compiler vectorizes them.
template <class T, class Out, class F>
DESCENT_ISA_FN inline void map_binary(F f, const T* a, index_t sa, const T* b, index_t sb, Out* out, index_t n) {
  if (sa == 1 && sb == 1) {
    for (index_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (sa == 1 && sb == 0) {
    const T bv = *b;
    for (index_t i = 0; i < n; ++i) out[i] = f(a[i], bv);
  } else if (sa == 0 && sb == 1) {
    const T av = *a;
    for (index_t i = 0; i < n; ++i) out[i] = f(av, b[i]);
  } else {
    for (index_t i = 0; i < n; ++i) out[i] = f(a[i * sa], b[i * sb]);
  }
}

template <class T> struct AddOp { DESCENT_ISA_FN T operator()(T a, T b) const { return a + b; } };
template <class T> struct SubOp { DESCENT_ISA_FN T operator()(T a, T b) const { return a - b; } };
template <class T> struct MulOp { DESCENT_ISA_FN T operator()(T a, T b) const { return a * b; } };
template <class T> struct DivOp { DESCENT_ISA_FN T operator()(T a, T b) const { return a / b; } };
template <class T> struct PowOp { DESCENT_ISA_FN T operator()(T a, T b) const { return std::pow(a, b); } };
// maximum/minimum propagate NaN, as PyTorch's torch.maximum/minimum.
template <class T> struct MaximumOp {
  DESCENT_ISA_FN T operator()(T a, T b) const { return a != a ? a : (b != b ? b : (a > b ? a : b)); }
};
template <class T> struct MinimumOp {
  DESCENT_ISA_FN T operator()(T a, T b) const { return a != a ? a : (b != b ? b : (a < b ? a : b)); }
};
template <class T, class Out> struct EqOp { DESCENT_ISA_FN Out operator()(T a, T b) const { return a == b ? Out(1) : Out(0); } };
template <class T, class Out> struct NeOp { DESCENT_ISA_FN Out operator()(T a, T b) const { return a != b ? Out(1) : Out(0); } };
template <class T, class Out> struct LtOp { DESCENT_ISA_FN Out operator()(T a, T b) const { return a < b ? Out(1) : Out(0); } };
template <class T, class Out> struct LeOp { DESCENT_ISA_FN Out operator()(T a, T b) const { return a <= b ? Out(1) : Out(0); } };
template <class T, class Out> struct GtOp { DESCENT_ISA_FN Out operator()(T a, T b) const { return a > b ? Out(1) : Out(0); } };
template <class T, class Out> struct GeOp { DESCENT_ISA_FN Out operator()(T a, T b) const { return a >= b ? Out(1) : Out(0); } };

// Activation derivatives: a is the upstream gradient g, b the saved input x or output y.
template <class T> struct ReluBackwardOp { DESCENT_ISA_FN T operator()(T g, T x) const { return x > T(0) ? g : T(0); } };
template <class T> struct LeakyReluBackwardOp {
  T slope;
  DESCENT_ISA_FN T operator()(T g, T x) const { return x > T(0) ? g : g * slope; }
};
template <class T> struct EluBackwardOp {
  T alpha;
  DESCENT_ISA_FN T operator()(T g, T x) const { return x > T(0) ? g : g * alpha * std::exp(x); }
};
template <class T> struct SigmoidBackwardOp { DESCENT_ISA_FN T operator()(T g, T y) const { return g * (y * (T(1) - y)); } };
template <class T> struct TanhBackwardOp { DESCENT_ISA_FN T operator()(T g, T y) const { return g * (T(1) - y * y); } };
template <class T> struct SoftplusBackwardOp {
  T beta, threshold;
  DESCENT_ISA_FN T operator()(T g, T x) const {
    const T z = beta * x;
    return z > threshold ? g : g * stable_sigmoid(z);
  }
};

template <class T>
DESCENT_ISA_FN void unary_float(UnaryOp op, const T* x, T* y, index_t n, double p0, double p1) {
  const T a = static_cast<T>(p0), b = static_cast<T>(p1);
  switch (op) {
    case UnaryOp::Neg: for (index_t i = 0; i < n; ++i) y[i] = -x[i]; break;
    case UnaryOp::Abs: for (index_t i = 0; i < n; ++i) y[i] = std::fabs(x[i]); break;
    case UnaryOp::Exp: for (index_t i = 0; i < n; ++i) y[i] = std::exp(x[i]); break;
    case UnaryOp::Log: for (index_t i = 0; i < n; ++i) y[i] = std::log(x[i]); break;
    case UnaryOp::Sqrt: for (index_t i = 0; i < n; ++i) y[i] = std::sqrt(x[i]); break;
    case UnaryOp::Rsqrt: for (index_t i = 0; i < n; ++i) y[i] = T(1) / std::sqrt(x[i]); break;
    case UnaryOp::Square: for (index_t i = 0; i < n; ++i) y[i] = x[i] * x[i]; break;
    case UnaryOp::Reciprocal: for (index_t i = 0; i < n; ++i) y[i] = T(1) / x[i]; break;
    case UnaryOp::Sign:  // keeps ±0 and NaN
      for (index_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? T(1) : (x[i] < T(0) ? T(-1) : x[i]);
      break;
    case UnaryOp::Relu:  // NaN propagates
      for (index_t i = 0; i < n; ++i) y[i] = x[i] < T(0) ? T(0) : x[i];
      break;
    case UnaryOp::Sigmoid: for (index_t i = 0; i < n; ++i) y[i] = stable_sigmoid(x[i]); break;
    case UnaryOp::Tanh: for (index_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]); break;
    case UnaryOp::Softplus: for (index_t i = 0; i < n; ++i) y[i] = softplus_value(x[i], a, b); break;
    case UnaryOp::Clamp:  // NaN propagates; lo may be -inf and hi +inf
      for (index_t i = 0; i < n; ++i) {
        const T v = x[i] < a ? a : x[i];
        y[i] = v > b ? b : v;
      }
      break;
    case UnaryOp::PowScalar:
      if (p0 == 2.0) {
        for (index_t i = 0; i < n; ++i) y[i] = x[i] * x[i];
      } else if (p0 == 1.0) {
        for (index_t i = 0; i < n; ++i) y[i] = x[i];
      } else {
        for (index_t i = 0; i < n; ++i) y[i] = std::pow(x[i], a);
      }
      break;
    case UnaryOp::LeakyRelu: for (index_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : a * x[i]; break;
    case UnaryOp::Elu: for (index_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : a * std::expm1(x[i]); break;
    case UnaryOp::Count: break;
  }
}

template <class T>
DESCENT_ISA_FN void binary_float(BinaryOp op, const T* a, index_t sa, const T* b, index_t sb, T* out, index_t n,
                                 double p0, double p1) {
  const T c0 = static_cast<T>(p0), c1 = static_cast<T>(p1);
  switch (op) {
    case BinaryOp::Add: map_binary(AddOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Sub: map_binary(SubOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Mul: map_binary(MulOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Div: map_binary(DivOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Pow: map_binary(PowOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Maximum: map_binary(MaximumOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Minimum: map_binary(MinimumOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Eq: map_binary(EqOp<T, T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Ne: map_binary(NeOp<T, T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Lt: map_binary(LtOp<T, T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Le: map_binary(LeOp<T, T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Gt: map_binary(GtOp<T, T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Ge: map_binary(GeOp<T, T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::ReluBackward: map_binary(ReluBackwardOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::LeakyReluBackward: map_binary(LeakyReluBackwardOp<T>{c0}, a, sa, b, sb, out, n); break;
    case BinaryOp::EluBackward: map_binary(EluBackwardOp<T>{c0}, a, sa, b, sb, out, n); break;
    case BinaryOp::SigmoidBackward: map_binary(SigmoidBackwardOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::TanhBackward: map_binary(TanhBackwardOp<T>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::SoftplusBackward: map_binary(SoftplusBackwardOp<T>{c0, c1}, a, sa, b, sb, out, n); break;
    case BinaryOp::Count: break;
  }
}

// int32 arithmetic wraps modulo 2^32 (computed in unsigned to stay defined behaviour).
struct IntAddOp {
  DESCENT_ISA_FN std::int32_t operator()(std::int32_t a, std::int32_t b) const {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
  }
};
struct IntSubOp {
  DESCENT_ISA_FN std::int32_t operator()(std::int32_t a, std::int32_t b) const {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) - static_cast<std::uint32_t>(b));
  }
};
struct IntMulOp {
  DESCENT_ISA_FN std::int32_t operator()(std::int32_t a, std::int32_t b) const {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) * static_cast<std::uint32_t>(b));
  }
};
struct IntMaxOp { DESCENT_ISA_FN std::int32_t operator()(std::int32_t a, std::int32_t b) const { return a > b ? a : b; } };
struct IntMinOp { DESCENT_ISA_FN std::int32_t operator()(std::int32_t a, std::int32_t b) const { return a < b ? a : b; } };

// Supported int32 unary ops: Neg, Abs, Square, Sign, Relu, Clamp (the binding rejects others).
DESCENT_ISA_FN inline void unary_int(UnaryOp op, const std::int32_t* x, std::int32_t* y, index_t n, double p0,
                                     double p1) {
  const auto u = [](std::int32_t v) { return static_cast<std::uint32_t>(v); };
  switch (op) {
    case UnaryOp::Neg: for (index_t i = 0; i < n; ++i) y[i] = static_cast<std::int32_t>(0u - u(x[i])); break;
    case UnaryOp::Abs:
      for (index_t i = 0; i < n; ++i) y[i] = static_cast<std::int32_t>(x[i] < 0 ? 0u - u(x[i]) : u(x[i]));
      break;
    case UnaryOp::Square: for (index_t i = 0; i < n; ++i) y[i] = static_cast<std::int32_t>(u(x[i]) * u(x[i])); break;
    case UnaryOp::Sign: for (index_t i = 0; i < n; ++i) y[i] = (x[i] > 0) - (x[i] < 0); break;
    case UnaryOp::Relu: for (index_t i = 0; i < n; ++i) y[i] = x[i] < 0 ? 0 : x[i]; break;
    case UnaryOp::Clamp: {
      // Bounds arrive as doubles (possibly ±inf); clamp them into int32 range first.
      const double lo_d = std::fmax(p0, -2147483648.0), hi_d = std::fmin(p1, 2147483647.0);
      const std::int32_t lo = static_cast<std::int32_t>(std::ceil(lo_d));
      const std::int32_t hi = static_cast<std::int32_t>(std::floor(hi_d));
      for (index_t i = 0; i < n; ++i) {
        const std::int32_t v = x[i] < lo ? lo : x[i];
        y[i] = v > hi ? hi : v;
      }
      break;
    }
    default: break;
  }
}

// Supported int32 binary ops: Add, Sub, Mul, Maximum, Minimum.
DESCENT_ISA_FN inline void binary_int(BinaryOp op, const std::int32_t* a, index_t sa, const std::int32_t* b,
                                      index_t sb, std::int32_t* out, index_t n, double, double) {
  switch (op) {
    case BinaryOp::Add: map_binary(IntAddOp{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Sub: map_binary(IntSubOp{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Mul: map_binary(IntMulOp{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Maximum: map_binary(IntMaxOp{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Minimum: map_binary(IntMinOp{}, a, sa, b, sb, out, n); break;
    default: break;
  }
}

DESCENT_ISA_FN inline void compare_int(BinaryOp op, const std::int32_t* a, index_t sa, const std::int32_t* b,
                                       index_t sb, float* out, index_t n, double, double) {
  using I = std::int32_t;
  switch (op) {
    case BinaryOp::Eq: map_binary(EqOp<I, float>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Ne: map_binary(NeOp<I, float>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Lt: map_binary(LtOp<I, float>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Le: map_binary(LeOp<I, float>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Gt: map_binary(GtOp<I, float>{}, a, sa, b, sb, out, n); break;
    case BinaryOp::Ge: map_binary(GeOp<I, float>{}, a, sa, b, sb, out, n); break;
    default: break;
  }
}

// Every element-wise kernel from the generic loops (an instruction set overrides the entries it
// has hand-written code for).
inline ElementwiseKernelSet generic_elementwise_kernels() {
  ElementwiseKernelSet k;
  k.f32.unary = &unary_float<float>;
  k.f32.binary = &binary_float<float>;
  k.f64.unary = &unary_float<double>;
  k.f64.binary = &binary_float<double>;
  k.i32.unary = &unary_int;
  k.i32.binary = &binary_int;
  k.i32.compare = &compare_int;
  return k;
}

}  // namespace descent::kernels::DESCENT_ISA
