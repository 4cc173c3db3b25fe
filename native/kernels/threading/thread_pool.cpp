#include "threading/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif
#if DESCENT_X86_64
#include <immintrin.h>
#endif

namespace descent::kernels {
namespace {

// Idle threads spin this long before sleeping: long enough to catch the next call of a tight
// training loop, short enough that a busy neighbour core does not starve (decision 6).
constexpr auto kSpinBeforeSleep = std::chrono::microseconds(50);

inline void cpu_relax() {
#if DESCENT_X86_64
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

// Spins until pred() holds or the spin budget is spent; returns whether pred() held.
template <class Pred> bool spin_until(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinBeforeSleep;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (pred()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() >= deadline) return pred();
  }
}

int default_thread_count() {
  if (const char* env = std::getenv("DESCENT_NUM_THREADS")) {
    char* end = nullptr;
    long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n >= 1) return static_cast<int>(std::min(n, 256L));
  }
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n >= 1) return n;
  }
#endif
  unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(hc);
}

// Sense-reversing barrier: spin, then sleep on a condition variable.
class SpinSleepBarrier {
 public:
  void reset(int size) {
    size_ = size;
    waiting_.store(size, std::memory_order_relaxed);
  }

  void arrive_and_wait() {
    if (size_ <= 1) return;
    const unsigned phase = phase_.load(std::memory_order_acquire);
    if (waiting_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      waiting_.store(size_, std::memory_order_relaxed);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        phase_.store(phase + 1, std::memory_order_release);
      }
      cv_.notify_all();
      return;
    }
    auto passed = [&] { return phase_.load(std::memory_order_acquire) != phase; };
    if (spin_until(passed)) return;
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, passed);
  }

 private:
  int size_ = 1;
  std::atomic<int> waiting_{1};
  std::atomic<unsigned> phase_{0};
  std::mutex mutex_;
  std::condition_variable cv_;
};

class ThreadPool {
 public:
  ThreadPool() { resize_locked(default_thread_count()); }

  int size() const { return size_.load(std::memory_order_relaxed); }

  void resize(int n) {
    n = std::clamp(n, 1, 256);
    std::lock_guard<std::mutex> job(job_mutex_);
    if (n != size()) resize_locked(n);
  }

  void run(int wanted, FunctionRef<void(const Team&)> fn) {
    std::unique_lock<std::mutex> job(job_mutex_, std::try_to_lock);
    const int team_size = job.owns_lock() ? std::clamp(wanted, 1, size()) : 1;
    if (team_size == 1) {
      SpinSleepBarrier solo;
      fn(Team(0, 1, &solo));
      return;
    }
    barrier_.reset(team_size);
    job_ = &fn;
    team_size_ = team_size;
    // Every worker acknowledges every job, so a late waker can never mistake one job's
    // parameters for another's.
    pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(state_mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_cv_.notify_all();

    fn(Team(0, team_size, &barrier_));

    auto done = [&] { return pending_.load(std::memory_order_acquire) == 0; };
    if (!spin_until(done)) {
      std::unique_lock<std::mutex> lock(state_mutex_);
      done_cv_.wait(lock, done);
    }
    job_ = nullptr;
  }

 private:
  // `seen` is the generation current when the worker was created: a job published before the
  // thread first runs must still count as new to it.
  void worker_loop(int rank, std::uint64_t seen) {
    for (;;) {
      auto fresh = [&] { return generation_.load(std::memory_order_acquire) != seen; };
      if (!spin_until(fresh)) {
        std::unique_lock<std::mutex> lock(state_mutex_);
        wake_cv_.wait(lock, fresh);
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stop_.load(std::memory_order_acquire)) return;
      if (rank < team_size_) (*job_)(Team(rank, team_size_, &barrier_));
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(state_mutex_);
        done_cv_.notify_all();
      }
    }
  }

  // Caller holds job_mutex_ (or is the constructor).
  void resize_locked(int n) {
    if (!workers_.empty()) {
      stop_.store(true, std::memory_order_release);
      {
        std::lock_guard<std::mutex> lock(state_mutex_);
        generation_.fetch_add(1, std::memory_order_release);
      }
      wake_cv_.notify_all();
      for (auto& t : workers_) t.join();
      workers_.clear();
      stop_.store(false, std::memory_order_release);
    }
    const std::uint64_t current = generation_.load(std::memory_order_acquire);
    for (int rank = 1; rank < n; ++rank) workers_.emplace_back([this, rank, current] { worker_loop(rank, current); });
    size_.store(n, std::memory_order_relaxed);
  }

  std::mutex job_mutex_;
  std::mutex state_mutex_;
  std::condition_variable wake_cv_;
  std::condition_variable done_cv_;
  std::vector<std::thread> workers_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<bool> stop_{false};
  std::atomic<int> size_{1};
  int team_size_ = 1;
  FunctionRef<void(const Team&)>* job_ = nullptr;
  SpinSleepBarrier barrier_;
};

ThreadPool& pool() {
  // Never destroyed: worker threads may still be parked when the process exits.
  static ThreadPool* instance = new ThreadPool();
  return *instance;
}

}  // namespace

void Team::barrier() const { static_cast<SpinSleepBarrier*>(barrier_)->arrive_and_wait(); }

int num_threads() { return pool().size(); }

void set_num_threads(int n) { pool().resize(n); }

void run_team(int wanted, FunctionRef<void(const Team&)> fn) { pool().run(wanted, fn); }

void parallel_for(index_t n_chunks, FunctionRef<void(index_t)> fn, int max_threads) {
  if (n_chunks <= 0) return;
  int wanted = max_threads > 0 ? max_threads : num_threads();
  wanted = static_cast<int>(std::min<index_t>(wanted, n_chunks));
  if (wanted <= 1) {
    for (index_t i = 0; i < n_chunks; ++i) fn(i);
    return;
  }
  std::atomic<index_t> next{0};
  run_team(wanted, [&](const Team&) {
    for (index_t i = next.fetch_add(1, std::memory_order_relaxed); i < n_chunks;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      fn(i);
    }
  });
}

}  // namespace descent::kernels
