// batchNormStats(x, xOffset, n, c, l, eps, mean, meanOffset, var | null, varOffset, invstd | null, invstdOffset)
// batchNormApply(x, xOffset, n, c, l, mean, meanOffset, invstd, invstdOffset, gamma | null, gammaOffset,
//                beta | null, betaOffset, y, yOffset)
// batchNormBackward(g, gOffset, x, xOffset, n, c, l, mean, meanOffset, invstd, invstdOffset, gamma | null,
//                   gammaOffset, training, dx | null, dxOffset, dgamma | null, dgammaOffset, dbeta | null,
//                   dbetaOffset)
// groupNormStats(x, xOffset, n, c, s, groups, eps, mean, meanOffset, var | null, varOffset, invstd | null,
//                invstdOffset)
// groupNormApply(x, xOffset, n, c, s, groups, mean, meanOffset, invstd, invstdOffset, gamma | null, gammaOffset,
//                beta | null, betaOffset, y, yOffset)
// groupNormBackward(g, gOffset, x, xOffset, n, c, s, groups, mean, meanOffset, invstd, invstdOffset,
//                   gamma | null, gammaOffset, dx | null, dxOffset, dgamma | null, dgammaOffset, dbeta | null,
//                   dbetaOffset)
//
// x, y, g and dx are contiguous [n, c, l] (batch norm; l = 1 for [N, C] input) or [n, c, s]
// (group norm; s = the product of the spatial sizes). Statistics (mean, var, invstd) hold c
// entries for batch norm and n·groups for group norm; gamma, beta, dgamma and dbeta hold c.
// Every array has x's dtype (float32 or float64); outputs overlap no input and no other output.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "args.h"
#include "bindings.h"
#include "norm/batch_norm.h"
#include "norm/group_norm.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// An array argument, its offset, and (once checked) the bytes the call touches.
struct Operand {
  ArrayArg array;
  index_t offset;
  bool present;  // false for a null optional argument
  ByteRange range;

  // The first element, or null when absent (or empty: the call then touches none of it).
  void* at() const { return present && array.data != nullptr ? array.at(offset) : nullptr; }
};

class NormArgs {
 public:
  NormArgs(const Napi::CallbackInfo& info, const char* op) : info_(info), args_(info, op) {}
  const Args& args() const { return args_; }

  // The tensor that sets the dtype: float32 or float64.
  Operand tensor(std::size_t i, const char* name, const char* offset_name) {
    Operand o = required(i, name, offset_name);
    if (o.array.dtype == DType::Int32) {
      args_.type_error(std::string(name) + " must be a Float32Array or Float64Array, got int32");
    }
    dtype_ = o.array.dtype;
    return o;
  }
  // A required array at i, its offset at i + 1.
  Operand required(std::size_t i, const char* name, const char* offset_name) {
    return Operand{args_.array(i, name), args_.size(i + 1, offset_name), true, {nullptr, nullptr}};
  }
  // An array or null at i, its offset at i + 1.
  Operand optional(std::size_t i, const char* name, const char* offset_name) {
    const bool present = i < info_.Length() && !info_[i].IsNull() && !info_[i].IsUndefined();
    return Operand{args_.optional_array(i, name), args_.size(i + 1, offset_name), present, {nullptr, nullptr}};
  }
  // Checks dtype and bounds for `count` elements and records the byte range.
  void expect(Operand& o, index_t count) const {
    if (!o.present) return;
    args_.expect_dtype(o.array, dtype_);
    args_.expect_fits(o.array, o.offset, count);
    o.range = byte_range(o.array, o.offset, count);
  }
  // Rejects outputs overlapping an input or each other.
  void expect_disjoint(const std::vector<const Operand*>& outputs, const std::vector<const Operand*>& inputs) const {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      for (const Operand* in : inputs) {
        if (overlaps(outputs[i]->range, in->range)) {
          args_.range_error(std::string(outputs[i]->array.name) + " overlaps " + in->array.name);
        }
      }
      for (std::size_t j = i + 1; j < outputs.size(); ++j) {
        if (overlaps(outputs[i]->range, outputs[j]->range)) {
          args_.range_error(std::string(outputs[i]->array.name) + " overlaps " + outputs[j]->array.name);
        }
      }
    }
  }
  // n·c·l, refusing shapes no array could hold (sizes of 0 count as 1, so that n·groups and
  // the other partial products stay small too).
  index_t volume(index_t n, index_t c, index_t l, const char* what) const {
    const auto at_least_1 = [](index_t v) { return static_cast<long double>(v > 0 ? v : 1); };
    if (at_least_1(n) * at_least_1(c) * at_least_1(l) > static_cast<long double>(Args::kMaxSize)) {
      args_.range_error(std::string(what) + " is too large");
    }
    return n * c * l;
  }
  double eps(std::size_t i) const {
    const double v = args_.number(i, "eps");
    if (!(std::isfinite(v) && v > 0)) args_.range_error("eps must be a positive finite number, got " + number_text(v));
    return v;
  }
  // groups >= 1 dividing c.
  index_t groups(std::size_t i, index_t c) const {
    const index_t g = args_.integer(i, "groups", 1, Args::kMaxSize);
    if (c % g != 0 || g > std::max<index_t>(c, 1)) {
      args_.range_error("groups (" + std::to_string(g) + ") must divide the channel count c (" + std::to_string(c) +
                        ")");
    }
    return g;
  }
  DType dtype() const { return dtype_; }

 private:
  const Napi::CallbackInfo& info_;
  Args args_;
  DType dtype_ = DType::Float32;
};

