// Every surface a scene draws (anatomy, needles, spread surfaces), placed in atlas millimetres
// and merged into one mesh: `toxplan render --meshes FILE.ply`, so that another viewer can draw
// exactly what Toxplan draws (the f3d comparison in the README's "Speed" table).
#pragma once

#include <optional>
#include <string>

#include <vtkSmartPointer.h>

#include "render/scene.h"

class vtkPolyData;

namespace toxplan::render {

// The visible actors' polygons (as drawn now: call after a render), each moved by its actor's
// matrix, with their display colours as point colours (RGB, "Colors").
vtkSmartPointer<vtkPolyData> merged_scene_meshes(const Scene& scene);

// Writes merged_scene_meshes to `path` as binary PLY (atomically: a temporary file renamed over
// it); the reason when it cannot.
std::optional<std::string> write_scene_meshes_ply(const Scene& scene, const std::string& path);

}  // namespace toxplan::render
