// File > Export in the window: the open plan as 3D Slicer markups, as CSV, or as a printable
// injection chart, written where the user says (docs/export-formats.md).
#pragma once

#include <optional>
#include <string>

#include "session/planner.h"

namespace toxplan::app {

enum class ExportKind { Markups, Csv, Chart };

// Opens the export dialog for `kind` on the next frame.
void request_export(ExportKind kind, const session::Planner& planner);

// Draws the dialog when requested; reports into `status` (status bar) or `error` (a modal).
void draw_export_dialog(const session::Planner& planner, std::string& status, std::string& error);

// This program's own executable.
std::string this_program();

// Writes one export of `plan` to `path`; returns an error message or nothing. The chart is drawn
// by `toxplan_program export --chart` in a child process, so that its off-screen rendering never
// touches the window's OpenGL context; `atlas_dir` is the window's atlas.
std::optional<std::string> write_export(ExportKind kind, const plan::Plan& plan,
                                        const std::string& atlas_dir, const std::string& path,
                                        const std::string& toxplan_program = this_program());

}  // namespace toxplan::app
