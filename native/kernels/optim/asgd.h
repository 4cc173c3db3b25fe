// Averaged SGD (Polyak & Juditsky 1992; Bottou 2012), as torch.optim.ASGD:
//   g ← sign·∇ + λ_w·θ;  θ ← θ(1 − λη) − ηg;  ax ← μ = 1 ? θ : ax + (θ − ax)·μ
// with the tensor's current η and μ; then t = step + 1, η ← γ/(1 + λγt)^α and
// μ ← 1/max(1, t − t0) are written back. A fresh state (step 0) has η = γ and μ = 1, whatever
// eta and mu hold.
#pragma once

#include <algorithm>
#include <cmath>

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_ASGD_HYPER(X) X(lr) X(lambd) X(alpha) X(t0) X(weightDecay) X(maximize)
#define DESCENT_ASGD_STATES(X) X(ax)
#define DESCENT_ASGD_SCALARS(X) X(step) X(eta) X(mu)

namespace descent::kernels::optim::asgd {

DESCENT_OPTIM_LAYOUT(DESCENT_ASGD)

inline bool state_used(const double*, int) { return true; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  T eta, decay, mu;
  bool mu_is_one;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  const double lr = h[hyper::lr], lambd = h[hyper::lambd];
  const bool fresh = s[scalars::step] == 0;
  const double eta = fresh ? lr : s[scalars::eta], mu = fresh ? 1 : s[scalars::mu];
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay]);
  c.eta = cast<T>(eta);
  c.decay = cast<T>(1 - lambd * eta);
  c.mu = cast<T>(mu);
  c.mu_is_one = mu == 1;
  const double t = advance_step(s[scalars::step]);
  s[scalars::eta] = lr / std::pow(1 + lambd * lr * t, h[hyper::alpha]);
  s[scalars::mu] = 1 / std::max(1.0, t - h[hyper::t0]);
  return c;
}

}  // namespace descent::kernels::optim::asgd

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled, bool MuIsOne>
DESCENT_ISA_FN void asgd_loop(const optim::asgd::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                              const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT ax) {
  const optim::GradientTerms<T> gt = c.grad;
  const T eta = c.eta, decay = c.decay, mu = c.mu;
  for (index_t i = 0; i < n; ++i) {
    T th = param[i];
    const T g = gradient_at<T, Coupled>(gt, grad[i], th);
    th = th * decay;
    th = th - eta * g;
    param[i] = th;
    ax[i] = MuIsOne ? th : ax[i] + (th - ax[i]) * mu;
  }
}

template <class T>
DESCENT_ISA_FN void asgd_update(const optim::asgd::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                T* const* state) {
  if (c.grad.coupled) {
    c.mu_is_one ? asgd_loop<T, true, true>(c, n, param, grad, state[0])
                : asgd_loop<T, true, false>(c, n, param, grad, state[0]);
  } else {
    c.mu_is_one ? asgd_loop<T, false, true>(c, n, param, grad, state[0])
                : asgd_loop<T, false, false>(c, n, param, grad, state[0]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
