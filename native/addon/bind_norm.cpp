// Batch and group normalization (norm/). x, y, g and dx are contiguous [n, c, l] (batch norm;
// l = 1 for [N, C] input) or [n, c, s] (group norm; s = the product of the spatial sizes).
// The statistics (mean, var, invstd) hold c values for batch norm and n·groups for group norm;
// gamma, beta, dgamma and dbeta hold c; all contiguous. Every array has x's dtype (float32 or
// float64); outputs overlap no input and no other output; ? marks an optional slot.
// batchNormStats(eps; x, mean w, var? w, invstd? w)
// batchNormApply(; x, mean, invstd, gamma?, beta?, y w)
// batchNormBackward(training; g, x, mean, invstd, gamma?, dx? w, dgamma? w, dbeta? w)
// groupNormStats(groups, eps; x, mean w, var? w, invstd? w)
// groupNormApply(groups; x, mean, invstd, gamma?, beta?, y w)
// groupNormBackward(groups; g, x, mean, invstd, gamma?, dx? w, dgamma? w, dbeta? w)
#include <algorithm>
#include <cmath>
#include <string>

#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "norm/batch_norm.h"
#include "norm/group_norm.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// The sizes of one call, checked against the tensor that sets them (x, or g for backward).
struct NormShape {
  DType dtype;
  index_t n, c, l, groups, sets;  // sets: entries per statistic (c, or n·groups)
};

NormShape read_shape(const Reader& r, const TensorArg& lead, bool group, index_t groups) {
  if (lead.dtype == DType::Int32) r.type_error(lead.label() + " must be a Float32Array or Float64Array, got int32");
  r.expect_ndim(lead, 3, group ? "[n, c, s]" : "[n, c, l]");
  r.expect_contiguous(lead);
  const index_t n = lead.dim(0), c = lead.dim(1), l = lead.dim(2);
  // Sizes of 0 count as 1, so that n·groups and the other partial products stay small too.
  const auto at_least_1 = [](index_t v) { return static_cast<long double>(v > 0 ? v : 1); };
  if (at_least_1(n) * at_least_1(c) * at_least_1(l) > static_cast<long double>(kMaxSize)) {
    r.range_error(std::string(group ? "n·c·s" : "n·c·l") + " is too large");
  }
  if (group && (c % groups != 0 || groups > std::max<index_t>(c, 1))) {
    r.range_error("groups (" + std::to_string(groups) + ") must divide the channel count c (" + std::to_string(c) +
                  ")");
  }
  return NormShape{lead.dtype, n, c, l, groups, group ? n * groups : c};
}

// A present operand: the call's dtype, contiguous, `count` elements (for a same-shaped tensor,
// `like`'s shape).
void expect_operand(const Reader& r, const NormShape& s, const TensorArg& t, index_t count, const TensorArg* like) {
  if (!t.present) return;
  r.expect_dtype(t, s.dtype);
  r.expect_contiguous(t);
  if (like != nullptr) {
    r.expect_shape(t, like->shape);
  } else if (t.numel != count) {
    r.range_error(t.label() + " must hold " + std::to_string(count) + " values, got shape " + describe(t.shape));
  }
}

// Outputs overlap no input and no other output.
void expect_disjoint(const Reader& r, std::initializer_list<const TensorArg*> outputs,
                     std::initializer_list<const TensorArg*> inputs) {
  for (auto o = outputs.begin(); o != outputs.end(); ++o) {
    for (const TensorArg* in : inputs) {
      if (overlaps((*o)->bytes(), in->bytes())) r.range_error((*o)->label() + " overlaps " + in->label());
    }
    for (auto p = o + 1; p != outputs.end(); ++p) {
      if (overlaps((*o)->bytes(), (*p)->bytes())) r.range_error((*o)->label() + " overlaps " + (*p)->label());
    }
  }
}

double read_eps(const Reader& r, int option) {
  const double v = r.number(option);
  if (!(std::isfinite(v) && v > 0)) r.range_error("eps must be a positive finite number, got " + number_text(v));
  return v;
}

// The indices of an entry's options and slots, found at compile time (-1: the entry has none).
struct Slots {
  int groups, eps, training;
  int g, x, mean, var, invstd, gamma, beta, y, dx, dgamma, dbeta;
};

constexpr int find_option(const EntryPoint& e, const char* name) {
  for (int i = 0; i < e.option_count; ++i) {
    if (same_name(e.options[i].name, name)) return i;
  }
  return -1;
}
constexpr int find_tensor(const EntryPoint& e, const char* name) {
  for (int i = 0; i < e.tensor_count; ++i) {
    if (same_name(e.tensors[i].name, name)) return i;
  }
  return -1;
}
constexpr Slots slots_of(const EntryPoint& e) {
  return Slots{find_option(e, "groups"), find_option(e, "eps"),    find_option(e, "training"),
               find_tensor(e, "g"),      find_tensor(e, "x"),      find_tensor(e, "mean"),
               find_tensor(e, "var"),    find_tensor(e, "invstd"), find_tensor(e, "gamma"),
               find_tensor(e, "beta"),   find_tensor(e, "y"),      find_tensor(e, "dx"),
               find_tensor(e, "dgamma"), find_tensor(e, "dbeta")};
}

