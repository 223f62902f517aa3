#include "anatomy/atlas_checks.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include <vtkPolyData.h>

namespace toxplan::anatomy {

namespace {

std::string mm(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f mm", v);
  return buffer;
}

std::string structure_field(const Structure& s) {
  return "/structures/" + std::to_string(s.label - 1);
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool box_contains(const Box& b, const Vec3& p) {
  return p.x >= b.min_mm.x && p.x <= b.max_mm.x && p.y >= b.min_mm.y && p.y <= b.max_mm.y &&
         p.z >= b.min_mm.z && p.z <= b.max_mm.z;
}

void check_muscles_in_bone(const Atlas& atlas, const AtlasCheckLimits& limits, Findings* out) {
  std::vector<const Structure*> bones;
  for (const Structure& s : atlas.structures()) {
    if (s.kind == StructureKind::Bone) {
      bones.push_back(&s);
    }
  }
  for (const Structure& muscle : atlas.structures()) {
    if (muscle.kind != StructureKind::Muscle || muscle.mesh == nullptr) {
      continue;
    }
    const vtkIdType n = muscle.mesh->GetNumberOfPoints();
    const vtkIdType stride = std::max<vtkIdType>(1, n / std::max(1, limits.samples_per_structure));
    for (const Structure* bone : bones) {
      const Box bone_box = atlas.structure_bounds(bone->label);
      int samples = 0;
      int inside = 0;
      double max_depth_mm = 0.0;
      for (vtkIdType i = 0; i < n; i += stride) {
        double p[3];
        muscle.mesh->GetPoint(i, p);
        ++samples;
        const Vec3 q{p[0], p[1], p[2]};
        if (!box_contains(bone_box, q) || !atlas.structure_contains(bone->label, q)) {
          continue;
        }
        ++inside;
        const double depth = atlas.distance_to_surface_mm(bone->label, q, 1e9);
        max_depth_mm = std::max(max_depth_mm, depth);
      }
      if (max_depth_mm > limits.bone_penetration_mm) {
        Finding f;
        f.code = "MUSCLE_IN_BONE";
        f.severity = Severity::Warning;
        f.field = structure_field(muscle);
        char fraction[32];
        std::snprintf(fraction, sizeof fraction, "%.1f%%", 100.0 * inside / samples);
        f.message = "muscle '" + muscle.id + "' reaches into bone '" + bone->id + "': " + fraction +
                    " of its surface points are inside, up to " + mm(max_depth_mm) +
                    " deep; move the muscle onto the bone surface.";
        out->push_back(std::move(f));
      }
    }
  }
}

void check_sides(const Atlas& atlas, Findings* out) {
  for (const Structure& s : atlas.structures()) {
    if (s.side != "L" && s.side != "R") {
      continue;
    }
    const double x = atlas.surface_centroid_mm(s.label).x;
    // RAS: +x is the patient's right, so a left structure lies at x < 0.
    const bool wrong = (s.side == "L" && x > 0.0) || (s.side == "R" && x < 0.0);
    if (wrong) {
      Finding f;
      f.code = "STRUCTURE_SIDE_MISMATCH";
      f.severity = Severity::Error;
      f.field = structure_field(s) + "/side";
      f.message = "structure '" + s.id + "' is declared side " + s.side +
                  " but its centre is at x = " + mm(x) +
                  " (in RAS the patient's left is x < 0, "
                  "right x > 0); fix the side or mirror the mesh.";
      out->push_back(std::move(f));
    }
  }
}

void check_landmarks(const Atlas& atlas, const AtlasCheckLimits& limits, Findings* out) {
  const auto& landmarks = atlas.landmarks();
  for (std::size_t i = 0; i < landmarks.size(); ++i) {
    const Landmark& l = landmarks[i];
    const bool left = ends_with(l.id, "_L");
    const bool right = ends_with(l.id, "_R");
    if (!left && !right) {
      continue;
    }
    const std::string field = "/landmarks/" + std::to_string(i);
    if ((left && l.position_mm.x > 0.0) || (right && l.position_mm.x < 0.0)) {
      Finding f;
      f.code = "LANDMARK_SIDE_MISMATCH";
      f.severity = Severity::Error;
      f.field = field + "/position";
      f.message = "landmark '" + l.id + "' is on the wrong side: x = " + mm(l.position_mm.x) +
                  " (in RAS the patient's left is x < 0).";
      out->push_back(std::move(f));
    }
    if (!left) {
      continue;
    }
    const std::string partner = l.id.substr(0, l.id.size() - 2) + "_R";
    const Landmark* r = atlas.landmark(partner);
    if (r == nullptr) {
      continue;
    }
    const Vec3 mirrored{-l.position_mm.x, l.position_mm.y, l.position_mm.z};
    const double miss_mm = distance(mirrored, r->position_mm);
    if (miss_mm > limits.landmark_mirror_mm) {
      Finding f;
      f.code = "LANDMARK_NOT_MIRRORED";
      f.severity = Severity::Warning;
      f.field = field + "/position";
      f.message = "landmarks '" + l.id + "' and '" + partner +
                  "' are not mirror images across "
                  "x = 0: they miss by " +
                  mm(miss_mm) + " (allowed " + mm(limits.landmark_mirror_mm) + ").";
      out->push_back(std::move(f));
    }
  }
}

}  // namespace

Findings check_atlas_geometry(const Atlas& atlas, const AtlasCheckLimits& limits) {
  Findings findings;
  check_muscles_in_bone(atlas, limits, &findings);
  check_sides(atlas, &findings);
  check_landmarks(atlas, limits, &findings);
  return findings;
}

}  // namespace toxplan::anatomy
