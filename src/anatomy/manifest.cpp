#include "anatomy/manifest.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/json_locator.h"
#include "base/json_text.h"

namespace toxplan::anatomy {

namespace {

using nlohmann::json;

const char* const kUnreadableCodes[] = {"ATLAS_FOLDER_MISSING", "ATLAS_MANIFEST_MISSING",
                                        "ATLAS_JSON_MALFORMED", "ATLAS_FORMAT_WRONG",
                                        "ATLAS_VERSION_NEWER",  "ATLAS_NOT_OBJECT"};

// Why there is no manifest to read in `dir`, in the user's terms: a mistyped folder, a file
// given instead of its folder, a folder that is not an atlas, or a manifest we may not read.
Finding missing_manifest_finding(const std::string& dir, const std::string& manifest_path) {
  namespace fs = std::filesystem;
  const int open_error = errno;  // of the failed open, before the checks below change it
  Finding f;
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (!fs::exists(status)) {
    f.code = "ATLAS_FOLDER_MISSING";
    f.message = "atlas folder " + dir + " does not exist; check the path.";
  } else if (!fs::is_directory(status)) {
    f.code = "ATLAS_FOLDER_MISSING";
    f.message = dir + " is a file, not an atlas folder; give the folder that holds " +
                kManifestFileName + " and its meshes.";
  } else if (!fs::exists(manifest_path, ec)) {
    f.code = "ATLAS_MANIFEST_MISSING";
    f.message = dir + " has no " + kManifestFileName + "; an atlas folder holds " +
                kManifestFileName + " and its meshes (docs/atlas-format.md).";
  } else {
    f.code = "ATLAS_MANIFEST_MISSING";
    f.message = manifest_path + ": cannot be read (" + std::strerror(open_error) +
                "); check its permissions.";
  }
  return f;
}

const char* type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    default:
      return "an unknown value";
  }
}

// Collects findings with the manifest's path and the line of the field they are about.
class Reporter {
 public:
  Reporter(std::string path, const std::string& text, Findings* findings)
      : path_(std::move(path)), locator_(text), findings_(findings) {}

  void add(Severity severity, const std::string& code, const std::string& pointer,
           const std::string& message) {
    Finding f;
    f.code = code;
    f.severity = severity;
    f.field = pointer;
    f.line = locator_.line_of(pointer);
    f.message = path_ + (f.line > 0 ? " line " + std::to_string(f.line) : std::string()) +
                (pointer.empty() ? std::string() : " (" + pointer + ")") + ": " + message;
    findings_->push_back(std::move(f));
  }
  void error(const std::string& code, const std::string& pointer, const std::string& message) {
    ++errors_;
    add(Severity::Error, code, pointer, message);
  }
  void warning(const std::string& code, const std::string& pointer, const std::string& message) {
    add(Severity::Warning, code, pointer, message);
  }
  int errors() const { return errors_; }

 private:
  std::string path_;
  JsonLocator locator_;
  Findings* findings_;
  int errors_ = 0;
};

std::string pointer_to(const std::string& parent, const std::string& key) {
  return parent + "/" + json_pointer_escape(key);
}
std::string pointer_to(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

// Field readers: each returns false (after reporting) when the field is missing-but-required
// or has the wrong type; optional missing fields leave `out` unchanged and return true.
bool read_string(const json& obj, const std::string& key, const std::string& parent, bool required,
                 std::string* out, Reporter* r) {
  const std::string ptr = pointer_to(parent, key);
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) {
      r->error("ATLAS_FIELD_MISSING", ptr,
               "required field \"" + key + "\" is missing; add it as a string.");
    }
    return !required;
  }
  if (!it->is_string()) {
    r->error("ATLAS_FIELD_TYPE", ptr,
             "\"" + key + "\" must be a string but is " + type_name(*it) + ".");
    return false;
  }
  *out = it->get<std::string>();
  if (required && out->empty()) {
    r->error("ATLAS_FIELD_MISSING", ptr, "\"" + key + "\" is empty; give it a value.");
    return false;
  }
  return true;
}

bool read_vec3(const json& value, const std::string& ptr, const std::string& what, Vec3* out,
               Reporter* r) {
  if (!value.is_array() || value.size() != 3 ||
      !std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_number(); })) {
    r->error("ATLAS_FIELD_TYPE", ptr, what + " must be an array of 3 numbers [x, y, z] in mm.");
    return false;
  }
  *out = {value[0].get<double>(), value[1].get<double>(), value[2].get<double>()};
  if (!is_finite(*out)) {
    r->error("ATLAS_FIELD_TYPE", ptr, what + " must be finite.");
    return false;
  }
  return true;
}

