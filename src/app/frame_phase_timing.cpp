#include "app/frame_phase_timing.h"

#include <GLFW/glfw3.h>

#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace toxplan::app {

namespace {

constexpr std::array<const char*, static_cast<int>(FramePhase::Count)> kPhaseNames{
    "input+update", "panels", "3d view", "imgui draw", "swap"};
constexpr std::array<const char*, static_cast<int>(ViewWork::Count)> kWorkNames{
    "3D view reused", "3D view drawn moving", "3D view drawn still"};

double process_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

FramePhaseTiming::FramePhaseTiming(bool enabled) : enabled_(enabled) {
  const char* sync = std::getenv("TOXPLAN_TIMING_SYNC");
  sync_ = enabled_ && sync && std::strcmp(sync, "0") != 0;
}

void FramePhaseTiming::start_frame() {
  if (!enabled_) return;
  current_ = Frame{};
  mark_ = Clock::now();
  cpu_start_ms_ = process_cpu_ms();
}

void FramePhaseTiming::end_phase(FramePhase phase) {
  if (!enabled_) return;
  if (sync_ && phase != FramePhase::Input && phase != FramePhase::Panels) glFinish();
  const auto now = Clock::now();
  current_.ms[static_cast<int>(phase)] +=
      std::chrono::duration<double, std::milli>(now - mark_).count();
  mark_ = now;
}

void FramePhaseTiming::end_frame(ViewWork work, bool counted) {
  if (!enabled_ || !counted) return;
  current_.work = work;
  current_.cpu_ms = process_cpu_ms() - cpu_start_ms_;
  frames_.push_back(current_);
}

void FramePhaseTiming::note_drawn(ViewWork work, long actors, long triangles) {
  if (!enabled_) return;
  drawn_[static_cast<int>(work)] = {actors, triangles};
}

std::string FramePhaseTiming::report() const {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  for (int w = 0; w < static_cast<int>(ViewWork::Count); ++w) {
    std::vector<Frame> kind;
    for (const Frame& f : frames_)
      if (static_cast<int>(f.work) == w) kind.push_back(f);
    if (kind.empty()) continue;
    out << kWorkNames[w] << ": " << kind.size() << " frames; median ms per phase:";
    std::vector<double> total;
    std::vector<double> cpu;
    for (const Frame& f : kind) {
      cpu.push_back(f.cpu_ms);
      double t = 0.0;
      for (double ms : f.ms)
        t += ms;
      total.push_back(t);
    }
    for (int p = 0; p < static_cast<int>(FramePhase::Count); ++p) {
      std::vector<double> v;
      for (const Frame& f : kind)
        v.push_back(f.ms[p]);
      out << " " << kPhaseNames[p] << " " << median(v);
    }
    out << "; total median " << median(total) << " (CPU time, all threads: " << median(cpu)
        << ")\n";
  }
  for (int w = 0; w < static_cast<int>(ViewWork::Count); ++w) {
    const Drawn& d = drawn_[static_cast<std::size_t>(w)];
    if (d.actors < 0) continue;
    out << kWorkNames[w] << ": last drew " << d.actors << " actors, " << d.triangles
        << " triangles\n";
  }
  if (sync_) out << "(each GL phase ended with glFinish: TOXPLAN_TIMING_SYNC)\n";
  return out.str();
}

}  // namespace toxplan::app
