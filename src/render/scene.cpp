#include "render/scene.h"

#include <vtkActor.h>
#include <vtkAppendPolyData.h>
#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkLineSource.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPropCollection.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>
#include <vtkTextProperty.h>
#include <vtkTubeFilter.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <iostream>
#include <limits>

#include "render/interaction_lod.h"
#include "render/label_anchor.h"
#include "render/landmark_labels.h"
#include "render/moving_batch.h"
#include "render/shader_library.h"
#include "render/shader_safe_mapper.h"
#include "render/view_overlays.h"
#include "render/xray_shading.h"

namespace toxplan::render {

namespace {

// The needle is drawn from the tip back out of the skin (kNeedleOutsideSkinMm, scene.h), so
// that the syringe side is visible.
constexpr double kNeedleRadiusMm = 0.45;
constexpr double kTipRadiusMm = 1.6;
constexpr double kSpreadOpacity = 0.6;
// Spread surfaces above this size get a clustered copy with ~4.5 mm cells while the camera moves
// (a 39-site plan's surfaces at 3 mm were about 60k triangles, most of the moving picture).
constexpr vtkIdType kSpreadLodMinTriangles = 6000;
// How far apart the grid nodes a spread surface is drawn from are (see update_spread_actors).
constexpr double kSpreadSurfaceSpacingMm = 1.0;
constexpr const char* kSiteFieldLegendTitle = "Bound toxin (ona-U/cm\u00b3)";
constexpr const char* kPlanFieldLegendTitle = "Plan's summed toxin (ona-U/cm\u00b3)";
constexpr double kSpreadLodBinMm = 4.5;
constexpr double kFieldOpacity = 0.4;

// Colours each point of a field surface (its scalar is the level it was extracted at) with the
// level's colour, as direct RGB: exact colours, no lookup table to keep in step with the legend.
void paint_field_levels(vtkPolyData* surface, double threshold) {
  vtkDataArray* levels = surface->GetPointData()->GetScalars();
  vtkNew<vtkUnsignedCharArray> colours;
  colours->SetName("field_level_colour");
  colours->SetNumberOfComponents(3);
  colours->SetNumberOfTuples(surface->GetNumberOfPoints());
  for (vtkIdType i = 0; i < surface->GetNumberOfPoints(); ++i) {
    const double v = levels ? levels->GetTuple1(i) : threshold;
    // The nearest level on a log scale (the levels double).
    std::size_t best = 0;
    for (std::size_t l = 1; l < kFieldLevels.size(); ++l) {
      if (std::abs(std::log(v / (threshold * kFieldLevels[l]))) <
          std::abs(std::log(v / (threshold * kFieldLevels[best]))))
        best = l;
    }
    const Rgb& c = kFieldLevelColours[best];
    const unsigned char rgb[3] = {static_cast<unsigned char>(std::lround(255 * c[0])),
                                  static_cast<unsigned char>(std::lround(255 * c[1])),
                                  static_cast<unsigned char>(std::lround(255 * c[2]))};
    colours->SetTypedTuple(i, rgb);
  }
  surface->GetPointData()->SetScalars(colours);
}

// Paints every point of `part` one colour (the sites' mapper colours by point).
void paint(vtkPolyData* part, const Rgb& colour) {
  vtkNew<vtkUnsignedCharArray> colours;
  colours->SetName("colour");
  colours->SetNumberOfComponents(3);
  colours->SetNumberOfTuples(part->GetNumberOfPoints());
  const std::array<unsigned char, 3> rgb{static_cast<unsigned char>(255 * colour[0]),
                                         static_cast<unsigned char>(255 * colour[1]),
                                         static_cast<unsigned char>(255 * colour[2])};
  for (vtkIdType i = 0; i < part->GetNumberOfPoints(); ++i)
    colours->SetTypedTuple(i, rgb.data());
  part->GetPointData()->SetScalars(colours);
}

vtkSmartPointer<vtkPolyData> tube_between(const Vec3& a, const Vec3& b, double radius, int sides) {
  vtkNew<vtkLineSource> line;
  line->SetPoint1(a.x, a.y, a.z);
  line->SetPoint2(b.x, b.y, b.z);
  vtkNew<vtkTubeFilter> tube;
  tube->SetInputConnection(line->GetOutputPort());
  tube->SetRadius(radius);
  tube->SetNumberOfSides(sides);
  tube->CappingOn();
  tube->Update();
  return tube->GetOutput();
}

}  // namespace

std::vector<double> depth_mark_depths_mm(const SiteGlyph& site) {
  std::vector<double> depths;
  const double depth_mm = norm(site.tip_mm - site.entry_mm);
  // From the skin (0) inward, stopping short of the tip sphere, which would hide a mark.
  for (double d = 0.0; d <= depth_mm - kTipRadiusMm + 1e-9; d += kDepthMarkStepMm)
    depths.push_back(d);
  return depths;
}

namespace {

// One site's needle (tube from outside the skin to the tip) and tip sphere, painted `colour`,
// with a light collar every kDepthMarkStepMm from the skin entry (depth 0) toward the tip
// (scene.h); `coarse` for the moving picture
// (a quarter of the triangles, same shapes at half the pixels, no marks).
vtkSmartPointer<vtkPolyData> site_glyph(const SiteGlyph& site, const Rgb& colour, bool coarse) {
  const Vec3 dir = normalized(site.tip_mm - site.entry_mm);
  const Vec3 hub = site.entry_mm - dir * kNeedleOutsideSkinMm;
  const double needle_radius = site.selected ? kNeedleRadiusMm * 1.8 : kNeedleRadiusMm;
  vtkSmartPointer<vtkPolyData> shaft =
      tube_between(hub, site.tip_mm, needle_radius, coarse ? 6 : 10);
  paint(shaft, colour);
  vtkNew<vtkSphereSource> tip;
  tip->SetCenter(site.tip_mm.x, site.tip_mm.y, site.tip_mm.z);
  tip->SetRadius(site.selected ? kTipRadiusMm * 1.4 : kTipRadiusMm);
  tip->SetThetaResolution(coarse ? 8 : 16);
  tip->SetPhiResolution(coarse ? 6 : 12);
  tip->Update();
  vtkSmartPointer<vtkPolyData> tip_sphere = tip->GetOutput();
  paint(tip_sphere, colour);
  vtkNew<vtkAppendPolyData> all;
  all->AddInputData(shaft);
  all->AddInputData(tip_sphere);
  if (!coarse) {
    for (double d : depth_mark_depths_mm(site)) {
      const Vec3 centre = site.entry_mm + dir * d;
      auto mark = tube_between(centre - dir * (0.5 * kDepthMarkLengthMm),
                               centre + dir * (0.5 * kDepthMarkLengthMm),
                               needle_radius * kDepthMarkRadiusScale, 10);
      paint(mark, kDepthMarkColour);
      all->AddInputData(mark);
    }
  }
  all->Update();
  return all->GetOutput();
}

vtkSmartPointer<vtkPolyDataMapper> sites_mapper(const std::vector<SiteGlyph>& sites,
                                                const Rgb* colour_override, bool coarse) {
  vtkNew<vtkAppendPolyData> all;
  for (const SiteGlyph& site : sites) {
    const Rgb c = colour_override
                      ? *colour_override
                      : (site.selected ? kSelectionColour : site_status_colour(site.status));
    all->AddInputData(site_glyph(site, c, coarse));
  }
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputConnection(all->GetOutputPort());
  mapper->SetColorModeToDirectScalars();
  mapper->SetScalarModeToUsePointData();
  mapper->ScalarVisibilityOn();
  return mapper;
}

}  // namespace

// All sites in one actor: software rendering pays per actor, and a plan has dozens of sites.
Scene::SitesDisplay Scene::make_sites_display(const std::vector<SiteGlyph>& sites,
                                              const Rgb* colour_override) const {
  SitesDisplay d;
  d.mapper = sites_mapper(sites, colour_override, false);
  d.lod_mapper = sites_mapper(sites, colour_override, true);
  d.actor = vtkSmartPointer<vtkActor>::New();
  d.actor->SetMapper(interacting_ ? d.lod_mapper : d.mapper);
  d.actor->GetProperty()->SetSpecular(0.4);
  d.actor->PickableOff();
  return d;
}

namespace {

// Every surface mapper is a ShaderSafeMapper: a shader of ours that fails on this machine falls
// back to default shading instead of ending the process (shader_safe_mapper.h).
vtkSmartPointer<vtkPolyDataMapper> surface_mapper(vtkPolyData* surface) {
  vtkSmartPointer<vtkPolyDataMapper> mapper = vtkSmartPointer<ShaderSafeMapper>::New();
  mapper->SetInputData(surface);
  mapper->ScalarVisibilityOff();
  return mapper;
}

}  // namespace

Scene::Scene(const anatomy::Atlas& atlas) : atlas_(atlas) {
  watch_shader_errors();
  shader_failures_seen_ = shader_failure_count();
  renderer_ = vtkSmartPointer<vtkRenderer>::New();
  renderer_->GradientBackgroundOn();
  renderer_->SetBackground(kBackgroundBottom[0], kBackgroundBottom[1], kBackgroundBottom[2]);
  renderer_->SetBackground2(kBackgroundTop[0], kBackgroundTop[1], kBackgroundTop[2]);
  // Translucent skin over opaque muscles: depth peeling sorts the layers correctly; a few peels
  // are enough for skin + spread surfaces and keep software rendering fast.
  renderer_->SetUseDepthPeeling(1);
  renderer_->SetMaximumNumberOfPeels(4);
  renderer_->SetOcclusionRatio(0.1);
  renderer_->TwoSidedLightingOn();
  overlays_ = std::make_unique<ViewOverlays>(renderer_);
  build_structures();
  build_landmarks();
  set_view(anatomy::ViewPreset::Anterior);
}

Scene::~Scene() = default;

vtkRenderer* Scene::renderer() const {
  return renderer_;
}

void Scene::build_structures() {
  for (const anatomy::Structure& s : atlas_.structures()) {
    if (!s.display_mesh) continue;
    StructureDisplay d;
    d.full = s.display_mesh;  // the atlas's decimated display copy where it has one
    d.lod = d.full;           // until the coarse copies are ready (update_interaction_lods)
    d.mapper = surface_mapper(d.full);
    d.lod_mapper = d.mapper;
    d.actor = vtkSmartPointer<vtkActor>::New();
    d.actor->SetMapper(d.mapper);
    d.colour = s.colour;
    d.opacity = default_opacity(s.kind);
    d.visible = default_visible(s.kind);
    d.batchable = s.kind != anatomy::StructureKind::Skin;
    d.xray = s.kind == anatomy::StructureKind::Skin || s.kind == anatomy::StructureKind::Fat;
    vtkProperty* p = d.actor->GetProperty();
    p->SetSpecular(s.kind == anatomy::StructureKind::Skin ? 0.1 : 0.25);
    p->SetSpecularPower(20);
    p->SetInterpolationToPhong();
    if (s.kind == anatomy::StructureKind::Skin) {
      p->BackfaceCullingOn();  // only the outer surface of the skin shell reads as skin
    }
    renderer_->AddActor(d.actor);
    structures_[s.id] = d;
    apply_structure_display(s.id);
  }
}

void Scene::build_landmarks() {
  // As in the picture: a visible structure at least kOccludingOpacity opaque hides what is
  // behind it; every visible structure is drawn.
  const Occludes opaque = [this](const anatomy::Structure& s) {
    return structure_visible(s.id) && structure_opacity(s.id) >= kOccludingOpacity;
  };
  const Occludes drawn = [this](const anatomy::Structure& s) {
    return structure_visible(s.id) && structure_opacity(s.id) > 0.0;
  };
  landmarks_ = std::make_unique<LandmarkLabels>(atlas_, renderer_, opaque, drawn,
                                                [this] { return interacting_; });
}

void Scene::apply_structure_display(const std::string& id) {
  auto it = structures_.find(id);
  if (it == structures_.end()) return;
  StructureDisplay& d = it->second;
  const bool highlighted =
      std::find(highlighted_.begin(), highlighted_.end(), id) != highlighted_.end();
  const Rgb c = highlighted ? kHighlightColour : d.colour;
  vtkProperty* p = d.actor->GetProperty();
  p->SetColor(c[0], c[1], c[2]);
  p->SetOpacity(highlighted ? std::max(d.opacity, 0.85) : d.opacity);
  p->SetAmbient(highlighted ? 0.35 : 0.08);
  d.actor->SetVisibility(d.visible && d.opacity > 0.0);
  update_xray(d, highlighted);
  if (landmarks_) landmarks_->scene_changed();
  batch_dirty_ = true;
}

void Scene::update_xray(StructureDisplay& d, bool highlighted) {
  // Opaque (1.0) or highlighted skin is drawn as VTK draws it: the x-ray look is for seeing
  // through, and a highlight must read as one flat colour.
  const bool wanted =
      d.xray && xray_enabled_ && !shaders_fell_back_ && !highlighted && d.opacity < 1.0;
  if (wanted == d.xray_on) return;
  if (!wanted) {
    remove_xray_shading(d.actor);
    d.xray_on = false;
    return;
  }
  if (apply_xray_shading(d.actor)) {
    d.xray_on = true;
  } else {
    fall_back_to_default_shading(std::string("shaders/") + kSkinXrayShader +
                                 " is not in this build");
  }
}

void Scene::fall_back_to_default_shading(const std::string& why) {
  if (shaders_fell_back_) return;
  shaders_fell_back_ = true;
  for (auto& [id, d] : structures_) {
    if (!d.xray_on) continue;
    remove_xray_shading(d.actor);
    d.xray_on = false;
  }
  std::cerr << "toxplan: warning: " << why
            << "; the skin is drawn with VTK's default shading instead.\n";
}

bool Scene::fall_back_if_shaders_failed() {
  const long failures = shader_failure_count();
  if (failures == shader_failures_seen_) return false;
  shader_failures_seen_ = failures;
  if (shaders_fell_back_ || !xray_shading_active()) return false;
  fall_back_to_default_shading("the skin x-ray shader (shaders/" + std::string(kSkinXrayShader) +
                               ") did not compile here (" + last_shader_error() + ")");
  return true;
}

void Scene::set_xray_shading(bool enabled) {
  if (enabled == xray_enabled_) return;
  xray_enabled_ = enabled;
  for (auto& [id, d] : structures_)
    if (d.xray) apply_structure_display(id);
}

bool Scene::xray_shading_active() const {
  for (const auto& [id, d] : structures_) {
    if (d.xray_on && d.actor->GetVisibility()) return true;
  }
  return false;
}

bool Scene::structure_visible(const std::string& id) const {
  auto it = structures_.find(id);
  return it != structures_.end() && it->second.visible;
}

void Scene::set_structure_visible(const std::string& id, bool visible) {
  auto it = structures_.find(id);
  if (it == structures_.end()) return;
  it->second.visible = visible;
  apply_structure_display(id);
}

double Scene::structure_opacity(const std::string& id) const {
  auto it = structures_.find(id);
  return it == structures_.end() ? 0.0 : it->second.opacity;
}

void Scene::set_structure_opacity(const std::string& id, double opacity) {
  auto it = structures_.find(id);
  if (it == structures_.end()) return;
  it->second.opacity = std::clamp(opacity, 0.0, 1.0);
  apply_structure_display(id);
}

void Scene::set_highlighted(const std::vector<std::string>& ids) {
  std::vector<std::string> previous = highlighted_;
  highlighted_ = ids;
  for (const std::string& id : previous)
    apply_structure_display(id);
  for (const std::string& id : highlighted_)
    apply_structure_display(id);
}

void Scene::set_sites(const std::vector<SiteGlyph>& sites) {
  sites_ = sites;
  std::vector<std::pair<Vec3, Vec3>> selected;
  for (const SiteGlyph& s : sites) {
    if (!s.selected) continue;
    const Vec3 dir = normalized(s.tip_mm - s.entry_mm);
    selected.emplace_back(s.entry_mm - dir * kNeedleOutsideSkinMm, s.tip_mm);
  }
  overlays_->set_selected_needles(std::move(selected));
  for (auto& d : site_actors_)
    renderer_->RemoveActor(d.actor);
  site_actors_.clear();
  if (sites.empty()) return;
  site_actors_.push_back(make_sites_display(sites, nullptr));
  renderer_->AddActor(site_actors_.back().actor);
}

void Scene::set_reference_sites(const std::vector<SiteGlyph>& sites) {
  for (auto& d : reference_actors_)
    renderer_->RemoveActor(d.actor);
  reference_actors_.clear();
  if (sites.empty()) return;
  reference_actors_.push_back(make_sites_display(sites, &kReferenceSiteColour));
  reference_actors_.back().actor->GetProperty()->SetOpacity(0.85);
  renderer_->AddActor(reference_actors_.back().actor);
}

void Scene::set_error_lines(const std::vector<std::pair<Vec3, Vec3>>& lines) {
  if (error_lines_actor_) renderer_->RemoveActor(error_lines_actor_);
  error_lines_actor_ = nullptr;
  if (lines.empty()) return;
  vtkNew<vtkAppendPolyData> all;
  for (const auto& [a, b] : lines) {
    vtkNew<vtkLineSource> line;
    line->SetPoint1(a.x, a.y, a.z);
    line->SetPoint2(b.x, b.y, b.z);
    line->Update();
    all->AddInputData(line->GetOutput());
  }
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(all->GetOutputPort());
  error_lines_actor_ = vtkSmartPointer<vtkActor>::New();
  error_lines_actor_->SetMapper(mapper);
  error_lines_actor_->GetProperty()->SetColor(kErrorLineColour[0], kErrorLineColour[1],
                                              kErrorLineColour[2]);
  error_lines_actor_->GetProperty()->SetLineWidth(3.0);
  error_lines_actor_->GetProperty()->LightingOff();
  error_lines_actor_->PickableOff();
  renderer_->AddActor(error_lines_actor_);
}

void Scene::set_spread_colouring(SpreadColouring colouring) {
  if (colouring == spread_colouring_) return;
  spread_colouring_ = colouring;
  // Every surface is extracted again in the new way.
  for (auto& [id, d] : spread_)
    renderer_->RemoveActor(d.actor);
  spread_.clear();
  update_spread_actors();
}

void Scene::set_spread_surfaces(const std::vector<SpreadSurfaceData>& surfaces) {
  spread_data_ = surfaces;
  update_spread_actors();
}

void Scene::set_plan_field_surface(const SpreadSurfaceData& surface) {
  plan_field_data_ = surface;
  if (spread_colouring_ == SpreadColouring::PlanField) update_spread_actors();
}

void Scene::update_spread_actors() {
  const bool plan_field = spread_colouring_ == SpreadColouring::PlanField;
  const bool by_field = plan_field || spread_colouring_ == SpreadColouring::ByField;
  std::vector<SpreadSurfaceData> surfaces;
  if (!plan_field) {
    surfaces = spread_data_;
  } else if (plan_field_data_.values && !plan_field_data_.values->empty()) {
    surfaces.push_back(plan_field_data_);
  }
  overlays_->set_field_legend(by_field && !surfaces.empty() ? surfaces.front().threshold : 0.0,
                              plan_field ? kPlanFieldLegendTitle : kSiteFieldLegendTitle);
  std::map<std::string, SpreadDisplay> next;
  for (const SpreadSurfaceData& s : surfaces) {
    if (!s.values || s.values->empty()) continue;
    auto old = spread_.find(s.site_id);
    if (old != spread_.end() && old->second.values == s.values.get() &&
        old->second.threshold == s.threshold && old->second.status == s.status) {
      next[s.site_id] = old->second;  // unchanged: keep the surface, no re-extraction
      spread_.erase(old);
      continue;
    }
    // Grid nodes about kSpreadSurfaceSpacingMm apart (every second node of the 0.5 mm site
    // grids, every node of the 1 mm plan lattice): the surface moves by a fraction of a
    // millimetre but has a quarter of the triangles (~38k -> ~10k a site), which is what the
    // still frame of a 39-site plan spends its time on under software rendering (depth-peeled
    // translucency draws every triangle several times). The simulator's metrics and flags use
    // the full grid; only the drawing is coarser.
    const double grid_mm = norm({s.index_to_world[0], s.index_to_world[4], s.index_to_world[8]});
    const int stride = std::max(
        1, static_cast<int>(std::lround(kSpreadSurfaceSpacingMm / std::max(grid_mm, 1e-6))));
    const int nx = (s.dims[0] + stride - 1) / stride;
    const int ny = (s.dims[1] + stride - 1) / stride;
    const int nz = (s.dims[2] + stride - 1) / stride;
    vtkNew<vtkImageData> image;
    image->SetDimensions(nx, ny, nz);
    vtkNew<vtkFloatArray> scalars;
    scalars->SetNumberOfTuples(static_cast<vtkIdType>(nx) * ny * nz);
    float* out = scalars->GetPointer(0);
    const float* in = s.values->data();
    for (int k = 0; k < nz; ++k) {
      for (int j = 0; j < ny; ++j) {
        const float* row = in + (static_cast<std::size_t>(k) * stride * s.dims[1] +
                                 static_cast<std::size_t>(j) * stride) *
                                    s.dims[0];
        for (int i = 0; i < nx; ++i)
          *out++ = row[static_cast<std::size_t>(i) * stride];
      }
    }
    image->GetPointData()->SetScalars(scalars);
    // The surface is extracted in index space and placed by the actor's matrix, so oriented
    // grids need no resampling; the matrix's axes grow by the stride.
    std::array<double, 16> index_to_world = s.index_to_world;
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c)
        index_to_world[static_cast<std::size_t>(4 * r + c)] *= stride;
    }
    vtkNew<vtkFlyingEdges3D> contour;
    contour->SetInputData(image);
    if (by_field) {
      for (std::size_t l = 0; l < kFieldLevels.size(); ++l)
        contour->SetValue(static_cast<int>(l), s.threshold * kFieldLevels[l]);
    } else {
      contour->SetValue(0, s.threshold);
    }
    contour->ComputeNormalsOn();
    contour->ComputeScalarsOn();
    contour->Update();
    SpreadDisplay d;
    d.full = contour->GetOutput();
    if (by_field) paint_field_levels(d.full, s.threshold);
    // The surface is in index units (voxels): bins of kLodBinMm at the field's spacing.
    const double voxel_mm = norm({index_to_world[0], index_to_world[4], index_to_world[8]});
    // The field view keeps its surfaces while moving: clustering drops the level colours.
    d.lod = by_field ? d.full
                     : clustered_lod(d.full, kSpreadLodBinMm / std::max(voxel_mm, 1e-3),
                                     kSpreadLodMinTriangles);
    d.mapper = surface_mapper(d.full);
    d.lod_mapper = d.lod == d.full ? d.mapper : surface_mapper(d.lod);
    d.actor = vtkSmartPointer<vtkActor>::New();
    d.actor->SetMapper(interacting_ ? d.lod_mapper : d.mapper);
    vtkNew<vtkMatrix4x4> matrix;
    matrix->DeepCopy(index_to_world.data());
    d.actor->SetUserMatrix(matrix);
    const Rgb c = site_status_colour(s.status);
    d.actor->GetProperty()->SetColor(c[0], c[1], c[2]);
    // Nested field surfaces: thinner, so that the inner levels show through the outer ones.
    d.actor->GetProperty()->SetOpacity(by_field ? kFieldOpacity : kSpreadOpacity);
    if (by_field) {
      for (vtkPolyDataMapper* m : {d.mapper.GetPointer(), d.lod_mapper.GetPointer()}) {
        m->ScalarVisibilityOn();
        m->SetScalarModeToUsePointData();
        m->SetColorModeToDirectScalars();
      }
    }
    // Mostly ambient: the status colour must read the same on every side of the surface and
    // over the red muscles behind it (amber must never look like the red of danger).
    d.actor->GetProperty()->SetAmbient(0.55);
    d.actor->GetProperty()->SetDiffuse(0.45);
    d.actor->GetProperty()->SetSpecular(0.0);
    d.actor->PickableOff();
    d.actor->SetVisibility(spread_visible_);
    d.values = s.values.get();
    d.threshold = s.threshold;
    d.status = s.status;
    renderer_->AddActor(d.actor);
    next[s.site_id] = d;
  }
  for (auto& [id, d] : spread_)
    renderer_->RemoveActor(d.actor);  // sites that went away
  spread_ = std::move(next);
  batch_dirty_ = true;
}

