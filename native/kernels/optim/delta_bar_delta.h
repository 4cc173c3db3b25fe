// Delta-bar-delta (Jacobs 1988): per-weight rates, increased by κ while the gradient keeps the
// sign of its running average δ̄, scaled by (1 − φ) when it flips:
//   g = sign·∇;  s = δ̄·g;  ε ← s > 0 ? ε + κ : s < 0 ? (1 − φ)ε : ε;  θ ← θ − ε·g;  δ̄ ← (1 − ϑ)g + ϑδ̄
#pragma once

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_DELTA_BAR_DELTA_HYPER(X) X(kappa) X(phi) X(theta) X(maximize)
#define DESCENT_DELTA_BAR_DELTA_STATES(X) X(rates) X(deltaBar)
#define DESCENT_DELTA_BAR_DELTA_SCALARS(X) X(step)

namespace descent::kernels::optim::delta_bar_delta {

DESCENT_OPTIM_LAYOUT(DESCENT_DELTA_BAR_DELTA)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;  // the sign only: no weight decay
  T kappa, one_minus_phi, theta, one_minus_theta;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  advance_step(s[scalars::step]);
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], 0);
  c.kappa = cast<T>(h[hyper::kappa]);
  c.one_minus_phi = cast<T>(1 - h[hyper::phi]);
  c.theta = cast<T>(h[hyper::theta]);
  c.one_minus_theta = cast<T>(1 - h[hyper::theta]);
  return c;
}

}  // namespace descent::kernels::optim::delta_bar_delta

#if defined(DESCENT_ISA)
namespace descent::kernels::DESCENT_ISA {

template <class T>
DESCENT_ISA_FN void delta_bar_delta_update(const optim::delta_bar_delta::Coefficients<T>& c, index_t n, T* param,
                                           const T* grad, T* const* state) {
  T* DESCENT_RESTRICT th_out = param;
  const T* DESCENT_RESTRICT gr = grad;
  T* DESCENT_RESTRICT rates = state[0];
  T* DESCENT_RESTRICT delta_bar = state[1];
  const T kappa = c.kappa, omphi = c.one_minus_phi, theta = c.theta, omtheta = c.one_minus_theta;
  const T sign = c.grad.sign;
  for (index_t i = 0; i < n; ++i) {
    const T g = sign * gr[i];
    const T d = delta_bar[i];
    const T s = d * g;
    const T e = rates[i];
    // (ε + κ·[s > 0])·((1 − φ) if s < 0 else 1), written as selects of constants so the loop
    // vectorizes (as in Rprop); adding 0 and multiplying by 1 are exact.
    const T add = s > 0 ? kappa : T(0);
    const T scale = s < 0 ? omphi : T(1);
    const T rate = (e + add) * scale;
    rates[i] = rate;
    delta_bar[i] = omtheta * g + theta * d;
    th_out[i] = th_out[i] - rate * g;
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
