#!/usr/bin/env bash
# Times `toxplan render` of a plan with its spread against f3d (Debian's f3d, a minimal VTK
# viewer) drawing the same surfaces, merged into one PLY by `toxplan render --meshes`, at the
# same size; prints both and their ratio (issue 15's comparison, README "Speed").
# Usage: tools/speed/f3d-ratio.sh [PLAN] [RUNS]   (under a display: xvfb-run -a -s "-screen 0
# 1280x1024x24 -noreset" tools/speed/f3d-ratio.sh). Needs build/toxplan and f3d
# (apt-get install f3d).
set -euo pipefail
cd "$(dirname "$0")/../.."
plan=${1:-plans/preempt-155.toxplan.json}
runs=${2:-3}
command -v f3d > /dev/null || { echo "f3d-ratio: f3d is not installed (apt-get install f3d)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
size=1280x800
build/toxplan render "$plan" --view oblique --size "$size" --out "$out/toxplan.png" \
  --meshes "$out/scene.ply" > /dev/null
seconds() { /usr/bin/time -f "%e" "$@" 2>&1 > /dev/null | tail -1; }
best() { sort -n | head -1; }
toxplan_s=$(for _ in $(seq "$runs"); do
  seconds build/toxplan render "$plan" --view oblique --size "$size" --out "$out/toxplan.png"
done | best)
toxplan_draw_s=$(for _ in $(seq "$runs"); do
  seconds build/toxplan render "$plan" --no-spread --view oblique --size "$size" --out "$out/sites.png"
done | best)
f3d_s=$(for _ in $(seq "$runs"); do
  seconds f3d "$out/scene.ply" --output "$out/f3d.png" --resolution "${size/x/,}"
done | best)
triangles=$(grep -a -m1 "^element face" "$out/scene.ply" | awk '{print $3}')
echo "surfaces drawn: $triangles triangles ($(du -h "$out/scene.ply" | cut -f1) PLY)"
echo "toxplan render, with the spread simulated: $toxplan_s s (best of $runs)"
echo "toxplan render, sites without spread:      $toxplan_draw_s s"
echo "f3d, the same surfaces from one PLY:       $f3d_s s"
awk -v t="$toxplan_s" -v d="$toxplan_draw_s" -v f="$f3d_s" \
  'BEGIN { printf "ratio toxplan / f3d: %.2f with the spread, %.2f without\n", t / f, d / f }'
