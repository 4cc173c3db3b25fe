// RMSprop (Hinton, Lecture 6e; the centered form of Graves 2013), as torch.optim.RMSprop:
//   g ← sign·∇ + λθ;  v ← αv + (1 − α)g²;  centered: a ← αa + (1 − α)g, ṽ = v − a²;
//   denom = √(ṽ + ε_in) + ε_out (ε in one of the two places: epsInside picks the textbook's);
//   with momentum b ← μb + g/denom, θ ← θ − γ·(nesterov ? μb + g/denom : b), else θ ← θ − γg/denom
#pragma once

#include <cmath>

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_RMSPROP_HYPER(X) \
  X(lr) X(alpha) X(eps) X(weightDecay) X(momentum) X(centered) X(nesterov) X(epsInside) X(maximize)
#define DESCENT_RMSPROP_STATES(X) X(squareAvg) X(gradAvg) X(momentumBuffer)
#define DESCENT_RMSPROP_SCALARS(X) X(step)

namespace descent::kernels::optim::rmsprop {

DESCENT_OPTIM_LAYOUT(DESCENT_RMSPROP)

// gradAvg only when centered, the momentum buffer only with momentum.
inline bool state_used(const double* h, int state) {
  if (state == states::gradAvg) return h[hyper::centered] != 0;
  if (state == states::momentumBuffer) return h[hyper::momentum] > 0;
  return true;
}

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  T lr, alpha, one_minus_alpha, eps_inner, eps_outer, momentum;
  bool centered, use_momentum, nesterov;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  advance_step(s[scalars::step]);
  Coefficients<T> c;
  const bool inside = flag(h[hyper::epsInside]);
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay]);
  c.lr = cast<T>(h[hyper::lr]);
  c.alpha = cast<T>(h[hyper::alpha]);
  c.one_minus_alpha = cast<T>(1 - h[hyper::alpha]);
  c.eps_inner = inside ? cast<T>(h[hyper::eps]) : T(0);
  c.eps_outer = inside ? T(0) : cast<T>(h[hyper::eps]);
  c.momentum = cast<T>(h[hyper::momentum]);
  c.centered = flag(h[hyper::centered]);
  c.use_momentum = h[hyper::momentum] > 0;
  c.nesterov = flag(h[hyper::nesterov]);
  return c;
}

}  // namespace descent::kernels::optim::rmsprop

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled, bool Centered, bool Momentum, bool Nesterov>
DESCENT_ISA_FN void rmsprop_loop(const optim::rmsprop::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                 const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT square_avg,
                                 T* DESCENT_RESTRICT grad_avg, T* DESCENT_RESTRICT buf) {
  const T lr = c.lr, alpha = c.alpha, oma = c.one_minus_alpha, eps_in = c.eps_inner, eps_out = c.eps_outer;
  const optim::GradientTerms<T> gt = c.grad;
  const T mu = c.momentum;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    const T g = gradient_at<T, Coupled>(gt, grad[i], th);
    const T v = alpha * square_avg[i] + oma * g * g;
    square_avg[i] = v;
    T var = v;
    if (Centered) {
      const T a = alpha * grad_avg[i] + oma * g;
      grad_avg[i] = a;
      var = v - a * a;
    }
    const T q = g / (std::sqrt(var + eps_in) + eps_out);
    if (Momentum) {
      const T b = mu * buf[i] + q;
      buf[i] = b;
      param[i] = th - lr * (Nesterov ? mu * b + q : b);
    } else {
      param[i] = th - lr * q;
    }
  }
}

template <class T, bool Coupled, bool Centered>
DESCENT_ISA_FN void rmsprop_momentum(const optim::rmsprop::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                     T* const* state) {
  if (!c.use_momentum) {
    rmsprop_loop<T, Coupled, Centered, false, false>(c, n, param, grad, state[0], state[1], state[2]);
  } else if (c.nesterov) {
    rmsprop_loop<T, Coupled, Centered, true, true>(c, n, param, grad, state[0], state[1], state[2]);
  } else {
    rmsprop_loop<T, Coupled, Centered, true, false>(c, n, param, grad, state[0], state[1], state[2]);
  }
}

template <class T>
DESCENT_ISA_FN void rmsprop_update(const optim::rmsprop::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                   T* const* state) {
  if (c.grad.coupled) {
    c.centered ? rmsprop_momentum<T, true, true>(c, n, param, grad, state)
               : rmsprop_momentum<T, true, false>(c, n, param, grad, state);
  } else {
    c.centered ? rmsprop_momentum<T, false, true>(c, n, param, grad, state)
               : rmsprop_momentum<T, false, false>(c, n, param, grad, state);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