std::map<std::string, SiteStatus> Scene::spread_statuses() const {
  std::map<std::string, SiteStatus> statuses;
  if (!spread_visible_) return statuses;
  for (const SpreadSurfaceData& s : spread_data_) {
    if (s.values && !s.values->empty()) statuses[s.site_id] = s.status;
  }
  return statuses;
}

void Scene::set_spread_visible(bool visible) {
  spread_visible_ = visible;
  for (auto& [id, d] : spread_)
    d.actor->SetVisibility(visible);
  batch_dirty_ = true;
}

void Scene::update_interaction_lods() {
  if (!lod_builder_) {
    // Only a scene that is interacted with needs them (not `toxplan render`), and not before
    // the first picture is on screen: the copies and the thread would delay it.
    if (++interaction_calls_before_lods_ < 2) return;
    std::vector<vtkPolyData*> meshes;
    for (auto& [id, d] : structures_) {
      lod_ids_.push_back(id);
      // The skin is one large surface whose outline is the picture's outline, and its display
      // copy is small already (3,000 triangles on the real atlas): kept as it is.
      meshes.push_back(d.batchable ? d.full.GetPointer() : nullptr);
    }
    lod_builder_ = std::make_unique<InteractionLodBuilder>(meshes);
    return;
  }
  if (lod_ids_.empty() || !lod_builder_->ready()) return;
  const std::vector<vtkSmartPointer<vtkPolyData>> lods = lod_builder_->take();
  for (std::size_t i = 0; i < lod_ids_.size() && i < lods.size(); ++i) {
    StructureDisplay& d = structures_.at(lod_ids_[i]);
    if (!lods[i]) continue;  // small: drawn as it is
    d.lod = lods[i];
    d.lod_mapper = surface_mapper(d.lod);
    if (interacting_) d.actor->SetMapper(d.lod_mapper);
  }
  lod_ids_.clear();
  batch_dirty_ = true;
}

