#include "app/practice_mode.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <chrono>
#include <filesystem>

#include "base/format.h"
#include "protocol/protocol_placement.h"
#include "session/planner.h"

namespace toxplan::app {

namespace {

std::string history_dir(const session::Planner& planner) {
  return (std::filesystem::path(planner.state_dir()) / "practice").string();
}

void load_progress(const session::Planner& planner, PracticeState& state) {
  const auto loaded = practice::load_attempt_history(
      practice::history_path(history_dir(planner), state.trainee), state.trainee);
  state.progress.clear();
  if (loaded.history) {
    state.progress = practice::score_series(*loaded.history, state.protocol_id);
  } else {
    state.message = loaded.error;
  }
}

void apply_difficulty(session::Planner& planner, const PracticeState& state) {
  render::Scene& scene = planner.scene();
  for (const anatomy::Structure& s : planner.atlas().structures()) {
    if (s.kind == anatomy::StructureKind::Skin) {
      scene.set_structure_opacity(
          s.id, state.difficulty.opaque_skin ? 1.0 : render::default_opacity(s.kind));
    }
    if (s.kind == anatomy::StructureKind::Muscle) {
      scene.set_structure_visible(s.id, !state.difficulty.hide_muscles);
    }
  }
  scene.set_landmarks_visible(!state.difficulty.hide_landmarks);
}

void hide_reference(session::Planner& planner) {
  planner.scene().set_reference_sites({});
  planner.scene().set_error_lines({});
}

}  // namespace

std::string start_practice(session::Planner& planner, PracticeState& state) {
  const protocol::ProtocolParseResult parsed =
      protocol::find_protocol(state.protocol_id, protocol::protocols_dir());
  if (!parsed.protocol) {
    return parsed.findings.empty() ? "cannot read protocol " + state.protocol_id
                                   : parsed.findings.front().message;
  }
  if (std::string why = practice::unscorable_protocol_reason(
          *parsed.protocol,
          "Choose a PREEMPT protocol, or grade a cervical dystonia attempt against a reference "
          "plan: toxplan score ATTEMPT --reference PLAN.");
      !why.empty())
    return why;
  const protocol::ProtocolApplication applied =
      protocol::apply_protocol(*parsed.protocol, planner.atlas(), false);
  if (has_errors(applied.findings)) return applied.findings.front().message;
  state.protocol = *parsed.protocol;
  state.reference = applied.plan;
  // The planner owns the atlas for the whole session; the scorer borrows it.
  const std::shared_ptr<const anatomy::Atlas> atlas(&planner.atlas(), [](const anatomy::Atlas*) {});
  state.scorer = std::make_shared<practice::AttemptScorer>(atlas, state.reference,
                                                           practice::scoring_options_for(atlas));
  state.checked = false;
  state.score = {};
  state.message.clear();
  planner.new_plan();
  plan::Plan blank = planner.plan();
  blank.product = state.protocol.product;
  blank.dilution = state.protocol.dilution;
  blank.protocol_id = state.protocol.id;
  blank.indication = state.protocol.indication;
  blank.title = "Practice: " + state.protocol.name;
  planner.editor().reset(blank);
  hide_reference(planner);
  apply_difficulty(planner, state);
  load_progress(planner, state);
  planner.pin_atlas("End practice first (Practice > End practice)");  // scored on this atlas
  state.active = true;
  return "";
}

void check_practice(session::Planner& planner, PracticeState& state) {
  if (planner.plan().sites.empty()) {
    // An attempt without a site says nothing about the trainee: it is neither scored nor kept
    // in the history (it once went in with a score of 1.42e-14).
    state.message = "Place a site first: an empty attempt is not scored.";
    return;
  }
  // Scored exactly as `toxplan score` scores the saved attempt: both plans simulated with their
  // own parameters, whatever the window's spread view shows at this moment.
  if (!state.scorer || practice_scoring_busy(state)) return;
  state.scored_plan = planner.plan();
  state.message.clear();
  // A one-off job off the UI thread (a pool loop would also run on, and block, the UI); its
  // simulations use the shared pool.
  state.scoring = std::async(
      std::launch::async,
      [scorer = state.scorer, plan = state.scored_plan]() -> std::optional<practice::AttemptScore> {
        try {
          return scorer->score(plan);
        } catch (const std::exception&) {
          return std::nullopt;  // reported by collect_practice_score; never ends the process
        }
      });
}

bool practice_scoring_busy(const PracticeState& state) {
  return state.scoring.valid();
}

void collect_practice_score(session::Planner& planner, PracticeState& state, bool wait) {
  if (!state.scoring.valid()) return;
  if (!wait && state.scoring.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  const std::optional<practice::AttemptScore> score = state.scoring.get();
  state.message.clear();
  if (!score) {
    state.message = "The attempt could not be scored (the simulation failed); try Check again.";
    return;
  }
  state.score = *score;
  state.checked = true;

  const auto record = practice::make_attempt_record(state.score, state.protocol.id,
                                                    std::chrono::system_clock::now());
  if (auto error = practice::append_attempt(history_dir(planner), state.trainee, record)) {
    state.message = *error;
  }
  load_progress(planner, state);

  std::vector<render::SiteGlyph> reference;
  for (const plan::Site& s : state.reference.sites) {
    reference.push_back(
        {s.id, s.entry_point_mm, s.tip_mm(), render::SiteStatus::Unsimulated, false});
  }
  planner.scene().set_reference_sites(reference);
  std::vector<std::pair<Vec3, Vec3>> lines;
  for (const practice::MatchedSite& m : state.score.matches) {
    const plan::Site* a = state.scored_plan.find_site(m.attempt_site_id);
    const plan::Site* r = state.reference.find_site(m.reference_site_id);
    if (a && r) lines.emplace_back(a->tip_mm(), r->tip_mm());
  }
  planner.scene().set_error_lines(lines);
}

void retry_practice(session::Planner& planner, PracticeState& state) {
  plan::Plan blank = planner.plan();
  blank.sites.clear();
  planner.editor().reset(blank);
  planner.selection().clear();
  state.checked = false;
  hide_reference(planner);
}

void end_practice(session::Planner& planner, PracticeState& state) {
  // A score still being computed belongs to the session that ends: waited for and dropped.
  if (state.scoring.valid()) state.scoring.get();
  hide_reference(planner);
  planner.pin_atlas("");
  state.active = false;
  state.checked = false;
  PracticeDifficulty easy;
  easy.hide_landmarks = false;
  for (const anatomy::Structure& s : planner.atlas().structures()) {
    planner.scene().set_structure_opacity(s.id, render::default_opacity(s.kind));
    planner.scene().set_structure_visible(s.id, render::default_visible(s.kind));
  }
  planner.scene().set_landmarks_visible(false);
}

void draw_practice_setup(session::Planner& planner, PracticeState& state) {
  if (state.setup_open) {
    ImGui::OpenPopup("Start practice");
    state.setup_open = false;
  }
  // 520 px wide, its height fitted every frame, so that a refusal below the options is shown
  // whole.
  ImGui::SetNextWindowSize(ImVec2(520, 0), ImGuiCond_Always);
  if (!ImGui::BeginPopupModal("Start practice", nullptr)) return;
  ImGui::InputText("Trainee name", &state.trainee);
  if (ImGui::BeginCombo("Protocol", state.protocol_id.c_str())) {
    for (const std::string& id : protocol::protocol_ids(protocol::protocols_dir())) {
      if (ImGui::Selectable(id.c_str(), id == state.protocol_id)) {
        state.protocol_id = id;
        state.setup_error.clear();
      }
    }
    ImGui::EndCombo();
  }
  ImGui::TextUnformatted("Difficulty");
  ImGui::Checkbox("Opaque skin", &state.difficulty.opaque_skin);
  ImGui::Checkbox("Hide landmark labels", &state.difficulty.hide_landmarks);
  ImGui::Checkbox("Hide muscles", &state.difficulty.hide_muscles);
  ImGui::TextWrapped(
      "The reference sites stay hidden until you press Check. Your score and "
      "each attempt are kept in your history.");
  if (!state.setup_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.5f, 0.4f, 1));
    ImGui::TextWrapped("%s", state.setup_error.c_str());
    ImGui::PopStyleColor();
  }
  if (ImGui::Button("Start")) {
    // A protocol that cannot be practised keeps the dialog open with the reason.
    state.setup_error = start_practice(planner, state);
    if (state.setup_error.empty()) ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    state.setup_error.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_practice_panel(session::Planner& planner, PracticeState& state, float x, float y,
                         float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("Practice", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  ImGui::TextWrapped("%s - %s", state.trainee.c_str(), state.protocol.name.c_str());
  int reference_units = 0;
  for (const plan::Site& s : state.reference.sites)
    reference_units += static_cast<int>(s.dose_units);
  ImGui::Text("Placed %zu of %zu sites", planner.plan().sites.size(), state.reference.sites.size());
  if (practice_scoring_busy(state)) {
    ImGui::TextUnformatted("Scoring the attempt...");
  } else if (!state.checked) {
    if (ImGui::Button("Check")) check_practice(planner, state);
  } else {
    if (ImGui::Button("Try again")) retry_practice(planner, state);
  }
  ImGui::SameLine();
  if (ImGui::Button("End practice")) end_practice(planner, state);
  if (!state.message.empty())
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", state.message.c_str());

  if (state.checked) {
    const practice::AttemptScore& s = state.score;
    ImGui::Separator();
    ImGui::Text("Score %.0f / 100", s.score);
    ImGui::Text("Matched %d, missed %d, extra %d, wrong side %d; mean error %.1f mm",
                s.counts.matched_sites, s.counts.missed_sites, s.counts.extra_sites,
                s.counts.wrong_side_sites, s.mean_position_error_mm);
    ImGui::TextDisabled("Violet needles: the reference. White lines: your error.");
    ImGui::BeginChild("problems", ImVec2(0, height * 0.45f), true);
    if (s.problems.empty()) ImGui::TextUnformatted("Every site matches the reference.");
    for (std::size_t i = 0; i < s.problems.size(); ++i) {
      const practice::ScoreProblem& p = s.problems[i];
      ImGui::PushID(static_cast<int>(i));
      const std::string points = "-" + format_number(p.points_lost, 1);
      if (ImGui::Selectable(points.c_str(), false, 0, ImVec2(44, 0)) && !p.site_id.empty()) {
        planner.select_only(p.site_id);
      }
      ImGui::SameLine();
      ImGui::TextWrapped("%s", p.message.c_str());
      ImGui::PopID();
    }
    ImGui::EndChild();
  }
  if (!state.progress.empty()) {
    std::vector<float> scores;
    for (const practice::ScorePoint& p : state.progress)
      scores.push_back(static_cast<float>(p.score));
    const std::string label =
        std::to_string(scores.size()) + " attempt(s), last " + format_number(scores.back(), 0);
    ImGui::PlotLines("##progress", scores.data(), static_cast<int>(scores.size()), 0, label.c_str(),
                     0.0f, 100.0f, ImVec2(-1, 70));
  }
  ImGui::End();
}

}  // namespace toxplan::app
