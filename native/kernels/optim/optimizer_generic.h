// The element-wise optimizer updates, written once and compiled per instruction set (the AVX2
// namespace gets them vectorized by the compiler; a table may override an entry with
// hand-written code). Options that change which arrays are touched, or that PyTorch
// skips (weight decay 0), are template parameters chosen once per call, so each loop makes a
// single pass over each array it needs and has no branch inside; conditions that vary per
// element are selects. Formulas and their order follow PyTorch's single-tensor path
// (torch/optim/*.py), with scalar factors combined in double beforehand
// (optimizer_coefficients.h).
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including a *_generic.h kernel header"
#endif

#include <cmath>

#include "common/isa.h"
#include "optim/optimizer_coefficients.h"

namespace descent::kernels::DESCENT_ISA {

// max(a, b) as torch.maximum: NaN if either is NaN (the vector form is maxps(a, b) with a's
// NaN lanes restored).
template <class T> DESCENT_ISA_FN inline T optim_max(T a, T b) { return (a > b || a != a) ? a : b; }

// ---------------------------------------------------------------------------------------------
// SGD: g ← g + λθ; with momentum b ← first ? g : μb + (1 − τ)g, g ← nesterov ? g + μb : b;
// θ ← θ − γg.
template <class T, bool Coupled, bool Momentum, bool Nesterov, bool First>
DESCENT_ISA_FN void sgd_loop(const SgdCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                             const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT buf) {
  const T lr = c.lr, mu = c.momentum, damp = c.one_minus_dampening, wd = c.weight_decay, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    if (Momentum) {
      const T b = First ? g : mu * buf[i] + damp * g;
      buf[i] = b;
      g = Nesterov ? g + mu * b : b;
    }
    param[i] = th - lr * g;
  }
}

template <class T, bool Coupled>
DESCENT_ISA_FN void sgd_options(const SgdCoefficients<T>& c, index_t n, T* param, const T* grad, T* buf) {
  if (!c.use_momentum) {
    sgd_loop<T, Coupled, false, false, false>(c, n, param, grad, buf);
  } else if (c.nesterov) {
    if (c.first_step) {
      sgd_loop<T, Coupled, true, true, true>(c, n, param, grad, buf);
    } else {
      sgd_loop<T, Coupled, true, true, false>(c, n, param, grad, buf);
    }
  } else if (c.first_step) {
    sgd_loop<T, Coupled, true, false, true>(c, n, param, grad, buf);
  } else {
    sgd_loop<T, Coupled, true, false, false>(c, n, param, grad, buf);
  }
}

template <class T>
DESCENT_ISA_FN void sgd_update(const SgdCoefficients<T>& c, index_t n, T* param, const T* grad, T* const* state) {
  if (c.coupled) {
    sgd_options<T, true>(c, n, param, grad, state[0]);
  } else {
    sgd_options<T, false>(c, n, param, grad, state[0]);
  }
}

// ---------------------------------------------------------------------------------------------
// Adagrad: sum ← sum + g²; θ ← θ − clr·g/(√sum + eps).
template <class T, bool Coupled>
DESCENT_ISA_FN void adagrad_loop(const AdagradCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                 const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT sum) {
  const T clr = c.clr, eps = c.eps, wd = c.weight_decay, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    const T s = sum[i] + g * g;
    sum[i] = s;
    param[i] = th - clr * (g / (std::sqrt(s) + eps));
  }
}

template <class T>
DESCENT_ISA_FN void adagrad_update(const AdagradCoefficients<T>& c, index_t n, T* param, const T* grad,
                                   T* const* state) {
  if (c.coupled) {
    adagrad_loop<T, true>(c, n, param, grad, state[0]);
  } else {
    adagrad_loop<T, false>(c, n, param, grad, state[0]);
  }
}

