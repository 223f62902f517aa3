#include "atlas_build/recipe.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "anatomy/structure.h"
#include "base/json_locator.h"
#include "base/json_reader.h"
#include "base/json_text.h"

namespace toxplan::atlas_build {

namespace {

using nlohmann::json;

constexpr const char* kRecipeFormat = "toxplan-atlas-recipe";
constexpr int kRecipeVersion = 1;
constexpr std::size_t kMaxRecipeBytes = 8u << 20;  // a recipe is a few hundred lines
constexpr std::size_t kMaxStructures = 4096;

std::optional<std::array<double, 3>> read_colour(JsonReader& r, const json& s,
                                                 const std::string& p) {
  const json* v = r.member(s, p, "colour", false);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() != 3) {
    r.error("RECIPE_FIELD_TYPE", p + "/colour", "must be [r, g, b], each 0..1");
    return std::nullopt;
  }
  std::array<double, 3> c{};
  for (int i = 0; i < 3; ++i) {
    if (!(*v)[i].is_number() || (*v)[i].get<double>() < 0 || (*v)[i].get<double>() > 1) {
      r.error("RECIPE_FIELD_TYPE", p + "/colour", "must be [r, g, b], each 0..1");
      return std::nullopt;
    }
    c[i] = (*v)[i].get<double>();
  }
  return c;
}

std::optional<FibreRule> read_fibre(JsonReader& r, const json& s, const std::string& p) {
  const json* f = r.object(s, p, "fibre", false);
  if (!f) return std::nullopt;
  const std::string fp = p + "/fibre";
  FibreRule rule;
  rule.rule = r.string(*f, fp, "rule", true).value_or("");
  if (rule.rule == "constant") {
    if (auto d = r.vec3(*f, fp, "direction", "")) rule.direction = *d;
    if (norm(rule.direction) <= 0) {
      r.error("RECIPE_FIBRE_INVALID", fp + "/direction", "must be a non-zero [x, y, z]");
    }
  } else if (rule.rule == "converge") {
    rule.landmark = r.string(*f, fp, "landmark", true).value_or("");
  } else if (rule.rule == "attachments") {
    rule.from = r.strings(*f, fp, "from", true);
    rule.to = r.strings(*f, fp, "to", true);
  } else if (!rule.rule.empty()) {
    r.error("RECIPE_FIBRE_INVALID", fp + "/rule",
            "unknown rule \"" + rule.rule + "\"; use constant, converge or attachments");
  }
  r.unknown_fields(*f, fp, {"rule", "direction", "landmark", "from", "to"});
  return rule;
}

void read_structure(JsonReader& r, const json& s, const std::string& p, Recipe* recipe) {
  RecipeStructure st;
  st.pointer = p;
  st.id = r.string(s, p, "id", true).value_or("");
  st.name = r.string(s, p, "name", true).value_or("");
  st.kind = r.string(s, p, "kind", true).value_or("");
  st.side = r.string(s, p, "side", true).value_or("");
  st.group = r.string(s, p, "group", false).value_or(st.id);
  st.colour = read_colour(r, s, p);
  if (auto priority = r.number(s, p, "priority", false)) st.priority = static_cast<int>(*priority);
  st.sources = r.strings(s, p, "sources", false);
  st.derived = r.string(s, p, "derived", false).value_or("");
  st.fma_id = r.string(s, p, "fma_id", false).value_or("");
  st.fibre = read_fibre(r, s, p);
  st.note = r.string(s, p, "note", false).value_or("");
  if (const json* d = r.member(s, p, "danger", false)) {
    if (d->is_boolean()) {
      st.danger = d->get<bool>();
    } else if (d->is_object()) {
      st.danger = true;
      st.adverse_effect = r.string(*d, p + "/danger", "adverse_effect", true).value_or("");
    } else {
      r.error("RECIPE_FIELD_TYPE", p + "/danger", "must be true or {\"adverse_effect\": \"...\"}");
    }
  }
  if (r.member(s, p, "clear_of", false)) st.clear_of = r.strings(s, p, "clear_of", false);
  r.unknown_fields(s, p,
                   {"id", "name", "kind", "side", "group", "colour", "priority", "sources",
                    "derived", "fma_id", "fibre", "danger", "clear_of", "note"});

  anatomy::StructureKind kind;
  if (!st.kind.empty() && !anatomy::kind_from_name(st.kind, &kind)) {
    r.error("RECIPE_KIND_UNKNOWN", p + "/kind",
            "unknown kind \"" + st.kind +
                "\"; use skin, fat, muscle, bone, organ, nerve, vessel or other");
  }
  if (!st.side.empty() && st.side != "L" && st.side != "R" && st.side != "midline") {
    r.error("RECIPE_SIDE_INVALID", p + "/side", "must be \"L\", \"R\" or \"midline\"");
  }
  if (st.sources.empty() == st.derived.empty()) {
    r.error("RECIPE_SOURCES_MISSING", p,
            "structure \"" + st.id + "\" needs either \"sources\" (source meshes) or \"derived\"");
  }
  recipe->structures.push_back(std::move(st));
}

void read_source_set(JsonReader& r, const json& s, const std::string& p, Recipe* recipe) {
  SourceSet set;
  set.pointer = p;
  set.id = r.string(s, p, "id", true).value_or("");
  set.folder = r.string(s, p, "folder", true).value_or("");
  set.scale_to_mm = r.number(s, p, "scale_to_mm", false).value_or(1.0);
  const std::string frame = r.string(s, p, "coordinate_system", false).value_or("LPS");
  if (frame != "LPS" && frame != "RAS") {
    r.error("RECIPE_FIELD_TYPE", p + "/coordinate_system", "must be \"LPS\" or \"RAS\"");
  }
  set.lps = frame == "LPS";
  if (!(set.scale_to_mm > 0)) r.error("RECIPE_FIELD_TYPE", p + "/scale_to_mm", "must be > 0");
  if (const json* ref = r.object(s, p, "to_reference", false)) {
    const std::string rp = p + "/to_reference";
    set.to_reference_scale = r.number(*ref, rp, "scale", true).value_or(1.0);
    if (auto t = r.vec3(*ref, rp, "translation_mm", "")) set.to_reference_translation_mm = *t;
    r.unknown_fields(*ref, rp, {"scale", "translation_mm", "source"});
  }
  set.register_onto = r.strings(s, p, "register_onto", false);
  r.unknown_fields(s, p,
                   {"id", "folder", "scale_to_mm", "coordinate_system", "to_reference",
                    "register_onto", "what"});
  recipe->source_sets.push_back(std::move(set));
}

void check_references(JsonReader& r, Recipe* recipe) {
  std::set<std::string> ids;
  for (const RecipeStructure& s : recipe->structures) {
    if (!s.id.empty() && !ids.insert(s.id).second) {
      r.error("RECIPE_ID_DUPLICATE", s.pointer + "/id",
              "two structures are called \"" + s.id + "\"");
    }
  }
  auto known = [&](const std::string& id, const std::string& pointer) {
    if (!ids.count(id)) {
      r.error("RECIPE_REFERENCE_UNKNOWN", pointer,
              "names structure \"" + id + "\", which the recipe does not define");
    }
  };
  for (const RecipeStructure& s : recipe->structures) {
    if (s.clear_of) {
      for (const std::string& id : *s.clear_of)
        known(id, s.pointer + "/clear_of");
    }
    if (s.fibre) {
      for (const std::string& id : s.fibre->from)
        known(id, s.pointer + "/fibre/from");
      for (const std::string& id : s.fibre->to)
        known(id, s.pointer + "/fibre/to");
    }
  }
  for (const SourceSet& set : recipe->source_sets) {
    for (const std::string& id : set.register_onto)
      known(id, set.pointer + "/register_onto");
  }
  for (const auto& [role, id] : recipe->landmark_roles)
    known(id, "/landmark_roles/" + role);
}

}  // namespace

