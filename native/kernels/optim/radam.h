// RAdam (Liu et al. 2020: Adam with a rectified adaptive learning rate), as torch.optim.RAdam.
// With ρ∞ = 2/(1 − β2) − 1 and ρ_t = ρ∞ − 2tβ2ᵗ/bc2: when ρ_t > 5,
//   θ ← θ − γ·r_t·√bc2/bc1 · m/(√v + ε),  r_t = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t));
// otherwise the unrectified momentum step θ ← θ − γ/bc1 · m. g, m and v as Adam (decoupled
// decay as AdamW); t = step + 1 written back, bc1 = 1 − β1ᵗ, bc2 = 1 − β2ᵗ.
#pragma once

#include <cmath>

#include "common/isa.h"
#include "optim/adam.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_RADAM_HYPER(X) X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(decoupled) X(maximize)
#define DESCENT_RADAM_STATES(X) X(expAvg) X(expAvgSq)
#define DESCENT_RADAM_SCALARS(X) X(step)

namespace descent::kernels::optim::radam {

DESCENT_OPTIM_LAYOUT(DESCENT_RADAM)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  adam::Moments<T> moments;
  T step, eps;
  bool rectified;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  const double t = advance_step(s[scalars::step]);
  const double lr = h[hyper::lr], b1 = h[hyper::beta1], b2 = h[hyper::beta2];
  const double bc1 = 1 - std::pow(b1, t), bc2 = 1 - std::pow(b2, t);
  const double rho_inf = 2 / (1 - b2) - 1;
  const double rho = rho_inf - (2 * t * std::pow(b2, t)) / bc2;
  const double rect =
      rho > 5 ? std::sqrt(((rho - 4) * (rho - 2) * rho_inf) / ((rho_inf - 4) * (rho_inf - 2) * rho)) : 0;
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay], lr, flag(h[hyper::decoupled]));
  c.moments = adam::moments<T>(b1, b2);
  c.rectified = rect > 0;
  c.step = cast<T>(c.rectified ? lr * rect * std::sqrt(bc2) / bc1 : lr / bc1);
  c.eps = cast<T>(h[hyper::eps]);
  return c;
}

}  // namespace descent::kernels::optim::radam

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled, bool Rectified>
DESCENT_ISA_FN void radam_loop(const optim::radam::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                               const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                               T* DESCENT_RESTRICT exp_avg_sq) {
  const optim::adam::Moments<T> k = c.moments;
  const optim::GradientTerms<T> gt = c.grad;
  const T step = c.step, eps = c.eps;
  for (index_t i = 0; i < n; ++i) {
    const T g = gradient_at<T, Coupled>(gt, grad[i], param[i]);
    T th = param[i] * gt.decay;
    update_moments(k, g, exp_avg[i], exp_avg_sq[i]);
    const T m = exp_avg[i], v = exp_avg_sq[i];
    param[i] = Rectified ? th - step * (m / (std::sqrt(v) + eps)) : th - step * m;
  }
}

template <class T>
DESCENT_ISA_FN void radam_update(const optim::radam::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                 T* const* state) {
  if (c.grad.coupled) {
    c.rectified ? radam_loop<T, true, true>(c, n, param, grad, state[0], state[1])
                : radam_loop<T, true, false>(c, n, param, grad, state[0], state[1]);
  } else {
    c.rectified ? radam_loop<T, false, true>(c, n, param, grad, state[0], state[1])
                : radam_loop<T, false, false>(c, n, param, grad, state[0], state[1]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
