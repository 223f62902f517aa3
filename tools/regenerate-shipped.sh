#!/usr/bin/env bash
# Regenerates everything shipped that is made from the default atlas, after the atlas (or a
# protocol template) changed. It rebuilds no atlas itself: rebuild assets/atlas/default first
# (docs/default-atlas.md), then run
#
#   bash tools/regenerate-shipped.sh [BUILD_DIR]      # BUILD_DIR defaults to build
#
# from anywhere. It writes, in this order:
#   1. plans/preempt-155, plans/preempt-195-ftp, plans/cervical-dystonia-example
#      (`toxplan protocol apply`, as they were made);
#   2. the demo plans (assets/demos/plans) and the model numbers the demo captions quote
#      (tools/regenerate_demos.py);
#   3. the image baselines drawn on the default atlas (tests/baselines: atlas_anterior, _left,
#      _posterior, render_preempt_oblique, window_preempt, export_chart_preempt), by the same
#      commands their tests run;
#   4. the README's pictures: docs/images/window.png (the window_preempt picture) and
#      docs/images/default-atlas-oblique.png.
# Then LOOK at every picture it lists before committing, and run the tests: a count of visible
# sites in tests/CMakeLists.txt that no longer holds is printed here (from the pictures' own
# descriptions) and must be checked against the picture, not copied blindly.
# Needs: the build's toxplan, toxplan_image_test, test_cli; python3; xvfb-run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
toxplan="$build/toxplan"
cd "$root"
for f in "$toxplan" "$build/tests/toxplan_image_test" "$build/tests/test_cli"; do
  [[ -x "$f" ]] || { echo "regenerate-shipped: $f is missing; build it first" >&2; exit 2; }
done
xvfb=(xvfb-run -a -s "-screen 0 1280x1024x24 -noreset")

echo "== 1. shipped plans"
"$toxplan" protocol apply preempt-155 --out plans/preempt-155.toxplan.json
"$toxplan" protocol apply preempt-195-ftp --with-optional --out plans/preempt-195-ftp.toxplan.json
"$toxplan" protocol apply cervical-dystonia \
  --only sternocleidomastoid_L,splenius_capitis_R,semispinalis_capitis_R,trapezius_R,levator_scapulae_R \
  --title "Cervical dystonia example: five muscles at the template's starting doses" \
  --out plans/cervical-dystonia-example.toxplan.json

echo "== 2. demo plans and captions"
python3 tools/regenerate_demos.py "$toxplan"
for tour in assets/demos/*.json; do
  "$toxplan" demo "$tour" --list > /dev/null || echo "warning: $tour has findings (above)"
done

echo "== 3. image baselines"
out="$build/tests/test-output"
# The pictures drawn by the program (tests/CMakeLists.txt, toxplan_add_image_test): the test
# fails while the baseline is the old one, and leaves its picture in test-output/NAME/.
"${xvfb[@]}" ctest --test-dir "$build" -R '^image\.(atlas_(anterior|left|posterior)|render_preempt_oblique|window_preempt)$' \
  > "$out.regenerate.log" 2>&1 || true
for name in atlas_anterior atlas_left atlas_posterior render_preempt_oblique window_preempt; do
  png="$out/$name/$name.png"
  [[ -f "$png" ]] || { echo "regenerate-shipped: $name drew no picture (see $out.regenerate.log)" >&2; exit 1; }
  cp "$png" "tests/baselines/$name.png"
  python3 - "$out/$name/$name.about.json" "$name" <<'EOF'
import json, sys
about = json.load(open(sys.argv[1]))
sites = about.get("sites", [])
visible = sum(1 for s in sites if s.get("visible"))
print(f"  {sys.argv[2]}: {len(sites)} sites, {visible} visible (VISIBLE in tests/CMakeLists.txt)")
EOF
done
# The injection chart (tests/cli/export_command_test.cpp).
(cd "$build/tests" && "${xvfb[@]}" ./test_cli --gtest_filter=ExportCommand.WritesMarkupsCsvAndChart \
  > /dev/null 2>&1 || true)
cp "$out/export_chart_preempt.png" tests/baselines/export_chart_preempt.png

echo "== 4. README pictures"
cp tests/baselines/window_preempt.png docs/images/window.png
"${xvfb[@]}" "$toxplan" render --view oblique --size 640x640 --out docs/images/default-atlas-oblique.png
"${xvfb[@]}" "$toxplan" render plans/preempt-155.toxplan.json --view left --spread-field --size 960x600 \
  --out docs/images/spread-field.png
"${xvfb[@]}" "$toxplan" render plans/preempt-195-ftp.toxplan.json --view anterior --plan-field \
  --size 960x600 --out docs/images/plan-field.png

echo "Regenerated. Look at each of these before committing:"
printf '  %s\n' tests/baselines/{atlas_anterior,atlas_left,atlas_posterior,render_preempt_oblique,window_preempt,export_chart_preempt}.png \
  docs/images/window.png docs/images/default-atlas-oblique.png docs/images/spread-field.png \
  docs/images/plan-field.png
