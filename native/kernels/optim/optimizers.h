// The fused optimizers, one line each: X(Enum, "jsName", code, namespace). Each algorithm's
// layout, coefficients and element loop live in optim/<namespace>.h; from this list come the
// algorithm codes, the layout table the addon exports (optimizerInfo), the kernel struct
// (optimizer_kernels.h), its registration per instruction set (optimizer_registration.h) and
// the driver's dispatch (optimizer_step.cpp). Adding an algorithm: its header, its #include
// and its line here.
#pragma once

#include "optim/adadelta.h"
#include "optim/adagrad.h"
#include "optim/adam.h"
#include "optim/adamax.h"
#include "optim/asgd.h"
#include "optim/delta_bar_delta.h"
#include "optim/nadam.h"
#include "optim/optimizer_layout.h"
#include "optim/radam.h"
#include "optim/rmsprop.h"
#include "optim/rprop.h"
#include "optim/sgd.h"

#define DESCENT_OPTIMIZERS(X)                  \
  X(Sgd, "sgd", 1, sgd)                        \
  X(Adagrad, "adagrad", 2, adagrad)            \
  X(RmsProp, "rmsprop", 3, rmsprop)            \
  X(Adam, "adam", 4, adam)                     \
  X(Adamax, "adamax", 5, adamax)               \
  X(NAdam, "nadam", 6, nadam)                  \
  X(RAdam, "radam", 7, radam)                  \
  X(Adadelta, "adadelta", 8, adadelta)         \
  X(Rprop, "rprop", 9, rprop)                  \
  X(Asgd, "asgd", 10, asgd)                    \
  X(DeltaBarDelta, "deltaBarDelta", 11, delta_bar_delta)

namespace descent::kernels {

enum class OptimizerAlgorithm : int {
#define DESCENT_OPTIM_ENUM(name, js, code, ns) name = code,
  DESCENT_OPTIMIZERS(DESCENT_OPTIM_ENUM)
#undef DESCENT_OPTIM_ENUM
};

// One algorithm's layout, for the binding and the exported table.
struct OptimizerLayout {
  OptimizerAlgorithm algorithm;
  const char* name;
  const char* const* hyper;
  int hyper_count;
  const char* const* states;
  int state_count;
  const char* const* scalars;
  int scalar_count;
  // Whether an update with these group scalars reads and writes state buffer `state` (the
  // binding refuses a null buffer the kernel would touch).
  bool (*state_used)(const double* hyper, int state);
};

inline constexpr OptimizerLayout kOptimizerLayouts[] = {
#define DESCENT_OPTIM_ROW(name, js, code, ns)                                                  \
  {OptimizerAlgorithm::name,   js,                       optim::ns::hyper::names,              \
   optim::ns::hyper::count,    optim::ns::states::names, optim::ns::states::count,             \
   optim::ns::scalars::names,  optim::ns::scalars::count, &optim::ns::state_used},
    DESCENT_OPTIMIZERS(DESCENT_OPTIM_ROW)
#undef DESCENT_OPTIM_ROW
};

// The layout of an algorithm code, or null for an unknown code.
inline const OptimizerLayout* optimizer_layout(int code) {
  for (const OptimizerLayout& l : kOptimizerLayouts) {
    if (static_cast<int>(l.algorithm) == code) return &l;
  }
  return nullptr;
}

// Whether algorithm `code` with these group scalars uses state buffer `state` (false for an
// unknown code). Options that leave a buffer out: SGD without momentum, RMSprop uncentered
// (gradAvg) or without momentum, Adam without amsgrad.
inline bool optimizer_state_used(int code, const double* hyper, int state) {
  const OptimizerLayout* l = optimizer_layout(code);
  return l != nullptr && l->state_used(hyper, state);
}

}  // namespace descent::kernels
