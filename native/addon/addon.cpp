// The descent addon: N-API bindings over the kernels. Context-aware (node-addon-api modules
// keep no per-process JavaScript state), so it loads in worker threads too.
#include <napi.h>

#include "bindings.h"

namespace {

Napi::Object init(Napi::Env env, Napi::Object exports) {
  using namespace descent::addon;
  register_runtime(env, exports);
  register_elementwise(env, exports);
  register_reduce(env, exports);
  register_linalg(env, exports);
  register_memory(env, exports);
  register_random(env, exports);
  register_norm(env, exports);
  register_loss(env, exports);
  register_optim(env, exports);
  register_dense(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(descent, init)