// ---------------------------------------------------------------------------------------------
// RMSprop: v ← αv + (1 − α)g²; centered: a ← αa + (1 − α)g, ṽ = v − a²; denom = √(ṽ + eps_in)
// + eps_out; with momentum b ← μb + g/denom, θ ← θ − γ·(nesterov ? μb + g/denom : b), else
// θ ← θ − γ·g/denom.
template <class T, bool Coupled, bool Centered, bool Momentum, bool Nesterov>
DESCENT_ISA_FN void rmsprop_loop(const RmsPropCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                 const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT square_avg,
                                 T* DESCENT_RESTRICT grad_avg, T* DESCENT_RESTRICT buf) {
  const T lr = c.lr, alpha = c.alpha, oma = c.one_minus_alpha, eps_in = c.eps_inner, eps_out = c.eps_outer;
  const T wd = c.weight_decay, mu = c.momentum, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
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
DESCENT_ISA_FN void rmsprop_momentum(const RmsPropCoefficients<T>& c, index_t n, T* param, const T* grad,
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
DESCENT_ISA_FN void rmsprop_update(const RmsPropCoefficients<T>& c, index_t n, T* param, const T* grad,
                                   T* const* state) {
  if (c.coupled) {
    c.centered ? rmsprop_momentum<T, true, true>(c, n, param, grad, state)
               : rmsprop_momentum<T, true, false>(c, n, param, grad, state);
  } else {
    c.centered ? rmsprop_momentum<T, false, true>(c, n, param, grad, state)
               : rmsprop_momentum<T, false, false>(c, n, param, grad, state);
  }
}

// ---------------------------------------------------------------------------------------------
// Adam / AdamW / AMSGrad: θ ← θ·decay; m ← β1m + (1 − β1)g; v ← β2v + (1 − β2)g²;
// w = amsgrad ? (vmax ← max(vmax, v)) : v; θ ← θ − step·m/denom(w).
template <class T, bool Coupled, bool Amsgrad>
DESCENT_ISA_FN void adam_loop(const AdamCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                              const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                              T* DESCENT_RESTRICT exp_avg_sq, T* DESCENT_RESTRICT max_exp_avg_sq) {
  const T step = c.step, b1 = c.beta1, omb1 = c.one_minus_beta1, b2 = c.beta2, omb2 = c.one_minus_beta2;
  const T wd = c.weight_decay, decay = c.decay, sign = c.sign;
  const T inner = c.inner_scale, eps_in = c.eps_inner, outer = c.outer_scale, eps_out = c.eps_outer;
  for (index_t i = 0; i < n; ++i) {
    T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    th = th * decay;
    const T m = b1 * exp_avg[i] + omb1 * g;
    const T v = b2 * exp_avg_sq[i] + omb2 * g * g;
    exp_avg[i] = m;
    exp_avg_sq[i] = v;
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
DESCENT_ISA_FN void adam_update(const AdamCoefficients<T>& c, index_t n, T* param, const T* grad, T* const* state) {
  if (c.coupled) {
    c.amsgrad ? adam_loop<T, true, true>(c, n, param, grad, state[0], state[1], state[2])
              : adam_loop<T, true, false>(c, n, param, grad, state[0], state[1], state[2]);
  } else {
    c.amsgrad ? adam_loop<T, false, true>(c, n, param, grad, state[0], state[1], state[2])
              : adam_loop<T, false, false>(c, n, param, grad, state[0], state[1], state[2]);
  }
}

// ---------------------------------------------------------------------------------------------
// Adamax: m ← β1m + (1 − β1)g; u ← max(β2u, |g| + eps); θ ← θ − step·m/u.
template <class T, bool Coupled>
DESCENT_ISA_FN void adamax_loop(const AdamaxCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                                T* DESCENT_RESTRICT exp_inf) {
  const T step = c.step, b1 = c.beta1, omb1 = c.one_minus_beta1, b2 = c.beta2, eps = c.eps;
  const T wd = c.weight_decay, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    const T m = b1 * exp_avg[i] + omb1 * g;
    const T u = optim_max(b2 * exp_inf[i], std::fabs(g) + eps);
    exp_avg[i] = m;
    exp_inf[i] = u;
    param[i] = th - step * (m / u);
  }
}

template <class T>
DESCENT_ISA_FN void adamax_update(const AdamaxCoefficients<T>& c, index_t n, T* param, const T* grad,
                                  T* const* state) {
  if (c.coupled) {
    adamax_loop<T, true>(c, n, param, grad, state[0], state[1]);
  } else {
    adamax_loop<T, false>(c, n, param, grad, state[0], state[1]);
  }
}

// ---------------------------------------------------------------------------------------------
// NAdam: θ ← θ·decay; m, v as Adam; denom = √(v/bc2) + eps; θ ← θ − c1·g/denom − c2·m/denom.
template <class T, bool Coupled>
DESCENT_ISA_FN void nadam_loop(const NAdamCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                               const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                               T* DESCENT_RESTRICT exp_avg_sq) {
  const T c1 = c.c1, c2 = c.c2, inv_bc2 = c.inv_bc2, b1 = c.beta1, omb1 = c.one_minus_beta1, b2 = c.beta2;
  const T omb2 = c.one_minus_beta2, eps = c.eps, wd = c.weight_decay, decay = c.decay, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    th = th * decay;
    const T m = b1 * exp_avg[i] + omb1 * g;
    const T v = b2 * exp_avg_sq[i] + omb2 * g * g;
    exp_avg[i] = m;
    exp_avg_sq[i] = v;
    const T denom = std::sqrt(v * inv_bc2) + eps;
    th = th - c1 * (g / denom);
    param[i] = th - c2 * (m / denom);
  }
}

template <class T>
DESCENT_ISA_FN void nadam_update(const NAdamCoefficients<T>& c, index_t n, T* param, const T* grad, T* const* state) {
  if (c.coupled) {
    nadam_loop<T, true>(c, n, param, grad, state[0], state[1]);
  } else {
    nadam_loop<T, false>(c, n, param, grad, state[0], state[1]);
  }
}

// ---------------------------------------------------------------------------------------------
// RAdam: θ ← θ·decay; m, v as Adam; rectified θ ← θ − step·m/(√v + eps), else θ ← θ − step·m.
template <class T, bool Coupled, bool Rectified>
DESCENT_ISA_FN void radam_loop(const RAdamCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                               const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT exp_avg,
                               T* DESCENT_RESTRICT exp_avg_sq) {
  const T step = c.step, b1 = c.beta1, omb1 = c.one_minus_beta1, b2 = c.beta2, omb2 = c.one_minus_beta2;
  const T eps = c.eps, wd = c.weight_decay, decay = c.decay, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    th = th * decay;
    const T m = b1 * exp_avg[i] + omb1 * g;
    const T v = b2 * exp_avg_sq[i] + omb2 * g * g;
    exp_avg[i] = m;
    exp_avg_sq[i] = v;
    param[i] = Rectified ? th - step * (m / (std::sqrt(v) + eps)) : th - step * m;
  }
}

template <class T>
DESCENT_ISA_FN void radam_update(const RAdamCoefficients<T>& c, index_t n, T* param, const T* grad, T* const* state) {
  if (c.coupled) {
    c.rectified ? radam_loop<T, true, true>(c, n, param, grad, state[0], state[1])
                : radam_loop<T, true, false>(c, n, param, grad, state[0], state[1]);
  } else {
    c.rectified ? radam_loop<T, false, true>(c, n, param, grad, state[0], state[1])
                : radam_loop<T, false, false>(c, n, param, grad, state[0], state[1]);
  }
}

// ---------------------------------------------------------------------------------------------
// Adadelta: v ← ρv + (1 − ρ)g²; Δ = √(u + eps)/√(v + eps)·g; u ← ρu + (1 − ρ)Δ²; θ ← θ − γΔ.
template <class T, bool Coupled>
DESCENT_ISA_FN void adadelta_loop(const AdadeltaCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                                  const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT square_avg,
                                  T* DESCENT_RESTRICT acc_delta) {
  const T lr = c.lr, rho = c.rho, omr = c.one_minus_rho, eps = c.eps, wd = c.weight_decay, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    const T v = rho * square_avg[i] + omr * g * g;
    const T u = acc_delta[i];
    const T delta = std::sqrt(u + eps) / std::sqrt(v + eps) * g;
    square_avg[i] = v;
    acc_delta[i] = rho * u + omr * delta * delta;
    param[i] = th - lr * delta;
  }
}

