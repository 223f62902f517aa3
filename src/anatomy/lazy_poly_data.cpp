#include "anatomy/lazy_poly_data.h"

#include <utility>

namespace toxplan::anatomy {

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

}  // namespace toxplan::anatomy