template <bool Group> Napi::Value stats(const Reader& r, const Slots& e) {
  const TensorArg& x = r.tensor(e.x);
  const TensorArg& mean = r.tensor(e.mean);
  const TensorArg& var = r.tensor(e.var);
  const TensorArg& invstd = r.tensor(e.invstd);
  const NormShape s = read_shape(r, x, Group, Group ? r.integer(e.groups) : 1);
  const double eps = read_eps(r, e.eps);
  for (const TensorArg* t : {&mean, &var, &invstd}) expect_operand(r, s, *t, s.sets, nullptr);
  expect_disjoint(r, {&mean, &var, &invstd}, {&x});
  const k::NormKernelSet& kernels = k::active_table().norm;
  if (Group) {
    k::group_norm_stats(kernels, s.dtype, x.at(), s.n, s.c, s.l, s.groups, eps, mean.at(), var.at(), invstd.at());
  } else {
    k::batch_norm_stats(kernels, s.dtype, x.at(), s.n, s.c, s.l, eps, mean.at(), var.at(), invstd.at());
  }
  return {};
}

template <bool Group> Napi::Value apply(const Reader& r, const Slots& e) {
  const TensorArg& x = r.tensor(e.x);
  const TensorArg& mean = r.tensor(e.mean);
  const TensorArg& invstd = r.tensor(e.invstd);
  const TensorArg& gamma = r.tensor(e.gamma);
  const TensorArg& beta = r.tensor(e.beta);
  const TensorArg& y = r.tensor(e.y);
  const NormShape s = read_shape(r, x, Group, Group ? r.integer(e.groups) : 1);
  expect_operand(r, s, mean, s.sets, nullptr);
  expect_operand(r, s, invstd, s.sets, nullptr);
  expect_operand(r, s, gamma, s.c, nullptr);
  expect_operand(r, s, beta, s.c, nullptr);
  expect_operand(r, s, y, 0, &x);
  expect_disjoint(r, {&y}, {&x, &mean, &invstd, &gamma, &beta});
  const k::NormKernelSet& kernels = k::active_table().norm;
  if (Group) {
    k::group_norm_apply(kernels, s.dtype, x.at(), s.n, s.c, s.l, s.groups, mean.at(), invstd.at(), gamma.at(),
                        beta.at(), y.at());
  } else {
    k::batch_norm_apply(kernels, s.dtype, x.at(), s.n, s.c, s.l, mean.at(), invstd.at(), gamma.at(), beta.at(), y.at());
  }
  return {};
}

template <bool Group> Napi::Value backward(const Reader& r, const Slots& e) {
  const TensorArg& g = r.tensor(e.g);
  const TensorArg& x = r.tensor(e.x);
  const TensorArg& mean = r.tensor(e.mean);
  const TensorArg& invstd = r.tensor(e.invstd);
  const TensorArg& gamma = r.tensor(e.gamma);
  const TensorArg& dx = r.tensor(e.dx);
  const TensorArg& dgamma = r.tensor(e.dgamma);
  const TensorArg& dbeta = r.tensor(e.dbeta);
  // Group norm always uses batch statistics.
  const bool training = Group || r.flag(e.training);
  const NormShape s = read_shape(r, g, Group, Group ? r.integer(e.groups) : 1);
  expect_operand(r, s, x, 0, &g);
  expect_operand(r, s, mean, s.sets, nullptr);
  expect_operand(r, s, invstd, s.sets, nullptr);
  expect_operand(r, s, gamma, s.c, nullptr);
  expect_operand(r, s, dx, 0, &g);
  expect_operand(r, s, dgamma, s.c, nullptr);
  expect_operand(r, s, dbeta, s.c, nullptr);
  expect_disjoint(r, {&dx, &dgamma, &dbeta}, {&g, &x, &mean, &invstd, &gamma});
  const k::NormKernelSet& kernels = k::active_table().norm;
  if (Group) {
    k::group_norm_backward(kernels, s.dtype, g.at(), x.at(), s.n, s.c, s.l, s.groups, mean.at(), invstd.at(),
                           gamma.at(), dx.at(), dgamma.at(), dbeta.at());
  } else {
    k::batch_norm_backward(kernels, s.dtype, g.at(), x.at(), s.n, s.c, s.l, mean.at(), invstd.at(), gamma.at(),
                           training, dx.at(), dgamma.at(), dbeta.at());
  }
  return {};
}

}  // namespace

Napi::Value bind_batch_norm_stats(const Reader& r) {
  constexpr Slots kSlots = slots_of(entry_point("batchNormStats"));
  return stats<false>(r, kSlots);
}
Napi::Value bind_batch_norm_apply(const Reader& r) {
  constexpr Slots kSlots = slots_of(entry_point("batchNormApply"));
  return apply<false>(r, kSlots);
}
Napi::Value bind_batch_norm_backward(const Reader& r) {
  constexpr Slots kSlots = slots_of(entry_point("batchNormBackward"));
  return backward<false>(r, kSlots);
}
Napi::Value bind_group_norm_stats(const Reader& r) {
  constexpr Slots kSlots = slots_of(entry_point("groupNormStats"));
  return stats<true>(r, kSlots);
}
Napi::Value bind_group_norm_apply(const Reader& r) {
  constexpr Slots kSlots = slots_of(entry_point("groupNormApply"));
  return apply<true>(r, kSlots);
}
Napi::Value bind_group_norm_backward(const Reader& r) {
  constexpr Slots kSlots = slots_of(entry_point("groupNormBackward"));
  return backward<true>(r, kSlots);
}

}  // namespace descent::addon
