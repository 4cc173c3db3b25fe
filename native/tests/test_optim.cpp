// The fused optimizer updates (kernels/optim): every algorithm under every combination of its
// option branches, against a straightforward double reference written here from the update
// rules and the per-step scalar formulas (not from optim/<algorithm>.h), the AVX2 table against
// the scalar one, 1 against 2 threads on multi-segment groups above the threading threshold,
// unused optional states passed as null, the scalar state each step advances, and the layout
// table.
#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "optim/optimizer_step.h"
#include "optim/optimizers.h"
#include "test_support.h"

namespace descent::test {
namespace {

using kernels::DType;
using kernels::OptimizerAlgorithm;
using kernels::OptimizerLayout;
using kernels::OptimizerSegment;
namespace optim = kernels::optim;

// ---------------------------------------------------------------------------------------------
// Cases: an algorithm with its group scalars (hyper, by name) and a rule for the scalar state
// of segment k.

using Named = std::map<std::string, double>;

struct Case {
  int code;
  Named hyper;
  std::string label;
};

const OptimizerLayout& layout_of(int code) {
  const OptimizerLayout* l = kernels::optimizer_layout(code);
  if (l == nullptr) throw std::runtime_error("no layout");
  return *l;
}

int code_of(OptimizerAlgorithm a) { return static_cast<int>(a); }

std::vector<double> in_layout_order(const char* const* names, int count, const Named& values, const std::string& what) {
  std::vector<double> out;
  for (int i = 0; i < count; ++i) {
    auto it = values.find(names[i]);
    if (it == values.end()) throw std::runtime_error(what + ": no value for " + names[i]);
    out.push_back(it->second);
  }
  return out;
}

// The scalar state of segment k (k = 0, 1, ...) before the first step: step counts that give
// valid, different per-step scalars per segment (bias corrections in (0, 1), ...) and reach the
// harness axes' branches (RAdam rectified from t = 6 with β2 = 0.99; ASGD averaging from t0).
Named scalars_of(int code, const Named& h, int k) {
  const double step = 1 + k;
  switch (static_cast<OptimizerAlgorithm>(code)) {
    case OptimizerAlgorithm::Sgd: return {{"firstStep", h.at("first") != 0 && k % 2 == 0 ? 1.0 : 0.0}};
    case OptimizerAlgorithm::NAdam: return {{"step", step}, {"muProduct", std::pow(0.45, step)}};
    case OptimizerAlgorithm::RAdam: return {{"step", h.at("rectified") != 0 ? 5.0 + k : k}};
    case OptimizerAlgorithm::Asgd:
      return {{"step", step},
              {"eta", h.at("lr") / std::pow(1 + 1e-3 * (step + 1), 0.75)},
              {"mu", h.at("averaging") != 0 ? 1 / (step + 1) : 1.0}};
    default: return {{"step", step}};
  }
}

// The reference's per-step scalars from a segment's scalar state, which it advances (the
// formulas of lib/optim/*.ts and torch.optim, written out again here).
Named reference_step_scalars(int code, const Named& h, std::vector<double>& s, const OptimizerLayout& l) {
  auto at = [&](const char* name) -> double& {
    for (int i = 0; i < l.scalar_count; ++i) {
      if (std::string(l.scalars[i]) == name) return s[static_cast<std::size_t>(i)];
    }
    throw std::runtime_error(std::string("no scalar ") + name);
  };
  if (static_cast<OptimizerAlgorithm>(code) == OptimizerAlgorithm::Sgd) return {{"firstStep", at("firstStep")}};
  const double t = at("step") + 1;
  switch (static_cast<OptimizerAlgorithm>(code)) {
    case OptimizerAlgorithm::Adagrad:
      at("step") = t;
      return {{"clr", h.at("lr") / (1 + (t - 1) * h.at("lrDecay"))}};
    case OptimizerAlgorithm::Adam:
      at("step") = t;
      return {{"bc1", 1 - std::pow(h.at("beta1"), t)}, {"bc2", 1 - std::pow(h.at("beta2"), t)}};
    case OptimizerAlgorithm::Adamax:
      at("step") = t;
      return {{"bc1", 1 - std::pow(h.at("beta1"), t)}};
    case OptimizerAlgorithm::NAdam: {
      const double b1 = h.at("beta1"), psi = h.at("momentumDecay"), lr = h.at("lr");
      const double mu = b1 * (1 - 0.5 * std::pow(0.96, t * psi)), next = b1 * (1 - 0.5 * std::pow(0.96, (t + 1) * psi));
      const double product = (t == 1 ? 1.0 : at("muProduct")) * mu;
      at("step") = t;
      at("muProduct") = product;
      return {{"c1", lr * (1 - mu) / (1 - product)}, {"c2", lr * next / (1 - product * next)},
              {"bc2", 1 - std::pow(h.at("beta2"), t)}};
    }
    case OptimizerAlgorithm::RAdam: {
      const double b2 = h.at("beta2"), bc2 = 1 - std::pow(b2, t);
      const double rho_inf = 2 / (1 - b2) - 1, rho = rho_inf - 2 * t * std::pow(b2, t) / bc2;
      at("step") = t;
      return {{"bc1", 1 - std::pow(h.at("beta1"), t)}, {"bc2", bc2},
              {"rect", rho > 5 ? std::sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho)) : 0.0}};
    }
    case OptimizerAlgorithm::Asgd: {
      const double lr = h.at("lr");
      const Named now{{"eta", t == 1 ? lr : at("eta")}, {"mu", t == 1 ? 1.0 : at("mu")}};
      at("step") = t;
      at("eta") = lr / std::pow(1 + h.at("lambd") * lr * t, h.at("alpha"));
      at("mu") = 1 / std::max(1.0, t - h.at("t0"));
      return now;
    }
    default:
      at("step") = t;
      return {};
  }
}

