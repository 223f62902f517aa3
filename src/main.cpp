// toxplan: with no command (or only a plan file) it opens the planner window; with a command it
// runs headless. See README.md for every command.
#include "cli/cli_main.h"
#include "core/memory_reuse.h"

int main(int argc, char** argv) {
  toxplan::core::keep_freed_memory_for_reuse();
  return toxplan::cli::run(argc, argv);
}
