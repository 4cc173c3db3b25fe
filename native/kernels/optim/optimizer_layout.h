// The fused optimizer updates: algorithm codes and, per algorithm, the names and order of the
// group scalars (hyper), the state buffers per tensor and the scalars per tensor. The addon
// exports these names and numbers to JavaScript (native.optimizerInfo), so this header is the
// single source of truth; kernels index the arrays with the enumerators generated here
// (for example hyper[optim::adam::hyper::beta1]). Names are the JavaScript ones.
#pragma once

namespace descent::kernels {

// X(Enum, "jsName", code, layout namespace)
#define DESCENT_OPTIMIZERS(X)                          \
  X(Sgd, "sgd", 1, sgd)                                \
  X(Adagrad, "adagrad", 2, adagrad)                    \
  X(RmsProp, "rmsprop", 3, rmsprop)                    \
  X(Adam, "adam", 4, adam)                             \
  X(Adamax, "adamax", 5, adamax)                       \
  X(NAdam, "nadam", 6, nadam)                          \
  X(RAdam, "radam", 7, radam)                          \
  X(Adadelta, "adadelta", 8, adadelta)                 \
  X(Rprop, "rprop", 9, rprop)                          \
  X(Asgd, "asgd", 10, asgd)                            \
  X(DeltaBarDelta, "deltaBarDelta", 11, delta_bar_delta)

enum class OptimizerAlgorithm : int {
#define DESCENT_OPTIM_ENUM(name, js, code, ns) name = code,
  DESCENT_OPTIMIZERS(DESCENT_OPTIM_ENUM)
#undef DESCENT_OPTIM_ENUM
};

// State buffers per tensor, at most.
inline constexpr int kMaxOptimizerStates = 3;

// Flags (nesterov, maximize, ...) are passed as 0 or 1 in the hyper array.

// SGD with momentum (Polyak 1964; Nesterov as in Sutskever et al. 2013). firstStep is 1 when
// the momentum buffer has no history yet (it is then set to the gradient).
#define DESCENT_SGD_HYPER(X) X(lr) X(momentum) X(dampening) X(weightDecay) X(nesterov) X(maximize)
#define DESCENT_SGD_STATES(X) X(momentumBuffer)
#define DESCENT_SGD_PER_TENSOR(X) X(firstStep)

// Adagrad (Duchi, Hazan & Singer 2011); clr = lr/(1 + (t − 1)·lrDecay).
#define DESCENT_ADAGRAD_HYPER(X) X(lr) X(weightDecay) X(eps) X(maximize)
#define DESCENT_ADAGRAD_STATES(X) X(sum)
#define DESCENT_ADAGRAD_PER_TENSOR(X) X(clr)

// RMSprop (Hinton, Lecture 6e; centered form of Graves 2013).
#define DESCENT_RMSPROP_HYPER(X) \
  X(lr) X(alpha) X(eps) X(weightDecay) X(momentum) X(centered) X(nesterov) X(epsInside) X(maximize)
#define DESCENT_RMSPROP_STATES(X) X(squareAvg) X(gradAvg) X(momentumBuffer)
#define DESCENT_RMSPROP_PER_TENSOR(X)

// Adam (Kingma & Ba 2015), AdamW (Loshchilov & Hutter 2019), AMSGrad (Reddi et al. 2018);
// bc1 = 1 − β1^t, bc2 = 1 − β2^t.
#define DESCENT_ADAM_HYPER(X) \
  X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(decoupled) X(amsgrad) X(epsInside) X(maximize)
#define DESCENT_ADAM_STATES(X) X(expAvg) X(expAvgSq) X(maxExpAvgSq)
#define DESCENT_ADAM_PER_TENSOR(X) X(bc1) X(bc2)

// Adamax (Kingma & Ba 2015, section 7).
#define DESCENT_ADAMAX_HYPER(X) X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(maximize)
#define DESCENT_ADAMAX_STATES(X) X(expAvg) X(expInf)
#define DESCENT_ADAMAX_PER_TENSOR(X) X(bc1)

// NAdam (Dozat 2016): c1 = lr·(1 − μ_t)/(1 − Π_t), c2 = lr·μ_{t+1}/(1 − Π_t·μ_{t+1}).
#define DESCENT_NADAM_HYPER(X) X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(decoupled) X(maximize)
#define DESCENT_NADAM_STATES(X) X(expAvg) X(expAvgSq)
#define DESCENT_NADAM_PER_TENSOR(X) X(c1) X(c2) X(bc2)

// RAdam (Liu et al. 2020); rect is the rectification r_t, or 0 while ρ_t <= 5.
#define DESCENT_RADAM_HYPER(X) X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(decoupled) X(maximize)
#define DESCENT_RADAM_STATES(X) X(expAvg) X(expAvgSq)
#define DESCENT_RADAM_PER_TENSOR(X) X(bc1) X(bc2) X(rect)

// Adadelta (Zeiler 2012).
#define DESCENT_ADADELTA_HYPER(X) X(lr) X(rho) X(eps) X(weightDecay) X(maximize)
#define DESCENT_ADADELTA_STATES(X) X(squareAvg) X(accDelta)
#define DESCENT_ADADELTA_PER_TENSOR(X)

// Rprop (Riedmiller & Braun 1993), PyTorch's variant without weight backtracking.
#define DESCENT_RPROP_HYPER(X) X(etaMinus) X(etaPlus) X(stepMin) X(stepMax) X(maximize)
#define DESCENT_RPROP_STATES(X) X(prev) X(stepSize)
#define DESCENT_RPROP_PER_TENSOR(X)

// Averaged SGD (Polyak & Juditsky 1992); eta and mu are the tensor's current values.
#define DESCENT_ASGD_HYPER(X) X(lambd) X(weightDecay) X(maximize)
#define DESCENT_ASGD_STATES(X) X(ax)
#define DESCENT_ASGD_PER_TENSOR(X) X(eta) X(mu)

// Delta-bar-delta (Jacobs 1988): per-weight rates, increased by kappa while the gradient keeps
// the sign of its running average deltaBar, scaled by (1 − phi) when it flips.
#define DESCENT_DELTA_BAR_DELTA_HYPER(X) X(kappa) X(phi) X(theta) X(maximize)
#define DESCENT_DELTA_BAR_DELTA_STATES(X) X(rates) X(deltaBar)
#define DESCENT_DELTA_BAR_DELTA_PER_TENSOR(X)

// optim::<algorithm>::{hyper, states, per_tensor}: one enumerator per name (its index),
// `count`, and `names` (null-terminated).
#define DESCENT_OPTIM_ENUMERATOR(name) name,
#define DESCENT_OPTIM_STRING(name) #name,
#define DESCENT_OPTIM_LIST(list_ns, LIST)                                    \
  namespace list_ns {                                                        \
  enum : int { LIST(DESCENT_OPTIM_ENUMERATOR) count };                       \
  inline constexpr const char* names[] = {LIST(DESCENT_OPTIM_STRING) nullptr}; \
  }
#define DESCENT_OPTIM_LAYOUT(ns, PREFIX)              \
  namespace ns {                                      \
  DESCENT_OPTIM_LIST(hyper, PREFIX##_HYPER)           \
  DESCENT_OPTIM_LIST(states, PREFIX##_STATES)         \
  DESCENT_OPTIM_LIST(per_tensor, PREFIX##_PER_TENSOR) \
  }

namespace optim {
DESCENT_OPTIM_LAYOUT(sgd, DESCENT_SGD)
DESCENT_OPTIM_LAYOUT(adagrad, DESCENT_ADAGRAD)
DESCENT_OPTIM_LAYOUT(rmsprop, DESCENT_RMSPROP)
DESCENT_OPTIM_LAYOUT(adam, DESCENT_ADAM)
DESCENT_OPTIM_LAYOUT(adamax, DESCENT_ADAMAX)
DESCENT_OPTIM_LAYOUT(nadam, DESCENT_NADAM)
DESCENT_OPTIM_LAYOUT(radam, DESCENT_RADAM)
DESCENT_OPTIM_LAYOUT(adadelta, DESCENT_ADADELTA)
DESCENT_OPTIM_LAYOUT(rprop, DESCENT_RPROP)
DESCENT_OPTIM_LAYOUT(asgd, DESCENT_ASGD)
DESCENT_OPTIM_LAYOUT(delta_bar_delta, DESCENT_DELTA_BAR_DELTA)
}  // namespace optim

#undef DESCENT_OPTIM_LAYOUT
#undef DESCENT_OPTIM_LIST
#undef DESCENT_OPTIM_STRING
#undef DESCENT_OPTIM_ENUMERATOR

// One algorithm's layout, for the binding and the exported table.
struct OptimizerLayout {
  OptimizerAlgorithm algorithm;
  const char* name;
  const char* const* hyper;
  int hyper_count;
  const char* const* states;
  int state_count;
  const char* const* per_tensor;
  int per_tensor_count;
};

inline constexpr OptimizerLayout kOptimizerLayouts[] = {
#define DESCENT_OPTIM_ROW(name, js, code, ns)                                                                  \
  {OptimizerAlgorithm::name, js,     optim::ns::hyper::names,      optim::ns::hyper::count,                   \
   optim::ns::states::names, optim::ns::states::count, optim::ns::per_tensor::names, optim::ns::per_tensor::count},
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

// Whether an update with these group scalars reads and writes state buffer `state` (the
// binding refuses a null buffer the kernel would touch). Options that leave a buffer out:
// SGD without momentum, RMSprop uncentered (gradAvg) or without momentum, Adam without amsgrad.
inline bool optimizer_state_used(int code, const double* hyper, int state) {
  switch (static_cast<OptimizerAlgorithm>(code)) {
    case OptimizerAlgorithm::Sgd: return hyper[optim::sgd::hyper::momentum] != 0;
    case OptimizerAlgorithm::RmsProp:
      if (state == optim::rmsprop::states::gradAvg) return hyper[optim::rmsprop::hyper::centered] != 0;
      if (state == optim::rmsprop::states::momentumBuffer) return hyper[optim::rmsprop::hyper::momentum] > 0;
      return true;
    case OptimizerAlgorithm::Adam:
      return state != optim::adam::states::maxExpAvgSq || hyper[optim::adam::hyper::amsgrad] != 0;
    default: return true;
  }
}

}  // namespace descent::kernels
