#include "app/export_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/path_field.h"
#include "plan/markups_export.h"
#include "plan/plan_io.h"
#include "plan/plan_json.h"
#include "plan/sites_csv.h"

namespace toxplan::app {

namespace fs = std::filesystem;

namespace {

struct ExportDialogState {
  bool open_requested = false;
  ExportKind kind = ExportKind::Markups;
  std::string path;
  // A chart takes seconds (it simulates and renders four views): it runs beside the UI.
  std::future<std::optional<std::string>> running;
  std::string running_path;
};

ExportDialogState& state() {
  static ExportDialogState s;
  return s;
}

const char* title_of(ExportKind kind) {
  switch (kind) {
    case ExportKind::Markups:
      return "Export 3D Slicer markups";
    case ExportKind::Csv:
      return "Export sites as CSV";
    case ExportKind::Chart:
      return "Export injection chart";
  }
  return "Export";
}

std::string default_path(ExportKind kind, const std::string& plan_path) {
  std::string stem = plan_path.empty() ? std::string("plan") : plan_path;
  const std::string suffix = ".toxplan.json";
  if (stem.size() > suffix.size() &&
      stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0) {
    stem.resize(stem.size() - suffix.size());
  }
  switch (kind) {
    case ExportKind::Markups:
      return stem + ".mrk.json";
    case ExportKind::Csv:
      return stem + ".csv";
    case ExportKind::Chart:
      return stem + "-chart.png";
  }
  return stem;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::optional<std::string> write_chart(const plan::Plan& plan, const std::string& atlas_dir,
                                       const std::string& path, const std::string& program) {
  std::error_code ec;
  const fs::path dir =
      fs::temp_directory_path(ec) /
      ("toxplan-chart-" + std::to_string(::getpid()) + "-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(dir, ec);
  const std::string plan_file = (dir / "plan.toxplan.json").string();
  const std::string log_file = (dir / "export.log").string();
  if (auto error = plan::write_file_atomically(plan_file, plan::plan_to_text(plan))) return error;
  const std::string command = quoted(program) + " export " + quoted(plan_file) + " --chart " +
                              quoted(path) + " --atlas " + quoted(atlas_dir) + " > " +
                              quoted(log_file) + " 2>&1";
  const int status = std::system(command.c_str());
  std::ostringstream log;
  log << std::ifstream(log_file).rdbuf();
  fs::remove_all(dir, ec);
  if (status != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return "The chart could not be written to " + path + ":\n" + log.str();
  }
  return std::nullopt;
}

}  // namespace

std::string this_program() {
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec).string();
}

std::optional<std::string> write_export(ExportKind kind, const plan::Plan& plan,
                                        const std::string& atlas_dir, const std::string& path,
                                        const std::string& toxplan_program) {
  switch (kind) {
    case ExportKind::Markups:
      return plan::write_file_atomically(path, plan::plan_to_markups(plan).dump(2) + "\n");
    case ExportKind::Csv:
      return plan::write_file_atomically(path, plan::plan_to_sites_csv(plan));
    case ExportKind::Chart:
      return write_chart(plan, atlas_dir, path, toxplan_program);
  }
  return std::nullopt;
}

void request_export(ExportKind kind, const session::Planner& planner) {
  ExportDialogState& s = state();
  s.open_requested = true;
  s.kind = kind;
  s.path = default_path(kind, planner.path());
}

void draw_export_dialog(const session::Planner& planner, std::string& status, std::string& error) {
  ExportDialogState& s = state();
  if (s.running.valid() &&
      s.running.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    if (auto problem = s.running.get()) {
      error = *problem;
    } else {
      status = "Injection chart written to " + s.running_path;
    }
  }
  const char* title = title_of(s.kind);
  if (s.open_requested) {
    ImGui::OpenPopup(title);
    s.open_requested = false;
  }
  ImGui::SetNextWindowSize(ImVec2(640, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(title, nullptr)) return;
  const bool enter = path_field("File name:", &s.path);
  const bool busy = s.running.valid();
  if (s.kind == ExportKind::Chart) {
    ImGui::TextDisabled(busy ? "A chart is being written..."
                             : "Four views with numbered sites and a table; takes a few seconds.");
  }
  if ((ImGui::Button("Export") || enter) && !busy) {
    if (s.kind == ExportKind::Chart) {
      s.running_path = s.path;
      // A one-off job off the UI thread (a pool loop would also run on, and block, the UI).
      s.running = std::async(std::launch::async, write_export, s.kind, planner.plan(),
                             planner.atlas().dir(), s.path, this_program());
      status = "Writing the injection chart to " + s.path + "...";
    } else if (auto problem = write_export(s.kind, planner.plan(), planner.atlas().dir(), s.path)) {
      error = *problem;
    } else {
      status = "Exported " + s.path;
    }
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace toxplan::app
