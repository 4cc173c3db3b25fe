// The process-wide pool: every chunk runs once, concurrent and nested callers never deadlock,
// teams synchronize at barriers, and resizing works while idle.
#include <atomic>
#include <thread>

#include "test_support.h"

namespace descent::test {
namespace {

TEST(ThreadPool, ParallelForRunsEveryChunkOnce) {
  for (int threads : {1, 2, 3}) {
    ThreadCount t(threads);
    for (index_t n : {0, 1, 2, 5, 1000}) {
      std::vector<std::atomic<int>> hits(static_cast<std::size_t>(n));
      kernels::parallel_for(n, [&](index_t i) { hits[static_cast<std::size_t>(i)].fetch_add(1); });
      for (auto& h : hits) ASSERT_EQ(h.load(), 1);
    }
  }
}

TEST(ThreadPool, TeamBarrierSeparatesPhases) {
  ThreadCount t(2);
  std::atomic<int> phase_one{0};
  std::atomic<bool> ok{true};
  for (int round = 0; round < 200; ++round) {
    phase_one = 0;
    kernels::run_team(2, [&](const kernels::Team& team) {
      phase_one.fetch_add(1);
      team.barrier();
      if (phase_one.load() != team.size()) ok = false;
      team.barrier();
    });
  }
  EXPECT_TRUE(ok.load());
}

TEST(ThreadPool, ConcurrentAndNestedCallersComplete) {
  ThreadCount t(2);
  std::atomic<long> total{0};
  auto work = [&] {
    for (int r = 0; r < 200; ++r) {
      kernels::parallel_for(8, [&](index_t) {
        // A nested call finds the pool busy and runs inline.
        kernels::parallel_for(4, [&](index_t) { total.fetch_add(1); });
      });
    }
  };
  std::thread a(work), b(work), c(work);
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(total.load(), 3L * 200 * 8 * 4);
}

TEST(ThreadPool, ResizeAndReport) {
  ThreadCount t(3);
  EXPECT_EQ(kernels::num_threads(), 3);
  kernels::set_num_threads(1);
  EXPECT_EQ(kernels::num_threads(), 1);
  kernels::set_num_threads(1000);
  EXPECT_EQ(kernels::num_threads(), 256);
}

TEST(Dispatch, TablesAreSelectableByName) {
  const KernelTable& original = kernels::active_table();
  EXPECT_TRUE(kernels::select_table("scalar"));
  EXPECT_STREQ(kernels::active_table().name, "scalar");
  EXPECT_FALSE(kernels::select_table("avx512"));
  EXPECT_STREQ(kernels::active_table().name, "scalar");
  EXPECT_EQ(kernels::select_table("avx2"), kernels::avx2_table() != nullptr);
  EXPECT_TRUE(kernels::select_table(original.name));
}

}  // namespace
}  // namespace descent::test
