// Adam (Kingma & Ba 2015), AdamW (Loshchilov & Hutter 2019) and AMSGrad (Reddi et al. 2018),
// as torch.optim.Adam / AdamW:
//   g ← sign·∇ + λθ (or θ ← θ(1 − γλ) when decoupled);  m ← β1m + (1 − β1)g;  v ← β2v + (1 − β2)g²;
//   w = amsgrad ? (vmax ← max(vmax, v)) : v;  θ ← θ − γ/bc1 · m/denom,
//   denom = √w/√bc2 + ε (PyTorch) or √(w/bc2 + ε) (epsInside, the textbook's),
// with t = step + 1 written back, bc1 = 1 − β1ᵗ and bc2 = 1 − β2ᵗ. NAdam and RAdam reuse the
// moment update (Moments, update_moments).
#pragma once

#include <cmath>

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_ADAM_HYPER(X) \
  X(lr) X(beta1) X(beta2) X(eps) X(weightDecay) X(decoupled) X(amsgrad) X(epsInside) X(maximize)
#define DESCENT_ADAM_STATES(X) X(expAvg) X(expAvgSq) X(maxExpAvgSq)
#define DESCENT_ADAM_SCALARS(X) X(step)

namespace descent::kernels::optim::adam {

DESCENT_OPTIM_LAYOUT(DESCENT_ADAM)

// maxExpAvgSq only with amsgrad.
inline bool state_used(const double* h, int state) { return state != states::maxExpAvgSq || h[hyper::amsgrad] != 0; }

// The decay rates of the two moment estimates.
template <class T> struct Moments {
  T beta1, one_minus_beta1, beta2, one_minus_beta2;
};

template <class T> Moments<T> moments(double beta1, double beta2) {
  return {cast<T>(beta1), cast<T>(1 - beta1), cast<T>(beta2), cast<T>(1 - beta2)};
}

// θ ← θ − step·m/denom, denom = √(w·inner_scale + eps_inner)·outer_scale + eps_outer: eps is
// in one of the two places, 0 in the other.
template <class T> struct Coefficients {
  GradientTerms<T> grad;
  Moments<T> moments;
  T step, inner_scale, eps_inner, outer_scale, eps_outer;
  bool amsgrad;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  const double t = advance_step(s[scalars::step]);
  const double lr = h[hyper::lr], b1 = h[hyper::beta1], b2 = h[hyper::beta2];
  const double bc1 = 1 - std::pow(b1, t), bc2 = 1 - std::pow(b2, t);
  const bool inside = flag(h[hyper::epsInside]);
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay], lr, flag(h[hyper::decoupled]));
  c.moments = moments<T>(b1, b2);
  c.step = cast<T>(lr / bc1);
  c.inner_scale = inside ? cast<T>(1 / bc2) : T(1);
  c.eps_inner = inside ? cast<T>(h[hyper::eps]) : T(0);
  c.outer_scale = inside ? T(1) : cast<T>(1 / std::sqrt(bc2));
  c.eps_outer = inside ? T(0) : cast<T>(h[hyper::eps]);
  c.amsgrad = flag(h[hyper::amsgrad]);
  return c;
}

}  // namespace descent::kernels::optim::adam

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
#include "optim/nan_max.h"

namespace descent::kernels::DESCENT_ISA {

// m ← β1m + (1 − β1)g; v ← β2v + (1 − β2)g², in place.
template <class T>
DESCENT_ISA_FN DESCENT_ALWAYS_INLINE void update_moments(const optim::adam::Moments<T>& k, T g, T& m, T& v) {
  m = k.beta1 * m + k.one_minus_beta1 * g;
  v = k.beta2 * v + k.one_minus_beta2 * g * g;
}

template <class T, bool Coupled, bool Amsgrad>
DESCENT_ISA_FN void adam_loop(const optim::adam::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                              const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                              T* DESCENT_RESTRICT exp_avg_sq, T* DESCENT_RESTRICT max_exp_avg_sq) {
  const optim::adam::Moments<T> k = c.moments;
  const optim::GradientTerms<T> gt = c.grad;
  const T step = c.step;
  const T inner = c.inner_scale, eps_in = c.eps_inner, outer = c.outer_scale, eps_out = c.eps_outer;
  for (index_t i = 0; i < n; ++i) {
    const T g = gradient_at<T, Coupled>(gt, grad[i], param[i]);
    T th = param[i] * gt.decay;
    update_moments(k, g, exp_avg[i], exp_avg_sq[i]);
    const T m = exp_avg[i], v = exp_avg_sq[i];
    T w = v;
    if (Amsgrad) {
      w = optim_max(max_exp_avg_sq[i], v);
      max_exp_avg_sq[i] = w;
    }
    const T denom = std::sqrt(w * inner + eps_in) * outer + eps_out;
    param[i] = th - step * (m / denom);
  }
}

template <class T>
DESCENT_ISA_FN void adam_update(const optim::adam::Coefficients<T>& c, index_t n, T* param, const T* grad,
                                T* const* state) {
  if (c.grad.coupled) {
    c.amsgrad ? adam_loop<T, true, true>(c, n, param, grad, state[0], state[1], state[2])
              : adam_loop<T, true, false>(c, n, param, grad, state[0], state[1], state[2]);
  } else {
    c.amsgrad ? adam_loop<T, false, true>(c, n, param, grad, state[0], state[1], state[2])
              : adam_loop<T, false, false>(c, n, param, grad, state[0], state[1], state[2]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
