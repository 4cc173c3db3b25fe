// The gradient conventions every fused update shares, read from the group scalars by one
// builder for all algorithms: g = sign·∇ with sign = −1 to maximize (an exact negation), else
// 1; coupled L2 weight decay g ← g + λθ, skipped when λ = 0 (as in PyTorch); or, where an
// algorithm decouples the decay (AdamW and its kin), θ ← θ·(1 − γλ) and no coupled term.
#pragma once

namespace descent::kernels::optim {

template <class T> T cast(double v) { return static_cast<T>(v); }
inline bool flag(double v) { return v != 0; }

template <class T> struct GradientTerms {
  T sign;          // −1 to maximize, else 1
  T weight_decay;  // λ of the coupled term (0 when decoupled)
  T decay;         // the decoupled factor 1 − γλ (1 otherwise)
  bool coupled;    // whether g ← g + λθ applies
};

// maximize and weight_decay as the hyper array holds them; with decoupled, lr is γ.
template <class T>
GradientTerms<T> gradient_terms(double maximize, double weight_decay, double lr = 0, bool decoupled = false) {
  GradientTerms<T> t;
  t.sign = flag(maximize) ? T(-1) : T(1);
  t.weight_decay = decoupled ? T(0) : cast<T>(weight_decay);
  t.decay = decoupled ? cast<T>(1 - lr * weight_decay) : T(1);
  t.coupled = !decoupled && weight_decay != 0;
  return t;
}

// The scalar state every algorithm keeps: a step counter t, advanced once per call.
inline double advance_step(double& step) { return step += 1; }

}  // namespace descent::kernels::optim