bool read_frame(const json& root, Manifest* m, Reporter* r) {
  bool ok = read_string(root, "units", "", false, &m->units, r);
  if (ok) {
    if (m->units == "mm") {
      m->frame.scale_to_mm = 1.0;
    } else if (m->units == "cm") {
      m->frame.scale_to_mm = 10.0;
    } else if (m->units == "m") {
      m->frame.scale_to_mm = 1000.0;
    } else {
      r->error("ATLAS_UNITS_UNKNOWN", "/units",
               "unknown units \"" + m->units + "\"; use \"mm\", \"cm\" or \"m\".");
      ok = false;
    }
  }
  if (read_string(root, "coordinate_system", "", false, &m->coordinate_system, r)) {
    if (m->coordinate_system == "RAS" || m->coordinate_system == "LPS") {
      m->frame.lps = m->coordinate_system == "LPS";
    } else {
      r->error(
          "ATLAS_COORDINATES_UNKNOWN", "/coordinate_system",
          "unknown coordinate_system \"" + m->coordinate_system + "\"; use \"RAS\" or \"LPS\".");
      ok = false;
    }
  } else {
    ok = false;
  }
  const auto it = root.find("transform");
  if (it != root.end()) {
    const bool numbers =
        it->is_array() && it->size() == 16 &&
        std::all_of(it->begin(), it->end(), [](const json& v) { return v.is_number(); });
    if (!numbers) {
      r->error("ATLAS_TRANSFORM_INVALID", "/transform",
               "\"transform\" must be 16 numbers, a row-major 4x4 matrix; remove it for "
               "identity.");
      return false;
    }
    for (std::size_t i = 0; i < 16; ++i) {
      m->frame.transform[i] = (*it)[i].get<double>();
    }
    const auto& t = m->frame.transform;
    const bool finite = std::all_of(t.begin(), t.end(), [](double v) { return std::isfinite(v); });
    if (!finite || t[12] != 0.0 || t[13] != 0.0 || t[14] != 0.0 || t[15] != 1.0) {
      r->error("ATLAS_TRANSFORM_INVALID", "/transform",
               "\"transform\" must be finite and affine (last row 0 0 0 1).");
      ok = false;
    }
  }
  return ok;
}

bool read_fibre(const json& value, const std::string& ptr, FibreField* fibre, Reporter* r) {
  const std::string kHelp =
      " Use {\"type\":\"constant\",\"direction\":[x,y,z]}, {\"type\":\"converge\",\"point\":"
      "[x,y,z]} or {\"type\":\"path\",\"points\":[[x,y,z],...]}.";
  if (!value.is_object()) {
    r->error("ATLAS_FIELD_TYPE", ptr, "\"fibre\" must be an object." + kHelp);
    return false;
  }
  std::string type;
  if (!read_string(value, "type", ptr, true, &type, r)) {
    return false;
  }
  if (type == "constant") {
    const auto it = value.find("direction");
    if (it == value.end()) {
      r->error("ATLAS_FIELD_MISSING", ptr + "/direction", "constant fibre needs \"direction\".");
      return false;
    }
    if (!read_vec3(*it, ptr + "/direction", "fibre direction", &fibre->direction, r)) {
      return false;
    }
    if (norm(fibre->direction) == 0.0) {
      r->error("STRUCTURE_FIBRE_INVALID", ptr + "/direction",
               "fibre direction is the zero vector; give the direction the fibres run.");
      return false;
    }
    fibre->direction = normalized(fibre->direction);
    fibre->type = FibreField::Type::Constant;
    return true;
  }
  if (type == "converge") {
    const auto it = value.find("point");
    if (it == value.end()) {
      r->error("ATLAS_FIELD_MISSING", ptr + "/point", "converging fibre needs \"point\".");
      return false;
    }
    if (!read_vec3(*it, ptr + "/point", "fibre convergence point", &fibre->point_mm, r)) {
      return false;
    }
    fibre->type = FibreField::Type::Converge;
    return true;
  }
  if (type == "path") {
    const auto it = value.find("points");
    if (it == value.end() || !it->is_array() || it->size() < 2) {
      r->error("STRUCTURE_FIBRE_INVALID", ptr + "/points",
               "path fibre needs \"points\": an array of at least 2 [x, y, z] points.");
      return false;
    }
    double length_mm = 0.0;
    for (std::size_t i = 0; i < it->size(); ++i) {
      Vec3 p;
      if (!read_vec3((*it)[i], pointer_to(ptr + "/points", i), "fibre path point", &p, r)) {
        return false;
      }
      if (!fibre->path_mm.empty()) {
        length_mm += distance(fibre->path_mm.back(), p);
      }
      fibre->path_mm.push_back(p);
    }
    if (length_mm == 0.0) {
      r->error("STRUCTURE_FIBRE_INVALID", ptr + "/points",
               "all fibre path points are the same; the path needs length.");
      return false;
    }
    fibre->type = FibreField::Type::Path;
    return true;
  }
  r->error("STRUCTURE_FIBRE_INVALID", ptr + "/type",
           "unknown fibre type \"" + type + "\"." + kHelp);
  return false;
}

