// fmaPeak(threads, seconds) → GFLOP/s: the machine's multiply-add peak (peak/).
#include "entry_points.h"
#include "peak/fma_peak.h"
#include "reader.h"

namespace descent::addon {

Napi::Value bind_fma_peak(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("fmaPeak");
  constexpr int kThreads = e.option("threads"), kSeconds = e.option("seconds");
  const double seconds = r.number(kSeconds);
  if (!(seconds > 0 && seconds <= 60)) r.range_error("seconds must be in (0, 60]");
  return Napi::Number::New(r.env(), kernels::measure_fma_peak_gflops(static_cast<int>(r.integer(kThreads)), seconds));
}

}  // namespace descent::addon
