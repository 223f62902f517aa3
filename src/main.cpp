// toxplan: with no command (or only a plan file) it opens the planner window; with a command it
// runs headless. See README.md for every command. The choice is made here, so that cli/ need not
// link the window (app/).
#include "app/app_main.h"
#include "base/memory_reuse.h"
#include "cli/cli_main.h"

int main(int argc, char** argv) {
  toxplan::keep_freed_memory_for_reuse();
  return toxplan::cli::run(argc, argv, toxplan::app::run_app);
}