void Scene::build_interaction_lods_now() {
  interaction_calls_before_lods_ = 1;
  if (!lod_builder_) update_interaction_lods();  // starts the builder
  if (lod_builder_) lod_builder_->wait();
  update_interaction_lods();  // installs the copies
}

void Scene::set_interacting(bool interacting) {
  update_interaction_lods();
  if (interacting == interacting_) {
    if (interacting_ && batch_dirty_) {  // something shown changed, or the coarse copies came
      show_moving_batch(false);
      show_moving_batch(true);
    }
    return;
  }
  interacting_ = interacting;
  // Each level has its own mapper, so that switching keeps both levels' buffers: switching the
  // input of one mapper re-uploaded the full meshes (~2 million triangles with the spread
  // surfaces) on every stop.
  for (auto& [id, d] : structures_)
    d.actor->SetMapper(interacting ? d.lod_mapper : d.mapper);
  for (auto& [id, d] : spread_)
    d.actor->SetMapper(interacting ? d.lod_mapper : d.mapper);
  for (auto* sites : {&site_actors_, &reference_actors_}) {
    for (auto& d : *sites)
      d.actor->SetMapper(interacting ? d.lod_mapper : d.mapper);
  }
  // Depth peeling draws the translucent layers several times; plain blending is good enough
  // for a moving picture.
  renderer_->SetUseDepthPeeling(interacting ? 0 : 1);
  show_moving_batch(interacting);
}

