// Operation codes of the reduction kernels (exported to JavaScript like the element-wise ones).
#pragma once

#include <cstdint>

namespace descent::kernels {

#define DESCENT_REDUCE_OPS(X)                                      \
  X(Sum, "sum")                                                    \
  X(Mean, "mean")                                                  \
  X(Max, "max")                                                    \
  X(Min, "min")                                                    \
  X(Argmax, "argmax")  /* first index of the maximum (or first NaN) */ \
  X(Argmin, "argmin")                                              \
  X(Var, "var")        /* Σ(x − mean)² / (n − correction) */       \
  X(SumSquaredDeviation, "sumSquaredDeviation") /* Σ(x − c)², c given */

#define DESCENT_ENUM_ENTRY(name, js) name,
enum class ReduceOp : int { DESCENT_REDUCE_OPS(DESCENT_ENUM_ENTRY) Count };
#undef DESCENT_ENUM_ENTRY

// The result of reducing one contiguous run: a value (sums in double) and, for arg-reductions,
// the index inside the run.
struct ReduceResult {
  double value;
  std::int64_t index;
};

}  // namespace descent::kernels
