// Entry point shared by the `toxplan` binary and the CLI tests.
#pragma once

namespace toxplan::cli {

// Parses the command line and runs the command; returns the process exit code.
int run(int argc, char** argv);

}  // namespace toxplan::cli