bool Scene::batched(const StructureDisplay& d, const std::string& id) const {
  return d.batchable && d.visible && d.opacity >= 1.0 &&
         std::find(highlighted_.begin(), highlighted_.end(), id) == highlighted_.end();
}

void Scene::rebuild_moving_batch() {
  for (auto& actor : batch_actors_)
    renderer_->RemoveActor(actor);
  batch_actors_.clear();
  batch_shown_ = false;
  batch_dirty_ = false;
  std::vector<BatchPiece> opaque;
  for (auto& [id, d] : structures_) {
    if (batched(d, id)) opaque.push_back({d.lod, d.colour, nullptr});
  }
  if (!opaque.empty()) {
    auto mapper = surface_mapper(merge_coloured(opaque));
    mapper->SetColorModeToDirectScalars();
    mapper->SetScalarModeToUsePointData();
    mapper->ScalarVisibilityOn();
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    // As build_structures and apply_structure_display set them for a structure that is not
    // highlighted.
    vtkProperty* p = actor->GetProperty();
    p->SetSpecular(0.25);
    p->SetSpecularPower(20);
    p->SetInterpolationToPhong();
    p->SetAmbient(0.08);
    actor->PickableOff();
    batch_actors_.push_back(actor);
  }
  if (spread_visible_) {
    std::map<SiteStatus, std::vector<BatchPiece>> by_status;
    for (auto& [id, d] : spread_)
      by_status[d.status].push_back(
          {d.lod, site_status_colour(d.status), d.actor->GetUserMatrix()});
    for (const auto& [status, pieces] : by_status) {
      auto mapper = surface_mapper(merge_coloured(pieces));
      auto actor = vtkSmartPointer<vtkActor>::New();
      actor->SetMapper(mapper);
      // As set_spread_surfaces sets them.
      const Rgb c = site_status_colour(status);
      actor->GetProperty()->SetColor(c[0], c[1], c[2]);
      actor->GetProperty()->SetOpacity(kSpreadOpacity);
      actor->GetProperty()->SetAmbient(0.55);
      actor->GetProperty()->SetDiffuse(0.45);
      actor->GetProperty()->SetSpecular(0.0);
      actor->PickableOff();
      batch_actors_.push_back(actor);
    }
  }
}

