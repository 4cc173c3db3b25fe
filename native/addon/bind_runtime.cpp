// Runtime controls: threads, instruction-set tables, scratch memory, the FMA peak, and the
// operation codes JavaScript uses for the element-wise and reduction entry points.
#include <string>

#include "args.h"
#include "bindings.h"
#include "dispatch/kernel_table.h"
#include "elementwise/elementwise_ops.h"
#include "gemm/gemm.h"
#include "peak/fma_peak.h"
#include "reduce/reduce_ops.h"
#include "rng/random_kind.h"
#include "threading/thread_pool.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

Napi::Value set_num_threads(const Napi::CallbackInfo& info) {
  Args args(info, "setNumThreads");
  k::set_num_threads(static_cast<int>(args.integer(0, "n", 1, 256)));
  return info.Env().Undefined();
}

Napi::Value get_num_threads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), k::num_threads());
}

Napi::Value simd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("active", k::active_table().name);
  Napi::Array available = Napi::Array::New(env);
  available.Set(0u, "scalar");
  if (k::avx2_table() != nullptr) available.Set(1u, "avx2");
  result.Set("available", available);
  return result;
}

Napi::Value use_simd(const Napi::CallbackInfo& info) {
  Args args(info, "useSimd");
  if (info.Length() < 1 || !info[0].IsString()) args.type_error("name must be 'scalar', 'avx2' or 'auto'");
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  return Napi::Boolean::New(info.Env(), k::select_table(name.c_str()));
}

Napi::Value scratch_bytes(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(k::gemm_scratch_bytes()));
}

Napi::Value fma_peak(const Napi::CallbackInfo& info) {
  Args args(info, "fmaPeak");
  const int threads = static_cast<int>(args.integer(0, "threads", 1, 256));
  const double seconds = args.number(1, "seconds");
  if (!(seconds > 0 && seconds <= 60)) args.range_error("seconds must be in (0, 60]");
  return Napi::Number::New(info.Env(), k::measure_fma_peak_gflops(threads, seconds));
}

Napi::Object op_codes(Napi::Env env) {
  Napi::Object ops = Napi::Object::New(env);
  Napi::Object unary = Napi::Object::New(env);
#define DESCENT_EXPORT_OP(name, js) unary.Set(js, static_cast<int>(k::UnaryOp::name));
  DESCENT_UNARY_OPS(DESCENT_EXPORT_OP)
#undef DESCENT_EXPORT_OP
  Napi::Object binary = Napi::Object::New(env);
#define DESCENT_EXPORT_OP(name, js) binary.Set(js, static_cast<int>(k::BinaryOp::name));
  DESCENT_BINARY_OPS(DESCENT_EXPORT_OP)
#undef DESCENT_EXPORT_OP
  Napi::Object reduce = Napi::Object::New(env);
#define DESCENT_EXPORT_OP(name, js) reduce.Set(js, static_cast<int>(k::ReduceOp::name));
  DESCENT_REDUCE_OPS(DESCENT_EXPORT_OP)
#undef DESCENT_EXPORT_OP
  Napi::Object random = Napi::Object::New(env);
#define DESCENT_EXPORT_OP(name, js) random.Set(js, static_cast<int>(k::rng::RandomKind::name));
  DESCENT_RANDOM_KINDS(DESCENT_EXPORT_OP)
#undef DESCENT_EXPORT_OP
  ops.Set("unary", unary);
  ops.Set("binary", binary);
  ops.Set("reduce", reduce);
  ops.Set("random", random);
  return ops;
}

}  // namespace

void register_runtime(Napi::Env env, Napi::Object exports) {
  exports.Set("setNumThreads", Napi::Function::New(env, set_num_threads, "setNumThreads"));
  exports.Set("getNumThreads", Napi::Function::New(env, get_num_threads, "getNumThreads"));
  exports.Set("simd", Napi::Function::New(env, simd, "simd"));
  exports.Set("useSimd", Napi::Function::New(env, use_simd, "useSimd"));
  exports.Set("scratchBytes", Napi::Function::New(env, scratch_bytes, "scratchBytes"));
  exports.Set("fmaPeak", Napi::Function::New(env, fma_peak, "fmaPeak"));
  exports.Set("ops", op_codes(env));
}

}  // namespace descent::addon
