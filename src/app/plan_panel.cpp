// The plan panel: sites table and editor, totals against limits, product and dilution, patient
// checklist and notes.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "app/ui_state.h"
#include "base/format.h"
#include "plan/limits.h"
#include "plan/printed_numbers.h"
#include "plan/unit_conversion.h"
#include "plan/validation.h"
#include "session/needle_angles.h"
#include "session/site_display.h"

namespace toxplan::app {

namespace {

// Skin normal at a site's entry point (inward), from the atlas; the needle direction if the
// skin cannot be found there.
Vec3 inward_normal_at(const session::Planner& planner, const plan::Site& s) {
  const Vec3 d = normalized(s.needle_direction);
  const auto hit = planner.atlas().cast_to_skin(s.entry_point_mm - d * 20.0, d);
  if (hit && distance(hit->point_mm, s.entry_point_mm) < 3.0) return -hit->outward_normal;
  return d;
}

const char* status_text(const session::Planner& planner, const std::string& id) {
  const session::SpreadView* spread = planner.spread();
  if (!spread) return "...";
  const session::SiteResultView* r = spread->find(id);
  if (!r) return "...";
  switch (r->status) {  // short: the column is narrow; the legend is in the help window
    case render::SiteStatus::WithinTarget:
      return "in target";
    case render::SiteStatus::SpreadBeyondTarget:
      return "beyond";
    case render::SiteStatus::DangerReached:
      return "DANGER";
    case render::SiteStatus::Unsimulated:
      break;
  }
  return "...";
}

std::string side_word(const session::Planner& planner, const plan::Site& s) {
  return session::site_side(planner.atlas(), s);
}

std::string target_name(const session::Planner& planner, const plan::Site& s) {
  return session::site_target_name(planner.atlas(), s);
}

void draw_sites_table(session::Planner& planner) {
  const plan::Plan& plan = planner.plan();
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                          ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("sites", 6, flags, ImVec2(0, 300))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  // Ids and targets are long ("cervical_paraspinal_L_1", "Sternocleidomastoid (left)"): the
  // site column takes what the numbers leave and wraps both, target over id, so neither is ever
  // cut; the side has its own column.
  const float digit = ImGui::CalcTextSize("0").x;
  ImGui::TableSetupColumn("Target / site",
                          ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Side", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("midline").x);
  ImGui::TableSetupColumn("U", ImGuiTableColumnFlags_WidthFixed, 5 * digit);
  ImGui::TableSetupColumn("mL", ImGuiTableColumnFlags_WidthFixed, 5 * digit);
  ImGui::TableSetupColumn("mm", ImGuiTableColumnFlags_WidthFixed, 4 * digit);
  ImGui::TableSetupColumn("Spread", ImGuiTableColumnFlags_WidthFixed, 9 * digit);
  ImGui::TableHeadersRow();

  std::vector<const plan::Site*> rows;
  for (const plan::Site& s : plan.sites)
    rows.push_back(&s);
  if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsCount > 0) {
    const int column = sort->Specs[0].ColumnIndex;
    const bool ascending = sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
    const auto key_less = [&](const plan::Site* a, const plan::Site* b) {
      switch (column) {
        case 1:
          return side_word(planner, *a) < side_word(planner, *b);
        case 2:
          return a->dose_units < b->dose_units;
        case 3:
          return a->volume_ml < b->volume_ml;
        case 4:
          return a->depth_mm < b->depth_mm;
        case 5:
          return std::string(status_text(planner, a->id)) < status_text(planner, b->id);
        default:
          return a->id < b->id;
      }
    };
    // Descending swaps the arguments: "not less" would not be a strict ordering for ties.
    std::stable_sort(rows.begin(), rows.end(), [&](const plan::Site* a, const plan::Site* b) {
      return ascending ? key_less(a, b) : key_less(b, a);
    });
  }
  for (const plan::Site* s : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const bool selected = planner.selection().count(s->id) > 0;
    // The side has its own column: the target's name without it ("Levator scapulae").
    const std::string target = session::site_target_name_without_side(planner.atlas(), *s);
    // The row's selectable is as tall as the wrapped id and target, which are drawn over it.
    const float wrap = ImGui::GetContentRegionAvail().x;
    const float row_height = ImGui::CalcTextSize(s->id.c_str(), nullptr, false, wrap).y +
                             ImGui::GetStyle().ItemSpacing.y +
                             ImGui::CalcTextSize(target.c_str(), nullptr, false, wrap).y;
    const ImVec2 cell = ImGui::GetCursorScreenPos();
    const std::string row_id = "##row:" + s->id;
    if (ImGui::Selectable(
            row_id.c_str(), selected,
            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
            ImVec2(0, row_height))) {
      if (ImGui::GetIO().KeyCtrl) {
        if (selected) {
          planner.selection().erase(s->id);
        } else {
          planner.selection().insert(s->id);
        }
      } else {
        planner.select_only(s->id);
      }
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s  (%s)\n%s, %s side", s->id.c_str(), s->label.c_str(),
                        target_name(planner, *s).c_str(), side_word(planner, *s).c_str());
    }
    if (selected && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
    ImGui::SetCursorScreenPos(cell);
    // The muscle first (what the physician reads), the site's id under it.
    ImGui::TextWrapped("%s", target.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", s->id.c_str());
    ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(side_word(planner, *s).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%s", format_number(s->dose_units, 2).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%s", format_number(s->volume_ml, 3).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", s->depth_mm);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(status_text(planner, s->id));
  }
  ImGui::EndTable();
}

void draw_site_editor(session::Planner& planner, UiState& ui) {
  const plan::Plan& plan = planner.plan();
  auto& selection = planner.selection();
  if (selection.empty()) {
    ImGui::TextDisabled("Click the skin to add a site, or select one in the table.");
    return;
  }
  if (selection.size() > 1) {
    ImGui::Text("%zu sites selected", selection.size());
    static float bulk_dose = 5.0f;
    ImGui::SetNextItemWidth(120);
    ImGui::InputFloat("Dose (U) for all", &bulk_dose, 0.5f, 1.0f, "%.2f");
    ImGui::SameLine();
    if (ImGui::Button("Apply")) {
      plan::Plan edited = plan;
      for (plan::Site& s : edited.sites) {
        if (selection.count(s.id)) {
          s.dose_units = bulk_dose;
          s.volume_ml = plan.dilution.volume_ml_for_dose(bulk_dose);
        }
      }
      planner.editor().apply("Set dose of " + std::to_string(selection.size()) + " sites",
                             std::move(edited));
    }
    if (ImGui::Button("Mirror to other side (M)")) planner.mirror_selected();
    ImGui::SameLine();
    if (ImGui::Button("Delete (Del)")) planner.delete_selected();
    return;
  }
  const plan::Site* found = plan.find_site(*selection.begin());
  if (!found) {
    selection.clear();
    return;
  }
  plan::Site site = *found;
  const std::string key = "site:" + site.id + ":";
  // Which muscle, which side and which site, in full: a dose typed here must go where the user
  // thinks it goes.
  ImGui::TextWrapped("%s", session::site_editor_header(planner.atlas(), site).c_str());
  // Fields leave room for their longest label ("Angle to skin (deg)"): no label is cut.
  ImGui::PushItemWidth(
      -(ImGui::CalcTextSize("Angle to skin (deg)").x + ImGui::GetStyle().ItemInnerSpacing.x));

  std::string label = site.label;
  if (ImGui::InputText("Label", &label)) {
    site.label = label;
    planner.set_site(site, key + "label");
  }
  if (ImGui::BeginCombo("Target", target_name(planner, site).c_str())) {
    for (const anatomy::Structure& s : planner.atlas().structures()) {
      if (s.kind != anatomy::StructureKind::Muscle) continue;
      if (ImGui::Selectable(s.name.c_str(), s.id == site.target_structure_id)) {
        site.target_structure_id = s.id;
        planner.set_site(site);
      }
    }
    ImGui::EndCombo();
  }
  double dose = site.dose_units;
  if (ui.focus_dose_field) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_dose_field = false;
  }
  // Dose and volume are linked through the dilution: editing one updates the other.
  if (ImGui::InputDouble("Dose (U)", &dose, 0.5, 2.5, "%.2f",
                         ImGuiInputTextFlags_EnterReturnsTrue)) {
    planner.set_dose(site.id, dose);
  }
  double volume = site.volume_ml;
  if (ImGui::InputDouble("Volume (mL)", &volume, 0.01, 0.1, "%.3f",
                         ImGuiInputTextFlags_EnterReturnsTrue)) {
    planner.set_volume(site.id, volume);
  }
  double depth = site.depth_mm;
  if (ImGui::InputDouble("Depth (mm)", &depth, 0.5, 2.0, "%.1f",
                         ImGuiInputTextFlags_EnterReturnsTrue)) {
    site.depth_mm = std::max(0.0, depth);
    planner.set_site(site);
  }
  const Vec3 normal = inward_normal_at(planner, site);
  session::NeedleAngles angles = session::needle_angles(site.needle_direction, normal);
  float angle = static_cast<float>(angles.angle_to_skin_deg);
  float lean = static_cast<float>(angles.lean_azimuth_deg);
  bool angle_changed = ImGui::SliderFloat("Angle to skin (deg)", &angle, 15.0f, 90.0f, "%.0f");
  angle_changed |= ImGui::SliderFloat("Lean toward (deg)", &lean, -180.0f, 180.0f, "%.0f");
  if (angle_changed) {
    angles.angle_to_skin_deg = angle;
    angles.lean_azimuth_deg = lean;
    site.needle_direction = session::needle_direction(angles, normal);
    planner.set_site(site, key + "angle");
  }
  if (ImGui::IsItemDeactivatedAfterEdit()) planner.editor().end_merge();
  ImGui::TextDisabled("Entry %.1f, %.1f, %.1f mm (RAS)", site.entry_point_mm.x,
                      site.entry_point_mm.y, site.entry_point_mm.z);
  if (const session::SpreadView* spread = planner.spread()) {
    if (const session::SiteResultView* r = spread->find(site.id)) {
      ImGui::TextWrapped("Effect volume %.2f cm3, reach %.1f along / %.1f across mm",
                         r->effect_volume_cm3, r->reach_along_mm, r->reach_across_mm);
      ImGui::Text("Bound toxin in target: %.0f%%", 100.0 * r->bound_fraction_in_target);
    }
  }
  ImGui::PopItemWidth();
  if (ImGui::Button("Mirror (M)")) planner.mirror_selected();
  ImGui::SameLine();
  if (ImGui::Button("Delete (Del)")) planner.delete_selected();
}

void draw_totals(session::Planner& planner) {
  const plan::Plan& plan = planner.plan();
  const plan::DoseTotals t = planner.totals();
  // As printed on the chart: the sums of the rows as printed (plan/printed_numbers.h).
  const plan::PrintedTotals printed = plan::printed_totals(plan);
  const std::string product(plan::product_id(plan.product));
  ImGui::Text("Total %s U %s in %d sites", plan::printed_units(printed.units).c_str(),
              product.c_str(), t.site_count);
  ImGui::Text("Volume %s mL, %d vial(s) of %s", plan::printed_ml(printed.volume_ml).c_str(),
              t.vials, format_units(plan.dilution.vial_units).c_str());
  if (ImGui::BeginTable("groups", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupColumn("Muscle group");
    ImGui::TableSetupColumn("Units");
    ImGui::TableSetupColumn("Sites");
    ImGui::TableHeadersRow();
    for (const auto& [group, units] : t.units_by_group) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(group.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%s", format_number(units, 2).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", t.sites_by_group.count(group) ? t.sites_by_group.at(group) : 0);
    }
    ImGui::EndTable();
  }
  ImGui::Text(
      "Left %s   Right %s   Midline %s",
      format_units(t.units_by_side.count("L") ? t.units_by_side.at("L") : 0).c_str(),
      format_units(t.units_by_side.count("R") ? t.units_by_side.at("R") : 0).c_str(),
      format_units(t.units_by_side.count("midline") ? t.units_by_side.at("midline") : 0).c_str());
  ImGui::Separator();
  // Only the limits of this product AND this indication: a migraine plan has no cervical
  // dystonia session limit and no sternocleidomastoid line.
  ImGui::Text("Limits for %s, %s", product.c_str(),
              std::string(plan::indication_name(plan.indication)).c_str());
  const std::vector<plan::LimitStatus> limits = plan::limit_status(plan, t);
  if (limits.empty()) ImGui::TextDisabled("No sourced maximum for this product and indication.");
  for (const plan::LimitStatus& st : limits) {
    const plan::DoseLimit& l = st.limit;
    // Information is not an excess: it is never shown as "OVER" or in red.
    ImVec4 colour(0.6f, 0.9f, 0.6f, 1.0f);
    if (l.severity == Severity::Info) {
      colour = ImVec4(0.75f, 0.8f, 0.9f, 1.0f);
    } else if (st.exceeded()) {
      colour = l.severity == Severity::Error ? ImVec4(1.0f, 0.45f, 0.35f, 1.0f)
                                             : ImVec4(1.0f, 0.8f, 0.4f, 1.0f);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", plan::limit_status_line(st).c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s\nSource: %s%s", l.reason.c_str(), l.source.c_str(),
                        l.verified ? "" : " (not verified)");
    }
  }
}

void draw_product(session::Planner& planner) {
  plan::Plan plan = planner.plan();
  const std::string current(plan::product_id(plan.product));
  if (ImGui::BeginCombo("Product", current.c_str())) {
    for (const plan::ProductInfo& p : plan::all_products()) {
      const std::string text = std::string(p.id) + " (" + std::string(p.brand_name) + ")";
      if (ImGui::Selectable(text.c_str(), p.product == plan.product) && p.product != plan.product) {
        // Units of another product are not the same amount of toxin: doses are kept as typed
        // and the user is told to review them (no silent conversion).
        plan.product = p.product;
        planner.editor().apply("Change product", plan);
      }
    }
    ImGui::EndCombo();
  }
  // The indication selects the limits (Totals & limits tab): the same product has other
  // maxima for chronic migraine, cervical dystonia and spasticity.
  const std::string indication(plan::indication_name(plan.indication));
  if (ImGui::BeginCombo("Indication", indication.c_str())) {
    for (const plan::Indication i : plan::all_indications()) {
      const std::string name(plan::indication_name(i));
      if (ImGui::Selectable(name.c_str(), i == plan.indication) && i != plan.indication) {
        plan.indication = i;
        planner.editor().apply("Change indication", plan);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.4f, 1.0f),
                     "Units are not interchangeable between products (labels).");
  // A protocol's doses are in its product's units (PREEMPT: onabotulinumtoxinA only). The plan
  // then has a PROTOCOL_PRODUCT_MISMATCH error; the way out is the product back, or a plan of
  // the user's own that no longer claims the protocol or its title.
  if (const auto expected = plan::protocol_product(plan.protocol_id);
      expected && *expected != plan.product) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.35f, 1.0f));
    ImGui::TextWrapped("Protocol %s is defined in %s units: its doses do not apply to %s.",
                       plan.protocol_id.c_str(), std::string(plan::product_id(*expected)).c_str(),
                       current.c_str());
    ImGui::PopStyleColor();
    if (ImGui::Button("Keep the sites as my own plan (drop the protocol and its title)")) {
      plan.protocol_id.clear();
      plan.title = "Own plan in " + current + " (doses to review)";
      planner.editor().apply("Drop protocol", plan);
    }
  }
  plan::Dilution d = plan.dilution;
  bool changed = ImGui::InputDouble("Vial (U)", &d.vial_units, 50.0, 100.0, "%.0f",
                                    ImGuiInputTextFlags_EnterReturnsTrue);
  changed |= ImGui::InputDouble("Diluent (mL)", &d.diluent_ml, 0.5, 1.0, "%.2f",
                                ImGuiInputTextFlags_EnterReturnsTrue);
  if (changed && d.vial_units > 0 && d.diluent_ml > 0) planner.editor().set_dilution(d);
  ImGui::Text("Concentration: %s U per 0.1 mL",
              format_number(plan.dilution.units_per_0_1_ml(), 3).c_str());
  const auto& info = plan::product_info(plan.product);
  std::string vials;
  for (double v : info.vial_sizes_units)
    vials += format_units(v) + "  ";
  ImGui::TextDisabled("Vials: %s", vials.c_str());
  if (plan.product != plan::Product::OnabotulinumtoxinA) {
    const plan::DoseTotals t = planner.totals();
    const auto c =
        plan::convert_approximately(t.plan_units, plan.product, plan::Product::OnabotulinumtoxinA);
    ImGui::TextWrapped("Approximately %s onabotulinumtoxinA-equivalent (%s)",
                       format_units(c.value_units).c_str(), c.label.c_str());
  }
}

