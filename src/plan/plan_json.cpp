#include "plan/plan_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/json_locator.h"
#include "base/json_reader.h"
#include "base/json_text.h"

namespace toxplan::plan {

using nlohmann::json;

namespace {

json vec_to_json(const Vec3& v) {
  return json::array({v.x, v.y, v.z});
}

void read_sites(JsonReader& r, const json& doc, Plan* plan) {
  r.objects(doc, "", "sites", true, "sites", [&](const json& s, const std::string& p) {
    Site site;
    site.id = r.string(s, p, "id", true).value_or("");
    site.label = r.string(s, p, "label", false, site.id).value_or("");
    site.target_structure_id = r.string(s, p, "target_structure_id", true, site.id).value_or("");
    site.entry_point_mm = r.vec3(s, p, "entry_mm", site.id).value_or(Vec3{});
    site.needle_direction = r.vec3(s, p, "direction", site.id).value_or(Vec3{0, 0, -1});
    site.depth_mm = r.number(s, p, "depth_mm", true, site.id).value_or(0.0);
    site.dose_units = r.number(s, p, "dose_units", true, site.id).value_or(0.0);
    site.volume_ml = r.number(s, p, "volume_ml", true, site.id).value_or(0.0);
    site.needle_length_mm = r.number(s, p, "needle_length_mm", false, site.id).value_or(0.0);
    r.unknown_fields(s, p,
                     {"id", "label", "target_structure_id", "entry_mm", "direction", "depth_mm",
                      "dose_units", "volume_ml", "needle_length_mm"});
    plan->sites.push_back(std::move(site));
  });
}

void read_checklist(JsonReader& r, const json& doc, Plan* plan) {
  const json* list = r.member(doc, "", "patient_checklist", false);
  if (!list) return;
  if (!list->is_array()) {
    r.error("FIELD_WRONG_TYPE", "/patient_checklist", "must be an array of {id, answer}");
    return;
  }
  std::vector<ChecklistItem> items = default_patient_checklist();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& e = (*list)[i];
    const std::string p = "/patient_checklist/" + std::to_string(i);
    if (!e.is_object()) {
      r.error("FIELD_WRONG_TYPE", p, "each checklist entry must be an object {id, answer}");
      continue;
    }
    const std::string id = r.string(e, p, "id", true).value_or("");
    std::optional<bool> answer;
    if (const json* a = r.member(e, p, "answer", false); a && !a->is_null()) {
      if (!a->is_boolean()) {
        r.error("FIELD_WRONG_TYPE", p + "/answer", "must be true, false or null (not answered)");
      } else {
        answer = a->get<bool>();
      }
    }
    auto it = std::find_if(items.begin(), items.end(),
                           [&](const ChecklistItem& c) { return c.id == id; });
    if (it != items.end()) {
      it->answer = answer;
    } else if (!id.empty()) {
      // Kept so that a checklist item from a newer build survives a round trip.
      std::string question = r.string(e, p, "question", false).value_or(id);
      items.push_back({id, question, answer});
    }
  }
  plan->patient_checklist = std::move(items);
}

}  // namespace

json plan_to_json(const Plan& plan) {
  json doc = json::object();
  doc["format"] = kPlanFormatName;
  doc["version"] = kPlanFormatVersion;
  doc["title"] = plan.title;
  doc["product"] = std::string(product_id(plan.product));
  doc["indication"] = std::string(indication_id(plan.indication));
  doc["dilution"] = {{"vial_units", plan.dilution.vial_units},
                     {"diluent_ml", plan.dilution.diluent_ml}};
  doc["atlas"] = {{"id", plan.atlas_id}, {"version", plan.atlas_version}};
  if (!plan.protocol_id.empty()) doc["protocol_id"] = plan.protocol_id;
  json sites = json::array();
  for (const Site& s : plan.sites) {
    json site = {{"id", s.id},
                 {"label", s.label},
                 {"target_structure_id", s.target_structure_id},
                 {"entry_mm", vec_to_json(s.entry_point_mm)},
                 {"direction", vec_to_json(s.needle_direction)},
                 {"depth_mm", s.depth_mm},
                 {"dose_units", s.dose_units},
                 {"volume_ml", s.volume_ml}};
    if (s.needle_length_mm > 0.0) site["needle_length_mm"] = s.needle_length_mm;
    sites.push_back(std::move(site));
  }
  doc["sites"] = std::move(sites);
  if (!plan.model_parameters.empty()) doc["model_parameters"] = plan.model_parameters;
  doc["prior_units_last_3_months"] = plan.prior_units_last_3_months;
  json checklist = json::array();
  for (const ChecklistItem& c : plan.patient_checklist) {
    json e = {{"id", c.id}, {"question", c.question}};
    e["answer"] = c.answer ? json(*c.answer) : json(nullptr);
    checklist.push_back(std::move(e));
  }
  doc["patient_checklist"] = std::move(checklist);
  doc["notes"] = plan.notes;
  return doc;
}

