// Rprop (Riedmiller & Braun 1993), PyTorch's variant without weight backtracking:
//   g = sign·∇;  s = g·prev;  step ← clamp(step·(s > 0 ? η+ : s < 0 ? η− : 1), stepMin, stepMax);
//   g ← 0 where s < 0;  θ ← θ − sign(g)·step;  prev ← g
// As torch.sign, sign(NaN) = 0, so a NaN product leaves the step size and the parameter
// unchanged; a NaN step size stays NaN.
#pragma once

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_RPROP_HYPER(X) X(etaMinus) X(etaPlus) X(stepMin) X(stepMax) X(maximize)
#define DESCENT_RPROP_STATES(X) X(prev) X(stepSize)
#define DESCENT_RPROP_SCALARS(X) X(step)

namespace descent::kernels::optim::rprop {

DESCENT_OPTIM_LAYOUT(DESCENT_RPROP)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;  // the sign only: Rprop has no weight decay
  T eta_minus, eta_plus, step_min, step_max;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  advance_step(s[scalars::step]);
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], 0);
  c.eta_minus = cast<T>(h[hyper::etaMinus]);
  c.eta_plus = cast<T>(h[hyper::etaPlus]);
  c.step_min = cast<T>(h[hyper::stepMin]);
  c.step_max = cast<T>(h[hyper::stepMax]);
  return c;
}

}  // namespace descent::kernels::optim::rprop

#if defined(DESCENT_ISA)
namespace descent::kernels::DESCENT_ISA {

template <class T>
DESCENT_ISA_FN void rprop_update(const optim::rprop::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                 T* const* state) {
  T* DESCENT_RESTRICT th_out = param;
  const T* DESCENT_RESTRICT gr = grad;
  T* DESCENT_RESTRICT prev = state[0];
  T* DESCENT_RESTRICT step_size = state[1];
  const T eta_minus = c.eta_minus, eta_plus = c.eta_plus, lo = c.step_min, hi = c.step_max, sign = c.grad.sign;
  // Every select picks a constant or a value already computed, with one compare each (nested
  // selects on compares keep GCC from vectorizing under -ftrapping-math); multiplying by the
  // factor 1 that the other condition leaves is exact, so this is step·factor bit for bit.
  for (index_t i = 0; i < n; ++i) {
    T g = sign * gr[i];
    const T s = g * prev[i];
    const T grow = s > 0 ? eta_plus : T(1);
    const T shrink = s < 0 ? eta_minus : T(1);
    T st = step_size[i] * grow * shrink;
    st = st < lo ? lo : st;
    st = st > hi ? hi : st;
    g = s < 0 ? T(0) : g;
    const T sg = (g > 0 ? T(1) : T(0)) - (g < 0 ? T(1) : T(0));
    step_size[i] = st;
    prev[i] = g;
    th_out[i] = th_out[i] - sg * st;
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
