// Operation codes of the element-wise kernels. The addon exports these names and numbers to
// JavaScript (as ops.unary and ops.binary), so this enum is the single source of truth.
#pragma once

namespace descent::kernels {

// y = f(x; p0, p1)
#define DESCENT_UNARY_OPS(X)                                  \
  X(Neg, "neg")               /* -x */                        \
  X(Abs, "abs")               /* |x| */                       \
  X(Exp, "exp")               /* e^x */                       \
  X(Log, "log")               /* ln x */                      \
  X(Sqrt, "sqrt")             /* √x */                        \
  X(Rsqrt, "rsqrt")           /* 1/√x */                      \
  X(Square, "square")         /* x² */                        \
  X(Reciprocal, "reciprocal") /* 1/x */                       \
  X(Sign, "sign")             /* -1, 0 or 1 (NaN stays NaN) */ \
  X(Relu, "relu")             /* max(x, 0) */                 \
  X(Sigmoid, "sigmoid")       /* 1/(1+e^-x) */                \
  X(Tanh, "tanh")             /* tanh x */                    \
  X(Softplus, "softplus")     /* ln(1+e^x) */                 \
  X(Clamp, "clamp")           /* min(max(x, p0), p1) */       \
  X(PowScalar, "powScalar")   /* x^p0 */                      \
  X(LeakyRelu, "leakyRelu")   /* x > 0 ? x : p0·x */          \
  X(Elu, "elu")               /* x > 0 ? x : p0·(e^x − 1) */

// out = f(a, b; p0). Comparisons produce 1 or 0. The *Backward ops are the first derivatives
// of the activations, taking (upstream gradient, saved tensor).
#define DESCENT_BINARY_OPS(X)                                                     \
  X(Add, "add")                                                                   \
  X(Sub, "sub")                                                                   \
  X(Mul, "mul")                                                                   \
  X(Div, "div")                                                                   \
  X(Pow, "pow")                                                                   \
  X(Maximum, "maximum")                                                           \
  X(Minimum, "minimum")                                                           \
  X(Eq, "eq")                                                                     \
  X(Ne, "ne")                                                                     \
  X(Lt, "lt")                                                                     \
  X(Le, "le")                                                                     \
  X(Gt, "gt")                                                                     \
  X(Ge, "ge")                                                                     \
  X(ReluBackward, "reluBackward")           /* g · [x > 0] */                     \
  X(LeakyReluBackward, "leakyReluBackward") /* g · (x > 0 ? 1 : p0) */            \
  X(EluBackward, "eluBackward")             /* g · (x > 0 ? 1 : p0·e^x) */        \
  X(SigmoidBackward, "sigmoidBackward")     /* g · y(1 − y), y = σ(x) */          \
  X(TanhBackward, "tanhBackward")           /* g · (1 − y²), y = tanh x */        \
  X(SoftplusBackward, "softplusBackward")   /* g · σ(x) */

#define DESCENT_ENUM_ENTRY(name, js) name,
enum class UnaryOp : int { DESCENT_UNARY_OPS(DESCENT_ENUM_ENTRY) Count };
enum class BinaryOp : int { DESCENT_BINARY_OPS(DESCENT_ENUM_ENTRY) Count };
#undef DESCENT_ENUM_ENTRY

inline bool is_comparison(BinaryOp op) {
  return op == BinaryOp::Eq || op == BinaryOp::Ne || op == BinaryOp::Lt || op == BinaryOp::Le ||
         op == BinaryOp::Gt || op == BinaryOp::Ge;
}

}  // namespace descent::kernels
