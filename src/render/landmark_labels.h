// The atlas's landmarks in the 3D view (View > Landmark labels, L): a dot at each landmark and
// its name drawn over the picture, so that no surface hides the text. A name is drawn only where
// the camera sees what it names (render/label_anchor.h): at the landmark when it is in sight,
// else over the surface just in front of it (a bony landmark under the muscles), and not at all
// when the landmark lies on the far side of the head; a name that would cover another is left
// out (its dot stays) until zooming in makes room. Which names are shown is worked out again
// before a still frame whenever the camera moved; while the camera moves the names keep their
// last visibility and follow the model.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <vtkSmartPointer.h>

#include "anatomy/atlas.h"
#include "render/label_anchor.h"

class vtkActor;
class vtkCallbackCommand;
class vtkRenderer;
class vtkTextActor;

namespace toxplan::render {

class LandmarkLabels {
 public:
  // `opaque`: what hides what lies behind it in the picture; `drawn`: every surface drawn;
  // `moving`: true while the camera moves (names are not re-placed then).
  LandmarkLabels(const anatomy::Atlas& atlas, vtkRenderer* renderer, Occludes opaque,
                 Occludes drawn, std::function<bool()> moving);
  ~LandmarkLabels();
  LandmarkLabels(const LandmarkLabels&) = delete;
  LandmarkLabels& operator=(const LandmarkLabels&) = delete;

  void set_visible(bool visible);
  bool visible() const { return visible_; }
  // What hides what changed (a structure shown, hidden or made see-through): the names are
  // placed again before the next frame.
  void scene_changed();
  // Places the names for the renderer's camera if it moved (done before each render).
  void update();

  // What the last update placed, for tests: each landmark's id, whether the camera sees it (or
  // the surface just over it), whether its name is drawn (in sight and not covering another),
  // and where the name is anchored (atlas millimetres) when in sight.
  struct Placed {
    std::string id;
    bool in_sight = false;
    bool shown = false;
    Vec3 anchor_mm;
  };
  const std::vector<Placed>& placed() const { return placed_; }

 private:
  const anatomy::Atlas& atlas_;
  vtkRenderer* renderer_;
  Occludes opaque_, drawn_;
  std::function<bool()> moving_;
  std::vector<vtkSmartPointer<vtkActor>> dots_;
  std::vector<vtkSmartPointer<vtkTextActor>> names_;
  std::vector<Placed> placed_;
  bool visible_ = false;
  // The camera the names were last placed for (its vtkMTime), and whether the scene changed
  // since.
  unsigned long placed_for_camera_ = 0;
  bool stale_ = true;
  int font_px_ = 0;  // the names' size now, and their offset from their points
  int offset_px_[2] = {0, 0};
  vtkSmartPointer<vtkCallbackCommand> before_render_;
  unsigned long observer_ = 0;
};

}  // namespace toxplan::render