// The cartesian product of option axes over a base.
std::vector<Case> product(int code, const Named& base, const std::vector<std::pair<std::string, std::vector<double>>>& axes,
                          const std::function<bool(Named&)>& valid = nullptr) {
  std::vector<Named> all{base};
  for (const auto& [name, values] : axes) {
    std::vector<Named> next;
    for (const Named& h : all) {
      for (double v : values) {
        Named n = h;
        n[name] = v;
        next.push_back(n);
      }
    }
    all = next;
  }
  std::vector<Case> out;
  for (Named& h : all) {
    if (valid && !valid(h)) continue;
    std::string label = layout_of(code).name;
    for (const auto& [name, values] : axes) label += " " + name + "=" + std::to_string(h.at(name)).substr(0, 6);
    out.push_back({code, h, label});
  }
  return out;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  auto add = [&](std::vector<Case> c) { cases.insert(cases.end(), c.begin(), c.end()); };
  const std::vector<double> flag{0, 1};
  add(product(code_of(OptimizerAlgorithm::Sgd), {{"lr", 0.05}},
              {{"momentum", {0, 0.9}}, {"dampening", {0, 0.2}}, {"nesterov", flag}, {"weightDecay", {0, 0.01}},
               {"maximize", flag}, {"first", flag}},
              [](Named& h) { return !(h.at("nesterov") != 0 && (h.at("momentum") == 0 || h.at("dampening") != 0)); }));
  add(product(code_of(OptimizerAlgorithm::Adagrad), {{"lr", 0.1}, {"lrDecay", 0.05}, {"eps", 1e-10}},
              {{"weightDecay", {0, 0.01}}, {"maximize", flag}}));
  add(product(code_of(OptimizerAlgorithm::RmsProp), {{"lr", 0.01}, {"alpha", 0.9}, {"eps", 1e-8}},
              {{"centered", flag}, {"momentum", {0, 0.5}}, {"nesterov", flag}, {"epsInside", flag}, {"weightDecay", {0, 0.01}},
               {"maximize", flag}},
              [](Named& h) { return !(h.at("nesterov") != 0 && h.at("momentum") == 0); }));
  add(product(code_of(OptimizerAlgorithm::Adam), {{"lr", 0.01}, {"beta1", 0.9}, {"beta2", 0.99}, {"eps", 1e-8}},
              {{"decoupled", flag}, {"amsgrad", flag}, {"epsInside", flag}, {"weightDecay", {0, 0.05}}, {"maximize", flag}}));
  add(product(code_of(OptimizerAlgorithm::Adamax), {{"lr", 0.01}, {"beta1", 0.9}, {"beta2", 0.99}, {"eps", 1e-8}},
              {{"weightDecay", {0, 0.05}}, {"maximize", flag}}));
  add(product(code_of(OptimizerAlgorithm::NAdam),
              {{"lr", 0.01}, {"beta1", 0.9}, {"beta2", 0.99}, {"eps", 1e-8}, {"momentumDecay", 4e-3}},
              {{"decoupled", flag}, {"weightDecay", {0, 0.05}}, {"maximize", flag}}));
  add(product(code_of(OptimizerAlgorithm::RAdam), {{"lr", 0.01}, {"beta1", 0.9}, {"beta2", 0.99}, {"eps", 1e-8}},
              {{"rectified", flag}, {"decoupled", flag}, {"weightDecay", {0, 0.05}}, {"maximize", flag}}));
  add(product(code_of(OptimizerAlgorithm::Adadelta), {{"lr", 1.0}, {"rho", 0.9}, {"eps", 1e-6}},
              {{"weightDecay", {0, 0.05}}, {"maximize", flag}}));
  add(product(code_of(OptimizerAlgorithm::Rprop), {{"etaMinus", 0.5}, {"etaPlus", 1.2}, {"stepMin", 1e-3}, {"stepMax", 0.05}},
              {{"maximize", flag}}));
  add(product(code_of(OptimizerAlgorithm::Asgd), {{"lr", 0.05}, {"lambd", 1e-2}, {"alpha", 0.75}},
              {{"averaging", flag}, {"weightDecay", {0, 0.05}}, {"maximize", flag}},
              [](Named& h) { h["t0"] = h.at("averaging") != 0 ? 0 : 1e6; return true; }));
  add(product(code_of(OptimizerAlgorithm::DeltaBarDelta), {{"kappa", 0.01}, {"phi", 0.3}, {"theta", 0.7}},
              {{"maximize", flag}}));
  return cases;
}

