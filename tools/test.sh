#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test.
# Rendering tests need a display, so the whole suite runs under a virtual X server (Mesa llvmpipe).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh
# A test is run a second time only if it fails: under Xvfb, VTK very rarely (a few times in some
# hundred runs, always at a process's first window) aborts with "bad X server connection" before
# the test has checked anything. A test that fails for a real reason fails twice and is reported.
xvfb-run -a -s "-screen 0 1280x1024x24" \
  ctest --test-dir build --output-on-failure -j"$(nproc)" --repeat until-pass:2 "$@"
