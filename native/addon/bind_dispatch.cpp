// simd() → { active, available } and useSimd(name): the instruction-set tables (dispatch/).
#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "reader.h"

namespace descent::addon {

namespace k = descent::kernels;

Napi::Value bind_simd(const Reader& r) {
  Napi::Env env = r.env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("active", k::active_table().name);
  Napi::Array available = Napi::Array::New(env);
  available.Set(0u, "scalar");
  if (k::avx2_table() != nullptr) available.Set(1u, "avx2");
  result.Set("available", available);
  return result;
}

// name: an index into kTableNames (ops.simd); false when this CPU cannot run that table.
Napi::Value bind_use_simd(const Reader& r) {
  constexpr int kName = entry_point("useSimd").option("name");
  return Napi::Boolean::New(r.env(), k::select_table(k::kTableNames[r.integer(kName)]));
}

}  // namespace descent::addon
