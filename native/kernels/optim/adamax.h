// Adamax (Kingma & Ba 2015, section 7), as torch.optim.Adamax:
//   g ← sign·∇ + λθ;  m ← β1m + (1 − β1)g;  u ← max(β2u, |g| + ε);  θ ← θ − γ/bc1 · m/u
// with t = step + 1 written back and bc1 = 1 − β1ᵗ.
#pragma once

#include <cmath>

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_ADAMAX_HYPER(X) X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(maximize)
#define DESCENT_ADAMAX_STATES(X) X(expAvg) X(expInf)
#define DESCENT_ADAMAX_SCALARS(X) X(step)

namespace descent::kernels::optim::adamax {

DESCENT_OPTIM_LAYOUT(DESCENT_ADAMAX)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  T step, beta1, one_minus_beta1, beta2, eps;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  const double t = advance_step(s[scalars::step]);
  const double bc1 = 1 - std::pow(h[hyper::beta1], t);
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay]);
  c.step = cast<T>(h[hyper::lr] / bc1);
  c.beta1 = cast<T>(h[hyper::beta1]);
  c.one_minus_beta1 = cast<T>(1 - h[hyper::beta1]);
  c.beta2 = cast<T>(h[hyper::beta2]);
  c.eps = cast<T>(h[hyper::eps]);
  return c;
}

}  // namespace descent::kernels::optim::adamax

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
#include "optim/nan_max.h"

namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled>
DESCENT_ISA_FN void adamax_loop(const optim::adamax::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                                T* DESCENT_RESTRICT exp_inf) {
  const T step = c.step, b1 = c.beta1, omb1 = c.one_minus_beta1, b2 = c.beta2, eps = c.eps;
  const optim::GradientTerms<T> gt = c.grad;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    const T g = gradient_at<T, Coupled>(gt, grad[i], th);
    const T m = b1 * exp_avg[i] + omb1 * g;
    const T u = optim_max(b2 * exp_inf[i], std::fabs(g) + eps);
    exp_avg[i] = m;
    exp_inf[i] = u;
    param[i] = th - step * (m / u);
  }
}

template <class T>
DESCENT_ISA_FN void adamax_update(const optim::adamax::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                  T* const* state) {
  if (c.grad.coupled) {
    adamax_loop<T, true>(c, n, param, grad, state[0], state[1]);
  } else {
    adamax_loop<T, false>(c, n, param, grad, state[0], state[1]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
