#include "render/demo_player.h"

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkCubeSource.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "base/exception_text.h"
#include "plan/plan_io.h"
#include "render/display_style.h"
#include "render/label_anchor.h"
#include "render/spread_surfaces.h"
#include "render/view_preset.h"
#include "sim/atlas_tissue.h"
#include "sim/plan_simulator.h"

namespace toxplan::render {

namespace {

constexpr Rgb kWarnColour{0.95, 0.12, 0.12};
constexpr double kFocusMarginMm = 30.0;  // around a focused structure, so its neighbours show
constexpr int kFractionSteps = 200;      // spread levels are quantised to spare re-extraction

double clamp01(double s) {
  return std::clamp(s, 0.0, 1.0);
}

bool structure_matches(const anatomy::Structure& s, const std::string& word) {
  using K = anatomy::StructureKind;
  if (word == s.id || word == s.group) return true;
  if (word == "all") return true;
  if (word == "muscles") return s.kind == K::Muscle;
  if (word == "bones") return s.kind == K::Bone;
  if (word == "danger") return s.danger;
  if (word == "skin") return s.kind == K::Skin;
  if (word == "fat") return s.kind == K::Fat;
  if (word == "organs") return s.kind == K::Organ;
  if (word == "nerves") return s.kind == K::Nerve;
  if (word == "vessels") return s.kind == K::Vessel;
  return false;
}

Vec3 slerp_direction(const Vec3& a, const Vec3& b, const Vec3& axis_hint, double s) {
  const double c = std::clamp(dot(a, b), -1.0, 1.0);
  const double angle = std::acos(c);
  if (angle < 1e-6) return a;
  Vec3 axis = cross(a, b);
  if (norm(axis) < 1e-6) {  // opposite directions: turn about the hint (the view up)
    axis = cross(a, cross(axis_hint, a));
    axis = norm(axis) < 1e-9 ? Vec3{0, 0, 1} : axis;
    axis = cross(axis, a);
  }
  axis = normalized(axis);
  // Rodrigues' rotation of a about axis by s * angle.
  const double t = angle * s;
  return a * std::cos(t) + cross(axis, a) * std::sin(t) +
         axis * (dot(axis, a) * (1.0 - std::cos(t)));
}

struct SiteResult {
  std::shared_ptr<const sim::SiteSpread> spread;
  SiteStatus status = SiteStatus::WithinTarget;
  // (value, running max of the distance from the tip), values descending: the reach of the
  // region {B >= value}. Made on first use.
  std::vector<std::pair<float, float>> profile;
};

// Level of the iso-surface whose region reaches `fraction` of the final region's reach.
double level_for_fraction(SiteResult& r, double fraction) {
  const sim::SiteSpread& s = *r.spread;
  const double threshold = s.threshold_u_per_cm3;
  if (fraction >= 1.0 || !s.field) return threshold;
  if (r.profile.empty()) {
    const sim::GridFrame& f = s.field->frame;
    const std::vector<float>& v = s.field->values;
    for (int k = 0; k < f.dims[2]; ++k) {
      for (int j = 0; j < f.dims[1]; ++j) {
        for (int i = 0; i < f.dims[0]; ++i) {
          const float b = v[f.index(i, j, k)];
          if (b < threshold) continue;
          const double d = distance(f.centre_mm(i, j, k), s.tip_mm);
          r.profile.emplace_back(b, static_cast<float>(d));
        }
      }
    }
    std::sort(r.profile.begin(), r.profile.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    float running = 0.0f;
    for (auto& p : r.profile) {
      running = std::max(running, p.second);
      p.second = running;
    }
    if (r.profile.empty()) r.profile.emplace_back(static_cast<float>(threshold), 0.0f);
  }
  const double target = fraction * r.profile.back().second;
  auto it = std::lower_bound(r.profile.begin(), r.profile.end(), target,
                             [](const auto& p, double t) { return p.second < t; });
  if (it == r.profile.end()) return threshold;
  return std::max(threshold, static_cast<double>(it->first));
}

vtkSmartPointer<vtkTextActor> make_text(double r, double g, double b, bool bold) {
  auto a = vtkSmartPointer<vtkTextActor>::New();
  vtkTextProperty* p = a->GetTextProperty();
  p->SetColor(r, g, b);
  p->SetBold(bold);
  p->SetFontFamilyToArial();
  p->SetShadow(0);
  a->SetTextScaleModeToNone();
  a->PickableOff();
  return a;
}

}  // namespace

double ease_in_out(double s) {
  s = clamp01(s);
  return s * s * (3.0 - 2.0 * s);
}

CameraPose interpolate(const CameraPose& a, const CameraPose& b, double s) {
  s = clamp01(s);
  CameraPose out;
  out.focal_mm = a.focal_mm + (b.focal_mm - a.focal_mm) * s;
  const Vec3 da = a.position_mm - a.focal_mm;
  const Vec3 db = b.position_mm - b.focal_mm;
  const double la = std::max(norm(da), 1e-6);
  const double lb = std::max(norm(db), 1e-6);
  const Vec3 dir = slerp_direction(da * (1.0 / la), db * (1.0 / lb), a.up, s);
  const double dist = la * std::pow(lb / la, s);
  out.position_mm = out.focal_mm + dir * dist;
  Vec3 up = slerp_direction(normalized(a.up), normalized(b.up), dir, s);
  up = up - dir * dot(up, dir);  // keep the up vector square to the viewing direction
  out.up = norm(up) > 1e-6 ? normalized(up) : b.up;
  out.view_angle_deg = a.view_angle_deg + (b.view_angle_deg - a.view_angle_deg) * s;
  return out;
}

demo::DemoReferences demo_references(const anatomy::Atlas& atlas) {
  demo::DemoReferences refs;
  const anatomy::Atlas* a = &atlas;
  refs.structure_or_group = [a](const std::string& word) {
    for (const anatomy::Structure& s : a->structures()) {
      if (structure_matches(s, word)) return true;
    }
    // A group word is valid even when this atlas has no structure of that kind.
    const auto& words = demo::demo_group_words();
    return std::find(words.begin(), words.end(), word) != words.end();
  };
  refs.view = [](const std::string& name) { return view_from_name(name).has_value(); };
  refs.focus = [a](const std::string& id) {
    return a->find(id) != nullptr || a->landmark(id) != nullptr;
  };
  refs.label = refs.focus;
  refs.atlas_id = atlas.id();
  refs.plan_context.structure_exists = [a](const std::string& id) {
    return a->find(id) != nullptr;
  };
  refs.plan_context.atlas_id = atlas.id();
  for (ViewPreset v : all_view_presets()) {
    refs.view_names += (refs.view_names.empty() ? "" : ", ") + std::string(view_name(v));
  }
  return refs;
}

std::vector<std::string> demo_step_site_ids(const demo::DemoStep& step, const plan::Plan& plan,
                                            const anatomy::Atlas& atlas) {
  std::vector<std::string> ids;
  for (const plan::Site& s : plan.sites) {
    const anatomy::Structure* target = atlas.find(s.target_structure_id);
    const bool listed = std::any_of(step.sites.begin(), step.sites.end(), [&](const auto& w) {
      return w == s.id || (target && structure_matches(*target, w));
    });
    if (step.sites.empty() || listed) ids.push_back(s.id);
  }
  return ids;
}

demo::DemoLoadResult load_demo_for_atlas(const std::string& path, const anatomy::Atlas& atlas) {
  std::string error;
  const auto text = plan::read_text_file(path, &error);
  if (!text) {
    demo::DemoLoadResult r;
    r.findings.push_back({"DEMO_UNREADABLE", Severity::Error, "", "", 0, error});
    return r;
  }
  demo::DemoLoadResult r = demo::parse_demo_script(*text, path);
  if (r.script) demo::check_demo_references(&*r.script, demo_references(atlas), &r.findings, *text);
  return r;
}

std::vector<std::string> wrap_text(const std::string& text, std::size_t columns) {
  std::vector<std::string> lines;
  std::istringstream paragraphs(text);
  std::string paragraph;
  while (std::getline(paragraphs, paragraph)) {
    std::istringstream words(paragraph);
    std::string word;
    std::string line;
    std::size_t line_chars = 0;  // UTF-8 code points, roughly what the eye counts
    auto chars = [](const std::string& s) {
      return static_cast<std::size_t>(
          std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    };
    while (words >> word) {
      const std::size_t n = chars(word);
      if (!line.empty() && line_chars + 1 + n > columns) {
        lines.push_back(line);
        line.clear();
        line_chars = 0;
      }
      line += (line.empty() ? "" : " ") + word;
      line_chars += (line_chars ? 1 : 0) + n;
    }
    lines.push_back(line);
  }
  while (!lines.empty() && lines.back().empty())
    lines.pop_back();
  return lines;
}

struct DemoPlayer::Impl {
  Scene& scene;
  const anatomy::Atlas& atlas;
  demo::DemoScript script;
  DemoPlayerOptions options;
  std::vector<CameraPose> cameras;  // per step, resolved
  CameraPose initial_camera;
  std::map<std::string, plan::Plan> plans;  // by resolved path

  // What the scene shows now, so that only changes are pushed to it.
  long long shown_step = -1;
  bool camera_settled = false;
  CameraPose from_camera;
  std::vector<std::string> shown_site_ids;
  std::map<std::string, bool> saved_visible;
  std::map<std::string, double> saved_opacity;
  std::map<std::string, vtkSmartPointer<vtkActor>> warn_actors;
  std::vector<vtkSmartPointer<vtkTextActor>> label_actors;
  std::vector<DemoLabel> shown_labels;  // of the step last shown
  std::set<std::string> opaque_ids;     // structures that hide what is behind them, same step
  std::set<std::string> drawn_ids;      // structures drawn at all (see-through ones too)
  std::set<std::string> hidden_labels;  // labels not drawn in some step: nothing of them in sight
  vtkSmartPointer<vtkTextActor> title, caption, counter, note;
  vtkSmartPointer<vtkActor2D> band;
  int frame_w = 1280, frame_h = 720;
  bool captions_visible = true;

  // Simulation, shared with the worker thread.
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::pair<std::string, std::vector<std::string>>> jobs;  // plan path, site ids
  std::map<std::pair<std::string, std::string>, SiteResult> results;
  std::set<std::pair<std::string, std::string>> failed;  // sites that could not be simulated
  std::vector<std::string> messages;
  bool stop = false;
  bool busy = false;
  // Its own long-lived thread, not a parallel_for job: it waits for requests for the whole tour
  // and must never hold a pool thread while idle; each simulation it runs uses the shared pool.
  std::thread worker;
  std::map<std::string, std::unique_ptr<sim::PlanSimulator>> simulators;  // worker thread only

  Impl(Scene& s, demo::DemoScript sc, DemoPlayerOptions o)
      : scene(s), atlas(s.atlas()), script(std::move(sc)), options(o) {
    vtkCamera* c = scene.renderer()->GetActiveCamera();
    initial_camera = read_camera(c);
    for (const anatomy::Structure& st : atlas.structures()) {
      saved_visible[st.id] = scene.structure_visible(st.id);
      saved_opacity[st.id] = scene.structure_opacity(st.id);
    }
    for (const demo::DemoStep& step : script.steps) {
      if (!step.plan_path.empty() && !plans.count(step.plan_path)) {
        plan::PlanLoadResult loaded = plan::load_plan_file(step.plan_path);
        if (loaded.plan) {
          plans.emplace(step.plan_path, std::move(*loaded.plan));
        } else {
          messages.push_back("cannot open plan " + step.plan_path);
        }
      }
    }
    resolve_cameras();
    build_caption_actors();
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    wake.notify_all();
    if (worker.joinable()) worker.join();
  }

  static CameraPose read_camera(vtkCamera* c) {
    CameraPose p;
    double v[3];
    c->GetPosition(v);
    p.position_mm = {v[0], v[1], v[2]};
    c->GetFocalPoint(v);
    p.focal_mm = {v[0], v[1], v[2]};
    c->GetViewUp(v);
    p.up = {v[0], v[1], v[2]};
    p.view_angle_deg = c->GetViewAngle();
    return p;
  }

  void apply_camera(const CameraPose& p) {
    vtkCamera* c = scene.renderer()->GetActiveCamera();
    c->SetFocalPoint(p.focal_mm.x, p.focal_mm.y, p.focal_mm.z);
    c->SetPosition(p.position_mm.x, p.position_mm.y, p.position_mm.z);
    c->SetViewUp(p.up.x, p.up.y, p.up.z);
    c->SetViewAngle(p.view_angle_deg);
    scene.renderer()->ResetCameraClippingRange();
  }

  // A named view frames a box (the atlas, or the focus with a margin) exactly as the view
  // presets frame the scene; the framing is computed on a scratch renderer holding only that box.
  CameraPose named_view(const demo::DemoCamera& cam) const {
    anatomy::Box box = atlas.bounds();
    if (!cam.focus.empty()) {
      if (const anatomy::Structure* s = atlas.find(cam.focus)) {
        box = atlas.structure_bounds(s->label);
      } else if (const anatomy::Landmark* l = atlas.landmark(cam.focus)) {
        box.min_mm = l->position_mm;
        box.max_mm = l->position_mm;
      }
      const Vec3 m{kFocusMarginMm, kFocusMarginMm, kFocusMarginMm};
      box.min_mm = box.min_mm - m;
      box.max_mm = box.max_mm + m;
    }
    vtkNew<vtkCubeSource> cube;
    cube->SetBounds(box.min_mm.x, box.max_mm.x, box.min_mm.y, box.max_mm.y, box.min_mm.z,
                    box.max_mm.z);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(cube->GetOutputPort());
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    vtkNew<vtkRenderer> scratch;
    scratch->AddActor(actor);
    apply_view(scratch, view_from_name(cam.view).value_or(ViewPreset::Anterior));
    CameraPose p = read_camera(scratch->GetActiveCamera());
    const Vec3 dir = normalized(p.position_mm - p.focal_mm);
    double dist = cam.distance_mm.value_or(distance(p.position_mm, p.focal_mm));
    dist /= cam.zoom;
    p.position_mm = p.focal_mm + dir * dist;
    return p;
  }

  void resolve_cameras() {
    demo::DemoCamera overview;
    overview.view = "anterior";
    CameraPose previous = named_view(overview);
    initial_camera = previous;  // a tour starts from the anterior overview, whatever was shown
    cameras.clear();
    for (const demo::DemoStep& step : script.steps) {
      if (step.camera) {
        const demo::DemoCamera& c = *step.camera;
        if (c.explicit_pose()) {
          previous.position_mm = *c.position_mm;
          previous.focal_mm = *c.focal_point_mm;
          previous.up = normalized(*c.up);
          previous.view_angle_deg = 30.0;
          if (c.zoom != 1.0) {
            previous.position_mm =
                previous.focal_mm + (previous.position_mm - previous.focal_mm) * (1.0 / c.zoom);
          }
        } else {
          previous = named_view(c);
        }
      }
      cameras.push_back(previous);
    }
  }

  void build_caption_actors() {
    title = make_text(1.0, 1.0, 1.0, true);
    caption = make_text(0.96, 0.97, 1.0, false);
    counter = make_text(0.75, 0.8, 0.9, false);
    note = make_text(0.75, 0.8, 0.9, false);
    note->SetInput("Spread: model estimate for teaching, not a prediction for a patient");
    vtkTextProperty* tp = title->GetTextProperty();
    tp->SetBackgroundColor(0.04, 0.05, 0.08);
    tp->SetBackgroundOpacity(0.78);
    tp->SetFrame(1);
    tp->SetFrameColor(kHighlightColour[0], kHighlightColour[1], kHighlightColour[2]);
    tp->SetFrameWidth(2);
    tp->SetVerticalJustificationToTop();
    caption->GetTextProperty()->SetVerticalJustificationToTop();
    caption->GetTextProperty()->SetLineSpacing(1.15);
    counter->GetTextProperty()->SetJustificationToRight();
    counter->GetTextProperty()->SetVerticalJustificationToTop();
    note->GetTextProperty()->SetJustificationToRight();
    note->GetTextProperty()->SetBackgroundColor(0.03, 0.04, 0.07);
    note->GetTextProperty()->SetBackgroundOpacity(0.75);
    band = vtkSmartPointer<vtkActor2D>::New();
    vtkNew<vtkPolyDataMapper2D> mapper;
    band->SetMapper(mapper);
    band->GetProperty()->SetColor(0.03, 0.04, 0.07);
    band->GetProperty()->SetOpacity(0.8);
    band->PickableOff();
    for (vtkProp* p :
         {static_cast<vtkProp*>(band), static_cast<vtkProp*>(title), static_cast<vtkProp*>(caption),
          static_cast<vtkProp*>(counter), static_cast<vtkProp*>(note)}) {
      p->SetVisibility(0);
      scene.renderer()->AddViewProp(p);
    }
  }

  void layout_captions(const demo::DemoStep& step, std::size_t index, bool spread_shown) {
    const bool on = options.captions && captions_visible;
    const double w = frame_w;
    const double h = frame_h;
    // Sized to the frame: a 720-pixel-high slide gets 31-pixel titles and 24-pixel captions,
    // readable from the back of a lecture room.
    const int title_px = std::max(12, static_cast<int>(std::lround(h * 0.043)));
    const int caption_px = std::max(10, static_cast<int>(std::lround(h * 0.033)));
    const int small_px = std::max(9, static_cast<int>(std::lround(h * 0.022)));
    const double margin = std::round(h * 0.03);
    title->GetTextProperty()->SetFontSize(title_px);
    title->SetInput((" " + step.title + " ").c_str());
    title->SetDisplayPosition(static_cast<int>(margin), static_cast<int>(h - margin));
    counter->GetTextProperty()->SetFontSize(small_px);
    counter->SetInput(("Step " + std::to_string(index + 1) + " / " +
                       std::to_string(script.steps.size()) + "\n" + script.title)
                          .c_str());
    counter->SetDisplayPosition(static_cast<int>(w - margin), static_cast<int>(h - margin));

    const std::size_t columns =
        static_cast<std::size_t>(std::max(20.0, (w - 2 * margin) / (0.52 * caption_px)));
    const std::vector<std::string> lines = wrap_text(step.caption, columns);
    std::string joined;
    for (const std::string& l : lines)
      joined += (joined.empty() ? "" : "\n") + l;
    caption->GetTextProperty()->SetFontSize(caption_px);
    caption->SetInput(joined.c_str());
    const double line_h = caption_px * 1.15 * 1.18;
    const double band_h = lines.empty() ? 0.0 : lines.size() * line_h + 2 * margin * 0.6;
    caption->SetDisplayPosition(static_cast<int>(margin), static_cast<int>(band_h - margin * 0.6));
    note->GetTextProperty()->SetFontSize(small_px);
    note->SetDisplayPosition(static_cast<int>(w - margin), static_cast<int>(band_h + margin * 0.4));

    vtkNew<vtkPoints> pts;
    pts->InsertNextPoint(0, 0, 0);
    pts->InsertNextPoint(w, 0, 0);
    pts->InsertNextPoint(w, band_h, 0);
    pts->InsertNextPoint(0, band_h, 0);
    vtkNew<vtkCellArray> quad;
    const vtkIdType ids[4] = {0, 1, 2, 3};
    quad->InsertNextCell(4, ids);
    vtkNew<vtkPolyData> poly;
    poly->SetPoints(pts);
    poly->SetPolys(quad);
    static_cast<vtkPolyDataMapper2D*>(band->GetMapper())->SetInputData(poly);

    // The subject is framed for the whole frame; lift it part of the way out from under the
    // caption band so the band hides less of it.
    const double band_fraction = on ? band_h / h : 0.0;
    scene.renderer()->GetActiveCamera()->SetWindowCenter(0.0, -0.75 * band_fraction);
    title->SetVisibility(on);
    counter->SetVisibility(on);
    caption->SetVisibility(on && !lines.empty());
    band->SetVisibility(on && !lines.empty());
    note->SetVisibility(on && spread_shown);
  }

  std::vector<std::string> resolve(const std::vector<std::string>& words) const {
    std::vector<std::string> ids;
    for (const anatomy::Structure& s : atlas.structures()) {
      for (const std::string& w : words) {
        if (structure_matches(s, w)) {
          ids.push_back(s.id);
          break;
        }
      }
    }
    return ids;
  }

  void apply_structures(const demo::DemoStep& step, std::size_t step_index) {
    std::map<std::string, std::pair<bool, double>> d;  // visible, opacity
    for (const anatomy::Structure& s : atlas.structures())
      d[s.id] = {default_visible(s.kind), default_opacity(s.kind)};
    for (const std::string& id : resolve(step.hide))
      d[id].first = false;
    for (const std::string& id : resolve(step.show))
      d[id].first = true;
    for (const std::string& id : resolve(step.translucent))
      d[id] = {true, step.translucent_opacity};
    const std::vector<std::string> highlighted = resolve(step.highlight);
    for (const std::string& id : highlighted)
      d[id].first = true;
    const std::vector<std::string> warned = resolve(step.warn);
    for (auto& [id, a] : warn_actors)
      scene.renderer()->RemoveActor(a);
    warn_actors.clear();
    for (const std::string& id : warned) {
      const anatomy::Structure* s = atlas.find(id);
      if (!s || !s->mesh) continue;
      vtkNew<vtkPolyDataMapper> mapper;
      mapper->SetInputData(s->mesh);
      mapper->ScalarVisibilityOff();
      auto actor = vtkSmartPointer<vtkActor>::New();
      actor->SetMapper(mapper);
      actor->GetProperty()->SetColor(kWarnColour[0], kWarnColour[1], kWarnColour[2]);
      actor->GetProperty()->SetAmbient(0.35);
      actor->GetProperty()->SetSpecular(0.3);
      actor->PickableOff();
      scene.renderer()->AddActor(actor);
      warn_actors[id] = actor;
      d[id].first = false;  // the scene's own actor gives way to the red one
    }
    for (const auto& [id, vo] : d) {
      scene.set_structure_opacity(id, vo.second);
      scene.set_structure_visible(id, vo.first);
    }
    scene.set_highlighted(highlighted);

    // What hides what lies behind it in this step: structures drawn (by the scene or as a red
    // warn actor) at an opacity the eye cannot see through.
    std::set<std::string> opaque;
    for (const auto& [id, vo] : d) {
      if (vo.first && vo.second >= kOccludingOpacity) opaque.insert(id);
    }
    std::set<std::string> drawn;
    for (const auto& [id, vo] : d) {
      if (vo.first) drawn.insert(id);
    }
    for (const std::string& id : warned) {
      opaque.insert(id);
      drawn.insert(id);
    }
    opaque_ids = opaque;
    drawn_ids = drawn;
    place_labels(step, step_index);
  }

  // Labels are drawn over the picture, at anchors the step's camera sees (label_anchor.h): a
  // label whose structure is hidden from that camera everywhere is not drawn.
  void place_labels(const demo::DemoStep& step, std::size_t index) {
    for (auto& a : label_actors)
      scene.renderer()->RemoveViewProp(a);
    label_actors.clear();
    shown_labels.clear();
    const Vec3 eye =
        index < cameras.size() ? cameras[index].position_mm : initial_camera.position_mm;
    const std::set<std::string> opaque = opaque_ids, drawn = drawn_ids;
    const Occludes occludes = [opaque](const anatomy::Structure& s) {
      return opaque.count(s.id) > 0;
    };
    const Occludes in_picture = [drawn](const anatomy::Structure& s) {
      return drawn.count(s.id) > 0;
    };
    for (const std::string& id : step.labels) {
      std::string text;
      if (const anatomy::Structure* s = atlas.find(id)) {
        text = s->name;
      } else if (const anatomy::Landmark* l = atlas.landmark(id)) {
        text = l->name;
      } else {
        continue;
      }
      const std::optional<Vec3> at = visible_label_anchor(atlas, id, eye, occludes, in_picture);
      if (!at) {
        const std::string key = std::to_string(index + 1) + ": " + id;
        if (hidden_labels.insert(key).second) {
          std::lock_guard<std::mutex> lock(mutex);
          messages.push_back("step " + key +
                             ": label not drawn, no part of it is in sight from the step's "
                             "camera; choose another label or camera");
        }
        continue;
      }
      vtkNew<vtkCoordinate> anchor;
      anchor->SetCoordinateSystemToWorld();
      anchor->SetValue(at->x, at->y, at->z);
      auto label = vtkSmartPointer<vtkTextActor>::New();
      label->SetInput(text.c_str());
      label->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
      label->GetPositionCoordinate()->SetReferenceCoordinate(anchor);
      label->GetPositionCoordinate()->SetValue(8, 6);  // beside the point, not on it
      label->GetTextProperty()->SetFontSize(std::max(12, frame_h / 40));
      label->GetTextProperty()->SetBold(1);
      label->GetTextProperty()->SetColor(1.0, 1.0, 1.0);
      label->GetTextProperty()->SetBackgroundColor(0.05, 0.05, 0.08);
      label->GetTextProperty()->SetBackgroundOpacity(0.7);
      label->PickableOff();
      scene.renderer()->AddViewProp(label);
      label_actors.push_back(label);
      shown_labels.push_back({id, text, *at});
    }
  }

  std::vector<std::string> step_site_ids(const demo::DemoStep& step) const {
    auto it = plans.find(step.plan_path);
    if (it == plans.end()) return {};
    return demo_step_site_ids(step, it->second, atlas);
  }

  // --- simulation ---------------------------------------------------------------------------

  void start() {
    if (worker.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      std::set<std::pair<std::string, std::string>> queued;
      for (const demo::DemoStep& step : script.steps) {
        if (step.spread_fraction <= 0.0 || !plans.count(step.plan_path)) continue;
        std::vector<std::string> ids;
        for (const std::string& id : step_site_ids(step)) {
          if (queued.insert({step.plan_path, id}).second) ids.push_back(id);
        }
        if (!ids.empty()) jobs.emplace_back(step.plan_path, ids);
      }
    }
    worker = std::thread([this] { run_worker(); });
  }

  void run_worker() {
    std::shared_ptr<const anatomy::Atlas> borrowed(&atlas, [](const anatomy::Atlas*) {});
    auto tissue = std::make_shared<sim::AtlasTissue>(borrowed);
    for (;;) {
      std::pair<std::string, std::vector<std::string>> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [this] { return stop || !jobs.empty(); });
        if (stop) return;
        job = jobs.front();
        jobs.pop_front();
        busy = true;
      }
      plan::Plan plan = plans.at(job.first);
      std::erase_if(plan.sites, [&](const plan::Site& s) {
        return std::find(job.second.begin(), job.second.end(), s.id) == job.second.end();
      });
      auto& simulator = simulators[job.first];
      if (!simulator) simulator = std::make_unique<sim::PlanSimulator>(tissue);
      std::shared_ptr<const sim::PlanSpread> spread;
      std::string problem;
      try {
        spread = simulator->simulate(plan, sim::resolve_parameters(plan, {}).parameters);
      } catch (...) {  // out of memory included: a message, never the end of the tour
        problem = "simulation of " + job.first + " failed: " + current_exception_text();
      }
      // A plan the spread model refuses (sim/simulation_gate.h) has no sites to show: say why.
      if (spread && spread->sites.empty()) {
        for (const Finding& f : spread->findings)
          if (f.code == "SIMULATION_NOT_RUN") problem = job.first + ": " + f.message;
      }
      std::lock_guard<std::mutex> lock(mutex);
      busy = false;
      if (!problem.empty()) messages.push_back(problem);
      for (const std::string& id : job.second) {
        const sim::SiteSpread* s = spread ? spread->site(id) : nullptr;
        if (!s) {
          failed.insert({job.first, id});
          continue;
        }
        Findings flags;
        for (const Finding& f : spread->findings) {
          if (f.site_id == id) flags.push_back(f);
        }
        SiteResult r;
        // Aliasing shared_ptr: keeps the whole PlanSpread (and so the site) alive.
        r.spread = std::shared_ptr<const sim::SiteSpread>(spread, s);
        r.status = status_from_flags(flags);
        results[{job.first, id}] = std::move(r);
      }
      wake.notify_all();
    }
  }

