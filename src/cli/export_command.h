// `toxplan export PLAN [--markups FILE.mrk.json] [--csv FILE.csv] [--chart FILE.png]`: a plan's
// sites for other tools (3D Slicer markups, a spreadsheet) and a printable injection chart.
#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace toxplan::cli {

struct ExportOptions {
  std::string plan_path;
  std::string markups_path;  // empty: not written
  std::string csv_path;
  std::string chart_path;
  std::string atlas_dir;  // for the chart
  std::string size = "1600x1200";
  bool spread = true;  // chart: simulate and draw spread surfaces
};

// 0 written, 1 a file could not be written, 2 bad arguments or an unreadable or invalid plan.
int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err);
void add_export_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
