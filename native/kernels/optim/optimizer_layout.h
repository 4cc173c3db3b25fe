// The layout of a fused optimizer's arrays, declared by each algorithm's header
// (optim/<algorithm>.h) as three name lists: its group scalars (hyper), its state buffers per
// tensor (states) and its scalar state per tensor (scalars, which the kernel reads and advances
// in place). DESCENT_OPTIM_LAYOUT(PREFIX) turns PREFIX_HYPER, PREFIX_STATES and PREFIX_SCALARS
// into the namespaces hyper, states and scalars, each with one enumerator per name (its index),
// `count` and `names` (null-terminated), inside the algorithm's namespace. The names are the
// JavaScript ones; the addon exports them as optimizerInfo. Flags (nesterov, maximize, ...)
// are passed as 0 or 1 in the hyper array.
#pragma once

namespace descent::kernels {

// State buffers per tensor, at most.
inline constexpr int kMaxOptimizerStates = 3;

}  // namespace descent::kernels

#define DESCENT_OPTIM_ENUMERATOR(name) name,
#define DESCENT_OPTIM_STRING(name) #name,
#define DESCENT_OPTIM_LIST(list_ns, LIST)                                      \
  namespace list_ns {                                                          \
  enum : int { LIST(DESCENT_OPTIM_ENUMERATOR) count };                         \
  inline constexpr const char* names[] = {LIST(DESCENT_OPTIM_STRING) nullptr}; \
  }
#define DESCENT_OPTIM_LAYOUT(PREFIX)         \
  DESCENT_OPTIM_LIST(hyper, PREFIX##_HYPER)   \
  DESCENT_OPTIM_LIST(states, PREFIX##_STATES) \
  DESCENT_OPTIM_LIST(scalars, PREFIX##_SCALARS)
