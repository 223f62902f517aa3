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
#include <map>
#include <set>
#include <sstream>

#include "demo/demo_loading.h"
#include "demo/demo_simulations.h"
#include "render/display_style.h"
#include "render/label_anchor.h"
#include "render/spread_surfaces.h"
#include "render/view_preset.h"

namespace toxplan::render {

namespace {

constexpr Rgb kWarnColour{0.95, 0.12, 0.12};
constexpr double kFocusMarginMm = 30.0;  // around a focused structure, so its neighbours show
constexpr int kFractionSteps = 200;      // spread levels are quantised to spare re-extraction

double clamp01(double s) {
  return std::clamp(s, 0.0, 1.0);
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
  demo::DemoPlans loaded_plans;
  const std::map<std::string, plan::Plan>& plans;  // by the script's path
  demo::DemoSimulations simulations;
  std::map<std::pair<std::string, std::string>, SiteResult> results;  // drawn spread, by site

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

  std::vector<std::string> label_messages;  // labels not drawn (see place_labels)

  Impl(Scene& s, demo::DemoScript sc, DemoPlayerOptions o)
      : scene(s),
        atlas(s.atlas()),
        script(std::move(sc)),
        options(o),
        loaded_plans(demo::load_demo_plans(script)),
        plans(loaded_plans.by_path),
        simulations(atlas, script, plans) {
    vtkCamera* c = scene.renderer()->GetActiveCamera();
    initial_camera = read_camera(c);
    for (const anatomy::Structure& st : atlas.structures()) {
      saved_visible[st.id] = scene.structure_visible(st.id);
      saved_opacity[st.id] = scene.structure_opacity(st.id);
    }
    resolve_cameras();
    build_caption_actors();
  }

  // The spread to draw for a site, once its simulation is done.
  SiteResult* site_result(const std::string& plan_path, const std::string& id) {
    auto it = results.find({plan_path, id});
    if (it != results.end()) return &it->second;
    const std::optional<demo::DemoSiteSpread> r = simulations.result(plan_path, id);
    if (!r) return nullptr;
    SiteResult drawn;
    drawn.spread = r->spread;
    drawn.status = status_from_flags(r->flags);
    return &results.emplace(std::make_pair(plan_path, id), std::move(drawn)).first->second;
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
    apply_view(scratch, anatomy::view_from_name(cam.view).value_or(anatomy::ViewPreset::Anterior));
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
        if (demo::structure_matches(s, w)) {
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
      if (!s || !s->display_mesh) continue;
      vtkNew<vtkPolyDataMapper> mapper;
      mapper->SetInputData(s->display_mesh);
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
          label_messages.push_back("step " + key +
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
    return demo::demo_step_site_ids(step, it->second, atlas);
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
      const auto& plan_it = plans.find(step.plan_path);
      for (const std::string& id : ids) {
        if (std::find(shown.begin(), shown.end(), id) == shown.end()) continue;
        const plan::Site* s = plan_it->second.find_site(id);
        SiteGlyph g{s->id, s->entry_point_mm, s->tip_mm()};
        SiteResult* r = step.spread_fraction > 0.0 ? site_result(step.plan_path, id) : nullptr;
        if (r) {
          g.status = r->status;
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
            SpreadSurfaceData d = surface_from_site(*r->spread, g.status);
            d.threshold = level_for_fraction(*r, f);
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
    scene.set_view(anatomy::ViewPreset::Anterior);
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
  impl_->simulations.start();
}

bool DemoPlayer::spread_ready(std::size_t step) const {
  return impl_->simulations.ready(step);
}

void DemoPlayer::wait_for_spread(std::size_t step) {
  impl_->simulations.wait(step);
}

std::vector<std::string> DemoPlayer::simulation_messages() const {
  std::vector<std::string> out = impl_->loaded_plans.messages;
  for (const std::string& m : impl_->simulations.messages())
    out.push_back(m);
  for (const std::string& m : impl_->label_messages)
    out.push_back(m);
  return out;
}

void DemoPlayer::restore_scene() {
  impl_->restore();
}

}  // namespace toxplan::render
