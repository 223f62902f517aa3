#include "session/site_display.h"

#include "plan/totals.h"

namespace toxplan::session {

namespace {

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() > end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

std::string site_side(const anatomy::Atlas& atlas, const plan::Site& site) {
  const anatomy::Structure* target = atlas.find(site.target_structure_id);
  const std::string side = target && !target->side.empty()
                               ? target->side
                               : plan::side_of_structure(site.target_structure_id);
  if (side == "L") return "left";
  if (side == "R") return "right";
  return "midline";
}

std::string site_target_name(const anatomy::Atlas& atlas, const plan::Site& site) {
  if (const anatomy::Structure* target = atlas.find(site.target_structure_id)) return target->name;
  return site.target_structure_id.empty() ? std::string("no target") : site.target_structure_id;
}

std::string site_target_name_without_side(const anatomy::Atlas& atlas, const plan::Site& site) {
  std::string name = site_target_name(atlas, site);
  const std::string suffix = " (" + site_side(atlas, site) + ")";
  if (ends_with(name, suffix)) name.resize(name.size() - suffix.size());
  return name;
}

std::string site_editor_header(const anatomy::Atlas& atlas, const plan::Site& site) {
  return "Editing: " + site_target_name_without_side(atlas, site) + " (" + site_side(atlas, site) +
         ") - site " + site.id;
}

}  // namespace toxplan::session
