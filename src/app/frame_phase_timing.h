// Where a window frame's time goes, for `--report-timing`: wall time per phase of the main loop
// (input and plan update, panel building, the 3D view, ImGui drawing, the buffer swap), split by
// what the 3D view did that frame (drew a moving picture, drew a still one, or reused the last
// image). Mesa's software renderer rasterises lazily, at the next flush; with the environment
// variable TOXPLAN_TIMING_SYNC=1 each GL phase ends with glFinish so that its pixels are charged
// to it (slightly slower overall, but the attribution is right). The CPU time of the whole
// process per frame is reported too: on a machine shared with other work it varies much less
// than wall time.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <vector>

namespace toxplan::app {

enum class FramePhase { Input, Panels, View3d, ImGuiDraw, Swap, Count };
// What the 3D view did in a frame.
enum class ViewWork { Reused, Moving, Still, Count };

class FramePhaseTiming {
 public:
  explicit FramePhaseTiming(bool enabled);

  bool enabled() const { return enabled_; }
  bool sync() const { return sync_; }

  // Ends the phase running since the last call (or `start_frame`) and charges it to `phase`.
  void start_frame();
  void end_phase(FramePhase phase);
  // Closes the frame; `counted` says whether it belongs in the statistics.
  void end_frame(ViewWork work, bool counted);

  // What the 3D view drew in a frame of this kind (the last such frame is reported).
  void note_drawn(ViewWork work, long actors, long triangles);

  // Median and mean per phase, for each kind of frame.
  std::string report() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Frame {
    std::array<double, static_cast<int>(FramePhase::Count)> ms{};
    double cpu_ms = 0.0;  // CPU time of every thread of the process (renderer threads too)
    ViewWork work = ViewWork::Reused;
  };
  bool enabled_ = false;
  bool sync_ = false;
  Clock::time_point mark_;
  double cpu_start_ms_ = 0.0;
  Frame current_;
  std::vector<Frame> frames_;
  struct Drawn {
    long actors = -1;
    long triangles = 0;
  };
  std::array<Drawn, static_cast<int>(ViewWork::Count)> drawn_{};
};

}  // namespace toxplan::app
