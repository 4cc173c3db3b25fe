// descent_bench: the native benchmark.
//   descent_bench gemm [--threads N[,M...]] [--json] [--reps R] [--only NAME] [--seconds S]
//                      [--blocks MC,KC,NC]
//   descent_bench peak [--threads N[,M...]] [--json] [--seconds S]
// With several thread counts (e.g. --threads 1,2) gemm interleaves them within each shape and
// reports the speed-up over 1 thread next to the FMA peak's own.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench_options.h"

namespace descent::bench {
int run_gemm(const Options& options);
int run_peak(const Options& options);
}  // namespace descent::bench

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: descent_bench gemm [--threads N[,M...]] [--json] [--reps R] [--only NAME]\n"
               "                          [--seconds S] [--blocks MC,KC,NC]   (peak seconds per shape; cache blocks, for tuning)\n"
               "       descent_bench peak [--threads N[,M...]] [--json] [--seconds S]\n");
}

bool parse_threads(const char* text, std::vector<int>& out) {
  out.clear();
  std::string s(text);
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t comma = s.find(',', start);
    const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    const long n = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || n < 1 || n > 256) return false;
    out.push_back(static_cast<int>(n));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return !out.empty();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const std::string command = argv[1];
  descent::bench::Options options;
  options.threads = {1};
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--json") {
      options.json = true;
    } else if (arg == "--threads" && has_value) {
      if (!parse_threads(argv[++i], options.threads)) {
        usage();
        return 2;
      }
    } else if (arg == "--reps" && has_value) {
      options.reps = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--seconds" && has_value) {
      options.peak_seconds = std::atof(argv[++i]);
    } else if (arg == "--blocks" && has_value) {
      if (std::sscanf(argv[++i], "%ld,%ld,%ld", &options.mc, &options.kc, &options.nc) != 3) {
        usage();
        return 2;
      }
    } else if (arg == "--only" && has_value) {
      options.only = argv[++i];
    } else {
      usage();
      return 2;
    }
  }
  if (command == "gemm") return descent::bench::run_gemm(options);
  if (command == "peak") return descent::bench::run_peak(options);
  usage();
  return 2;
}