std::string plan_to_text(const Plan& plan) {
  return plan_to_json(plan).dump(2) + "\n";
}

PlanParseResult plan_from_json(const json& doc, const std::string& source_name) {
  PlanParseResult result;
  JsonReader r(source_name, &result.findings);
  if (!doc.is_object()) {
    r.error("FIELD_WRONG_TYPE", "", "a plan file must hold a JSON object");
    return result;
  }
  const auto format = r.string(doc, "", "format", true);
  if (format && *format != kPlanFormatName) {
    r.error("FORMAT_UNKNOWN", "/format",
            "is \"" + *format + "\", expected \"" + kPlanFormatName + "\"; is this a plan file?");
    return result;
  }
  const json* version = r.member(doc, "", "version", true);
  if (version && !version->is_number_integer()) {
    r.error("FIELD_WRONG_TYPE", "/version", "must be a whole number");
  } else if (version && version->get<long long>() > kPlanFormatVersion) {
    r.error("VERSION_NEWER", "/version",
            "plan format version " + std::to_string(version->get<long long>()) +
                " is newer than this build reads (" + std::to_string(kPlanFormatVersion) +
                "); open it with a newer Toxplan");
    return result;
  } else if (version && version->get<long long>() < 1) {
    r.error("FIELD_WRONG_TYPE", "/version", "must be 1 or higher");
  }

  Plan plan;
  plan.title = r.string(doc, "", "title", false).value_or("");
  if (const auto product = r.string(doc, "", "product", true)) {
    if (auto p = product_from_id(*product)) {
      plan.product = *p;
    } else {
      r.error("PRODUCT_UNKNOWN", "/product",
              "unknown product \"" + *product +
                  "\"; use onabotulinumtoxinA, abobotulinumtoxinA, incobotulinumtoxinA or "
                  "rimabotulinumtoxinB");
    }
  }
  if (const json* d = r.object(doc, "", "dilution", true)) {
    plan.dilution.vial_units = r.number(*d, "/dilution", "vial_units", true).value_or(0.0);
    plan.dilution.diluent_ml = r.number(*d, "/dilution", "diluent_ml", true).value_or(0.0);
  }
  if (const json* a = r.object(doc, "", "atlas", true)) {
    plan.atlas_id = r.string(*a, "/atlas", "id", true).value_or("");
    plan.atlas_version = r.string(*a, "/atlas", "version", true).value_or("");
  }
  plan.protocol_id = r.string(doc, "", "protocol_id", false).value_or("");
  // Files written before plans carried their indication get it from their protocol.
  plan.indication = read_indication_field(r, doc, indication_for_protocol(plan.protocol_id));
  read_sites(r, doc, &plan);
  if (const json* m = r.object(doc, "", "model_parameters", false)) {
    for (auto it = m->begin(); it != m->end(); ++it) {
      const std::string p = "/model_parameters/" + json_pointer_escape(it.key());
      if (!it->is_number()) {
        r.error("FIELD_WRONG_TYPE", p, "model parameters must be numbers");
        continue;
      }
      plan.model_parameters[it.key()] = it->get<double>();
    }
  }
  plan.prior_units_last_3_months =
      r.number(doc, "", "prior_units_last_3_months", false).value_or(0.0);
  read_checklist(r, doc, &plan);
  plan.notes = r.string(doc, "", "notes", false).value_or("");
  r.unknown_fields(
      doc, "",
      {"format", "version", "title", "product", "indication", "dilution", "atlas", "protocol_id",
       "sites", "model_parameters", "prior_units_last_3_months", "patient_checklist", "notes"});
  if (r.ok()) result.plan = std::move(plan);
  return result;
}

PlanParseResult parse_plan_text(std::string_view text, const std::string& source_name) {
  JsonTextError error;
  const std::optional<json> doc = parse_json_text(text, &error);
  if (!doc) {
    PlanParseResult result;
    result.findings.push_back(
        json_syntax_finding("JSON_MALFORMED", source_name, error, "fix the syntax there"));
    return result;
  }
  PlanParseResult result = plan_from_json(*doc, source_name);
  attach_lines(&result.findings, text);
  return result;
}

}  // namespace toxplan::plan