template <class T>
DESCENT_ISA_FN void adadelta_update(const AdadeltaCoefficients<T>& c, index_t n, T* param, const T* grad,
                                    T* const* state) {
  if (c.coupled) {
    adadelta_loop<T, true>(c, n, param, grad, state[0], state[1]);
  } else {
    adadelta_loop<T, false>(c, n, param, grad, state[0], state[1]);
  }
}

// ---------------------------------------------------------------------------------------------
// Rprop: s = g·prev; step ← clamp(step·(s > 0 ? η+ : s < 0 ? η− : 1), stepMin, stepMax);
// g ← 0 where s < 0; θ ← θ − sign(g)·step; prev ← g. As torch.sign, sign(NaN) = 0, so a NaN
// product leaves the step size and the parameter unchanged; a NaN step size stays NaN.
template <class T>
DESCENT_ISA_FN void rprop_update(const RpropCoefficients<T>& c, index_t n, T* param, const T* grad, T* const* state) {
  T* DESCENT_RESTRICT th_out = param;
  const T* DESCENT_RESTRICT gr = grad;
  T* DESCENT_RESTRICT prev = state[0];
  T* DESCENT_RESTRICT step_size = state[1];
  const T eta_minus = c.eta_minus, eta_plus = c.eta_plus, lo = c.step_min, hi = c.step_max, sign = c.sign;
  // Every select picks a constant or a value already computed, with one compare each (nested
  // selects on compares keep GCC from vectorizing under -ftrapping-math); multiplying by the
  // factor 1 that the other condition leaves is exact, so this is step·factor bit for bit.
  for (index_t i = 0; i < n; ++i) {
    T g = sign * gr[i];
    const T s = g * prev[i];
    const T grow = s > 0 ? eta_plus : T(1);
    const T shrink = s < 0 ? eta_minus : T(1);
    T st = step_size[i] * grow * shrink;
    st = st < lo ? lo : st;
    st = st > hi ? hi : st;
    g = s < 0 ? T(0) : g;
    const T sg = (g > 0 ? T(1) : T(0)) - (g < 0 ? T(1) : T(0));
    step_size[i] = st;
    prev[i] = g;
    th_out[i] = th_out[i] - sg * st;
  }
}

