// Adagrad (Duchi, Hazan & Singer 2011), as torch.optim.Adagrad:
//   g ← sign·∇ + λθ;  sum ← sum + g²;  θ ← θ − clr·g/(√sum + ε),  clr = γ/(1 + (t − 1)·η)
// with t = step + 1 written back.
#pragma once

#include <cmath>

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_ADAGRAD_HYPER(X) X(lr) X(lrDecay) X(weightDecay) X(eps) X(maximize)
#define DESCENT_ADAGRAD_STATES(X) X(sum)
#define DESCENT_ADAGRAD_SCALARS(X) X(step)

namespace descent::kernels::optim::adagrad {

DESCENT_OPTIM_LAYOUT(DESCENT_ADAGRAD)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  T clr, eps;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  const double t = advance_step(s[scalars::step]);
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay]);
  c.clr = cast<T>(h[hyper::lr] / (1 + (t - 1) * h[hyper::lrDecay]));
  c.eps = cast<T>(h[hyper::eps]);
  return c;
}

}  // namespace descent::kernels::optim::adagrad

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled>
DESCENT_ISA_FN void adagrad_loop(const optim::adagrad::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                 const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT sum) {
  const optim::GradientTerms<T> gt = c.grad;
  const T clr = c.clr, eps = c.eps;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    const T g = gradient_at<T, Coupled>(gt, grad[i], th);
    const T s = sum[i] + g * g;
    sum[i] = s;
    param[i] = th - clr * (g / (std::sqrt(s) + eps));
  }
}

template <class T>
DESCENT_ISA_FN void adagrad_update(const optim::adagrad::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                   T* const* state) {
  if (c.grad.coupled) {
    adagrad_loop<T, true>(c, n, param, grad, state[0]);
  } else {
    adagrad_loop<T, false>(c, n, param, grad, state[0]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
