// setNumThreads(n) and getNumThreads(): the size of the process-wide pool (threading/).
#include "entry_points.h"
#include "reader.h"
#include "threading/thread_pool.h"

namespace descent::addon {

namespace k = descent::kernels;

Napi::Value bind_set_num_threads(const Reader& r) {
  constexpr int kN = entry_point("setNumThreads").option("n");
  k::set_num_threads(static_cast<int>(r.integer(kN)));
  return {};
}

Napi::Value bind_get_num_threads(const Reader& r) { return Napi::Number::New(r.env(), k::num_threads()); }

}  // namespace descent::addon
