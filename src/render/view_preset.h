// Points a VTK camera along one of the atlas's named views (anatomy/anatomical_view.h).
#pragma once

#include "anatomy/anatomical_view.h"

class vtkRenderer;

namespace toxplan::render {

// Points the renderer's camera at its visible props from the view's direction, framing them.
void apply_view(vtkRenderer* renderer, anatomy::ViewPreset view);

}  // namespace toxplan::render