const std::set<std::string> kStructureKeys = {
    "id",     "name",  "kind",   "side",     "group",       "colour",  "mesh",
    "fma_id", "fibre", "danger", "priority", "description", "derived", "display_mesh"};

// Reads one structure entry; returns false if it has an error.
bool read_structure(const json& s, const std::string& ptr, const std::string& dir, Structure* out,
                    std::vector<MeshSource>* meshes, std::vector<MeshSource>* display_meshes,
                    Reporter* r) {
  if (!s.is_object()) {
    r->error("ATLAS_FIELD_TYPE", ptr, "each structure must be an object.");
    return false;
  }
  const int errors_before = r->errors();
  read_string(s, "id", ptr, true, &out->id, r);
  read_string(s, "name", ptr, true, &out->name, r);
  std::string kind;
  if (read_string(s, "kind", ptr, true, &kind, r) && !kind_from_name(kind, &out->kind)) {
    r->error("STRUCTURE_KIND_UNKNOWN", ptr + "/kind",
             "unknown kind \"" + kind +
                 "\"; use one of skin, fat, muscle, bone, organ, nerve, vessel, other.");
  }
  if (read_string(s, "side", ptr, true, &out->side, r) && out->side != "L" && out->side != "R" &&
      out->side != "midline") {
    r->error("STRUCTURE_SIDE_INVALID", ptr + "/side",
             "side \"" + out->side +
                 "\" is not valid; use \"L\" or \"R\" (the patient's side) or \"midline\".");
  }
  read_string(s, "group", ptr, false, &out->group, r);
  if (out->group.empty()) {
    out->group = out->id;
  }
  read_string(s, "fma_id", ptr, false, &out->fma_id, r);
  if (const auto it = s.find("colour"); it != s.end()) {
    const bool ok =
        it->is_array() && it->size() == 3 && std::all_of(it->begin(), it->end(), [](const json& v) {
          return v.is_number() && v.get<double>() >= 0.0 && v.get<double>() <= 1.0;
        });
    if (ok) {
      out->colour = {(*it)[0].get<double>(), (*it)[1].get<double>(), (*it)[2].get<double>()};
    } else {
      r->error("STRUCTURE_COLOUR_INVALID", ptr + "/colour",
               "colour must be [r, g, b] with each number between 0 and 1.");
    }
  }
  out->priority = default_priority(out->kind);
  if (const auto it = s.find("priority"); it != s.end()) {
    if (it->is_number_integer()) {
      out->priority = it->get<int>();
    } else {
      r->error("ATLAS_FIELD_TYPE", ptr + "/priority",
               "priority must be an integer (higher wins where structures overlap).");
    }
  }
  if (const auto it = s.find("danger"); it != s.end()) {
    if (it->is_boolean()) {
      out->danger = it->get<bool>();
    } else if (it->is_object()) {
      out->danger = true;
      read_string(*it, "adverse_effect", ptr + "/danger", true, &out->adverse_effect, r);
    } else {
      r->error("ATLAS_FIELD_TYPE", ptr + "/danger",
               "danger must be an object {\"adverse_effect\": \"...\"} or a boolean.");
    }
  }
  if (const auto it = s.find("derived"); it != s.end()) {
    const bool ok = it->is_object() && it->contains("method") && (*it)["method"].is_string() &&
                    !(*it)["method"].get<std::string>().empty();
    if (ok) {
      out->derived_method = (*it)["method"].get<std::string>();
      if (const auto src = it->find("sources"); src != it->end() && src->is_array()) {
        for (const json& e : *src) {
          if (e.is_string()) out->derived_sources.push_back(e.get<std::string>());
        }
      }
    } else {
      r->error("ATLAS_FIELD_TYPE", ptr + "/derived",
               "derived must be an object {\"method\": \"...\", \"sources\": [...]} saying "
               "how the structure was made.");
    }
  }
  if (const auto it = s.find("fibre"); it != s.end()) {
    if (read_fibre(*it, ptr + "/fibre", &out->fibre, r) && out->kind != StructureKind::Muscle) {
      r->warning("STRUCTURE_FIBRE_IGNORED", ptr + "/fibre",
                 "only muscles have fibres; the fibre of " + std::string(kind_name(out->kind)) +
                     " '" + out->id + "' is ignored.");
      out->fibre = FibreField{};
    }
  }
  const auto mesh = s.find("mesh");
  auto add_mesh = [&](const json& file, const std::string& mesh_ptr) {
    if (!file.is_string() || file.get<std::string>().empty()) {
      r->error("ATLAS_FIELD_TYPE", mesh_ptr,
               "a mesh must be a file name relative to the manifest.");
      return;
    }
    const std::string name = file.get<std::string>();
    const std::filesystem::path p(name);
    meshes->push_back(
        {(p.is_absolute() ? p : std::filesystem::path(dir) / p).string(), name, mesh_ptr});
    out->mesh_files.push_back(name);
  };
  if (mesh == s.end()) {
    r->error("ATLAS_FIELD_MISSING", ptr + "/mesh",
             "required field \"mesh\" is missing; name the structure's mesh file (or an array "
             "of files).");
  } else if (mesh->is_array()) {
    if (mesh->empty()) {
      r->error("ATLAS_FIELD_MISSING", ptr + "/mesh", "\"mesh\" is an empty array; name a file.");
    }
    for (std::size_t i = 0; i < mesh->size(); ++i) {
      add_mesh((*mesh)[i], pointer_to(ptr + "/mesh", i));
    }
  } else {
    add_mesh(*mesh, ptr + "/mesh");
  }
  // The copy drawn instead of `mesh` (docs/atlas-format.md, "Display meshes"): optional, the
  // same forms as `mesh`.
  if (const auto display = s.find("display_mesh"); display != s.end()) {
    auto add_display = [&](const json& file, const std::string& display_ptr) {
      if (!file.is_string() || file.get<std::string>().empty()) {
        r->error("ATLAS_FIELD_TYPE", display_ptr,
                 "a display mesh must be a file name relative to the manifest.");
        return;
      }
      const std::string name = file.get<std::string>();
      const std::filesystem::path p(name);
      display_meshes->push_back(
          {(p.is_absolute() ? p : std::filesystem::path(dir) / p).string(), name, display_ptr});
      out->display_mesh_files.push_back(name);
    };
    if (display->is_array()) {
      for (std::size_t i = 0; i < display->size(); ++i) {
        add_display((*display)[i], pointer_to(ptr + "/display_mesh", i));
      }
    } else {
      add_display(*display, ptr + "/display_mesh");
    }
  }
  for (const auto& [key, value] : s.items()) {
    if (kStructureKeys.count(key) == 0) {
      r->warning("ATLAS_FIELD_UNKNOWN", pointer_to(ptr, key),
                 "unknown field \"" + key + "\" is ignored; check its spelling.");
    }
  }
  return r->errors() == errors_before;
}

}  // namespace

