// optimizerStep(code, hyper, params, paramOffsets, grads, gradOffsets, lengths, states, stateOffsets, perTensor)
//   One fused update of a parameter group (kernels/optim/optimizer_step.h). code names the
//   algorithm (optimizerInfo[name].code); hyper is a Float64Array of its group scalars; params,
//   paramOffsets, grads, gradOffsets and lengths describe `count` segments; states holds count·S
//   arrays or nulls (segment-major, S = the algorithm's state count) and stateOffsets their
//   offsets; perTensor is a Float64Array of count·P per-segment scalars. All arrays share one
//   float dtype. Written ranges (parameters, states) overlap nothing else in the call; gradients
//   may overlap each other.
// optimizerInfo: { [name]: { code, hyper: string[], states: string[], perTensor: string[] } }
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "args.h"
#include "bindings.h"
#include "dispatch/kernel_table.h"
#include "optim/optimizer_layout.h"
#include "optim/optimizer_step.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

class ListArgs {
 public:
  ListArgs(const Napi::CallbackInfo& info, const Args& args) : info_(info), args_(args) {}

  // Argument i as a JavaScript array of `expected` entries.
  Napi::Array list(std::size_t i, const char* name, std::size_t expected) const {
    if (i >= info_.Length() || !info_[i].IsArray()) args_.type_error(std::string(name) + " must be an array");
    Napi::Array a = info_[i].As<Napi::Array>();
    if (a.Length() != expected) {
      args_.range_error(std::string(name) + " has " + std::to_string(a.Length()) + " entries, expected " +
                        std::to_string(expected));
    }
    return a;
  }

  // Entry j of a list as a non-negative integer.
  index_t size(const Napi::Array& a, std::size_t j, const char* name) const {
    Napi::Value v = a.Get(static_cast<uint32_t>(j));
    auto what = [&] { return std::string(name) + "[" + std::to_string(j) + "]"; };
    if (!v.IsNumber()) args_.type_error(what() + " must be a number");
    const double d = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || d != std::floor(d) || d < 0 || d > static_cast<double>(Args::kMaxSize)) {
      args_.range_error(what() + " must be a non-negative integer, got " + number_text(d));
    }
    return static_cast<index_t>(d);
  }

  // Entry j of a list as a typed array of `dtype`, holding offset + n elements.
  ArrayArg array(const Napi::Array& a, std::size_t j, const char* name, DType dtype, index_t offset, index_t n) const {
    ArrayArg arr = args_.array_from(a.Get(static_cast<uint32_t>(j)), name);
    auto what = [&] { return std::string(name) + "[" + std::to_string(j) + "]"; };
    if (arr.dtype != dtype) {
      args_.type_error(what() + " is " + k::dtype_name(arr.dtype) + ", expected " + k::dtype_name(dtype));
    }
    if (offset + n > static_cast<index_t>(arr.length)) {
      args_.range_error(what() + ": offset " + std::to_string(offset) + " + " + std::to_string(n) +
                        " elements exceeds its length " + std::to_string(arr.length));
    }
    return arr;
  }

  bool is_null(const Napi::Array& a, std::size_t j) const {
    Napi::Value v = a.Get(static_cast<uint32_t>(j));
    return v.IsNull() || v.IsUndefined();
  }

 private:
  const Napi::CallbackInfo& info_;
  const Args& args_;
};

// A byte range the call touches, for the overlap check. Its name is spelled out only for an
// error message: kind "params", "grads" or a state's name, and the segment.
struct Touched {
  ByteRange range;
  bool written;
  const char* kind;
  std::size_t segment;

  std::string label() const {
    const std::string k(kind);
    if (k == "params" || k == "grads") return k + "[" + std::to_string(segment) + "]";
    return k + " of segment " + std::to_string(segment);
  }
};

void expect_no_conflicts(const Args& args, std::vector<Touched>& touched) {
  std::sort(touched.begin(), touched.end(),
            [](const Touched& a, const Touched& b) { return a.range.begin < b.range.begin; });
  const char* end_any = nullptr;
  const char* end_written = nullptr;
  const Touched* last_any = nullptr;
  const Touched* last_written = nullptr;
  for (const Touched& t : touched) {
    if (t.range.begin == t.range.end) continue;
    if (t.written && end_any != nullptr && t.range.begin < end_any) {
      args.range_error(t.label() + " overlaps " + last_any->label());
    }
    if (!t.written && end_written != nullptr && t.range.begin < end_written) {
      args.range_error(t.label() + " overlaps " + last_written->label());
    }
    if (end_any == nullptr || t.range.end > end_any) {
      end_any = t.range.end;
      last_any = &t;
    }
    if (t.written && (end_written == nullptr || t.range.end > end_written)) {
      end_written = t.range.end;
      last_written = &t;
    }
  }
}