// Statistics: x [n, c, l] -> `sets` entries of mean, var, invstd.
Napi::Value norm_stats(const Napi::CallbackInfo& info, const char* op, bool group) {
  NormArgs a(info, op);
  Operand x = a.tensor(0, "x", "xOffset");
  const index_t n = a.args().size(2, "n"), c = a.args().size(3, "c"), l = a.args().size(4, group ? "s" : "l");
  const std::size_t p = group ? 6 : 5;
  const index_t groups = group ? a.groups(5, c) : 1;
  const double eps = a.eps(p);
  Operand mean = a.required(p + 1, "mean", "meanOffset");
  Operand var = a.optional(p + 3, "var", "varOffset");
  Operand invstd = a.optional(p + 5, "invstd", "invstdOffset");
  const index_t size = a.volume(n, c, l, group ? "n·c·s" : "n·c·l");
  const index_t sets = group ? n * groups : c;
  a.expect(x, size);
  a.expect(mean, sets);
  a.expect(var, sets);
  a.expect(invstd, sets);
  a.expect_disjoint({&mean, &var, &invstd}, {&x});
  if (group) {
    k::group_norm_stats(k::active_table(), a.dtype(), x.at(), n, c, l, groups, eps, mean.at(), var.at(), invstd.at());
  } else {
    k::batch_norm_stats(k::active_table(), a.dtype(), x.at(), n, c, l, eps, mean.at(), var.at(), invstd.at());
  }
  return info.Env().Undefined();
}

Napi::Value norm_apply(const Napi::CallbackInfo& info, const char* op, bool group) {
  NormArgs a(info, op);
  Operand x = a.tensor(0, "x", "xOffset");
  const index_t n = a.args().size(2, "n"), c = a.args().size(3, "c"), l = a.args().size(4, group ? "s" : "l");
  const std::size_t p = group ? 6 : 5;
  const index_t groups = group ? a.groups(5, c) : 1;
  Operand mean = a.required(p, "mean", "meanOffset");
  Operand invstd = a.required(p + 2, "invstd", "invstdOffset");
  Operand gamma = a.optional(p + 4, "gamma", "gammaOffset");
  Operand beta = a.optional(p + 6, "beta", "betaOffset");
  Operand y = a.required(p + 8, "y", "yOffset");
  const index_t size = a.volume(n, c, l, group ? "n·c·s" : "n·c·l");
  const index_t sets = group ? n * groups : c;
  a.expect(x, size);
  a.expect(mean, sets);
  a.expect(invstd, sets);
  a.expect(gamma, c);
  a.expect(beta, c);
  a.expect(y, size);
  a.expect_disjoint({&y}, {&x, &mean, &invstd, &gamma, &beta});
  if (group) {
    k::group_norm_apply(k::active_table(), a.dtype(), x.at(), n, c, l, groups, mean.at(), invstd.at(), gamma.at(),
                        beta.at(), y.at());
  } else {
    k::batch_norm_apply(k::active_table(), a.dtype(), x.at(), n, c, l, mean.at(), invstd.at(), gamma.at(), beta.at(),
                        y.at());
  }
  return info.Env().Undefined();
}

