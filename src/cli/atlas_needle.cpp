#include "cli/atlas_needle.h"

#include <iomanip>
#include <iostream>

#include "anatomy/atlas.h"

namespace toxplan::cli {

int run_atlas_needle(const NeedleQueryOptions& options, std::ostream& out, std::ostream& err) {
  if (options.from_mm.size() != 3 || options.toward_mm.size() != 3) {
    err << "atlas needle: --from and --toward each take three numbers x,y,z in mm\n";
    return 2;
  }
  Findings findings;
  const auto atlas = anatomy::Atlas::load(options.atlas_dir, &findings);
  if (!atlas) {
    for (const Finding& f : findings)
      err << f.message << "\n";
    return 2;
  }
  const Vec3 from{options.from_mm[0], options.from_mm[1], options.from_mm[2]};
  const Vec3 toward{options.toward_mm[0], options.toward_mm[1], options.toward_mm[2]};
  const Vec3 dir = normalized(toward - from);
  if (norm(dir) == 0.0) {
    err << "atlas needle: --from and --toward must differ\n";
    return 2;
  }
  const auto skin = atlas->cast_to_skin(from, dir);
  const Vec3 start = skin ? skin->point_mm : from;
  out << std::fixed << std::setprecision(1);
  if (skin) {
    out << "skin entry " << start.x << ", " << start.y << ", " << start.z << " mm\n";
  } else {
    out << "no skin along this line; depths are from the --from point\n";
  }
  for (const anatomy::NeedleSegment& seg : atlas->along_needle(start, dir, options.depth_mm)) {
    const anatomy::Structure* s = atlas->by_label(seg.label);
    out << std::setw(7) << seg.entry_depth_mm << " - " << std::setw(5) << seg.exit_depth_mm
        << " mm  " << (s ? s->id : "?")
        << (s ? std::string(" (") + anatomy::kind_name(s->kind) + ")" : std::string()) << "\n";
  }
  return 0;
}

}  // namespace toxplan::cli
