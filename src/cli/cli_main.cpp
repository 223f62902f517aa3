#include "cli/cli_main.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/validate_command.h"

namespace toxplan::cli {

int run(int argc, char** argv) {
  CLI::App app{
      "Toxplan: plan botulinum toxin injections in 3D. Results are planning and "
      "teaching estimates, not a substitute for clinical judgement."};
  app.require_subcommand(0, 1);
  int exit_code = 0;
  add_validate_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return exit_code;
}

}  // namespace toxplan::cli
