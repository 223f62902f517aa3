// `toxplan score ATTEMPT... --reference PLAN [--json | --csv] [--match-point tip|entry]
// [--cutoff-mm MM] [--history DIR [--trainee NAME]]`: grades trainees' plans against a reference
// plan (docs/scoring.md). An ATTEMPT may be a folder: every *.toxplan.json in it is graded (a
// class), one line per attempt. Exit 0 when every attempt was scored, 2 when an attempt (or the
// reference) cannot be read or a history cannot be written; the other attempts are still scored.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "plan/plan.h"

namespace CLI {
class App;
}

namespace toxplan::cli {

struct ScoreOptions {
  std::vector<std::string> attempt_paths;  // plan files or folders of plan files
  std::string reference_path;              // --reference PLAN; named in reports
  bool json = false;
  bool csv = false;
  std::string match_point = "tip";  // "tip" or "entry"
  double cutoff_mm = 30.0;
  // The atlas the attempts are simulated on (spread flags) and whose muscle groups decide which
  // targets are the same muscle; empty: the shipped atlas the attempts name.
  std::string atlas_dir;
  std::string history_dir;  // empty: no history is written
  std::string trainee;      // empty: each attempt file's name without ".toxplan.json"
};

// Expands folders (sorted, the reference file itself left out), reads and scores every attempt
// with practice::AttemptScorer, the scoring path of the window's Practice > Check. A reference
// without sites is refused with the reason (exit 2).
int run_score(const ScoreOptions& options, const plan::Plan& reference, std::ostream& out,
              std::ostream& err);
// Reads options.reference_path, then run_score.
int run_score_with_reference_file(const ScoreOptions& options, std::ostream& out,
                                  std::ostream& err);
// The reference is `protocol_name` applied to options.atlas_dir (when empty, the shipped atlas
// the attempts name);
// a template without fixed sites (cervical dystonia) is refused with the reason (exit 2).
int run_score_with_protocol(ScoreOptions options, const std::string& protocol_name,
                            std::ostream& out, std::ostream& err);
void add_score_command(CLI::App& app, int& exit_code);

}  // namespace toxplan::cli
