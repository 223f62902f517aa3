#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and opens the planner on the
# default atlas with the PREEMPT example plan. With no display it runs the headless equivalent
# (validate, simulate, and pictures of the plan and of the window written to out/) and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh
plan=plans/preempt-155.toxplan.json

if [ -n "${DISPLAY:-}" ] && [ "${CI:-}" != "true" ]; then
  exec ./build/toxplan "$plan"
fi

echo "No display found: running the headless equivalent instead of opening the window."
mkdir -p out
status=0
./build/toxplan validate "$plan" || status=$?
./build/toxplan simulate "$plan" --json out/preempt-155.report.json || status=$?
xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" \
  ./build/toxplan render "$plan" --view oblique --out out/preempt-155.png || status=$?
xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" \
  ./build/toxplan "$plan" --frames 5 --screenshot out/preempt-155-window.png \
  --state-dir out/state || status=$?
xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" \
  ./build/toxplan export "$plan" --chart out/preempt-155-chart.png || status=$?
echo "Wrote out/preempt-155.report.json, out/preempt-155.png, out/preempt-155-window.png and"
echo "out/preempt-155-chart.png (the printable injection chart)."
exit "$status"
