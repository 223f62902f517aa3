#include "base/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace toxplan {

namespace {

// True while this thread runs the body of a parallel loop: loops nested inside it (a site's solver
// loops inside the plan's loop over sites) then run serially on this thread, since the outer loop
// already keeps every core busy and per-loop synchronisation would only cost time.
thread_local bool t_inside_loop = false;

struct InsideLoop {
  bool saved;
  InsideLoop() : saved(t_inside_loop) { t_inside_loop = true; }
  ~InsideLoop() { t_inside_loop = saved; }
  InsideLoop(const InsideLoop&) = delete;
  InsideLoop& operator=(const InsideLoop&) = delete;
};

struct Job {
  const std::function<void(std::int64_t, std::int64_t)>* body = nullptr;
  std::int64_t begin = 0, end = 0, chunk = 1, chunks = 0;
  std::atomic<std::int64_t> next{0};
  std::atomic<std::int64_t> done{0};
  // The first exception a chunk threw. Once set, the chunks not yet started are skipped (still
  // counted as done, so the caller's wait ends) and the caller rethrows it: a body that throws
  // on a pool thread would otherwise end the process with std::terminate.
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;

  // Works on chunks until none are left; true if this call did any.
  bool work() {
    bool any = false;
    for (;;) {
      const std::int64_t c = next.fetch_add(1);
      if (c >= chunks) return any;
      if (!failed.load(std::memory_order_acquire)) {
        const std::int64_t b = begin + c * chunk;
        try {
          const InsideLoop inside;
          (*body)(b, std::min(end, b + chunk));
        } catch (...) {
          const std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          failed.store(true, std::memory_order_release);
        }
      }
      done.fetch_add(1, std::memory_order_acq_rel);
      any = true;
    }
  }
};

class Pool {
 public:
  Pool() {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 1; t < hw; ++t)
      workers_.emplace_back([this] { run(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& w : workers_)
      w.join();
  }
  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  void submit(const std::shared_ptr<Job>& job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(job);
    }
    cv_.notify_all();
  }
  void retire(const std::shared_ptr<Job>& job) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.erase(std::remove(jobs_.begin(), jobs_.end(), job), jobs_.end());
  }

 private:
  void run() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (stop_) return;
        job = jobs_.front();
        jobs_.pop_front();  // the caller keeps working on it; no one else needs to find it
      }
      job->work();
    }
  }

  std::vector<std::thread> workers_;
  std::deque<std::shared_ptr<Job>> jobs_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
};

Pool& pool() {
  static Pool p;
  return p;
}

}  // namespace

int parallel_threads() {
  return pool().threads();
}

bool parallel_for_is_serial_here() {
  return t_inside_loop || pool().threads() == 1;
}

void parallel_for(std::int64_t begin, std::int64_t end, std::int64_t grain,
                  const std::function<void(std::int64_t, std::int64_t)>& body) {
  if (end <= begin) return;
  const std::int64_t n = end - begin;
  Pool& p = pool();
  const std::int64_t threads = p.threads();
  grain = std::max<std::int64_t>(1, grain);
  if (threads == 1 || n <= grain || t_inside_loop) {
    body(begin, end);
    return;
  }
  // A few chunks per thread so that uneven chunks balance.
  const std::int64_t chunk = std::max(grain, (n + 4 * threads - 1) / (4 * threads));
  auto job = std::make_shared<Job>();
  job->body = &body;
  job->begin = begin;
  job->end = end;
  job->chunk = chunk;
  job->chunks = (n + chunk - 1) / chunk;
  // One queue entry per helper that could usefully join.
  const std::int64_t helpers = std::min<std::int64_t>(threads - 1, job->chunks - 1);
  for (std::int64_t h = 0; h < helpers; ++h)
    p.submit(job);
  job->work();
  p.retire(job);
  while (job->done.load(std::memory_order_acquire) < job->chunks)
    std::this_thread::yield();
  if (job->failed.load(std::memory_order_acquire)) std::rethrow_exception(job->error);
}

}  // namespace toxplan
