#include "cli/findings_json.h"

#include <nlohmann/json.hpp>

namespace toxplan::cli {

nlohmann::json findings_to_json(const Findings& findings) {
  nlohmann::json list = nlohmann::json::array();
  for (const Finding& f : findings) {
    nlohmann::json j = {
        {"code", f.code}, {"severity", severity_name(f.severity)}, {"message", f.message}};
    if (!f.site_id.empty()) j["site_id"] = f.site_id;
    if (!f.field.empty()) j["field"] = f.field;
    if (f.line > 0) j["line"] = f.line;
    list.push_back(std::move(j));
  }
  return list;
}

}  // namespace toxplan::cli