// ---------------------------------------------------------------------------------------------
// The double reference: one element at a time, straight from the update rules (PyTorch's
// single-tensor forms; descent's options as documented in lib/optim/*.ts).

struct Element {
  double* theta;
  double g;  // the raw gradient
  double* s[kernels::kMaxOptimizerStates];
};

double clamp(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

void reference(int code, const double* h, const Named& per_step, Element e) {
  double& th = *e.theta;
  auto wd_grad = [&](double g, double wd, bool coupled) { return coupled && wd != 0 ? g + wd * th : g; };
  switch (static_cast<OptimizerAlgorithm>(code)) {
    case OptimizerAlgorithm::Sgd: {
      namespace L = optim::sgd;
      const double mu = h[L::hyper::momentum];
      double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, h[L::hyper::weightDecay], true);
      if (mu != 0) {
        double& b = *e.s[L::states::momentumBuffer];
        b = per_step.at("firstStep") != 0 ? g : mu * b + (1 - h[L::hyper::dampening]) * g;
        g = h[L::hyper::nesterov] != 0 ? g + mu * b : b;
      }
      th -= h[L::hyper::lr] * g;
      return;
    }
    case OptimizerAlgorithm::Adagrad: {
      namespace L = optim::adagrad;
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, h[L::hyper::weightDecay], true);
      double& sum = *e.s[L::states::sum];
      sum += g * g;
      th -= per_step.at("clr") * g / (std::sqrt(sum) + h[L::hyper::eps]);
      return;
    }
    case OptimizerAlgorithm::RmsProp: {
      namespace L = optim::rmsprop;
      const double a = h[L::hyper::alpha], eps = h[L::hyper::eps], mu = h[L::hyper::momentum];
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, h[L::hyper::weightDecay], true);
      double& v = *e.s[L::states::squareAvg];
      v = a * v + (1 - a) * g * g;
      double var = v;
      if (h[L::hyper::centered] != 0) {
        double& ga = *e.s[L::states::gradAvg];
        ga = a * ga + (1 - a) * g;
        var = v - ga * ga;
      }
      const double denom = h[L::hyper::epsInside] != 0 ? std::sqrt(var + eps) : std::sqrt(var) + eps;
      if (mu > 0) {
        double& b = *e.s[L::states::momentumBuffer];
        b = mu * b + g / denom;
        th -= h[L::hyper::lr] * (h[L::hyper::nesterov] != 0 ? mu * b + g / denom : b);
      } else {
        th -= h[L::hyper::lr] * g / denom;
      }
      return;
    }
    case OptimizerAlgorithm::Adam: {
      namespace L = optim::adam;
      const double lr = h[L::hyper::lr], b1 = h[L::hyper::beta1], b2 = h[L::hyper::beta2], wd = h[L::hyper::weightDecay];
      const bool decoupled = h[L::hyper::decoupled] != 0;
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, wd, !decoupled);
      if (decoupled) th *= 1 - lr * wd;
      double& m = *e.s[L::states::expAvg];
      double& v = *e.s[L::states::expAvgSq];
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      double w = v;
      if (h[L::hyper::amsgrad] != 0) {
        double& vmax = *e.s[L::states::maxExpAvgSq];
        vmax = std::max(vmax, v);
        w = vmax;
      }
      const double v_hat = w / per_step.at("bc2"), eps = h[L::hyper::eps];
      const double denom = h[L::hyper::epsInside] != 0 ? std::sqrt(v_hat + eps) : std::sqrt(v_hat) + eps;
      th -= lr * (m / per_step.at("bc1")) / denom;
      return;
    }
    case OptimizerAlgorithm::Adamax: {
      namespace L = optim::adamax;
      const double b1 = h[L::hyper::beta1];
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, h[L::hyper::weightDecay], true);
      double& m = *e.s[L::states::expAvg];
      double& u = *e.s[L::states::expInf];
      m = b1 * m + (1 - b1) * g;
      u = std::max(h[L::hyper::beta2] * u, std::fabs(g) + h[L::hyper::eps]);
      th -= h[L::hyper::lr] / per_step.at("bc1") * m / u;
      return;
    }
    case OptimizerAlgorithm::NAdam: {
      namespace L = optim::nadam;
      const double lr = h[L::hyper::lr], b1 = h[L::hyper::beta1], b2 = h[L::hyper::beta2], wd = h[L::hyper::weightDecay];
      const bool decoupled = h[L::hyper::decoupled] != 0;
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, wd, !decoupled);
      if (decoupled) th *= 1 - lr * wd;
      double& m = *e.s[L::states::expAvg];
      double& v = *e.s[L::states::expAvgSq];
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const double denom = std::sqrt(v / per_step.at("bc2")) + h[L::hyper::eps];
      th -= per_step.at("c1") * g / denom + per_step.at("c2") * m / denom;
      return;
    }
    case OptimizerAlgorithm::RAdam: {
      namespace L = optim::radam;
      const double lr = h[L::hyper::lr], b1 = h[L::hyper::beta1], b2 = h[L::hyper::beta2], wd = h[L::hyper::weightDecay];
      const bool decoupled = h[L::hyper::decoupled] != 0;
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, wd, !decoupled);
      if (decoupled) th *= 1 - lr * wd;
      double& m = *e.s[L::states::expAvg];
      double& v = *e.s[L::states::expAvgSq];
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const double m_hat = m / per_step.at("bc1"), rect = per_step.at("rect");
      if (rect > 0) {
        th -= lr * m_hat * rect * std::sqrt(per_step.at("bc2")) / (std::sqrt(v) + h[L::hyper::eps]);
      } else {
        th -= lr * m_hat;
      }
      return;
    }
    case OptimizerAlgorithm::Adadelta: {
      namespace L = optim::adadelta;
      const double rho = h[L::hyper::rho], eps = h[L::hyper::eps];
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, h[L::hyper::weightDecay], true);
      double& v = *e.s[L::states::squareAvg];
      double& u = *e.s[L::states::accDelta];
      v = rho * v + (1 - rho) * g * g;
      const double delta = std::sqrt(u + eps) / std::sqrt(v + eps) * g;
      u = rho * u + (1 - rho) * delta * delta;
      th -= h[L::hyper::lr] * delta;
      return;
    }
    case OptimizerAlgorithm::Rprop: {
      namespace L = optim::rprop;
      double g = h[L::hyper::maximize] != 0 ? -e.g : e.g;
      double& prev = *e.s[L::states::prev];
      double& step = *e.s[L::states::stepSize];
      const double s = g * prev;
      if (s > 0) step = clamp(step * h[L::hyper::etaPlus], h[L::hyper::stepMin], h[L::hyper::stepMax]);
      if (s < 0) step = clamp(step * h[L::hyper::etaMinus], h[L::hyper::stepMin], h[L::hyper::stepMax]);
      if (s == 0) step = clamp(step, h[L::hyper::stepMin], h[L::hyper::stepMax]);
      if (s < 0) g = 0;
      th -= (g > 0 ? 1 : g < 0 ? -1 : 0) * step;
      prev = g;
      return;
    }
    case OptimizerAlgorithm::Asgd: {
      namespace L = optim::asgd;
      const double eta = per_step.at("eta"), mu = per_step.at("mu");
      const double g = wd_grad(h[L::hyper::maximize] != 0 ? -e.g : e.g, h[L::hyper::weightDecay], true);
      th = th * (1 - h[L::hyper::lambd] * eta) - eta * g;
      double& ax = *e.s[L::states::ax];
      ax = mu == 1 ? th : ax + (th - ax) * mu;
      return;
    }
    case OptimizerAlgorithm::DeltaBarDelta: {
      namespace L = optim::delta_bar_delta;
      const double g = h[L::hyper::maximize] != 0 ? -e.g : e.g;
      double& rate = *e.s[L::states::rates];
      double& bar = *e.s[L::states::deltaBar];
      const double s = bar * g;
      if (s > 0) rate += h[L::hyper::kappa];
      if (s < 0) rate *= 1 - h[L::hyper::phi];
      th -= rate * g;
      bar = (1 - h[L::hyper::theta]) * g + h[L::hyper::theta] * bar;
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A parameter group: segments with their own buffers, filled from seeds.

// Initial values of a state buffer: non-negative where the algorithm needs it.
std::pair<double, double> state_range(const std::string& name) {
  static const std::map<std::string, std::pair<double, double>> ranges = {
      {"momentumBuffer", {-1, 1}}, {"sum", {0, 1}},       {"squareAvg", {0.1, 1}},   {"gradAvg", {-0.1, 0.1}},
      {"expAvg", {-1, 1}},         {"expAvgSq", {0, 1}},  {"maxExpAvgSq", {0, 1}},   {"expInf", {0, 1}},
      {"accDelta", {0, 1}},        {"prev", {-1, 1}},     {"stepSize", {1e-3, 0.1}}, {"ax", {-1, 1}},
      {"rates", {1e-3, 0.1}},      {"deltaBar", {-1, 1}},
  };
  return ranges.at(name);
}

template <class T> struct Group {
  int code;
  Named named;  // the hyper values by name (the reference's per-step scalars read them)
  std::vector<double> hyper;
  std::vector<index_t> sizes;
  std::vector<std::vector<T>> param, grad;
  std::vector<std::vector<std::vector<T>>> state;  // [segment][state]; empty when unused
  std::vector<std::vector<double>> scalars;  // [segment][scalar], advanced by every step

  Group(const Case& c, const std::vector<index_t>& segment_sizes, std::uint32_t seed)
      : code(c.code), named(c.hyper), sizes(segment_sizes) {
    const OptimizerLayout& l = layout_of(code);
    hyper = in_layout_order(l.hyper, l.hyper_count, c.hyper, c.label);
    for (std::size_t k = 0; k < sizes.size(); ++k) {
      const index_t n = sizes[k];
      const std::uint32_t s = seed + 97 * static_cast<std::uint32_t>(k);
      param.push_back(uniform<T>(n, -1, 1, s));
      auto g = uniform<T>(n, -1, 1, s + 1);
      for (index_t i = 0; i < n; i += 11) g[static_cast<std::size_t>(i)] = 0;  // s = 0 branches
      grad.push_back(g);
      std::vector<std::vector<T>> st;
      for (int j = 0; j < l.state_count; ++j) {
        if (!kernels::optimizer_state_used(code, hyper.data(), j)) {
          st.emplace_back();
          continue;
        }
        auto [lo, hi] = state_range(l.states[j]);
        auto v = uniform<T>(n, lo, hi, s + 2 + static_cast<std::uint32_t>(j));
        if (lo < 0) {
          for (index_t i = 5; i < n; i += 13) v[static_cast<std::size_t>(i)] = 0;
        }
        st.push_back(v);
      }
      state.push_back(st);
      scalars.push_back(in_layout_order(l.scalars, l.scalar_count, scalars_of(code, c.hyper, static_cast<int>(k)), c.label));
    }
  }

  // One fused call on `table`.
  bool step(const KernelTable& table) {
    std::vector<OptimizerSegment> segs(sizes.size());
    for (std::size_t k = 0; k < sizes.size(); ++k) {
      OptimizerSegment& seg = segs[k];
      seg.param = param[k].data();
      seg.grad = grad[k].data();
      for (int j = 0; j < kernels::kMaxOptimizerStates; ++j) {
        seg.state[j] = j < static_cast<int>(state[k].size()) && !state[k][static_cast<std::size_t>(j)].empty()
                           ? static_cast<void*>(state[k][static_cast<std::size_t>(j)].data())
                           : nullptr;
      }
      seg.n = sizes[k];
      seg.scalars = scalars[k].data();
    }
    return kernels::optimizer_step(table.optim, kernels::DTypeOf<T>::value, code, hyper.data(), segs.data(),
                                   static_cast<index_t>(segs.size()));
  }

  // The same update by the double reference, in place on `out` (whose scalar state it reads
  // and advances).
  template <class U> void step_reference(Group<U>& out) const {
    for (std::size_t k = 0; k < sizes.size(); ++k) {
      const Named v = reference_step_scalars(code, named, out.scalars[k], layout_of(code));
      for (index_t i = 0; i < sizes[k]; ++i) {
        const std::size_t ii = static_cast<std::size_t>(i);
        double th = out.param[k][ii];
        double st[kernels::kMaxOptimizerStates] = {};
        Element e{&th, static_cast<double>(out.grad[k][ii]), {nullptr, nullptr, nullptr}};
        for (std::size_t j = 0; j < out.state[k].size(); ++j) {
          if (out.state[k][j].empty()) continue;
          st[j] = out.state[k][j][ii];
          e.s[j] = &st[j];
        }
        reference(code, hyper.data(), v, e);
        out.param[k][ii] = static_cast<U>(th);
        for (std::size_t j = 0; j < out.state[k].size(); ++j) {
          if (!out.state[k][j].empty()) out.state[k][j][ii] = static_cast<U>(st[j]);
        }
      }
    }
  }
};

// Every buffer of a and b within |a − b| <= rtol·|b| + atol·max|b| (per buffer).
template <class T, class U>
void expect_close_groups(const Group<T>& a, const Group<U>& b, double rtol, double atol, const std::string& label) {
  auto compare = [&](const std::vector<T>& x, const std::vector<U>& y, const std::string& what) {
    ASSERT_EQ(x.size(), y.size()) << label << " " << what;
    double scale = 0;
    for (U v : y) scale = std::max(scale, std::fabs(static_cast<double>(v)));
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_TRUE(close(x[i], y[i], rtol, atol * scale))
          << label << " " << what << " element " << i << ": " << static_cast<double>(x[i]) << " vs "
          << static_cast<double>(y[i]);
    }
  };
  const OptimizerLayout& l = layout_of(a.code);
  for (std::size_t k = 0; k < a.sizes.size(); ++k) {
    for (int j = 0; j < l.scalar_count; ++j) {
      const std::size_t jj = static_cast<std::size_t>(j);
      ASSERT_TRUE(close(a.scalars[k][jj], b.scalars[k][jj], 1e-15, 0))
          << label << " " << l.scalars[j] << " of segment " << k << ": " << a.scalars[k][jj] << " vs " << b.scalars[k][jj];
    }
    compare(a.param[k], b.param[k], "param of segment " + std::to_string(k));
    for (std::size_t j = 0; j < a.state[k].size(); ++j) {
      compare(a.state[k][j], b.state[k][j], std::string(l.states[j]) + " of segment " + std::to_string(k));
    }
  }
}

