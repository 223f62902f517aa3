// A vtkPolyData built on first use, once, thread-safely. The atlas hands out each structure's
// surface this way: building 42 vtkPolyData with point normals took ~45 ms of the atlas's
// 0.23 s load, on one thread, and only the window and a few reports draw or read them (`toxplan
// simulate` never does). Reads like the vtkSmartPointer it replaces: `s.mesh->GetBounds(b)`,
// `if (!s.mesh)`, `vtkPolyData* p = s.mesh`. Copies share one surface.
//
// VTK is only declared here, not included: this header reaches sim/, protocol/ and practice/
// through anatomy/structure.h and atlas.h, and they never touch a surface. Code that does (render/,
// anatomy's .cpp files) includes <vtkPolyData.h> itself.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

class vtkPolyData;
template <class T>
class vtkSmartPointer;

namespace toxplan::anatomy {

class LazyPolyData {
 public:
  using Build = std::function<vtkSmartPointer<vtkPolyData>()>;

  LazyPolyData() = default;  // no surface
  explicit LazyPolyData(Build build);

  // The surface, built by the first caller while any others wait; nullptr if there is none.
  vtkPolyData* get() const;
  vtkPolyData* operator->() const { return get(); }
  // Implicit, as the smart pointer's own conversion is: callers pass `s.mesh` to VTK as is.
  operator vtkPolyData*() const { return get(); }
  operator vtkSmartPointer<vtkPolyData>() const;

  // Whether there is a surface, without building it.
  explicit operator bool() const { return state_ != nullptr; }
  friend bool operator==(const LazyPolyData& a, std::nullptr_t) { return !a; }

 private:
  struct State;  // lazy_poly_data.cpp: the once flag, the builder and the surface
  std::shared_ptr<State> state_;
};

}  // namespace toxplan::anatomy