void Scene::show_moving_batch(bool on) {
  if (on && batch_dirty_) rebuild_moving_batch();
  if (on == batch_shown_) return;
  batch_shown_ = on;
  for (auto& actor : batch_actors_) {
    if (on) {
      renderer_->AddActor(actor);
    } else {
      renderer_->RemoveActor(actor);
    }
  }
  // What the batch draws is hidden while it is shown; afterwards every actor is shown as its
  // own settings say.
  for (auto& [id, d] : structures_)
    d.actor->SetVisibility(d.visible && d.opacity > 0.0 && !(on && batched(d, id)));
  for (auto& [id, d] : spread_)
    d.actor->SetVisibility(spread_visible_ && !on);
}

Scene::DrawnCounts Scene::drawn_counts() const {
  DrawnCounts counts;
  vtkPropCollection* props = renderer_->GetViewProps();
  vtkCollectionSimpleIterator it;
  props->InitTraversal(it);
  while (vtkProp* prop = props->GetNextProp(it)) {
    auto* actor = vtkActor::SafeDownCast(prop);
    if (!actor || !actor->GetVisibility() || !actor->GetMapper()) continue;
    auto* mapper = vtkPolyDataMapper::SafeDownCast(actor->GetMapper());
    vtkPolyData* input = mapper ? mapper->GetInput() : nullptr;
    if (!input) continue;
    ++counts.actors;
    counts.triangles += static_cast<long>(input->GetNumberOfPolys() + input->GetNumberOfStrips());
  }
  return counts;
}