  bool ready(std::size_t index) const {
    const demo::DemoStep& step = script.steps[index];
    if (step.spread_fraction <= 0.0 || !plans.count(step.plan_path)) return true;
    std::lock_guard<std::mutex> lock(mutex);
    for (const std::string& id : step_site_ids(step)) {
      if (!results.count({step.plan_path, id}) && !failed.count({step.plan_path, id})) return false;
    }
    return true;
  }

  // --- showing ------------------------------------------------------------------------------

  void show(std::size_t index, double t) {
    if (script.steps.empty()) return;
    index = std::min(index, script.steps.size() - 1);
    const demo::DemoStep& step = script.steps[index];
    const demo::DemoStep* prev = index > 0 ? &script.steps[index - 1] : nullptr;
    const double progress = step.transition_s > 0.0 ? clamp01(t / step.transition_s) : 1.0;
    const double eased = ease_in_out(progress);
    const bool new_step = shown_step != static_cast<long long>(index);

    if (new_step) {
      apply_structures(step, index);
      camera_settled = false;
      // Played in order, a step starts from where the previous one ended (the same for every
      // frame rate); after a jump it starts from wherever the camera is.
      const bool in_order = shown_step < 0 || shown_step + 1 == static_cast<long long>(index);
      from_camera = !in_order   ? read_camera(scene.renderer()->GetActiveCamera())
                    : index > 0 ? cameras[index - 1]
                                : initial_camera;
    }
    if (!camera_settled) {
      apply_camera(interpolate(from_camera, cameras[index], eased));
      camera_settled = progress >= 1.0;
    }

    // Sites: those the previous step did not show appear one after another in the transition.
    const std::vector<std::string> ids = step_site_ids(step);
    std::vector<std::string> before;
    if (prev && prev->plan_path == step.plan_path) before = step_site_ids(*prev);
    std::vector<std::string> shown;
    std::size_t fresh = 0;
    for (const std::string& id : ids) {
      if (std::find(before.begin(), before.end(), id) != before.end()) shown.push_back(id);
    }
    const std::size_t fresh_total = ids.size() - shown.size();
    const std::size_t fresh_shown =
        static_cast<std::size_t>(std::ceil(eased * static_cast<double>(fresh_total) - 1e-9));
    for (const std::string& id : ids) {
      if (std::find(before.begin(), before.end(), id) != before.end()) continue;
      if (fresh++ < fresh_shown) shown.push_back(id);
    }

    std::vector<SiteGlyph> glyphs;
    std::vector<SpreadSurfaceData> surfaces;
    bool spread_shown = false;
    {
      std::lock_guard<std::mutex> lock(mutex);
      const auto& plan_it = plans.find(step.plan_path);
      for (const std::string& id : ids) {
        if (std::find(shown.begin(), shown.end(), id) == shown.end()) continue;
        const plan::Site* s = plan_it->second.find_site(id);
        SiteGlyph g{s->id, s->entry_point_mm, s->tip_mm()};
        auto r = results.find({step.plan_path, id});
        if (step.spread_fraction > 0.0 && r != results.end()) {
          g.status = r->second.status;
          // Growth: from what the previous step showed of this site (0 if nothing) to this
          // step's fraction, eased over the transition.
          double from = 0.0;
          if (prev && prev->plan_path == step.plan_path &&
              std::find(before.begin(), before.end(), id) != before.end()) {
            from = prev->spread_fraction;
          }
          double f = from + (step.spread_fraction - from) * eased;
          f = std::round(f * kFractionSteps) / kFractionSteps;
          if (f > 0.0) {
            SpreadSurfaceData d = surface_from_site(*r->second.spread, g.status);
            d.threshold = level_for_fraction(r->second, f);
            surfaces.push_back(d);
            spread_shown = true;
          }
        }
        glyphs.push_back(g);
      }
    }
    std::vector<std::string> glyph_ids;
    for (const SiteGlyph& g : glyphs)
      glyph_ids.push_back(g.id + ":" + site_status_name(g.status));
    if (new_step || glyph_ids != shown_site_ids) {
      scene.set_sites(glyphs);
      shown_site_ids = glyph_ids;
    }
    scene.set_spread_surfaces(surfaces);
    scene.set_spread_visible(true);
    layout_captions(step, index, spread_shown);
    shown_step = static_cast<long long>(index);
  }

