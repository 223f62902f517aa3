// Plays a guided demo script (demo/demo_script.h) on a Scene: for a step and a time into it,
// moves the camera (eased between the previous step's camera and this one's over transition_s),
// sets which structures are shown, translucent, highlighted or drawn as danger, shows the plan's
// sites (new sites appear one after another during the transition), grows the spread surfaces
// to the step's spread_fraction and, for exported frames, draws the title and caption.
//
// "spread_fraction f": each site's effect region is drawn as an iso-surface of its own bound-toxin
// field, at the level whose region reaches f times as far from the needle tip as the model's
// final region (B >= B_th). The regions are nested, so the surface only grows as f grows, and
// f = 1 is exactly the region the model reports (docs/demo-format.md).
//
// Reading the script and its plans is demo/demo_loading; the simulations run on a background
// thread in demo/demo_simulations. This file keeps the camera, the captions and the drawing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "anatomy/atlas.h"
#include "demo/demo_script.h"
#include "plan/plan.h"
#include "render/scene.h"

namespace toxplan::render {

struct CameraPose {
  Vec3 position_mm;
  Vec3 focal_mm;
  Vec3 up{0, 0, 1};
  double view_angle_deg = 30.0;
};

// Smooth, eased interpolation (ease in/out) of two poses: the focal point moves on a line, the
// viewing direction turns on a great circle and the distance changes geometrically, so the
// camera never passes through the head. s in 0..1, already eased or not (see ease_in_out).
CameraPose interpolate(const CameraPose& a, const CameraPose& b, double s);
double ease_in_out(double s);  // 0 -> 0, 1 -> 1, zero slope at both ends

// A label drawn in the 3D view: what it names and the point it is anchored at.
struct DemoLabel {
  std::string id;
  std::string text;
  Vec3 anchor_mm;
};

struct DemoPlayerOptions {
  bool captions = true;  // title / caption / step number drawn into the 3D view
};

class DemoPlayer {
 public:
  DemoPlayer(Scene& scene, demo::DemoScript script, DemoPlayerOptions options = {});
  ~DemoPlayer();
  DemoPlayer(const DemoPlayer&) = delete;
  DemoPlayer& operator=(const DemoPlayer&) = delete;

  const demo::DemoScript& script() const;
  std::size_t step_count() const;

  // Shows step `step` at `t_s` seconds after its start (its transition runs over the first
  // transition_s seconds). The camera is set while the transition runs and once when it ends,
  // and left alone after that, so the user may turn the model during a still step.
  void show(std::size_t step, double t_s);
  // Shows the whole script at time t (0 .. script().total_length_s()).
  void show_at(double t_s);

  // The camera a step ends on.
  CameraPose step_camera(std::size_t step) const;
  // The labels drawn for the step last shown, each anchored in front of every surface on its
  // camera's line of sight over what it names (a label with nothing in sight is left out); the
  // structures that step draws opaque, and those it draws at all (see-through ones too).
  std::vector<DemoLabel> shown_labels() const;
  std::vector<std::string> opaque_structure_ids() const;
  std::vector<std::string> drawn_structure_ids() const;
  // Sizes the captions to the output (pixels); the window does not draw captions itself.
  void set_frame_size(int width, int height);
  void set_captions_visible(bool visible);

  // Starts simulating every plan the script shows spread for (background thread).
  void start_simulations();
  bool spread_ready(std::size_t step) const;  // true when the step needs no spread
  void wait_for_spread(std::size_t step);
  // Problems for the log: unreadable plans, failed simulations, labels with nothing in sight.
  std::vector<std::string> simulation_messages() const;

  // Puts the scene back as it was before the player touched it (visibility, opacity, camera,
  // no highlight, no demo actors); sites and spread surfaces are cleared for the owner to redo.
  void restore_scene();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Wraps text to lines of at most `columns` characters (breaking at spaces, keeping "\n").
std::vector<std::string> wrap_text(const std::string& text, std::size_t columns);

}  // namespace toxplan::render
