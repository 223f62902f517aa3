// The VTK scene of the planner: one actor per atlas structure, a glyph per injection site, a
// translucent surface per site's effect region, landmark labels. Knows VTK rendering, never
// ImGui; the window and `toxplan render` both draw through it.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <vtkSmartPointer.h>

#include "anatomy/atlas.h"
#include "base/vec3.h"
#include "render/display_style.h"
#include "render/occlusion.h"
#include "render/view_preset.h"

class vtkActor;
class vtkPolyData;
class vtkPolyDataMapper;
class vtkProp;
class vtkRenderer;

namespace toxplan::render {

class InteractionLodBuilder;
class LandmarkLabels;
class ViewOverlays;

struct SiteGlyph {
  std::string id;
  Vec3 entry_mm;
  Vec3 tip_mm;
  SiteStatus status = SiteStatus::Unsimulated;
  bool selected = false;
};

// A scalar field on a regular, possibly oriented grid (the bound toxin of one site, whose grid
// runs along the muscle fibres) and the level that bounds its effect region. Values are
// shared, not copied.
struct SpreadSurfaceData {
  std::string site_id;
  std::array<int, 3> dims{0, 0, 0};
  // Row-major 4x4 matrix from voxel index (i, j, k, 1) to atlas millimetres.
  std::array<double, 16> index_to_world{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  std::shared_ptr<const std::vector<float>> values;
  double threshold = 0.0;
  SiteStatus status = SiteStatus::Unsimulated;
};

struct Ray {
  Vec3 origin_mm;
  Vec3 direction;  // unit
};

// A site's needle is drawn from this far outside the skin (the syringe side) to its tip: what a
// click on the needle can hit.
inline constexpr double kNeedleOutsideSkinMm = 14.0;

// Depth marks on a needle: a light collar every 5 mm from the skin entry (depth 0) toward the
// tip, like the marks of a ruler, so that how deep a site lies reads off the picture.
inline constexpr double kDepthMarkStepMm = 5.0;
inline constexpr double kDepthMarkLengthMm = 0.8;
inline constexpr double kDepthMarkRadiusScale = 2.2;  // times the needle's radius
inline constexpr Rgb kDepthMarkColour{0.96, 0.96, 0.96};
// The depths (mm from the skin entry) of a site's marks.
std::vector<double> depth_mark_depths_mm(const SiteGlyph& site);

class Scene {
 public:
  explicit Scene(const anatomy::Atlas& atlas);
  ~Scene();
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;

  vtkRenderer* renderer() const;
  const anatomy::Atlas& atlas() const { return atlas_; }

  bool structure_visible(const std::string& id) const;
  void set_structure_visible(const std::string& id, bool visible);
  double structure_opacity(const std::string& id) const;
  void set_structure_opacity(const std::string& id, double opacity);
  // Highlighted structures are drawn in the highlight colour (demos, findings).
  void set_highlighted(const std::vector<std::string>& ids);