  void restore() {
    for (auto& [id, a] : warn_actors)
      scene.renderer()->RemoveActor(a);
    warn_actors.clear();
    for (auto& a : label_actors)
      scene.renderer()->RemoveViewProp(a);
    label_actors.clear();
    shown_labels.clear();
    for (vtkProp* p :
         {static_cast<vtkProp*>(band), static_cast<vtkProp*>(title), static_cast<vtkProp*>(caption),
          static_cast<vtkProp*>(counter), static_cast<vtkProp*>(note)}) {
      scene.renderer()->RemoveViewProp(p);
    }
    scene.set_highlighted({});
    for (const auto& [id, v] : saved_visible) {
      scene.set_structure_opacity(id, saved_opacity[id]);
      scene.set_structure_visible(id, v);
    }
    scene.set_sites({});
    scene.set_spread_surfaces({});
    scene.set_view(ViewPreset::Anterior);
    shown_step = -1;
  }
};

DemoPlayer::DemoPlayer(Scene& scene, demo::DemoScript script, DemoPlayerOptions options)
    : impl_(std::make_unique<Impl>(scene, std::move(script), options)) {}

DemoPlayer::~DemoPlayer() = default;

const demo::DemoScript& DemoPlayer::script() const {
  return impl_->script;
}

std::size_t DemoPlayer::step_count() const {
  return impl_->script.steps.size();
}

void DemoPlayer::show(std::size_t step, double t_s) {
  impl_->show(step, t_s);
}

void DemoPlayer::show_at(double t_s) {
  const std::size_t step = impl_->script.step_at(t_s);
  show(step, t_s - impl_->script.step_start_s(step));
}

std::vector<DemoLabel> DemoPlayer::shown_labels() const {
  return impl_->shown_labels;
}

std::vector<std::string> DemoPlayer::opaque_structure_ids() const {
  return {impl_->opaque_ids.begin(), impl_->opaque_ids.end()};
}

std::vector<std::string> DemoPlayer::drawn_structure_ids() const {
  return {impl_->drawn_ids.begin(), impl_->drawn_ids.end()};
}

CameraPose DemoPlayer::step_camera(std::size_t step) const {
  if (impl_->cameras.empty()) return impl_->initial_camera;
  return impl_->cameras[std::min(step, impl_->cameras.size() - 1)];
}

void DemoPlayer::set_frame_size(int width, int height) {
  impl_->frame_w = width;
  impl_->frame_h = height;
  impl_->shown_step = -1;  // re-lay out captions and labels
}

void DemoPlayer::set_captions_visible(bool visible) {
  impl_->captions_visible = visible;
  impl_->shown_step = -1;
}

void DemoPlayer::start_simulations() {
  impl_->start();
}

bool DemoPlayer::spread_ready(std::size_t step) const {
  return step >= impl_->script.steps.size() || impl_->ready(step);
}

void DemoPlayer::wait_for_spread(std::size_t step) {
  impl_->start();
  if (step >= impl_->script.steps.size()) return;
  while (!impl_->ready(step)) {
    std::unique_lock<std::mutex> lock(impl_->mutex);
    impl_->wake.wait_for(lock, std::chrono::milliseconds(200));
  }
}

std::vector<std::string> DemoPlayer::simulation_messages() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->messages;
}

void DemoPlayer::restore_scene() {
  impl_->restore();
}

}  // namespace toxplan::render
