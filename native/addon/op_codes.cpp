#include <iterator>

#include "dispatch/kernel_table.h"
#include "elementwise/elementwise_ops.h"
#include "exports.h"
#include "reduce/reduce_ops.h"
#include "rng/random_kind.h"

namespace descent::addon {

namespace k = descent::kernels;

Napi::Object op_codes(Napi::Env env) {
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
  // useSimd's name codes.
  Napi::Object simd = Napi::Object::New(env);
  for (int i = 0; i < static_cast<int>(std::size(k::kTableNames)); ++i) simd.Set(k::kTableNames[i], i);
  Napi::Object ops = Napi::Object::New(env);
  ops.Set("unary", unary);
  ops.Set("binary", binary);
  ops.Set("reduce", reduce);
  ops.Set("random", random);
  ops.Set("simd", simd);
  return ops;
}

}  // namespace descent::addon
