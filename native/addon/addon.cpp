// The descent addon: every entry point of entry_points.h registered through one callback that
// reads its arguments (reader.h) and runs its binding; plus schema, ops and optimizerInfo.
// Context-aware (no per-process JavaScript state), so it loads in worker threads too.
#include <napi.h>

#include <new>
#include <string>
#include <vector>

#include "entry_points.h"
#include "exports.h"
#include "reader.h"

namespace descent::addon {
namespace {

// Arguments read onto the stack; longer calls (tensor lists) take a vector.
constexpr std::size_t kStackArguments = 16;

napi_value call_entry(napi_env env, napi_callback_info info) {
  std::size_t argc = kStackArguments;
  napi_value stack[kStackArguments];
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc, stack, nullptr, &data) != napi_ok) return nullptr;
  const EntryPoint& entry = *static_cast<const EntryPoint*>(data);
  try {
    std::vector<napi_value> heap;
    const napi_value* argv = stack;
    if (argc > kStackArguments) {
      heap.resize(argc);
      std::size_t n = argc;
      if (napi_get_cb_info(env, info, &n, heap.data(), nullptr, nullptr) != napi_ok) return nullptr;
      argv = heap.data();
    }
    const Reader reader(env, entry, argv, argc);
    return entry.bind(reader);
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
  } catch (const std::bad_alloc&) {
    Napi::RangeError::New(Napi::Env(env), std::string(entry.name) + ": out of memory").ThrowAsJavaScriptException();
  } catch (const std::exception& e) {
    Napi::Error::New(Napi::Env(env), std::string(entry.name) + ": " + e.what()).ThrowAsJavaScriptException();
  }
  return nullptr;
}

Napi::Object register_all(Napi::Env env, Napi::Object exports) {
  for (const EntryPoint& e : kEntryPoints) {
    napi_value fn = nullptr;
    NAPI_THROW_IF_FAILED(env,
                         napi_create_function(env, e.name, NAPI_AUTO_LENGTH, call_entry,
                                              const_cast<EntryPoint*>(&e), &fn),
                         exports);
    exports.Set(e.name, Napi::Value(env, fn));
  }
  exports.Set("schema", schema(env));
  exports.Set("ops", op_codes(env));
  exports.Set("optimizerInfo", optimizer_info(env));
  return exports;
}

}  // namespace
}  // namespace descent::addon

namespace {

Napi::Object init(Napi::Env env, Napi::Object exports) { return descent::addon::register_all(env, exports); }

}  // namespace

NODE_API_MODULE(descent, init)
