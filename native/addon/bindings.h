// Registration functions of the binding areas; addon.cpp calls each once per environment.
#pragma once

#include <napi.h>

namespace descent::addon {

void register_runtime(Napi::Env env, Napi::Object exports);
void register_elementwise(Napi::Env env, Napi::Object exports);
void register_reduce(Napi::Env env, Napi::Object exports);
void register_linalg(Napi::Env env, Napi::Object exports);
void register_memory(Napi::Env env, Napi::Object exports);
void register_random(Napi::Env env, Napi::Object exports);
void register_norm(Napi::Env env, Napi::Object exports);
void register_loss(Napi::Env env, Napi::Object exports);
void register_optim(Napi::Env env, Napi::Object exports);
void register_dense(Napi::Env env, Napi::Object exports);

}  // namespace descent::addon
