// NAdam (Dozat 2016: Adam with Nesterov momentum), as torch.optim.NAdam, with the momentum
// schedule μ_t = β1(1 − ½·0.96^(tψ)):
//   g ← sign·∇ + λθ (or θ ← θ(1 − γλ) when decoupled);  m, v as Adam;  Π_t = Π_{t−1}·μ_t;
//   θ ← θ − c1·g/d − c2·m/d,  d = √(v/bc2) + ε,
//   c1 = γ(1 − μ_t)/(1 − Π_t),  c2 = γμ_{t+1}/(1 − Π_t·μ_{t+1}),  bc2 = 1 − β2ᵗ
// with t = step + 1 and muProduct = Π_t written back (Π_0 = 1: a fresh state may hold 0).
#pragma once

#include <cmath>

#include "common/isa.h"
#include "optim/adam.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_NADAM_HYPER(X) \
  X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(momentumDecay) X(decoupled) X(maximize)
#define DESCENT_NADAM_STATES(X) X(expAvg) X(expAvgSq)
#define DESCENT_NADAM_SCALARS(X) X(step) X(muProduct)

namespace descent::kernels::optim::nadam {

DESCENT_OPTIM_LAYOUT(DESCENT_NADAM)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  adam::Moments<T> moments;
  T c1, c2, inv_bc2, eps;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  const double previous = s[scalars::step] == 0 ? 1 : s[scalars::muProduct];
  const double t = advance_step(s[scalars::step]);
  const double lr = h[hyper::lr], b1 = h[hyper::beta1], b2 = h[hyper::beta2], psi = h[hyper::momentumDecay];
  const double mu = b1 * (1 - 0.5 * std::pow(0.96, t * psi));
  const double mu_next = b1 * (1 - 0.5 * std::pow(0.96, (t + 1) * psi));
  const double product = previous * mu;
  s[scalars::muProduct] = product;
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay], lr, flag(h[hyper::decoupled]));
  c.moments = adam::moments<T>(b1, b2);
  c.c1 = cast<T>((lr * (1 - mu)) / (1 - product));
  c.c2 = cast<T>((lr * mu_next) / (1 - product * mu_next));
  c.inv_bc2 = cast<T>(1 / (1 - std::pow(b2, t)));
  c.eps = cast<T>(h[hyper::eps]);
  return c;
}

}  // namespace descent::kernels::optim::nadam

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled>
DESCENT_ISA_FN void nadam_loop(const optim::nadam::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                               const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                               T* DESCENT_RESTRICT exp_avg_sq) {
  const optim::adam::Moments<T> k = c.moments;
  const T c1 = c.c1, c2 = c.c2, inv_bc2 = c.inv_bc2, eps = c.eps;
  const optim::GradientTerms<T> gt = c.grad;
  for (index_t i = 0; i < n; ++i) {
    const T g = gradient_at<T, Coupled>(gt, grad[i], param[i]);
    T th = param[i] * gt.decay;
    update_moments(k, g, exp_avg[i], exp_avg_sq[i]);
    const T m = exp_avg[i], v = exp_avg_sq[i];
    const T denom = std::sqrt(v * inv_bc2) + eps;
    th = th - c1 * (g / denom);
    param[i] = th - c2 * (m / denom);
  }
}

template <class T>
DESCENT_ISA_FN void nadam_update(const optim::nadam::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                 T* const* state) {
  if (c.grad.coupled) {
    nadam_loop<T, true>(c, n, param, grad, state[0], state[1]);
  } else {
    nadam_loop<T, false>(c, n, param, grad, state[0], state[1]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
