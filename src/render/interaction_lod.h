// Coarse copies of meshes drawn while the camera moves. On Mesa's software renderer the moving
// picture's cost is mostly per triangle (vertex shading and triangle setup run on one core), so
// the atlas (~575k visible triangles) is drawn from copies with about a tenth of them.
//
// Atlas structures are decimated by edge collapse (vtkQuadricDecimation): it keeps each
// surface's topology and outward winding, so thin shells (the skin, sheet muscles such as the
// frontalis) stay two separate sides and shade like the full mesh. Spatial clustering merged the
// two sides of such shells and flipped triangles, which showed as holes and dark patches. Edge
// collapse takes about a second for the whole atlas, so it runs on a background thread started
// with the window; the full meshes are drawn until it is done.
//
// Spread surfaces (compact blobs, rebuilt whenever a site is re-simulated) keep the fast
// clustering.
#pragma once

#include <vtkSmartPointer.h>

#include <atomic>
#include <future>
#include <vector>

class vtkPolyData;

namespace toxplan::render {

// Meshes with fewer triangles are drawn as they are. Twice the floor of decimated_lod: on the
// real atlas a third of the structures have 500-1,500 display triangles, and drawn as they were
// (the limit was 1,500) they were over half of the moving picture's structure triangles.
inline constexpr long kDecimatedLodMinTriangles = 500;

// A copy of `mesh` with about `kept_fraction` of its triangles (never fewer than ~250), with
// point normals; `mesh` itself is returned when it is small.
vtkSmartPointer<vtkPolyData> decimated_lod(vtkPolyData* mesh, double kept_fraction);

// Spatial clustering with bins of `bin` (in the mesh's units), point normals recomputed.
vtkSmartPointer<vtkPolyData> clustered_lod(vtkPolyData* mesh, double bin, long min_triangles);

// Decimates copies of meshes on a background thread.
class InteractionLodBuilder {
 public:
  // Copies the meshes (on the calling thread, so that the worker shares no VTK object with the
  // renderer) and starts decimating them.
  explicit InteractionLodBuilder(const std::vector<vtkPolyData*>& meshes);
  // Stops after the mesh being decimated and waits for the thread.
  ~InteractionLodBuilder();
  InteractionLodBuilder(const InteractionLodBuilder&) = delete;
  InteractionLodBuilder& operator=(const InteractionLodBuilder&) = delete;

  // True once every mesh is done (never blocks).
  bool ready() const;
  // Blocks until every mesh is done.
  void wait() const;
  // The coarse meshes in the order given (call once, when ready).
  std::vector<vtkSmartPointer<vtkPolyData>> take();

 private:
  std::atomic<bool> cancel_{false};
  std::future<std::vector<vtkSmartPointer<vtkPolyData>>> result_;
};

}  // namespace toxplan::render