void Scene::set_landmarks_visible(bool visible) {
  landmarks_->set_visible(visible);
}

bool Scene::landmarks_visible() const {
  return landmarks_->visible();
}

void Scene::set_view(anatomy::ViewPreset view) {
  apply_view(renderer_, view);
}

void Scene::focus_on(const Vec3& point_mm, double distance_mm) {
  vtkCamera* camera = renderer_->GetActiveCamera();
  double direction[3];
  camera->GetDirectionOfProjection(direction);
  camera->SetFocalPoint(point_mm.x, point_mm.y, point_mm.z);
  camera->SetPosition(point_mm.x - direction[0] * distance_mm,
                      point_mm.y - direction[1] * distance_mm,
                      point_mm.z - direction[2] * distance_mm);
  renderer_->ResetCameraClippingRange();
}

Ray Scene::display_ray(double x, double y, double width, double height) const {
  // View coordinates x, y in -1..1 across the view and z 0..1 from the near to the far clipping
  // plane, as vtkRenderer::DisplayToWorld uses them, but with the given view size.
  width = std::max(width, 1.0);
  height = std::max(height, 1.0);
  vtkNew<vtkMatrix4x4> view_to_world;
  view_to_world->DeepCopy(
      renderer_->GetActiveCamera()->GetCompositeProjectionTransformMatrix(width / height, 0, 1));
  view_to_world->Invert();
  const double vx = 2.0 * x / width - 1.0;
  const double vy = 2.0 * y / height - 1.0;
  double near_point[4] = {vx, vy, 0.0, 1.0};
  double far_point[4] = {vx, vy, 1.0, 1.0};
  view_to_world->MultiplyPoint(near_point, near_point);
  view_to_world->MultiplyPoint(far_point, far_point);
  Vec3 a{near_point[0] / near_point[3], near_point[1] / near_point[3],
         near_point[2] / near_point[3]};
  Vec3 b{far_point[0] / far_point[3], far_point[1] / far_point[3], far_point[2] / far_point[3]};
  return {a, normalized(b - a)};
}

