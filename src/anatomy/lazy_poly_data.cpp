#include "anatomy/lazy_poly_data.h"

#include <mutex>
#include <utility>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

namespace toxplan::anatomy {

struct LazyPolyData::State {
  std::once_flag once;
  Build build;
  vtkSmartPointer<vtkPolyData> surface;
};

LazyPolyData::LazyPolyData(Build build) : state_(std::make_shared<State>()) {
  state_->build = std::move(build);
}

vtkPolyData* LazyPolyData::get() const {
  if (state_ == nullptr) {
    return nullptr;
  }
  State& s = *state_;
  std::call_once(s.once, [&s] {
    s.surface = s.build();
    s.build = nullptr;  // releases what the builder holds (the structure's index)
  });
  return s.surface;
}

LazyPolyData::operator vtkSmartPointer<vtkPolyData>() const {
  return get();
}

}  // namespace toxplan::anatomy