const char* body_region_name(BodyRegion region) {
  switch (region) {
    case BodyRegion::UpperLimb:
      return "upper_limb";
    case BodyRegion::LowerLimb:
      return "lower_limb";
    case BodyRegion::HeadNeck:
      break;
  }
  return "head_neck";
}

const RecipeStructure* Recipe::find(const std::string& id) const {
  for (const RecipeStructure& s : structures) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::optional<Recipe> read_recipe(const std::string& path, Findings* findings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    findings->push_back({"RECIPE_MISSING", Severity::Error, "", "", 0,
                         path + ": cannot open the recipe file; check the path"});
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (text.size() > kMaxRecipeBytes) {
    findings->push_back({"RECIPE_TOO_LARGE", Severity::Error, "", "", 0,
                         path + ": larger than 8 MB; a recipe is a few hundred lines"});
    return std::nullopt;
  }
  JsonTextError error;
  const std::optional<json> parsed = parse_json_text(text, &error);
  if (!parsed) {
    findings->push_back(
        json_syntax_finding("RECIPE_JSON_MALFORMED", path, error, "fix the syntax there"));
    return std::nullopt;
  }
  const std::size_t first = findings->size();
  Recipe recipe;
  recipe.path = path;
  {
    JsonReader r(path, findings);
    const json& doc = *parsed;
    if (!doc.is_object()) {
      r.error("RECIPE_NOT_OBJECT", "", "a recipe must hold a JSON object");
    } else {
      const auto format = r.string(doc, "", "format", true);
      if (format && *format != kRecipeFormat) {
        r.error("RECIPE_FORMAT_WRONG", "/format", std::string("must be \"") + kRecipeFormat + "\"");
      }
      if (r.number(doc, "", "version", true).value_or(0) > kRecipeVersion) {
        r.error("RECIPE_VERSION_NEWER", "/version",
                "is newer than this build reads; update Toxplan");
      }
      if (const json* atlas = r.object(doc, "", "atlas", true)) {
        recipe.atlas_id = r.string(*atlas, "/atlas", "id", true).value_or("");
        recipe.atlas_version = r.string(*atlas, "/atlas", "atlas_version", true).value_or("");
        recipe.name = r.string(*atlas, "/atlas", "name", true).value_or("");
        recipe.licence = r.string(*atlas, "/atlas", "licence", false).value_or("");
        recipe.attribution = r.string(*atlas, "/atlas", "attribution", false).value_or("");
        recipe.licence_file = r.string(*atlas, "/atlas", "licence_file", false).value_or("");
        r.unknown_fields(*atlas, "/atlas",
                         {"id", "atlas_version", "name", "licence", "attribution", "licence_file"});
      }
      if (const json* b = r.object(doc, "", "build", false)) {
        recipe.close_tolerance_mm =
            r.number(*b, "/build", "close_tolerance_mm", false).value_or(recipe.close_tolerance_mm);
        recipe.clearance_mm =
            r.number(*b, "/build", "clearance_mm", false).value_or(recipe.clearance_mm);
        recipe.display_triangles = static_cast<int>(
            r.number(*b, "/build", "display_triangles", false).value_or(recipe.display_triangles));
        recipe.cut_below_z_mm =
            r.number(*b, "/build", "cut_below_z_mm", false).value_or(recipe.cut_below_z_mm);
        recipe.cut_above_z_mm = r.number(*b, "/build", "cut_above_z_mm", false);
        if (recipe.cut_above_z_mm && !(*recipe.cut_above_z_mm > recipe.cut_below_z_mm + 10.0)) {
          r.error("RECIPE_FIELD_RANGE", "/build/cut_above_z_mm",
                  "must lie more than 10 mm above build.cut_below_z_mm");
        }
        recipe.soft_tissue_spacing_mm = r.number(*b, "/build", "soft_tissue_spacing_mm", false)
                                            .value_or(recipe.soft_tissue_spacing_mm);
        r.unknown_fields(*b, "/build",
                         {"close_tolerance_mm", "clearance_mm", "display_triangles",
                          "cut_below_z_mm", "cut_above_z_mm", "soft_tissue_spacing_mm"});
        if (!(recipe.soft_tissue_spacing_mm >= 0.25 && recipe.soft_tissue_spacing_mm <= 5)) {
          r.error("RECIPE_FIELD_RANGE", "/build/soft_tissue_spacing_mm", "must be 0.25 to 5 mm");
        }
        if (recipe.display_triangles < 100 || recipe.display_triangles > 1000000) {
          r.error("RECIPE_FIELD_RANGE", "/build/display_triangles", "must be 100 to 1000000");
        }
      }
      r.objects(doc, "", "source_sets", true, "source sets",
                [&](const json& s, const std::string& p) { read_source_set(r, s, p, &recipe); });
      if (const auto region = r.string(doc, "", "body_region", false)) {
        if (*region == "head_neck") {
          recipe.body_region = BodyRegion::HeadNeck;
        } else if (*region == "upper_limb") {
          recipe.body_region = BodyRegion::UpperLimb;
        } else if (*region == "lower_limb") {
          recipe.body_region = BodyRegion::LowerLimb;
        } else {
          r.error(
              "RECIPE_FIELD_VALUE", "/body_region",
              "must be \"head_neck\", \"upper_limb\" or \"lower_limb\" (got \"" + *region + "\")");
        }
      }
      recipe.skin_source = r.string(doc, "", "skin_source", false).value_or("");
      if (const json* roles = r.object(doc, "", "landmark_roles", false)) {
        for (auto it = roles->begin(); it != roles->end(); ++it) {
          if (it->is_string()) {
            recipe.landmark_roles[it.key()] = it->get<std::string>();
          } else {
            r.error("RECIPE_FIELD_TYPE", "/landmark_roles/" + it.key(), "must be a structure id");
          }
        }
      }
      const json* list = r.member(doc, "", "structures", true);
      if (list && list->is_array() && list->size() > kMaxStructures) {
        r.error("RECIPE_TOO_MANY_STRUCTURES", "/structures", "more than 4096 structures");
      } else {
        r.objects(doc, "", "structures", true, "structures",
                  [&](const json& s, const std::string& p) { read_structure(r, s, p, &recipe); });
      }
      r.unknown_fields(doc, "",
                       {"format", "version", "atlas", "body_region", "build", "source_sets",
                        "skin_source", "landmark_roles", "structures", "comment"});
      check_references(r, &recipe);
    }
  }
  std::vector<Finding> mine(findings->begin() + static_cast<std::ptrdiff_t>(first),
                            findings->end());
  attach_lines(&mine, text);
  std::copy(mine.begin(), mine.end(), findings->begin() + static_cast<std::ptrdiff_t>(first));
  if (has_errors(mine)) return std::nullopt;
  return recipe;
}

}  // namespace toxplan::atlas_build
