// SGD with momentum (Polyak 1964; Nesterov as in Sutskever et al. 2013), as torch.optim.SGD:
//   g ← sign·∇ + λθ;  with momentum b ← first ? g : μb + (1 − τ)g,  g ← nesterov ? g + μb : b;
//   θ ← θ − γg
// firstStep is 1 when the momentum buffer has no history yet (it is then set to g); the
// kernel only reads it.
#pragma once

#include "common/isa.h"
#include "optim/gradient_terms.h"
#include "optim/optimizer_layout.h"

#define DESCENT_SGD_HYPER(X) X(lr) X(momentum) X(dampening) X(weightDecay) X(nesterov) X(maximize)
#define DESCENT_SGD_STATES(X) X(momentumBuffer)
#define DESCENT_SGD_SCALARS(X) X(firstStep)

namespace descent::kernels::optim::sgd {

DESCENT_OPTIM_LAYOUT(DESCENT_SGD)

// Without momentum there is no buffer.
inline bool state_used(const double* h, int) { return h[hyper::momentum] != 0; }

template <class T> struct Coefficients {
  GradientTerms<T> grad;
  T lr, momentum, one_minus_dampening;
  bool use_momentum, nesterov, first_step;
};

template <class T> Coefficients<T> step_coefficients(const double* h, double* s) {
  Coefficients<T> c;
  c.grad = gradient_terms<T>(h[hyper::maximize], h[hyper::weightDecay]);
  c.lr = cast<T>(h[hyper::lr]);
  c.momentum = cast<T>(h[hyper::momentum]);
  c.one_minus_dampening = cast<T>(1 - h[hyper::dampening]);
  c.use_momentum = h[hyper::momentum] != 0;
  c.nesterov = flag(h[hyper::nesterov]);
  c.first_step = flag(s[scalars::firstStep]);
  return c;
}

}  // namespace descent::kernels::optim::sgd

#if defined(DESCENT_ISA)
#include "optim/gradient_at.h"
namespace descent::kernels::DESCENT_ISA {

template <class T, bool Coupled, bool Momentum, bool Nesterov, bool First>
DESCENT_ISA_FN void sgd_loop(const optim::sgd::Coefficients<T>& c, index_t n, T* DESCENT_RESTRICT param,
                             const T* DESCENT_RESTRICT grad, T* DESCENT_RESTRICT buf) {
  const optim::GradientTerms<T> gt = c.grad;
  const T lr = c.lr, mu = c.momentum, damp = c.one_minus_dampening;
  for (index_t i = 0; i < n; ++i) {
    const T th = param[i];
    T g = gradient_at<T, Coupled>(gt, grad[i], th);
    if (Momentum) {
      const T b = First ? g : mu * buf[i] + damp * g;
      buf[i] = b;
      g = Nesterov ? g + mu * b : b;
    }
    param[i] = th - lr * g;
  }
}

template <class T, bool Coupled>
DESCENT_ISA_FN void sgd_options(const optim::sgd::Coefficients<T>& c, index_t n, T* param, const T* grad, T* buf) {
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
DESCENT_ISA_FN void sgd_update(const optim::sgd::Coefficients<T>& c, index_t n, T* param, const T* grad,
                               T* const* state) {
  if (c.grad.coupled) {
    sgd_options<T, true>(c, n, param, grad, state[0]);
  } else {
    sgd_options<T, false>(c, n, param, grad, state[0]);
  }
}

}  // namespace descent::kernels::DESCENT_ISA
#endif