  void set_sites(const std::vector<SiteGlyph>& sites);
  // What was last given to set_sites and set_spread_surfaces: what the picture should show
  // (render/image_about.h describes it for image tests).
  const std::vector<SiteGlyph>& sites() const { return sites_; }
  std::map<std::string, SiteStatus> spread_statuses() const;
  // Practice mode: the reference answer beside the attempt (drawn in the reference colour) and
  // a line from each placed site to the reference site it was matched with.
  void set_reference_sites(const std::vector<SiteGlyph>& sites);
  void set_error_lines(const std::vector<std::pair<Vec3, Vec3>>& lines);
  // Rebuilds only surfaces whose data changed (same values pointer and level = unchanged).
  void set_spread_surfaces(const std::vector<SpreadSurfaceData>& surfaces);
  // The plan's combined field (the sum of the site fields, sim::combined_field), drawn instead
  // of the sites' surfaces in SpreadColouring::PlanField; empty values: none.
  void set_plan_field_surface(const SpreadSurfaceData& surface);
  void set_spread_visible(bool visible);
  bool spread_visible() const { return spread_visible_; }
  // How effect regions are drawn: one surface at the threshold in the colour of the site's worst
  // flag (the default); each site's field itself: nested surfaces at 1, 2 and 4 times the
  // threshold coloured by bound toxin (kFieldLevelColours), with a legend in U/cm³; or the same
  // levels of the plan's combined field, where neighbouring sites add up (overlaps merge and
  // reach the higher levels).
  enum class SpreadColouring { ByFlag, ByField, PlanField };
  void set_spread_colouring(SpreadColouring colouring);
  SpreadColouring spread_colouring() const { return spread_colouring_; }
  void set_landmarks_visible(bool visible);
  bool landmarks_visible() const;
  // The landmark dots and names (landmark_labels.h).
  const LandmarkLabels& landmark_labels() const { return *landmarks_; }

  void set_view(anatomy::ViewPreset view);
  // While the camera moves, structures are drawn from coarser meshes to keep the frame rate
  // (see interaction_lod.h). The first call starts building them in the background; later
  // calls install them once they are ready, so call it every frame.
  void set_interacting(bool interacting);
  bool interacting() const { return interacting_; }
  // Builds the coarse copies now and waits for them (benchmarks and tests of the moving
  // picture; the window lets set_interacting start them in the background).
  void build_interaction_lods_now();
  // What the next render draws: visible actors with geometry and their triangles (the coarse
  // copies while interacting). `--report-timing` prints it for the moving picture, whose cost
  // under software rendering grows with both.
  struct DrawnCounts {
    long actors = 0;
    long triangles = 0;
  };
  DrawnCounts drawn_counts() const;
  // Keeps the viewing direction and moves the camera so that `point_mm` is in the centre, at
  // `distance_mm` (a close-up of one site).
  void focus_on(const Vec3& point_mm, double distance_mm);

  // The viewing ray through a point of a view `width` x `height` pixels (x right, y up from the
  // bottom-left corner). Computed from the camera alone: it neither depends on the size VTK
  // last rendered at (smaller while the camera moves) nor modifies the renderer, whose
  // modification time says when the picture must be redrawn.
  Ray display_ray(double x, double y, double width, double height) const;
  // The inverse: where a world point appears in such a view; false if behind the camera.
  bool world_to_display(const Vec3& p_mm, double width, double height, double* x, double* y) const;

  // Call after each render: if one of Toxplan's shaders (shaders/) failed to compile or link in
  // it (the mapper then drew that actor with VTK's default shading), every actor goes back to
  // default shading, a warning goes to stderr (once), and the result is true: render again, so
  // that the whole picture is drawn alike. False otherwise.
  bool fall_back_if_shaders_failed();
  // The skin and fat drawn see-through with a bright outline (xray_shading.h; on by default), or
  // at one flat opacity as VTK draws them.
  void set_xray_shading(bool enabled);
  bool xray_shading_enabled() const { return xray_enabled_; }
  // Whether the skin's x-ray shading is on (false after a fall-back, or if no skin is shown
  // translucent).
  bool xray_shading_active() const;

  // The orientation marker and scale bar drawn over the view (view_overlays.h).
  ViewOverlays& overlays() { return *overlays_; }
  const ViewOverlays& overlays() const { return *overlays_; }

  // Label of the first visible structure along the ray, 0 if none.
  int first_visible_label(const Ray& ray) const;
  // Distance from the ray's origin to the first surface that hides what lies behind it in the
  // picture: a visible structure at least kOccludingOpacity opaque, or the skin where the ray
  // leaves the body again (beyond it lies the far side of the head or neck). Infinity if none.
  // Picking uses it so that a needle hidden behind the anatomy is never selected.
  double occluding_depth_mm(const Ray& ray) const;