bool Scene::world_to_display(const Vec3& p_mm, double width, double height, double* x,
                             double* y) const {
  width = std::max(width, 1.0);
  height = std::max(height, 1.0);
  vtkMatrix4x4* world_to_view =
      renderer_->GetActiveCamera()->GetCompositeProjectionTransformMatrix(width / height, 0, 1);
  double v[4] = {p_mm.x, p_mm.y, p_mm.z, 1.0};
  world_to_view->MultiplyPoint(v, v);
  if (v[3] <= 0.0) return false;
  *x = (v[0] / v[3] + 1.0) * 0.5 * width;
  *y = (v[1] / v[3] + 1.0) * 0.5 * height;
  return true;
}

int Scene::first_visible_label(const Ray& ray) const {
  // Start the needle query just outside the atlas bounds along the ray.
  const anatomy::Box box = atlas_.bounds();
  const double diagonal = distance(box.min_mm, box.max_mm);
  const Vec3 centre = (box.min_mm + box.max_mm) * 0.5;
  const double t0 = std::max(0.0, dot(centre - ray.origin_mm, ray.direction) - diagonal);
  const Vec3 start = ray.origin_mm + ray.direction * t0;
  int skin_label = 0;  // translucent skin names itself only if nothing shows through it
  for (const anatomy::NeedleSegment& seg :
       atlas_.along_needle(start, ray.direction, 2.0 * diagonal)) {
    const anatomy::Structure* s = atlas_.by_label(seg.label);
    if (!s || !structure_visible(s->id)) continue;
    if (s->kind != anatomy::StructureKind::Skin) return seg.label;
    if (!skin_label) skin_label = seg.label;
  }
  return skin_label;
}

