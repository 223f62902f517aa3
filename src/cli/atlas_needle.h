// `toxplan atlas needle DIR --from X,Y,Z --toward X,Y,Z [--depth MM]`: the structures a needle
// crosses, with entry and exit depths, from a point outside or on the skin.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace toxplan::cli {

struct NeedleQueryOptions {
  std::string atlas_dir;
  std::vector<double> from_mm;    // 3 numbers: a point outside or on the skin
  std::vector<double> toward_mm;  // 3 numbers: a point the needle aims at
  double depth_mm = 40.0;
};

int run_atlas_needle(const NeedleQueryOptions& options, std::ostream& out, std::ostream& err);

}  // namespace toxplan::cli
