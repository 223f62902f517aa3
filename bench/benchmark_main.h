// The main() of every benchmark program: Google Benchmark's own, after the allocator policy the
// program uses (src/main.cpp keeps freed solver memory for reuse, so the benchmarks do too).
#pragma once

#include <benchmark/benchmark.h>

#include "base/memory_reuse.h"

int main(int argc, char** argv) {
  toxplan::keep_freed_memory_for_reuse();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
