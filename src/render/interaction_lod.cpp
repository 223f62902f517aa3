#include "render/interaction_lod.h"

#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkQuadricClustering.h>
#include <vtkQuadricDecimation.h>

#include <algorithm>

#include <chrono>
#include "anatomy/winding_normals.h"

namespace toxplan::render {

namespace {

// The real atlas has about 150 structures, most of them muscles of 500-3,000 display
// triangles: a floor of 800 kept a third of each and made it ~100k triangles in all, the moving
// frame's largest cost. 250 keeps each small muscle's shape at the moving picture's half size
// (a 30 mm muscle is about 30 pixels long there).
constexpr vtkIdType kMinLodTriangles = 250;

}  // namespace

vtkSmartPointer<vtkPolyData> decimated_lod(vtkPolyData* mesh, double kept_fraction) {
  if (!mesh || mesh->GetNumberOfCells() < kDecimatedLodMinTriangles) return mesh;
  const double n = static_cast<double>(mesh->GetNumberOfCells());
  const double kept = std::max(kept_fraction, kMinLodTriangles / n);
  vtkNew<vtkQuadricDecimation> decimate;
  decimate->SetInputData(mesh);
  decimate->SetTargetReduction(1.0 - kept);
  decimate->VolumePreservationOn();  // thin sheets keep their thickness
  decimate->Update();
  // Normals from the winding, as the atlas loader computes them (no re-orientation).
  return anatomy::with_winding_point_normals(decimate->GetOutput());
}

vtkSmartPointer<vtkPolyData> clustered_lod(vtkPolyData* mesh, double bin, long min_triangles) {
  if (!mesh || mesh->GetNumberOfCells() < min_triangles) return mesh;
  double b[6];
  mesh->GetBounds(b);
  vtkNew<vtkQuadricClustering> cluster;
  cluster->SetInputData(mesh);
  cluster->SetNumberOfDivisions(std::max(2, static_cast<int>((b[1] - b[0]) / bin) + 1),
                                std::max(2, static_cast<int>((b[3] - b[2]) / bin) + 1),
                                std::max(2, static_cast<int>((b[5] - b[4]) / bin) + 1));
  cluster->UseInputPointsOn();  // vertices stay on the surface
  // Clustering loses the field's gradient normals; a blob's are recomputed pointing outward
  // (normals pointing inward would leave the surface lit by its ambient term only).
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputConnection(cluster->GetOutputPort());
  normals->SplittingOff();
  normals->AutoOrientNormalsOn();
  normals->Update();
  return normals->GetOutput();
}

namespace {

// About a tenth of the triangles: the moving picture is rendered at half size, where a tenth
// of the atlas still has more triangles than the pixels can show.
constexpr double kDecimatedFraction = 0.08;

}  // namespace

InteractionLodBuilder::InteractionLodBuilder(const std::vector<vtkPolyData*>& meshes) {
  std::vector<vtkSmartPointer<vtkPolyData>> copies;
  copies.reserve(meshes.size());
  for (vtkPolyData* mesh : meshes) {
    if (!mesh || mesh->GetNumberOfCells() < kDecimatedLodMinTriangles) {
      copies.push_back(nullptr);  // drawn as it is: nothing to copy
      continue;
    }
    auto copy = vtkSmartPointer<vtkPolyData>::New();
    copy->DeepCopy(mesh);
    copies.push_back(copy);
  }
  // A one-off background job (std::async): a pool loop would also run on the UI thread.
  result_ = std::async(std::launch::async, [this, copies = std::move(copies)]() {
    std::vector<vtkSmartPointer<vtkPolyData>> lods;
    lods.reserve(copies.size());
    for (const auto& copy : copies) {
      if (cancel_) {
        lods.push_back(nullptr);
        continue;
      }
      lods.push_back(copy ? decimated_lod(copy, kDecimatedFraction) : nullptr);
    }
    return lods;
  });
}

InteractionLodBuilder::~InteractionLodBuilder() {
  cancel_ = true;
  if (result_.valid()) result_.wait();
}

bool InteractionLodBuilder::ready() const {
  return result_.valid() && result_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

void InteractionLodBuilder::wait() const {
  if (result_.valid()) result_.wait();
}

std::vector<vtkSmartPointer<vtkPolyData>> InteractionLodBuilder::take() {
  return result_.valid() ? result_.get() : std::vector<vtkSmartPointer<vtkPolyData>>{};
}

}  // namespace toxplan::render