 private:
  struct StructureDisplay {
    vtkSmartPointer<vtkActor> actor;
    vtkSmartPointer<vtkPolyDataMapper> mapper;      // draws `full`
    vtkSmartPointer<vtkPolyDataMapper> lod_mapper;  // draws `lod` (may be `mapper`)
    vtkSmartPointer<vtkPolyData> full;
    vtkSmartPointer<vtkPolyData> lod;  // drawn while the camera moves
    Rgb colour{1, 1, 1};
    double opacity = 1.0;
    bool visible = true;
    bool batchable = true;  // may join the moving batch when opaque (not the skin: culled)
    bool xray = false;      // skin and fat: x-ray shading while translucent (xray_shading.h)
    bool xray_on = false;   // the shader is installed on the actor now
  };
  struct SpreadDisplay {
    vtkSmartPointer<vtkActor> actor;
    vtkSmartPointer<vtkPolyDataMapper> mapper;
    vtkSmartPointer<vtkPolyDataMapper> lod_mapper;
    vtkSmartPointer<vtkPolyData> full;
    vtkSmartPointer<vtkPolyData> lod;
    const void* values = nullptr;
    double threshold = 0.0;
    SiteStatus status = SiteStatus::Unsimulated;
  };

  struct SitesDisplay {
    vtkSmartPointer<vtkActor> actor;
    vtkSmartPointer<vtkPolyDataMapper> mapper;      // full glyphs
    vtkSmartPointer<vtkPolyDataMapper> lod_mapper;  // coarse glyphs, while the camera moves
  };
  SitesDisplay make_sites_display(const std::vector<SiteGlyph>& sites,
                                  const Rgb* colour_override) const;

  void build_structures();
  void build_landmarks();
  void apply_structure_display(const std::string& id);
  void update_interaction_lods();
  // The moving picture's merged actors (moving_batch.h): built from the coarse copies of what
  // is shown, rebuilt after anything shown changes (batch_dirty_).
  void rebuild_moving_batch();
  // Makes the spread actors match spread_data_ / plan_field_data_ in the current colouring.
  void update_spread_actors();
  void show_moving_batch(bool on);
  bool batched(const StructureDisplay& d, const std::string& id) const;

  const anatomy::Atlas& atlas_;
  vtkSmartPointer<vtkRenderer> renderer_;
  std::map<std::string, StructureDisplay> structures_;
  std::vector<std::string> highlighted_;
  std::vector<SiteGlyph> sites_;
  std::vector<SitesDisplay> site_actors_;
  std::vector<SitesDisplay> reference_actors_;
  vtkSmartPointer<vtkActor> error_lines_actor_;
  std::map<std::string, SpreadDisplay> spread_;
  std::unique_ptr<LandmarkLabels> landmarks_;
  bool spread_visible_ = true;
  SpreadColouring spread_colouring_ = SpreadColouring::ByFlag;
  std::vector<SpreadSurfaceData> spread_data_;  // what set_spread_surfaces last drew
  SpreadSurfaceData plan_field_data_;           // what set_plan_field_surface last gave
  bool interacting_ = false;
  // Shader failures counted when this scene last looked (shader_library.h), and whether it has
  // given up on its shaders.
  long shader_failures_seen_ = 0;
  bool xray_enabled_ = true;
  bool shaders_fell_back_ = false;
  void update_xray(StructureDisplay& d, bool highlighted);
  void fall_back_to_default_shading(const std::string& why);
  std::unique_ptr<ViewOverlays> overlays_;
  std::unique_ptr<InteractionLodBuilder> lod_builder_;
  std::vector<std::string> lod_ids_;  // structures whose coarse copies are being built
  int interaction_calls_before_lods_ = 0;
  std::vector<vtkSmartPointer<vtkActor>> batch_actors_;
  bool batch_dirty_ = true;
  bool batch_shown_ = false;
};

}  // namespace toxplan::render
