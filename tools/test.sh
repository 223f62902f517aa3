#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test.
# Rendering tests need a display, so the whole suite runs under a virtual X server (Mesa llvmpipe).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh
# -noreset: by default Xvfb resets itself whenever its last client disconnects, and a client that
# connects during the reset (the next test's first VTK window, or a test's next window after it
# closed its last one) is dropped: VTK then aborts with "bad X server connection" (xorg-server
# issue 1102). Tests run in parallel and open and close windows all the time, so the server must
# stay up. A failed test is never retried: a flaky test is a bug to fix.
xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" \
  ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