double Scene::occluding_depth_mm(const Ray& ray) const {
  // Skin pieces closer than this to the end of the first one are the same near layer (split
  // where another structure overlaps the shell), not the far side of the body.
  constexpr double kSameSkinLayerMm = 3.0;
  const anatomy::Box box = atlas_.bounds();
  const double diagonal = distance(box.min_mm, box.max_mm);
  const Vec3 centre = (box.min_mm + box.max_mm) * 0.5;
  const double t0 = std::max(0.0, dot(centre - ray.origin_mm, ray.direction) - diagonal);
  const Vec3 start = ray.origin_mm + ray.direction * t0;
  double near_skin_exit_mm = -1.0;  // along the query, from `start`
  for (const anatomy::NeedleSegment& seg :
       atlas_.along_needle(start, ray.direction, 2.0 * diagonal)) {
    const anatomy::Structure* s = atlas_.by_label(seg.label);
    if (!s || !structure_visible(s->id)) continue;
    if (s->kind == anatomy::StructureKind::Skin) {
      if (near_skin_exit_mm < 0.0 || seg.entry_depth_mm < near_skin_exit_mm + kSameSkinLayerMm) {
        near_skin_exit_mm = seg.exit_depth_mm;
        continue;
      }
      return t0 + seg.entry_depth_mm;  // the ray leaves the body: the far side
    }
    if (structure_opacity(s->id) >= kOccludingOpacity) return t0 + seg.entry_depth_mm;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace toxplan::render