void draw_patient(session::Planner& planner) {
  plan::Plan plan = planner.plan();
  std::string title = plan.title;
  if (ImGui::InputText("Title", &title)) {
    plan.title = title;
    planner.editor().apply("Edit title", plan, "title");
  }
  double prior = plan.prior_units_last_3_months;
  // The field leaves room for its label, the longest of this tab: it was cut.
  ImGui::SetNextItemWidth(-(ImGui::CalcTextSize("Units in the last 3 months").x +
                            ImGui::GetStyle().ItemInnerSpacing.x));
  if (ImGui::InputDouble("Units in the last 3 months", &prior, 5.0, 25.0, "%.0f",
                         ImGuiInputTextFlags_EnterReturnsTrue)) {
    plan.prior_units_last_3_months = std::max(0.0, prior);
    planner.editor().apply("Edit prior units", plan);
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Patient checklist (no identifying data)");
  for (std::size_t i = 0; i < plan.patient_checklist.size(); ++i) {
    plan::ChecklistItem item = plan.patient_checklist[i];
    ImGui::PushID(static_cast<int>(i));
    int answer = item.answer ? (*item.answer ? 1 : 2) : 0;
    ImGui::TextWrapped("%s", item.question.c_str());
    bool changed = ImGui::RadioButton("not asked", &answer, 0);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("yes", &answer, 1);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("no", &answer, 2);
    if (changed) {
      plan::Plan edited = planner.plan();
      edited.patient_checklist[i].answer =
          answer == 0 ? std::nullopt : std::optional<bool>(answer == 1);
      planner.editor().apply("Answer checklist", edited);
    }
    ImGui::PopID();
  }
  ImGui::Separator();
  std::string notes = plan.notes;
  if (ImGui::InputTextMultiline("Notes", &notes, ImVec2(-1, 80))) {
    plan::Plan edited = planner.plan();
    edited.notes = notes;
    planner.editor().apply("Edit notes", edited, "notes");
  }
}

}  // namespace

void draw_plan_panel(session::Planner& planner, UiState& ui, float x, float y, float width,
                     float height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("Plan", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  if (ImGui::BeginTabBar("plan_tabs")) {
    if (ImGui::BeginTabItem("Sites")) {
      draw_sites_table(planner);
      ImGui::Separator();
      draw_site_editor(planner, ui);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Totals & limits")) {
      draw_totals(planner);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Product")) {
      draw_product(planner);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Patient")) {
      draw_patient(planner);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace toxplan::app
