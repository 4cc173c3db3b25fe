// optimizerStep(code; hyper, scalars w, params[] w, grads[], states[] w): one fused update of
// a parameter group (optim/optimizer_step.h). code names the algorithm (optimizerInfo[name]
// .code); hyper is a Float64Array of its H group scalars; scalars a Float64Array [count, P] of
// each segment's scalar state, advanced in place; params and grads hold `count` 1-D contiguous
// segments; states count·S (segment-major, S = the algorithm's state count), null where the
// options leave a buffer unused. All float arrays share one dtype. Written ranges (parameters,
// states, scalars) overlap nothing else in the call; gradients may overlap each other.
// optimizerInfo: { [name]: { code, hyper: string[], states: string[], scalars: string[] } }
#include <algorithm>
#include <string>
#include <vector>

#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "exports.h"
#include "optim/optimizer_step.h"
#include "optim/optimizers.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// A byte range the call touches, for the overlap check. Its name is spelled out only for an
// error message.
struct Touched {
  ByteRange range;
  bool written;
  const TensorArg* tensor;
  const char* state;  // the state's name for a state buffer, else null
  std::size_t segment;

  std::string label() const {
    if (state == nullptr) return tensor->label();
    return std::string(state) + " of segment " + std::to_string(segment);
  }
};

void expect_no_conflicts(const Reader& r, std::vector<Touched>& touched) {
  std::sort(touched.begin(), touched.end(),
            [](const Touched& a, const Touched& b) { return a.range.begin < b.range.begin; });
  const char* end_any = nullptr;
  const char* end_written = nullptr;
  const Touched* last_any = nullptr;
  const Touched* last_written = nullptr;
  for (const Touched& t : touched) {
    if (t.range.begin == t.range.end) continue;
    if (t.written && end_any != nullptr && t.range.begin < end_any) {
      r.range_error(t.label() + " overlaps " + last_any->label());
    }
    if (!t.written && end_written != nullptr && t.range.begin < end_written) {
      r.range_error(t.label() + " overlaps " + last_written->label());
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

// A segment's array: contiguous, of the group's dtype, n elements.
void expect_segment(const Reader& r, const TensorArg& t, DType dtype, index_t n, const TensorArg& param) {
  if (t.dtype != dtype) {
    r.type_error(t.label() + " is " + k::dtype_name(t.dtype) + ", expected " + k::dtype_name(dtype));
  }
  r.expect_contiguous(t);
  if (t.numel != n) {
    r.range_error(t.label() + " has " + std::to_string(t.numel) + " elements, " + param.label() + " has " +
                  std::to_string(n));
  }
}

Napi::Array names_of(Napi::Env env, const char* const* names, int count) {
  Napi::Array a = Napi::Array::New(env, static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) a.Set(static_cast<uint32_t>(i), Napi::String::New(env, names[i]));
  return a;
}

}  // namespace

Napi::Value bind_optimizer_step(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("optimizerStep");
  constexpr int kCode = e.option("code");
  constexpr int kHyper = e.tensor("hyper"), kScalars = e.tensor("scalars"), kParams = e.tensor("params");
  constexpr int kGrads = e.tensor("grads"), kStates = e.tensor("states");
  const int code = static_cast<int>(r.integer(kCode));
  const k::OptimizerLayout* layout = k::optimizer_layout(code);
  if (layout == nullptr) r.range_error("unknown optimizer code " + std::to_string(code));
  const TensorArg& hyper = r.tensor(kHyper);
  if (hyper.dtype != DType::Float64 || !hyper.contiguous() || hyper.numel != layout->hyper_count) {
    r.type_error(std::string("hyper must be a Float64Array of ") + std::to_string(layout->hyper_count) +
                 " values for " + layout->name);
  }
  const double* h = hyper.as<double>();
  const std::size_t count = r.count(kParams);
  const std::size_t S = static_cast<std::size_t>(layout->state_count);
  const std::size_t P = static_cast<std::size_t>(layout->scalar_count);
  if (r.count(kGrads) != count) {
    r.range_error("grads has " + std::to_string(r.count(kGrads)) + " entries, expected " + std::to_string(count));
  }
  if (r.count(kStates) != count * S) {
    r.range_error("states has " + std::to_string(r.count(kStates)) + " entries, expected " + std::to_string(count * S));
  }
  const TensorArg& scalars = r.tensor(kScalars);
  const bool scalars_fit = static_cast<std::size_t>(scalars.numel) == count * P;
  if (scalars.dtype != DType::Float64 || !scalars.contiguous() || !scalars_fit) {
    r.type_error("scalars must be a Float64Array of " + std::to_string(count * P) + " values (" + std::to_string(P) +
                 " per segment for " + layout->name + ")");
  }
  double* s = scalars.as<double>();

  bool needed[k::kMaxOptimizerStates] = {};
  for (std::size_t j = 0; j < S; ++j) needed[j] = layout->state_used(h, static_cast<int>(j));

  std::vector<k::OptimizerSegment> segments(count);
  std::vector<Touched> touched;
  touched.reserve(2 + count * (2 + S));
  touched.push_back({hyper.bytes(), false, &hyper, nullptr, 0});
  touched.push_back({scalars.bytes(), true, &scalars, nullptr, 0});
  DType dtype = DType::Float32;
  for (std::size_t i = 0; i < count; ++i) {
    const TensorArg& p = r.element(kParams, i);
    if (i == 0) {
      if (p.dtype == DType::Int32) r.type_error("params[0] must be a Float32Array or Float64Array, got int32");
      dtype = p.dtype;
    }
    const index_t n = p.numel;
    expect_segment(r, p, dtype, n, p);
    const TensorArg& g = r.element(kGrads, i);
    expect_segment(r, g, dtype, n, p);
    k::OptimizerSegment& seg = segments[i];
    seg.param = p.at();
    seg.grad = g.at();
    seg.n = n;
    seg.scalars = s + i * P;
    touched.push_back({p.bytes(), true, &p, nullptr, i});
    touched.push_back({g.bytes(), false, &g, nullptr, i});
    for (std::size_t j = 0; j < k::kMaxOptimizerStates; ++j) seg.state[j] = nullptr;
    for (std::size_t j = 0; j < S; ++j) {
      const TensorArg& st = r.element(kStates, i * S + j);
      if (!st.present) {
        if (needed[j] && n > 0) {
          r.type_error(st.label() + " (" + layout->states[j] + " of segment " + std::to_string(i) + ") is null, but " +
                       layout->name + " with these options updates it");
        }
        continue;
      }
      expect_segment(r, st, dtype, n, p);
      seg.state[j] = st.at();
      touched.push_back({st.bytes(), true, &st, layout->states[j], i});
    }
  }
  expect_no_conflicts(r, touched);
  k::optimizer_step(k::active_table().optim, dtype, code, h, segments.data(), static_cast<index_t>(count));
  return {};
}

Napi::Object optimizer_info(Napi::Env env) {
  Napi::Object table = Napi::Object::New(env);
  for (const k::OptimizerLayout& l : k::kOptimizerLayouts) {
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("code", Napi::Number::New(env, static_cast<int>(l.algorithm)));
    entry.Set("hyper", names_of(env, l.hyper, l.hyper_count));
    entry.Set("states", names_of(env, l.states, l.state_count));
    entry.Set("scalars", names_of(env, l.scalars, l.scalar_count));
    entry.Freeze();
    table.Set(l.name, entry);
  }
  table.Freeze();
  return table;
}

}  // namespace descent::addon
