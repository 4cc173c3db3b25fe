// The process-wide thread pool (docs/ARCHITECTURE.md, decision 6).
//
// One pool per process, shared by every Node.js thread that loads the addon. A call that finds
// the pool busy (a concurrent caller or a nested call from inside a job) runs on the calling
// thread alone, so callers never deadlock and never wait for each other's jobs. Kernels choose
// their own work decomposition (fixed chunk sizes, or splits over independent outputs), so the
// number of threads never changes the bits of a result.
#pragma once

#include "common/function_ref.h"
#include "common/isa.h"

namespace descent::kernels {

// A team member's view of a running job.
class Team {
 public:
  Team(int rank, int size, void* barrier) : rank_(rank), size_(size), barrier_(barrier) {}
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Blocks until every member of the team has arrived (spins briefly, then sleeps).
  void barrier() const;

 private:
  int rank_;
  int size_;
  void* barrier_;
};

// Threads the pool may use, the caller included (>= 1).
int num_threads();
// Resizes the pool; waits for a running job to finish. n is clamped to [1, 256].
void set_num_threads(int n);

// Runs fn on up to `wanted` threads (the caller is rank 0). Every member runs fn once.
void run_team(int wanted, FunctionRef<void(const Team&)> fn);

// Calls fn(i) for every i in [0, n_chunks), spread over up to `max_threads` threads
// (0 = all). Which thread runs a chunk varies; what a chunk computes must not depend on it.
void parallel_for(index_t n_chunks, FunctionRef<void(index_t)> fn, int max_threads = 0);

}  // namespace descent::kernels