// ---------------------------------------------------------------------------------------------
// ASGD: θ ← θ(1 − λ·eta) − eta·g; ax ← mu = 1 ? θ : ax + (θ − ax)·mu.
template <class T, bool Coupled, bool MuIsOne>
DESCENT_ISA_FN void asgd_loop(const AsgdCoefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                              const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT ax) {
  const T eta = c.eta, decay = c.decay, mu = c.mu, wd = c.weight_decay, sign = c.sign;
  for (index_t i = 0; i < n; ++i) {
    T th = param[i];
    T g = sign * grad[i];
    if (Coupled) g = g + wd * th;
    th = th * decay;
    th = th - eta * g;
    param[i] = th;
    ax[i] = MuIsOne ? th : ax[i] + (th - ax[i]) * mu;
  }
}

template <class T>
DESCENT_ISA_FN void asgd_update(const AsgdCoefficients<T>& c, index_t n, T* param, const T* grad, T* const* state) {
  if (c.coupled) {
    c.mu_is_one ? asgd_loop<T, true, true>(c, n, param, grad, state[0])
                : asgd_loop<T, true, false>(c, n, param, grad, state[0]);
  } else {
    c.mu_is_one ? asgd_loop<T, false, true>(c, n, param, grad, state[0])
                : asgd_loop<T, false, false>(c, n, param, grad, state[0]);
  }
}

// ---------------------------------------------------------------------------------------------
// Delta-bar-delta (Jacobs 1988): s = δ̄·g; ε ← s > 0 ? ε + κ : s < 0 ? (1 − φ)ε : ε;
// θ ← θ − ε·g; δ̄ ← (1 − ϑ)g + ϑδ̄.
template <class T>
DESCENT_ISA_FN void delta_bar_delta_update(const DeltaBarDeltaCoefficients<T>& c, index_t n, T* param, const T* grad,
                                           T* const* state) {
  T* DESCENT_RESTRICT th_out = param;
  const T* DESCENT_RESTRICT gr = grad;
  T* DESCENT_RESTRICT rates = state[0];
  T* DESCENT_RESTRICT delta_bar = state[1];
  const T kappa = c.kappa, omphi = c.one_minus_phi, theta = c.theta, omtheta = c.one_minus_theta, sign = c.sign;
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
