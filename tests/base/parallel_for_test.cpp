// An exception thrown by a parallel_for body on a pool thread reaches the caller (issue 13 item
// 2): before, it escaped the worker thread and std::terminate ended the process.
#include <gtest/gtest.h>

#include <atomic>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

#include "base/parallel_for.h"

namespace {

// Runs a loop whose chunk on a pool thread (not the caller) throws `make()`: the caller's own
// chunk waits until a pool thread has taken one, so the throw happens off the calling thread.
template <typename Make>
void throw_on_a_pool_thread(Make make) {
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> pool_thread_started{false};
  toxplan::parallel_for(0, 64, 1, [&](std::int64_t, std::int64_t) {
    if (std::this_thread::get_id() == caller) {
      while (!pool_thread_started.load())
        std::this_thread::yield();
      return;
    }
    pool_thread_started.store(true);
    throw make();
  });
}

}  // namespace

TEST(ParallelFor, AnExceptionOnAPoolThreadIsRethrownToTheCaller) {
  if (toxplan::parallel_threads() < 2) GTEST_SKIP() << "one thread: no pool thread to throw on";
  try {
    throw_on_a_pool_thread([] { return std::runtime_error("mesh 7 could not be read"); });
    FAIL() << "the exception was lost";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "mesh 7 could not be read");
  }
  // The type is kept: callers tell "out of memory" from other failures.
  EXPECT_THROW(throw_on_a_pool_thread([] { return std::bad_alloc(); }), std::bad_alloc);
}

TEST(ParallelFor, ThePoolStillRunsEveryChunkAfterAFailedLoop) {
  EXPECT_THROW(toxplan::parallel_for(0, 100, 1,
                                     [](std::int64_t b, std::int64_t e) {
                                       if (b <= 50 && 50 < e) throw std::runtime_error("item 50");
                                     }),
               std::runtime_error);
  std::atomic<std::int64_t> sum{0};
  toxplan::parallel_for(0, 1000, 1, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i)
      sum += i;
  });
  EXPECT_EQ(sum.load(), 999 * 1000 / 2);
}

TEST(ParallelFor, AnExceptionInANestedLoopReachesTheOuterCaller) {
  EXPECT_THROW(toxplan::parallel_for(0, 8, 1,
                                     [](std::int64_t b, std::int64_t e) {
                                       // Chunks hold several items; the inner loop may run as
                                       // one chunk (serially, inside the outer loop).
                                       toxplan::parallel_for(
                                           0, 8, 1, [&](std::int64_t i, std::int64_t j) {
                                             if (b <= 3 && 3 < e && i <= 5 && 5 < j)
                                               throw std::length_error("nested");
                                           });
                                     }),
               std::length_error);
}

TEST(ParallelFor, EveryChunkThrowingGivesOneException) {
  EXPECT_THROW(
      toxplan::parallel_for(
          0, 256, 1, [](std::int64_t, std::int64_t) { throw std::runtime_error("every chunk"); }),
      std::runtime_error);
}
