#include "anatomy/atlas_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include <vtkPolyData.h>

namespace toxplan::anatomy {

namespace {

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

}  // namespace

void write_atlas_info(const Atlas& atlas, std::ostream& out) {
  out << "Atlas " << atlas.id() << " " << atlas.version() << ": " << atlas.name() << "\n";
  out << "Folder: " << atlas.dir() << "\n";
  if (!atlas.licence().empty()) {
    out << "Licence: " << atlas.licence() << "\n";
  }
  if (!atlas.attribution().empty()) {
    out << "Attribution: " << atlas.attribution() << "\n";
  }
  const Box b = atlas.bounds();
  out << "Bounds (mm, RAS): x " << fixed(b.min_mm.x, 1) << " .. " << fixed(b.max_mm.x, 1) << ", y "
      << fixed(b.min_mm.y, 1) << " .. " << fixed(b.max_mm.y, 1) << ", z " << fixed(b.min_mm.z, 1)
      << " .. " << fixed(b.max_mm.z, 1) << "\n\n";
  std::size_t id_width = 4, group_width = 6;
  for (const Structure& s : atlas.structures()) {
    id_width = std::max(id_width, s.id.size() + 1);
    group_width = std::max(group_width, s.group.size() + 1);
  }
  out << "Structures (" << atlas.structures().size() << "):\n";
  out << "  " << pad("id", id_width) << pad("kind", 8) << pad("side", 8)
      << pad("group", group_width) << pad("triangles", 10) << pad("volume_cm3", 11) << "closed\n";
  for (const Structure& s : atlas.structures()) {
    const long long triangles = s.mesh ? static_cast<long long>(s.mesh->GetNumberOfPolys()) : 0;
    out << "  " << pad(s.id, id_width) << pad(kind_name(s.kind), 8) << pad(s.side, 8)
        << pad(s.group, group_width) << pad(std::to_string(triangles), 10)
        << pad(fixed(s.volume_cm3, 2), 11) << (s.closed ? "yes" : "NO")
        << (s.derived() ? "  derived" : "") << (s.fma_id.empty() ? "" : "  " + s.fma_id) << "\n";
  }
  bool any_derived = false;
  for (const Structure& s : atlas.structures())
    any_derived = any_derived || s.derived();
  if (any_derived) {
    out << "\nDerived structures (no segmented mesh: made from the real skin and bones with "
           "sourced outlines and thicknesses; approximate):\n";
    for (const Structure& s : atlas.structures()) {
      if (!s.derived()) continue;
      out << "  " << pad(s.id, id_width) << s.derived_method;
      if (!s.derived_sources.empty()) {
        out << " [";
        for (std::size_t i = 0; i < s.derived_sources.size(); ++i) {
          out << (i ? "; " : "") << s.derived_sources[i];
        }
        out << "]";
      }
      out << "\n";
    }
  }
  out << "\nLandmarks (" << atlas.landmarks().size() << "):\n";
  std::size_t lid_width = 4;
  for (const Landmark& l : atlas.landmarks()) {
    lid_width = std::max(lid_width, l.id.size() + 1);
  }
  for (const Landmark& l : atlas.landmarks()) {
    out << "  " << pad(l.id, lid_width) << "(" << fixed(l.position_mm.x, 1) << ", "
        << fixed(l.position_mm.y, 1) << ", " << fixed(l.position_mm.z, 1) << ") mm  " << l.name
        << "\n";
  }
}

nlohmann::json atlas_info_json(const Atlas& atlas) {
  using nlohmann::json;
  const Box b = atlas.bounds();
  json j = {{"id", atlas.id()},
            {"atlas_version", atlas.version()},
            {"name", atlas.name()},
            {"dir", atlas.dir()},
            {"licence", atlas.licence()},
            {"attribution", atlas.attribution()},
            {"bounds_mm",
             {{"min", {b.min_mm.x, b.min_mm.y, b.min_mm.z}},
              {"max", {b.max_mm.x, b.max_mm.y, b.max_mm.z}}}},
            {"structures", json::array()},
            {"landmarks", json::array()}};
  for (const Structure& s : atlas.structures()) {
    json e = {{"id", s.id},
              {"name", s.name},
              {"label", s.label},
              {"kind", kind_name(s.kind)},
              {"side", s.side},
              {"group", s.group},
              {"mesh", s.mesh_files},
              {"triangles", s.mesh ? s.mesh->GetNumberOfPolys() : 0},
              {"volume_cm3", s.volume_cm3},
              {"closed", s.closed},
              {"priority", s.priority},
              {"danger", s.danger}};
    if (s.derived()) e["derived"] = {{"method", s.derived_method}, {"sources", s.derived_sources}};
    if (!s.adverse_effect.empty()) {
      e["adverse_effect"] = s.adverse_effect;
    }
    if (!s.fma_id.empty()) {
      e["fma_id"] = s.fma_id;
    }
    j["structures"].push_back(std::move(e));
  }
  for (const Landmark& l : atlas.landmarks()) {
    j["landmarks"].push_back(
        {{"id", l.id},
         {"name", l.name},
         {"position_mm", {l.position_mm.x, l.position_mm.y, l.position_mm.z}}});
  }
  return j;
}

std::string finding_line(const Finding& finding, const std::string& file,
                         const std::string& manifest_path) {
  // Without a folder or a manifest there is no place in the file to point at; the message
  // names the folder.
  if (finding.code == "ATLAS_FOLDER_MISSING" || finding.code == "ATLAS_MANIFEST_MISSING") {
    return std::string(severity_name(finding.severity)) + " " + finding.code + ": " +
           finding.message;
  }
  std::string where = file;
  if (finding.line > 0) {
    where += ":" + std::to_string(finding.line);
  }
  where += finding.field;
  std::string message = finding.message;
  if (!manifest_path.empty() && message.rfind(manifest_path, 0) == 0) {
    const auto colon = message.find(": ");
    if (colon != std::string::npos) {
      message = message.substr(colon + 2);
    }
  }
  return std::string(severity_name(finding.severity)) + " " + finding.code + " " + where + ": " +
         message;
}

}  // namespace toxplan::anatomy
