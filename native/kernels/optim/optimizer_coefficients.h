// The scalars of one tensor's update, in the element type: the group's hyperparameters and the
// tensor's per-tensor scalars (optimizer_layout.h) combined in double and converted once. The
// element-wise kernels (optimizer_generic.h) read only these.
//
// Conventions shared by every algorithm: g is the gradient times `sign` (−1 to maximize, else
// 1: exact negation); `coupled` means L2 weight decay g ← g + weight_decay·θ (skipped when
// weight_decay = 0, as in PyTorch); `decay` is the decoupled factor θ ← θ·decay (1 otherwise).
#pragma once

#include <cmath>

#include "optim/optimizer_layout.h"

namespace descent::kernels {

template <class T> struct SgdCoefficients {
  T lr, momentum, one_minus_dampening, weight_decay, sign;
  bool coupled, use_momentum, nesterov, first_step;
};

template <class T> struct AdagradCoefficients {
  T clr, eps, weight_decay, sign;
  bool coupled;
};

// denom = √(ṽ + eps_inner) + eps_outer: eps is in one of the two places, 0 in the other.
template <class T> struct RmsPropCoefficients {
  T lr, alpha, one_minus_alpha, eps_inner, eps_outer, weight_decay, momentum, sign;
  bool coupled, centered, use_momentum, nesterov;
};

// θ ← θ − step·m/denom with denom = √(w·inner_scale + eps_inner)·outer_scale + eps_outer:
// eps outside (PyTorch) is √w/√bc2 + eps, eps inside (the paper's alternative) √(w/bc2 + eps).
template <class T> struct AdamCoefficients {
  T step, beta1, one_minus_beta1, beta2, one_minus_beta2, weight_decay, decay;
  T inner_scale, eps_inner, outer_scale, eps_outer, sign;
  bool coupled, amsgrad;
};

template <class T> struct AdamaxCoefficients {
  T step, beta1, one_minus_beta1, beta2, eps, weight_decay, sign;
  bool coupled;
};

template <class T> struct NAdamCoefficients {
  T c1, c2, inv_bc2, beta1, one_minus_beta1, beta2, one_minus_beta2, eps, weight_decay, decay, sign;
  bool coupled;
};

// Rectified: θ ← θ − step·m/(√v + eps) with step = lr·rect·√bc2/bc1; otherwise θ ← θ − step·m
// with step = lr/bc1.
template <class T> struct RAdamCoefficients {
  T step, beta1, one_minus_beta1, beta2, one_minus_beta2, eps, weight_decay, decay, sign;
  bool coupled, rectified;
};

template <class T> struct AdadeltaCoefficients {
  T lr, rho, one_minus_rho, eps, weight_decay, sign;
  bool coupled;
};

template <class T> struct RpropCoefficients {
  T eta_minus, eta_plus, step_min, step_max, sign;
};

template <class T> struct AsgdCoefficients {
  T eta, decay, mu, weight_decay, sign;
  bool coupled, mu_is_one;
};

template <class T> struct DeltaBarDeltaCoefficients {
  T kappa, one_minus_phi, theta, one_minus_theta, sign;
};

namespace optim_detail {
template <class T> T cast(double v) { return static_cast<T>(v); }
inline bool flag(double v) { return v != 0; }
}  // namespace optim_detail

// Builders: hyper holds the group's scalars, p the tensor's per-tensor scalars (layout order).

template <class T> SgdCoefficients<T> sgd_coefficients(const double* h, const double* p) {
  using namespace optim::sgd;
  using optim_detail::cast;
  SgdCoefficients<T> c;
  c.lr = cast<T>(h[hyper::lr]);
  c.momentum = cast<T>(h[hyper::momentum]);
  c.one_minus_dampening = cast<T>(1 - h[hyper::dampening]);
  c.weight_decay = cast<T>(h[hyper::weightDecay]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = h[hyper::weightDecay] != 0;
  c.use_momentum = h[hyper::momentum] != 0;
  c.nesterov = optim_detail::flag(h[hyper::nesterov]);
  c.first_step = optim_detail::flag(p[per_tensor::firstStep]);
  return c;
}

template <class T> AdagradCoefficients<T> adagrad_coefficients(const double* h, const double* p) {
  using namespace optim::adagrad;
  using optim_detail::cast;
  AdagradCoefficients<T> c;
  c.clr = cast<T>(p[per_tensor::clr]);
  c.eps = cast<T>(h[hyper::eps]);
  c.weight_decay = cast<T>(h[hyper::weightDecay]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = h[hyper::weightDecay] != 0;
  return c;
}

template <class T> RmsPropCoefficients<T> rmsprop_coefficients(const double* h, const double*) {
  using namespace optim::rmsprop;
  using optim_detail::cast;
  RmsPropCoefficients<T> c;
  const bool inside = optim_detail::flag(h[hyper::epsInside]);
  c.lr = cast<T>(h[hyper::lr]);
  c.alpha = cast<T>(h[hyper::alpha]);
  c.one_minus_alpha = cast<T>(1 - h[hyper::alpha]);
  c.eps_inner = inside ? cast<T>(h[hyper::eps]) : T(0);
  c.eps_outer = inside ? T(0) : cast<T>(h[hyper::eps]);
  c.weight_decay = cast<T>(h[hyper::weightDecay]);
  c.momentum = cast<T>(h[hyper::momentum]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = h[hyper::weightDecay] != 0;
  c.centered = optim_detail::flag(h[hyper::centered]);
  c.use_momentum = h[hyper::momentum] > 0;
  c.nesterov = optim_detail::flag(h[hyper::nesterov]);
  return c;
}

template <class T> AdamCoefficients<T> adam_coefficients(const double* h, const double* p) {
  using namespace optim::adam;
  using optim_detail::cast;
  AdamCoefficients<T> c;
  const double lr = h[hyper::lr], wd = h[hyper::weightDecay], bc1 = p[per_tensor::bc1], bc2 = p[per_tensor::bc2];
  const bool decoupled = optim_detail::flag(h[hyper::decoupled]), inside = optim_detail::flag(h[hyper::epsInside]);
  c.step = cast<T>(lr / bc1);
  c.beta1 = cast<T>(h[hyper::beta1]);
  c.one_minus_beta1 = cast<T>(1 - h[hyper::beta1]);
  c.beta2 = cast<T>(h[hyper::beta2]);
  c.one_minus_beta2 = cast<T>(1 - h[hyper::beta2]);
  c.weight_decay = decoupled ? T(0) : cast<T>(wd);
  c.decay = decoupled ? cast<T>(1 - lr * wd) : T(1);
  c.inner_scale = inside ? cast<T>(1 / bc2) : T(1);
  c.eps_inner = inside ? cast<T>(h[hyper::eps]) : T(0);
  c.outer_scale = inside ? T(1) : cast<T>(1 / std::sqrt(bc2));
  c.eps_outer = inside ? T(0) : cast<T>(h[hyper::eps]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = !decoupled && wd != 0;
  c.amsgrad = optim_detail::flag(h[hyper::amsgrad]);
  return c;
}

template <class T> AdamaxCoefficients<T> adamax_coefficients(const double* h, const double* p) {
  using namespace optim::adamax;
  using optim_detail::cast;
  AdamaxCoefficients<T> c;
  c.step = cast<T>(h[hyper::lr] / p[per_tensor::bc1]);
  c.beta1 = cast<T>(h[hyper::beta1]);
  c.one_minus_beta1 = cast<T>(1 - h[hyper::beta1]);
  c.beta2 = cast<T>(h[hyper::beta2]);
  c.eps = cast<T>(h[hyper::eps]);
  c.weight_decay = cast<T>(h[hyper::weightDecay]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = h[hyper::weightDecay] != 0;
  return c;
}

template <class T> NAdamCoefficients<T> nadam_coefficients(const double* h, const double* p) {
  using namespace optim::nadam;
  using optim_detail::cast;
  NAdamCoefficients<T> c;
  const double lr = h[hyper::lr], wd = h[hyper::weightDecay];
  const bool decoupled = optim_detail::flag(h[hyper::decoupled]);
  c.c1 = cast<T>(p[per_tensor::c1]);
  c.c2 = cast<T>(p[per_tensor::c2]);
  c.inv_bc2 = cast<T>(1 / p[per_tensor::bc2]);
  c.beta1 = cast<T>(h[hyper::beta1]);
  c.one_minus_beta1 = cast<T>(1 - h[hyper::beta1]);
  c.beta2 = cast<T>(h[hyper::beta2]);
  c.one_minus_beta2 = cast<T>(1 - h[hyper::beta2]);
  c.eps = cast<T>(h[hyper::eps]);
  c.weight_decay = decoupled ? T(0) : cast<T>(wd);
  c.decay = decoupled ? cast<T>(1 - lr * wd) : T(1);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = !decoupled && wd != 0;
  return c;
}

template <class T> RAdamCoefficients<T> radam_coefficients(const double* h, const double* p) {
  using namespace optim::radam;
  using optim_detail::cast;
  RAdamCoefficients<T> c;
  const double lr = h[hyper::lr], wd = h[hyper::weightDecay], bc1 = p[per_tensor::bc1], bc2 = p[per_tensor::bc2],
               rect = p[per_tensor::rect];
  const bool decoupled = optim_detail::flag(h[hyper::decoupled]);
  c.rectified = rect > 0;
  c.step = cast<T>(c.rectified ? lr * rect * std::sqrt(bc2) / bc1 : lr / bc1);
  c.beta1 = cast<T>(h[hyper::beta1]);
  c.one_minus_beta1 = cast<T>(1 - h[hyper::beta1]);
  c.beta2 = cast<T>(h[hyper::beta2]);
  c.one_minus_beta2 = cast<T>(1 - h[hyper::beta2]);
  c.eps = cast<T>(h[hyper::eps]);
  c.weight_decay = decoupled ? T(0) : cast<T>(wd);
  c.decay = decoupled ? cast<T>(1 - lr * wd) : T(1);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = !decoupled && wd != 0;
  return c;
}

template <class T> AdadeltaCoefficients<T> adadelta_coefficients(const double* h, const double*) {
  using namespace optim::adadelta;
  using optim_detail::cast;
  AdadeltaCoefficients<T> c;
  c.lr = cast<T>(h[hyper::lr]);
  c.rho = cast<T>(h[hyper::rho]);
  c.one_minus_rho = cast<T>(1 - h[hyper::rho]);
  c.eps = cast<T>(h[hyper::eps]);
  c.weight_decay = cast<T>(h[hyper::weightDecay]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = h[hyper::weightDecay] != 0;
  return c;
}

template <class T> RpropCoefficients<T> rprop_coefficients(const double* h, const double*) {
  using namespace optim::rprop;
  using optim_detail::cast;
  RpropCoefficients<T> c;
  c.eta_minus = cast<T>(h[hyper::etaMinus]);
  c.eta_plus = cast<T>(h[hyper::etaPlus]);
  c.step_min = cast<T>(h[hyper::stepMin]);
  c.step_max = cast<T>(h[hyper::stepMax]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  return c;
}

template <class T> AsgdCoefficients<T> asgd_coefficients(const double* h, const double* p) {
  using namespace optim::asgd;
  using optim_detail::cast;
  AsgdCoefficients<T> c;
  const double eta = p[per_tensor::eta], mu = p[per_tensor::mu];
  c.eta = cast<T>(eta);
  c.decay = cast<T>(1 - h[hyper::lambd] * eta);
  c.mu = cast<T>(mu);
  c.weight_decay = cast<T>(h[hyper::weightDecay]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  c.coupled = h[hyper::weightDecay] != 0;
  c.mu_is_one = mu == 1;
  return c;
}

template <class T> DeltaBarDeltaCoefficients<T> delta_bar_delta_coefficients(const double* h, const double*) {
  using namespace optim::delta_bar_delta;
  using optim_detail::cast;
  DeltaBarDeltaCoefficients<T> c;
  c.kappa = cast<T>(h[hyper::kappa]);
  c.one_minus_phi = cast<T>(1 - h[hyper::phi]);
  c.theta = cast<T>(h[hyper::theta]);
  c.one_minus_theta = cast<T>(1 - h[hyper::theta]);
  c.sign = optim_detail::flag(h[hyper::maximize]) ? T(-1) : T(1);
  return c;
}

}  // namespace descent::kernels
