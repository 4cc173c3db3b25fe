// JavaScript names of the operation codes, for error messages.
#pragma once

#include "elementwise/elementwise_ops.h"
#include "reduce/reduce_ops.h"

namespace descent::addon {

inline const char* unary_name(kernels::UnaryOp op) {
  switch (op) {
#define DESCENT_NAME_CASE(name, js) \
  case kernels::UnaryOp::name: return js;
    DESCENT_UNARY_OPS(DESCENT_NAME_CASE)
#undef DESCENT_NAME_CASE
    default: return "unknown";
  }
}

inline const char* binary_name(kernels::BinaryOp op) {
  switch (op) {
#define DESCENT_NAME_CASE(name, js) \
  case kernels::BinaryOp::name: return js;
    DESCENT_BINARY_OPS(DESCENT_NAME_CASE)
#undef DESCENT_NAME_CASE
    default: return "unknown";
  }
}

inline const char* reduce_name(kernels::ReduceOp op) {
  switch (op) {
#define DESCENT_NAME_CASE(name, js) \
  case kernels::ReduceOp::name: return js;
    DESCENT_REDUCE_OPS(DESCENT_NAME_CASE)
#undef DESCENT_NAME_CASE
    default: return "unknown";
  }
}

}  // namespace descent::addon