Napi::Value norm_backward(const Napi::CallbackInfo& info, const char* op, bool group) {
  NormArgs a(info, op);
  Operand g = a.tensor(0, "g", "gOffset");
  Operand x = a.required(2, "x", "xOffset");
  const index_t n = a.args().size(4, "n"), c = a.args().size(5, "c"), l = a.args().size(6, group ? "s" : "l");
  const std::size_t p = group ? 8 : 7;
  const index_t groups = group ? a.groups(7, c) : 1;
  Operand mean = a.required(p, "mean", "meanOffset");
  Operand invstd = a.required(p + 2, "invstd", "invstdOffset");
  Operand gamma = a.optional(p + 4, "gamma", "gammaOffset");
  // batchNormBackward has `training` before the outputs; group norm always uses batch statistics.
  const std::size_t q = group ? p + 6 : p + 7;
  const bool training = group ? true : a.args().boolean(p + 6, "training");
  Operand dx = a.optional(q, "dx", "dxOffset");
  Operand dgamma = a.optional(q + 2, "dgamma", "dgammaOffset");
  Operand dbeta = a.optional(q + 4, "dbeta", "dbetaOffset");
  const index_t size = a.volume(n, c, l, group ? "n·c·s" : "n·c·l");
  const index_t sets = group ? n * groups : c;
  a.expect(g, size);
  a.expect(x, size);
  a.expect(mean, sets);
  a.expect(invstd, sets);
  a.expect(gamma, c);
  a.expect(dx, size);
  a.expect(dgamma, c);
  a.expect(dbeta, c);
  a.expect_disjoint({&dx, &dgamma, &dbeta}, {&g, &x, &mean, &invstd, &gamma});
  if (group) {
    k::group_norm_backward(k::active_table(), a.dtype(), g.at(), x.at(), n, c, l, groups, mean.at(), invstd.at(),
                           gamma.at(), dx.at(), dgamma.at(), dbeta.at());
  } else {
    k::batch_norm_backward(k::active_table(), a.dtype(), g.at(), x.at(), n, c, l, mean.at(), invstd.at(), gamma.at(),
                           training, dx.at(), dgamma.at(), dbeta.at());
  }
  return info.Env().Undefined();
}

Napi::Value batch_norm_stats(const Napi::CallbackInfo& info) { return norm_stats(info, "batchNormStats", false); }
Napi::Value batch_norm_apply(const Napi::CallbackInfo& info) { return norm_apply(info, "batchNormApply", false); }
Napi::Value batch_norm_backward(const Napi::CallbackInfo& info) {
  return norm_backward(info, "batchNormBackward", false);
}
Napi::Value group_norm_stats(const Napi::CallbackInfo& info) { return norm_stats(info, "groupNormStats", true); }
Napi::Value group_norm_apply(const Napi::CallbackInfo& info) { return norm_apply(info, "groupNormApply", true); }
Napi::Value group_norm_backward(const Napi::CallbackInfo& info) {
  return norm_backward(info, "groupNormBackward", true);
}

}  // namespace

void register_norm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNormStats", Napi::Function::New(env, batch_norm_stats, "batchNormStats"));
  exports.Set("batchNormApply", Napi::Function::New(env, batch_norm_apply, "batchNormApply"));
  exports.Set("batchNormBackward", Napi::Function::New(env, batch_norm_backward, "batchNormBackward"));
  exports.Set("groupNormStats", Napi::Function::New(env, group_norm_stats, "groupNormStats"));
  exports.Set("groupNormApply", Napi::Function::New(env, group_norm_apply, "groupNormApply"));
  exports.Set("groupNormBackward", Napi::Function::New(env, group_norm_backward, "groupNormBackward"));
}

}  // namespace descent::addon