template <class T> bool bit_equal_groups(const Group<T>& a, const Group<T>& b) {
  for (std::size_t k = 0; k < a.sizes.size(); ++k) {
    if (!bit_equal(a.param[k], b.param[k])) return false;
    for (std::size_t j = 0; j < a.state[k].size(); ++j) {
      if (!bit_equal(a.state[k][j], b.state[k][j])) return false;
    }
  }
  return true;
}

// Segment sizes with vector tails and an empty segment.
const std::vector<index_t> kSmallGroup{1000, 0, 7, 33, 1};

// ---------------------------------------------------------------------------------------------

TEST(Optimizers, Float64MatchesTheDoubleReferenceForOneStepOnEveryTable) {
  const auto cases = all_cases();
  ASSERT_GT(cases.size(), 150u);
  for (const KernelTable* table : all_tables()) {
    for (const Case& c : cases) {
      Group<double> got(c, kSmallGroup, 11);
      Group<double> want = got;
      ASSERT_TRUE(got.step(*table)) << c.label;
      got.step_reference(want);
      expect_close_groups(got, want, 1e-13, 1e-15, std::string(table->name) + " " + c.label);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(Optimizers, Float32MatchesTheDoubleReferenceOnEveryTable) {
  for (const KernelTable* table : all_tables()) {
    for (const Case& c : all_cases()) {
      Group<float> got(c, kSmallGroup, 12);
      Group<float> want = got;
      for (int t = 0; t < 3; ++t) {
        ASSERT_TRUE(got.step(*table)) << c.label;
        got.step_reference(want);
      }
      expect_close_groups(got, want, 2e-5, 2e-6, std::string(table->name) + " float32 " + c.label);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(Optimizers, Avx2TableMatchesScalarTable) {
  const KernelTable* avx2 = kernels::avx2_table();
  if (avx2 == nullptr) GTEST_SKIP() << "no AVX2+FMA on this CPU";
  for (const Case& c : all_cases()) {
    Group<float> scalar(c, kSmallGroup, 13);
    Group<float> vector = scalar;
    Group<double> scalar64(c, kSmallGroup, 14);
    Group<double> vector64 = scalar64;
    for (int t = 0; t < 5; ++t) {
      ASSERT_TRUE(scalar.step(kernels::scalar_table()));
      ASSERT_TRUE(vector.step(*avx2));
      ASSERT_TRUE(scalar64.step(kernels::scalar_table()));
      ASSERT_TRUE(vector64.step(*avx2));
    }
    expect_close_groups(vector, scalar, 1e-5, 1e-6, "avx2 vs scalar float32 " + c.label);
    expect_close_groups(vector64, scalar64, 1e-13, 1e-15, "avx2 vs scalar float64 " + c.label);
    if (HasFatalFailure()) return;
  }
}

TEST(Optimizers, OneAndTwoThreadsGiveTheSameBitsAboveTheThreshold) {
  // Three segments, 70018 elements: above kOptimizerParallelThreshold, several chunks each.
  const std::vector<index_t> sizes{40000, 17, kernels::kOptimizerChunk + 13635};
  index_t total = 0;
  for (index_t n : sizes) total += n;
  ASSERT_GT(total, kernels::kOptimizerParallelThreshold);
  // Each algorithm's first case (every option off) and last (every option on).
  const auto cases = all_cases();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const bool first = i == 0 || cases[i - 1].code != c.code;
    const bool last = i + 1 == cases.size() || cases[i + 1].code != c.code;
    if (!first && !last) continue;
    const Group<float> start(c, sizes, 21);
    const Group<double> start64(c, sizes, 22);
    for (const KernelTable* table : all_tables()) {
      Group<float> one = start, two = start;
      Group<double> one64 = start64, two64 = start64;
      {
        ThreadCount threads(1);
        for (int t = 0; t < 2; ++t) {
          one.step(*table);
          one64.step(*table);
        }
      }
      {
        ThreadCount threads(2);
        for (int t = 0; t < 2; ++t) {
          two.step(*table);
          two64.step(*table);
        }
      }
      EXPECT_TRUE(bit_equal_groups(one, two)) << table->name << " float32 " << c.label;
      EXPECT_TRUE(bit_equal_groups(one64, two64)) << table->name << " float64 " << c.label;
      EXPECT_FALSE(bit_equal_groups(one, start)) << "the update changed nothing: " << c.label;
    }
  }
}

TEST(Optimizers, UnusedOptionalStatesAreReportedAndMayBeNull) {
  auto used = [](OptimizerAlgorithm a, const Named& h, const char* state) {
    const OptimizerLayout& l = layout_of(code_of(a));
    Named full = h;
    for (int i = 0; i < l.hyper_count; ++i) full.emplace(l.hyper[i], 0.0);
    const auto hyper = in_layout_order(l.hyper, l.hyper_count, full, l.name);
    for (int j = 0; j < l.state_count; ++j) {
      if (std::string(l.states[j]) == state) return kernels::optimizer_state_used(code_of(a), hyper.data(), j);
    }
    throw std::runtime_error(std::string("no state ") + state);
  };
  EXPECT_FALSE(used(OptimizerAlgorithm::Sgd, {{"momentum", 0}}, "momentumBuffer"));
  EXPECT_TRUE(used(OptimizerAlgorithm::Sgd, {{"momentum", 0.9}}, "momentumBuffer"));
  EXPECT_FALSE(used(OptimizerAlgorithm::RmsProp, {{"centered", 0}}, "gradAvg"));
  EXPECT_TRUE(used(OptimizerAlgorithm::RmsProp, {{"centered", 1}}, "gradAvg"));
  EXPECT_FALSE(used(OptimizerAlgorithm::RmsProp, {{"momentum", 0}}, "momentumBuffer"));
  EXPECT_TRUE(used(OptimizerAlgorithm::RmsProp, {{"momentum", 0.5}}, "momentumBuffer"));
  EXPECT_TRUE(used(OptimizerAlgorithm::RmsProp, {}, "squareAvg"));
  EXPECT_FALSE(used(OptimizerAlgorithm::Adam, {{"amsgrad", 0}}, "maxExpAvgSq"));
  EXPECT_TRUE(used(OptimizerAlgorithm::Adam, {{"amsgrad", 1}}, "maxExpAvgSq"));
  EXPECT_TRUE(used(OptimizerAlgorithm::Adam, {}, "expAvgSq"));
  for (const OptimizerLayout& l : kernels::kOptimizerLayouts) {
    const Named none;
    std::vector<double> zeros(static_cast<std::size_t>(l.hyper_count), 0.0);
    for (int j = 0; j < l.state_count; ++j) {
      const bool optional = !kernels::optimizer_state_used(static_cast<int>(l.algorithm), zeros.data(), j);
      const std::string s = l.states[j];
      const bool expected_optional = s == "momentumBuffer" || s == "gradAvg" || s == "maxExpAvgSq";
      EXPECT_EQ(optional, expected_optional) << l.name << " " << s;
    }
  }
  // Every case above ran with null for its unused states (Group leaves them empty); check that
  // a null state next to used ones is never written: a canary array placed where it would go.
  Case c{code_of(OptimizerAlgorithm::RmsProp), {{"lr", 0.01}, {"alpha", 0.9}, {"eps", 1e-8}, {"centered", 0}, {"momentum", 0},
                                                 {"nesterov", 0}, {"epsInside", 0}, {"weightDecay", 0}, {"maximize", 0}},
         "rmsprop plain"};
  for (const KernelTable* table : all_tables()) {
    Group<float> g(c, {64}, 5);
    ASSERT_TRUE(g.state[0][1].empty());
    ASSERT_TRUE(g.state[0][2].empty());
    Group<float> want = g;
    ASSERT_TRUE(g.step(*table));
    g.step_reference(want);
    expect_close_groups(g, want, 2e-6, 1e-7, std::string(table->name) + " rmsprop with null states");
  }
}

TEST(Optimizers, TheStepAdvancesTheScalarStateAndAFreshStateMayBeZero) {
  // NAdam's Π_0 and ASGD's η_0 = γ, μ_0 = 1 hold at step 0 whatever the state holds, so a
  // state of zeros steps exactly as one initialized as PyTorch does.
  const Case nadam{code_of(OptimizerAlgorithm::NAdam),
                   {{"lr", 0.01}, {"beta1", 0.9}, {"beta2", 0.99}, {"eps", 1e-8}, {"momentumDecay", 4e-3},
                    {"weightDecay", 0}, {"decoupled", 0}, {"maximize", 0}},
                   "nadam"};
  const Case asgd{code_of(OptimizerAlgorithm::Asgd),
                  {{"lr", 0.05}, {"lambd", 1e-2}, {"alpha", 0.75}, {"t0", 0}, {"weightDecay", 0}, {"maximize", 0},
                   {"averaging", 1}},
                  "asgd"};
  for (const auto& [c, initialized] : {std::pair{nadam, std::vector<double>{0, 1}},
                                       std::pair{asgd, std::vector<double>{0, 0.05, 1}}}) {
    for (const KernelTable* table : all_tables()) {
      Group<double> zeros(c, {5, 0, 9}, 3);
      for (auto& s : zeros.scalars) std::fill(s.begin(), s.end(), 0.0);
      Group<double> pytorch = zeros;
      for (auto& s : pytorch.scalars) s = initialized;
      for (int t = 0; t < 3; ++t) {
        ASSERT_TRUE(zeros.step(*table));
        ASSERT_TRUE(pytorch.step(*table));
      }
      EXPECT_TRUE(bit_equal_groups(zeros, pytorch)) << table->name << " " << c.label;
      for (std::size_t k = 0; k < zeros.scalars.size(); ++k) {
        EXPECT_EQ(zeros.scalars[k], pytorch.scalars[k]) << table->name << " " << c.label << " segment " << k;
        EXPECT_EQ(zeros.scalars[k][0], 3.0) << "every segment's step advances, the empty one too";
      }
    }
  }
}

TEST(Optimizers, LayoutTableAndUnknownCodes) {
  std::set<std::string> names;
  std::set<int> codes;
  for (const OptimizerLayout& l : kernels::kOptimizerLayouts) {
    EXPECT_TRUE(names.insert(l.name).second) << l.name;
    EXPECT_TRUE(codes.insert(static_cast<int>(l.algorithm)).second) << l.name;
    EXPECT_LE(l.state_count, kernels::kMaxOptimizerStates) << l.name;
    EXPECT_GE(l.state_count, 1) << l.name;
    EXPECT_EQ(l.hyper[l.hyper_count], nullptr) << l.name;
    EXPECT_EQ(l.states[l.state_count], nullptr) << l.name;
    EXPECT_EQ(l.scalars[l.scalar_count], nullptr) << l.name;
    EXPECT_EQ(kernels::optimizer_layout(static_cast<int>(l.algorithm)), &l);
  }
  EXPECT_EQ(names.size(), 11u);
  EXPECT_EQ(kernels::optimizer_layout(0), nullptr);
  EXPECT_EQ(kernels::optimizer_layout(99), nullptr);
  std::vector<float> p{1, 2}, g{1, 1};
  double pt[4] = {};
  OptimizerSegment seg{p.data(), g.data(), {nullptr, nullptr, nullptr}, 2, pt};
  double hyper[16] = {};
  EXPECT_FALSE(kernels::optimizer_step(kernels::scalar_table().optim, DType::Float32, 99, hyper, &seg, 1));
  EXPECT_EQ(p, (std::vector<float>{1, 2}));
  // No segments: nothing to do.
  EXPECT_TRUE(kernels::optimizer_step(kernels::scalar_table().optim, DType::Float32, code_of(OptimizerAlgorithm::Adam), hyper,
                                      nullptr, 0));
}

}  // namespace
}  // namespace descent::test