Napi::Value optimizer_step(const Napi::CallbackInfo& info) {
  Args args(info, "optimizerStep");
  ListArgs lists(info, args);
  const index_t code = args.integer(0, "code", 0, 1 << 20);
  const k::OptimizerLayout* layout = k::optimizer_layout(static_cast<int>(code));
  if (layout == nullptr) args.range_error("unknown optimizer code " + std::to_string(code));
  const ArrayArg hyper = args.array(1, "hyper");
  if (hyper.dtype != DType::Float64 || hyper.length != static_cast<std::size_t>(layout->hyper_count)) {
    args.type_error(std::string("hyper must be a Float64Array of ") + std::to_string(layout->hyper_count) +
                    " values for " + layout->name);
  }
  const double* h = static_cast<const double*>(hyper.data);

  if (info.Length() < 3 || !info[2].IsArray()) args.type_error("params must be an array");
  const std::size_t count = info[2].As<Napi::Array>().Length();
  const std::size_t S = static_cast<std::size_t>(layout->state_count);
  const std::size_t P = static_cast<std::size_t>(layout->per_tensor_count);
  Napi::Array params = lists.list(2, "params", count);
  Napi::Array param_offsets = lists.list(3, "paramOffsets", count);
  Napi::Array grads = lists.list(4, "grads", count);
  Napi::Array grad_offsets = lists.list(5, "gradOffsets", count);
  Napi::Array lengths = lists.list(6, "lengths", count);
  Napi::Array states = lists.list(7, "states", count * S);
  Napi::Array state_offsets = lists.list(8, "stateOffsets", count * S);
  const ArrayArg per_tensor = args.array(9, "perTensor");
  if (per_tensor.dtype != DType::Float64 || per_tensor.length != count * P) {
    args.type_error("perTensor must be a Float64Array of " + std::to_string(count * P) + " values (" +
                    std::to_string(P) + " per segment for " + layout->name + ")");
  }
  const double* pt = static_cast<const double*>(per_tensor.data);

  bool needed[k::kMaxOptimizerStates] = {};
  for (std::size_t s = 0; s < S; ++s) needed[s] = k::optimizer_state_used(static_cast<int>(code), h, static_cast<int>(s));

  std::vector<k::OptimizerSegment> segments(count);
  std::vector<Touched> touched;
  touched.reserve(count * (2 + S));
  DType dtype = DType::Float32;
  for (std::size_t i = 0; i < count; ++i) {
    const index_t n = lists.size(lengths, i, "lengths");
    const index_t po = lists.size(param_offsets, i, "paramOffsets");
    if (i == 0) {
      const ArrayArg first = args.array_from(params.Get(0u), "params");
      if (first.dtype == DType::Int32) args.type_error("params[0] must be a Float32Array or Float64Array, got int32");
      dtype = first.dtype;
    }
    const ArrayArg p = lists.array(params, i, "params", dtype, po, n);
    const index_t go = lists.size(grad_offsets, i, "gradOffsets");
    const ArrayArg g = lists.array(grads, i, "grads", dtype, go, n);
    k::OptimizerSegment& seg = segments[i];
    seg.param = p.at(po);
    seg.grad = g.at(go);
    seg.n = n;
    seg.per_tensor = pt + i * P;
    touched.push_back({byte_range(p, po, n), true, "params", i});
    touched.push_back({byte_range(g, go, n), false, "grads", i});
    for (std::size_t s = 0; s < k::kMaxOptimizerStates; ++s) seg.state[s] = nullptr;
    for (std::size_t s = 0; s < S; ++s) {
      const std::size_t j = i * S + s;
      if (lists.is_null(states, j)) {
        if (needed[s] && n > 0) {
          args.type_error(std::string("states[") + std::to_string(j) + "] (" + layout->states[s] + " of segment " +
                          std::to_string(i) + ") is null, but " + layout->name + " with these options updates it");
        }
        continue;
      }
      const index_t so = lists.size(state_offsets, j, "stateOffsets");
      const ArrayArg st = lists.array(states, j, "states", dtype, so, n);
      seg.state[s] = st.at(so);
      touched.push_back({byte_range(st, so, n), true, layout->states[s], i});
    }
  }
  expect_no_conflicts(args, touched);
  k::optimizer_step(k::active_table(), dtype, static_cast<int>(code), h, segments.data(),
                    static_cast<index_t>(count));
  return info.Env().Undefined();
}

Napi::Array names_of(Napi::Env env, const char* const* names, int count) {
  Napi::Array a = Napi::Array::New(env, static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) a.Set(static_cast<uint32_t>(i), Napi::String::New(env, names[i]));
  return a;
}

}  // namespace

void register_optim(Napi::Env env, Napi::Object exports) {
  exports.Set("optimizerStep", Napi::Function::New(env, optimizer_step, "optimizerStep"));
  Napi::Object table = Napi::Object::New(env);
  for (const k::OptimizerLayout& l : k::kOptimizerLayouts) {
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("code", Napi::Number::New(env, static_cast<int>(l.algorithm)));
    entry.Set("hyper", names_of(env, l.hyper, l.hyper_count));
    entry.Set("states", names_of(env, l.states, l.state_count));
    entry.Set("perTensor", names_of(env, l.per_tensor, l.per_tensor_count));
    entry.Freeze();
    table.Set(l.name, entry);
  }
  table.Freeze();
  exports.Set("optimizerInfo", table);
}

}  // namespace descent::addon