int default_priority(StructureKind kind) {
  switch (kind) {
    case StructureKind::Skin:
      return 0;
    case StructureKind::Fat:
      return 1;
    default:
      return 2;
  }
}

bool manifest_unreadable(const Findings& findings) {
  for (const Finding& f : findings) {
    for (const char* code : kUnreadableCodes) {
      if (f.code == code) {
        return true;
      }
    }
  }
  return false;
}

bool read_manifest(const std::string& dir, Manifest* m, Findings* findings) {
  m->path = (std::filesystem::path(dir) / kManifestFileName).string();
  std::string text;
  {
    std::ifstream in(m->path, std::ios::binary);
    if (!in) {
      findings->push_back(missing_manifest_finding(dir, m->path));
      return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  JsonTextError error;
  const std::optional<json> parsed = parse_json_text(text, &error);
  if (!parsed) {
    findings->push_back(
        json_syntax_finding("ATLAS_JSON_MALFORMED", m->path, error, "fix the syntax there."));
    return false;
  }
  const json& root = *parsed;
  Reporter r(m->path, text, findings);
  if (!root.is_object()) {
    r.add(Severity::Error, "ATLAS_NOT_OBJECT", "",
          "the manifest must be a JSON object with \"format\": \"toxplan-atlas\".");
    return false;
  }
  const auto format = root.find("format");
  if (format == root.end() || !format->is_string() || *format != "toxplan-atlas") {
    r.add(Severity::Error, "ATLAS_FORMAT_WRONG", "/format",
          "this is not a Toxplan atlas manifest: \"format\" must be \"toxplan-atlas\".");
    return false;
  }
  const auto version = root.find("version");
  if (version == root.end() || !version->is_number_integer() || version->get<long long>() < 1) {
    r.error("ATLAS_FIELD_TYPE", "/version",
            "\"version\" must be a positive integer (this Toxplan reads version " +
                std::to_string(kAtlasFormatVersion) + ").");
  } else if (version->get<long long>() > kAtlasFormatVersion) {
    r.add(Severity::Error, "ATLAS_VERSION_NEWER", "/version",
          "atlas format version " + std::to_string(version->get<long long>()) +
              " is newer than this Toxplan reads (" + std::to_string(kAtlasFormatVersion) +
              "); update Toxplan.");
    return false;
  }
  read_string(root, "id", "", true, &m->id, &r);
  read_string(root, "atlas_version", "", true, &m->atlas_version, &r);
  read_string(root, "name", "", true, &m->name, &r);
  read_string(root, "licence", "", false, &m->licence, &r);
  read_string(root, "attribution", "", false, &m->attribution, &r);
  read_frame(root, m, &r);

  const auto structures = root.find("structures");
  if (structures == root.end()) {
    r.error("ATLAS_FIELD_MISSING", "/structures",
            "required field \"structures\" is missing; list the atlas's structures.");
  } else if (!structures->is_array()) {
    r.error("ATLAS_FIELD_TYPE", "/structures",
            "\"structures\" must be an array but is " + std::string(type_name(*structures)) + ".");
  } else {
    if (structures->empty()) {
      r.warning("ATLAS_NO_STRUCTURES", "/structures", "the atlas has no structures.");
    }
    if (structures->size() > 65535) {
      // Refused before reading them: tens of thousands of entries would each be read and
      // reported for an atlas that cannot be loaded anyway.
      r.error("ATLAS_TOO_MANY_STRUCTURES", "/structures",
              "an atlas can hold at most 65535 structures (labels are 16-bit).");
      return false;
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < structures->size(); ++i) {
      const std::string ptr = pointer_to("/structures", i);
      Structure s;
      std::vector<MeshSource> meshes;
      std::vector<MeshSource> display_meshes;
      bool valid = read_structure((*structures)[i], ptr, dir, &s, &meshes, &display_meshes, &r);
      if (!s.id.empty() && !ids.insert(s.id).second) {
        r.error("STRUCTURE_ID_DUPLICATE", ptr + "/id",
                "structure id \"" + s.id + "\" is used more than once; ids must be unique.");
        valid = false;
      }
      m->structures.push_back(std::move(s));
      m->meshes.push_back(std::move(meshes));
      m->display_meshes.push_back(std::move(display_meshes));
      m->structure_valid.push_back(valid);
    }
  }

  if (const auto landmarks = root.find("landmarks"); landmarks != root.end()) {
    if (!landmarks->is_array()) {
      r.error("ATLAS_FIELD_TYPE", "/landmarks", "\"landmarks\" must be an array.");
    } else {
      std::set<std::string> ids;
      for (std::size_t i = 0; i < landmarks->size(); ++i) {
        const std::string ptr = pointer_to("/landmarks", i);
        const json& l = (*landmarks)[i];
        if (!l.is_object()) {
          r.error("ATLAS_FIELD_TYPE", ptr, "each landmark must be an object.");
          continue;
        }
        Landmark landmark;
        bool ok = read_string(l, "id", ptr, true, &landmark.id, &r);
        ok = read_string(l, "name", ptr, false, &landmark.name, &r) && ok;
        const auto pos = l.find("position");
        if (pos == l.end()) {
          r.error("ATLAS_FIELD_MISSING", ptr + "/position",
                  "landmark needs \"position\": [x, y, z] in mm, atlas frame.");
          ok = false;
        } else {
          ok = read_vec3(*pos, ptr + "/position", "landmark position", &landmark.position_mm, &r) &&
               ok;
        }
        if (ok && !ids.insert(landmark.id).second) {
          r.error("LANDMARK_ID_DUPLICATE", ptr + "/id",
                  "landmark id \"" + landmark.id + "\" is used more than once.");
          ok = false;
        }
        if (ok) {
          if (landmark.name.empty()) {
            landmark.name = landmark.id;
          }
          m->landmarks.push_back(std::move(landmark));
        }
      }
    }
  }
  return true;
}

}  // namespace toxplan::anatomy
