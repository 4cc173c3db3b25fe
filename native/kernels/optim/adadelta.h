// Adadelta (Zeiler 2012), as torch.optim.Adadelta:
//   g ← sign·∇ + λθ;  v ← ρv + (1 − ρ)g²;  Δ = √(u + ε)/√(v + ε)·g;  u ← ρu + (1 − ρ)Δ²;  θ ← θ − γΔ
#pragma once

#include <cmath>

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_ADADELTA_HYPER(X) X(lr) X(rho) X(eps) X(weightDecay) X(maximize)
#define DESCENT_ADADELTA_STATES(X) X(squareAvg) X(accDelta)
#define DESCENT_ADADELTA_SCALARS(X) X(step)

namespace descent::kernels::optim::adadelta {

DESCENT_OPTIM_LAYOUT(DESCENT_ADADELTA)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  T lr, rho, one_minus_rho, eps;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  advance_step(s[scalars::step]);
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay]);
  c.lr = cast<T>(h[hyper::lr]);
  c.rho = cast<T>(h[hyper::rho]);
  c.one_minus_rho = cast<T>(1 - h[hyper::rho]);
  c.eps = cast<T>(h[hyper::eps]);
  return c;
}

}  // namespace descent::kernels::optim::adadelta

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled>
DESCENT_ISA_FN void adadelta_loop(const optim::adadelta::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                  const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT square_avg,
                                  T* DESCENT_RESTRICT acc_delta) {
  const optim::GradientTerms<T> gt = c.grad;
  const T lr = c.lr, rho = c.rho, omr = c.one_minus_rho, eps = c.eps;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    const T g = gradient_at<T, Coupled>(gt, grad[i], th);
    const T v = rho * square_avg[i] + omr * g * g;
    const T u = acc_delta[i];
    const T delta = std::sqrt(u + eps) / std::sqrt(v + eps) * g;
    square_avg[i] = v;
    acc_delta[i] = rho * u + omr * delta * delta;
    param[i] = th - lr * delta;
  }
}

template <class T>
DESCENT_ISA_FN void adadelta_update(const optim::adadelta::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                    T* const* state) {
  if (c.grad.coupled) {
    adadelta_loop<T, true>(c, n, param, grad, state[0], state[1]);
  } else {
    adadelta_loop<T, false>(c, n, param, grad, state[0], state[1]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
