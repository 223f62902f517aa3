// A small shared thread pool for the solver's loops. (vtkSMPTools would be the natural choice,
// but VTK 9.1's vtkSMPTools.h does not compile as C++20 with GCC 12: it declares constructors
// with template-ids.) Calls may nest and may come from several threads at once: the calling
// thread always works on its own loop, so a loop finishes even when every worker is busy.
#pragma once

#include <cstdint>
#include <functional>

namespace toxplan {

// Runs body(begin_i, end_i) over [begin, end) in chunks of at least `grain` items. Called from
// inside the body of another parallel_for (on any thread), it runs serially on that thread.
// An exception thrown by the body (std::bad_alloc, a reader's error) reaches the caller: the
// chunks not yet started are skipped, the running ones finish, and the first exception is
// rethrown on the calling thread, never std::terminate on a pool thread.
void parallel_for(std::int64_t begin, std::int64_t end, std::int64_t grain,
                  const std::function<void(std::int64_t, std::int64_t)>& body);

// Number of threads loops use (workers + caller).
int parallel_threads();

// True when a parallel_for called here would run serially on this thread (one thread, or
// inside the body of another parallel_for): callers may then pick a cache-friendlier serial
// order of work.
bool parallel_for_is_serial_here();

}  // namespace toxplan
