// The plain-data exports of the addon, built once per environment.
#pragma once

#include <napi.h>

namespace descent::addon {

// The entry-point table (entry_points.h) as data:
// { [entry]: { options: [{ name, kind, lo?, hi? }], tensors: [{ name, kind, written, element? }],
//   returns, doc } }.
Napi::Object schema(Napi::Env env);
// The operation codes: { unary, binary, reduce, random, simd: { [name]: code } }.
Napi::Object op_codes(Napi::Env env);
// Per fused optimizer: { [name]: { code, hyper: string[], states: string[], scalars: string[] } }.
Napi::Object optimizer_info(Napi::Env env);

}  // namespace descent::addon
