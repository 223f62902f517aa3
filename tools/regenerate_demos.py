#!/usr/bin/env python3
"""Regenerates the demo plans and every model number the demo captions quote, from the current
default atlas and plans/preempt-155.toxplan.json (run by tools/regenerate-shipped.sh, after the
shipped plans).

  python3 tools/regenerate_demos.py build/toxplan

1. assets/demos/plans/temporalis-*.toxplan.json: the site 'Temporalis L 2' (temporalis_L_2) of
   plans/preempt-155.toxplan.json (entry, direction, depth, needle), each with its own dose and
   volume.
2. The captions of assets/demos/*.json: every reach, volume and bolus length ("21.2 mm along",
   "16.1-17.3 mm across", "14.3 cm³", "32.5 mm long") becomes what `toxplan simulate` gives for
   the sites the step shows (smallest-largest when they differ), to the decimals the caption
   used, as tests/demo/demo_tour_views_test.cpp and demo_tours_test.cpp check. The summary of the
   dose-and-volume tour and its few comparisons ("adds about 7 mm", "about twice the 5 U volume")
   are rewritten from the same numbers. Only the caption strings change in the tour files.

Sentences that state a qualitative result ("across the fibres it barely changes") are checked
and a warning is printed when the numbers no longer support them: read it and edit the caption.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMOS = os.path.join(ROOT, "assets", "demos")
SOURCE_PLAN = os.path.join(ROOT, "plans", "preempt-155.toxplan.json")
SOURCE_SITE = "temporalis_L_2"
warnings = []


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_plan(path, plan):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(plan, indent=2, ensure_ascii=False) + "\n")


def regenerate_demo_plans():
    source = load(SOURCE_PLAN)
    site = next((s for s in source["sites"] if s["id"] == SOURCE_SITE), None)
    if site is None:
        sys.exit(f"regenerate_demos: {SOURCE_PLAN} has no site {SOURCE_SITE}")
    folder = os.path.join(DEMOS, "plans")
    for name in sorted(os.listdir(folder)):
        if not name.startswith("temporalis-") or not name.endswith(".toxplan.json"):
            continue
        path = os.path.join(folder, name)
        plan = load(path)
        plan["atlas"] = source["atlas"]
        for demo_site in plan["sites"]:
            for key in ("entry_mm", "direction", "depth_mm", "needle_length_mm"):
                if key in site:
                    demo_site[key] = site[key]
            demo_site["target_structure_id"] = site["target_structure_id"]
        write_plan(path, plan)
        print(f"wrote {os.path.relpath(path, ROOT)} (site {SOURCE_SITE} of preempt-155)")


def simulate(toxplan, plan_path, cache={}):
    if plan_path not in cache:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "report.json")
            r = subprocess.run([toxplan, "simulate", plan_path, "--json", out],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if r.returncode not in (0, 1) or not os.path.exists(out):
                sys.exit(f"regenerate_demos: toxplan simulate {plan_path} failed:\n{r.stdout}")
            cache[plan_path] = {s["id"]: s for s in load(out)["sites"]}
    return cache[plan_path]


def structures():
    atlas = load(os.path.join(ROOT, "assets", "atlas", "default", "atlas.json"))
    return {s["id"]: s for s in atlas["structures"]}


KIND_WORDS = {"muscles": "muscle", "bones": "bone", "skin": "skin", "fat": "fat",
              "organs": "organ", "nerves": "nerve", "vessels": "vessel"}


def matches(structure, word):
    # src/demo/demo_loading.cpp structure_matches
    if structure is None:
        return False
    if word in (structure["id"], structure.get("group")) or word == "all":
        return True
    if word == "danger":
        return bool(structure.get("danger"))
    return KIND_WORDS.get(word) == structure.get("kind")


def shown_sites(step, plan, atlas):
    # src/demo/demo_loading.cpp demo_step_site_ids
    words = step.get("sites", [])
    words = [words] if isinstance(words, str) else words
    ids = []
    for s in plan["sites"]:
        target = atlas.get(s["target_structure_id"])
        if not words or any(w == s["id"] or matches(target, w) for w in words):
            ids.append(s["id"])
    return ids


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


def fmt(value, like):
    return f"{value:.{decimals(like)}f}"


QUOTED = re.compile(r"([0-9]+(?:\.[0-9]+)?)(?:-([0-9]+(?:\.[0-9]+)?))? (mm|cm³|cm)"
                    r"(?: (along|across|long))?")


def requote(caption, metrics):
    """Every reach, volume and bolus length quoted in `caption` from `metrics` (min, max)."""
    def one(m):
        unit, axis = m.group(3), m.group(4)
        key = ("volume" if unit == "cm³" else
               {"along": "along", "across": "across", "long": "bolus"}.get(axis))
        if key is None:
            return m.group(0)  # a depth or a distance, not a reach
        scale = 10.0 if unit == "cm" else 1.0
        lo, hi = metrics[key][0] / scale, metrics[key][1] / scale
        lo_text, hi_text = fmt(lo, m.group(1)), fmt(hi, m.group(2) or m.group(1))
        number = lo_text if lo_text == hi_text and not m.group(2) else f"{lo_text}-{hi_text}"
        return number + " " + unit + (" " + axis if axis else "")
    return QUOTED.sub(one, caption)


def step_metrics(step_sites, report):
    out = {}
    for key, field in (("along", "reach_along_mm"), ("across", "reach_across_mm"),
                       ("volume", "effect_volume_cm3"), ("bolus", "bolus_length_mm")):
        values = [report[i][field] for i in step_sites if i in report]
        out[key] = (min(values), max(values)) if values else (0.0, 0.0)
    return out


def dose_volume_texts(step, caption, by_plan):
    """The comparisons of the dose-and-volume tour that span several plans."""
    def site(plan):
        return next(iter(by_plan[plan].values()))
    one, five, twenty, dilute = (site(f"plans/{n}.toxplan.json") for n in
                                 ("temporalis-1u-0p1ml", "temporalis-5u-0p1ml",
                                  "temporalis-20u-0p1ml", "temporalis-5u-0p5ml"))
    a = lambda s: f"{s['reach_along_mm']:.1f}"
    c = lambda s: f"{s['reach_across_mm']:.1f}"
    if step["title"] == "Summary":
        caption = re.sub(
            r"^At 0\.1 mL, 1 -> 5 -> 20 U: .*? mm\. At 5 U, 0\.1 mL -> 0\.5 mL: .*? mm\.",
            f"At 0.1 mL, 1 -> 5 -> 20 U: reach along the fibres {a(one)} -> {a(five)} -> "
            f"{a(twenty)} mm, across {c(one)} -> {c(five)} -> {c(twenty)} mm. At 5 U, "
            f"0.1 mL -> 0.5 mL: along {a(five)} -> {a(dilute)} mm, across {c(five)} -> "
            f"{c(dilute)} mm.", caption)
    caption = re.sub(r"instead of [0-9]+\.[0-9] mm",
                     f"instead of {five['bolus_length_mm']:.1f} mm", caption)
    caption = re.sub(r"adds about [0-9]+ mm of reach",
                     f"adds about {round(five['reach_along_mm'] - one['reach_along_mm'])} mm "
                     f"of reach", caption)
    ratio = twenty["effect_volume_cm3"] / five["effect_volume_cm3"]
    words = ("about twice" if 1.75 <= ratio < 2.25 else
             "about three times" if 2.75 <= ratio < 3.25 else f"{ratio:.1f} times")
    caption = re.sub(r"(about twice|about three times|[0-9]+\.[0-9] times) the 5 U volume",
                     words + " the 5 U volume", caption)
    if "barely changes" in caption and abs(dilute["reach_across_mm"] -
                                           five["reach_across_mm"]) > 1.0:
        warnings.append(f"'{step['title']}': across the fibres changes by "
                        f"{dilute['reach_across_mm'] - five['reach_across_mm']:.1f} mm; "
                        "the caption says it barely changes")
    caption = re.sub(r"site, [0-9]+ mm deep", f"site, {round(one_depth[0])} mm deep", caption)
    return caption


one_depth = [0.0]


def regenerate_captions(toxplan):
    atlas = structures()
    for name in sorted(os.listdir(DEMOS)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(DEMOS, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        tour = json.loads(text)
        by_plan = {}
        for step in tour["steps"]:
            if "plan" in step:
                plan_path = os.path.normpath(os.path.join(DEMOS, step["plan"]))
                by_plan[step["plan"]] = simulate(toxplan, plan_path)
        changed = 0
        for step in tour["steps"]:
            caption = step.get("caption", "")
            new = caption
            if "plan" in step and step.get("spread_fraction", 0) > 0:
                plan = load(os.path.normpath(os.path.join(DEMOS, step["plan"])))
                new = requote(new, step_metrics(shown_sites(step, plan, atlas),
                                                by_plan[step["plan"]]))
            if tour["id"] == "spread-dose-volume":
                if "plan" in step:
                    one_depth[0] = load(os.path.normpath(
                        os.path.join(DEMOS, step["plan"])))["sites"][0]["depth_mm"]
                if step["title"] == "Summary":
                    new = caption  # its numbers span the tour's plans, not the step's
                new = dose_volume_texts(step, new, by_plan)
            if new != caption:
                old_literal = json.dumps(caption, ensure_ascii=False)
                if text.count(old_literal) != 1:
                    sys.exit(f"regenerate_demos: {name}: caption of '{step['title']}' not found "
                             "once in the file")
                text = text.replace(old_literal, json.dumps(new, ensure_ascii=False))
                changed += 1
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {os.path.relpath(path, ROOT)}: {changed} caption(s) changed")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: regenerate_demos.py PATH/TO/toxplan")
    regenerate_demo_plans()
    regenerate_captions(os.path.abspath(sys.argv[1]))
    for w in warnings:
        print("warning:", w)


if __name__ == "__main__":
    main()
