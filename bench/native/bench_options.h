// Command-line options shared by the descent_bench subcommands.
#pragma once

#include <string>
#include <vector>

namespace descent::bench {

struct Options {
  std::vector<int> threads;  // thread counts to run, in order (--threads 1,2)
  bool json = false;         // one JSON object per line instead of a table
  int reps = 7;              // samples per library per shape (median reported)
  double sample_seconds = 0.02;
  double peak_seconds = 0.0;  // FMA peak measurement (0: 1 s for `peak`, 0.25 s per shape for `gemm`)
  std::string only;          // run only shapes whose name contains this
  // Cache blocks overriding the registered ones (0 = keep): for tuning the registration.
  long mc = 0, kc = 0, nc = 0;
};

}  // namespace descent::bench
