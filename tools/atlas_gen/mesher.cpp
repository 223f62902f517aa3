// Sampling an implicit function on a padded grid and extracting its zero level set: the
// padding keeps every sample on the grid border outside, so the surface is always closed.
#include "mesher.h"

#include <vtkAppendPolyData.h>
#include <vtkCellArray.h>
#include <vtkCleanPolyData.h>
#include <vtkDecimatePro.h>
#include <vtkFeatureEdges.h>
#include <vtkFloatArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkMassProperties.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkQuadricDecimation.h>
#include <vtkReverseSense.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkTriangleFilter.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "parallel.h"

namespace atlas_gen {
namespace {

constexpr int kPadCells = 2;

vtkSmartPointer<vtkImageData> sample(const Sdf& f, V3 lo, V3 hi, double h) {
  lo = lo - V3{kPadCells * h, kPadCells * h, kPadCells * h};
  hi = hi + V3{kPadCells * h, kPadCells * h, kPadCells * h};
  // Midline structures: sample x symmetrically about 0 so both halves see the same grid.
  if (std::abs(lo.x + hi.x) < 1e-9) {
    const double half = std::ceil(hi.x / h) * h;
    lo.x = -half;
    hi.x = half;
  }
  const int nx = static_cast<int>(std::ceil((hi.x - lo.x) / h)) + 1;
  const int ny = static_cast<int>(std::ceil((hi.y - lo.y) / h)) + 1;
  const int nz = static_cast<int>(std::ceil((hi.z - lo.z) / h)) + 1;
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetOrigin(lo.x, lo.y, lo.z);
  image->SetSpacing(h, h, h);
  image->SetDimensions(nx, ny, nz);
  auto values = vtkSmartPointer<vtkFloatArray>::New();
  values->SetName("sdf");
  values->SetNumberOfTuples(static_cast<vtkIdType>(nx) * ny * nz);
  float* v = values->GetPointer(0);
  parallel_for(nz, [&](int k) {
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const size_t idx = (static_cast<size_t>(k) * ny + j) * nx + i;
        const bool border = i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == nz - 1;
        const V3 p{lo.x + i * h, lo.y + j * h, lo.z + k * h};
        double d = f(p);
        // A sample (almost) on the level set makes flying edges emit zero-area triangles that
        // the decimator turns into non-manifold edges; nudge it off
        // (or, in float coordinates, two edges emit the same point).
        if (std::abs(d) < 1e-3 * h) d = d < 0.0 ? -1e-3 * h : 1e-3 * h;
        // The border must be outside whatever the function says, or the surface would be cut.
        v[idx] = border ? static_cast<float>(std::max(d, h)) : static_cast<float>(d);
      }
  });
  image->GetPointData()->SetScalars(values);
  return image;
}

double signed_volume(vtkPolyData* mesh) {
  double vol = 0.0;
  vtkPoints* pts = mesh->GetPoints();
  if (!pts) return 0.0;
  vtkCellArray* polys = mesh->GetPolys();
  vtkIdType n = 0;
  const vtkIdType* ids = nullptr;
  polys->InitTraversal();
  while (polys->GetNextCell(n, ids)) {
    if (n != 3) continue;
    double a[3], b[3], c[3];
    pts->GetPoint(ids[0], a);
    pts->GetPoint(ids[1], b);
    pts->GetPoint(ids[2], c);
    vol += (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) +
            a[2] * (b[0] * c[1] - b[1] * c[0])) /
           6.0;
  }
  return vol;
}

vtkSmartPointer<vtkPolyData> reverse(vtkPolyData* in) {
  auto rev = vtkSmartPointer<vtkReverseSense>::New();
  rev->SetInputData(in);
  rev->ReverseCellsOn();
  rev->ReverseNormalsOff();
  rev->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->DeepCopy(rev->GetOutput());
  return out;
}

// Drops degenerate triangles (two equal corners) that decimation leaves behind; they would
// count as open edges.
vtkSmartPointer<vtkPolyData> drop_degenerate(vtkPolyData* mesh) {
  auto clean = vtkSmartPointer<vtkCleanPolyData>::New();
  clean->SetInputData(mesh);
  clean->PointMergingOff();
  clean->ConvertPolysToLinesOn();
  clean->ConvertLinesToPointsOn();
  clean->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(clean->GetOutput()->GetPoints());
  out->SetPolys(clean->GetOutput()->GetPolys());
  return out;
}

// Open or non-manifold edges after welding coincident points, as a loader that welds by
// position (Assimp, the anatomy library) will see them.
long open_edges(vtkPolyData* mesh) {
  auto weld = vtkSmartPointer<vtkCleanPolyData>::New();
  weld->SetInputData(mesh);
  weld->PointMergingOn();
  weld->SetTolerance(0.0);
  weld->Update();
  auto fe = vtkSmartPointer<vtkFeatureEdges>::New();
  fe->SetInputConnection(weld->GetOutputPort());
  fe->BoundaryEdgesOn();
  fe->NonManifoldEdgesOn();
  fe->FeatureEdgesOff();
  fe->ManifoldEdgesOff();
  fe->Update();
  return fe->GetOutput()->GetNumberOfLines();
}

// One closed surface of the level set, smoothed and decimated, oriented so that the enclosed
// volume is positive (normals out of {f < 0}).
vtkSmartPointer<vtkPolyData> surface(const Sdf& f, V3 lo, V3 hi, double h, int target_tris) {
  auto image = sample(f, lo, hi, h);
  auto fe = vtkSmartPointer<vtkFlyingEdges3D>::New();
  fe->SetInputData(image);
  fe->SetValue(0, 0.0);
  fe->ComputeNormalsOff();
  fe->ComputeGradientsOff();
  fe->ComputeScalarsOff();
  fe->Update();
  auto tri = vtkSmartPointer<vtkTriangleFilter>::New();
  tri->SetInputConnection(fe->GetOutputPort());
  auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
  smooth->SetInputConnection(tri->GetOutputPort());
  smooth->SetNumberOfIterations(12);
  smooth->SetPassBand(0.12);
  smooth->BoundarySmoothingOff();
  smooth->FeatureEdgeSmoothingOff();
  smooth->NonManifoldSmoothingOn();
  smooth->NormalizeCoordinatesOn();
  smooth->Update();
  vtkSmartPointer<vtkPolyData> smoothed = smooth->GetOutput();
  const vtkIdType n = smoothed->GetNumberOfPolys();
  if (n == 0) throw std::runtime_error("empty level set");
  // Quadric decimation can pinch thin sheets into non-manifold edges; if it does, retry with a
  // gentler target, and keep the undecimated surface as the last resort.
  vtkSmartPointer<vtkPolyData> mesh = smoothed;
  // Decimate in steps of at most 50 %, keeping the last result that is still closed: a thin
  // sheet pinched by one big step is usually fine after smaller ones.
  for (int step = 0; step < 12 && mesh->GetNumberOfPolys() > target_tris; ++step) {
    const double cur = static_cast<double>(mesh->GetNumberOfPolys());
    const double reduction = std::min(0.5, 1.0 - target_tris / cur);
    auto quadric = vtkSmartPointer<vtkQuadricDecimation>::New();
    quadric->SetInputData(mesh);
    quadric->SetTargetReduction(reduction);
    quadric->VolumePreservationOn();
    quadric->Update();
    auto q = drop_degenerate(quadric->GetOutput());
    if (open_edges(q) == 0) {
      mesh = q;
      continue;
    }
    // Topology-preserving decimation as the second choice.
    auto pro = vtkSmartPointer<vtkDecimatePro>::New();
    pro->SetInputData(mesh);
    pro->SetTargetReduction(reduction * 0.6);
    pro->PreserveTopologyOn();
    pro->SplittingOff();
    pro->BoundaryVertexDeletionOff();
    pro->Update();
    auto r = drop_degenerate(pro->GetOutput());
    if (open_edges(r) == 0 && r->GetNumberOfPolys() < mesh->GetNumberOfPolys()) {
      mesh = r;
      continue;
    }
    break;
  }
  auto clean = vtkSmartPointer<vtkCleanPolyData>::New();
  clean->SetInputData(mesh);
  clean->PointMergingOff();
  clean->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(clean->GetOutput()->GetPoints());
  out->SetPolys(clean->GetOutput()->GetPolys());
  if (signed_volume(out) < 0.0) out = reverse(out);
  return out;
}

}  // namespace

vtkSmartPointer<vtkPolyData> mesh_structure(const StructureDef& def) {
  auto outer = surface(def.sdf, def.box_min, def.box_max, def.spacing_mm, def.target_triangles);
  if (!def.cavity) return outer;
  auto inner = surface(def.cavity, def.box_min, def.box_max, def.spacing_mm, def.target_triangles);
  auto append = vtkSmartPointer<vtkAppendPolyData>::New();
  append->AddInputData(outer);
  append->AddInputData(reverse(inner));  // the cavity's outside is the shell's inside
  append->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->DeepCopy(append->GetOutput());
  return out;
}

vtkSmartPointer<vtkPolyData> mirror_mesh(vtkPolyData* right) {
  auto t = vtkSmartPointer<vtkTransform>::New();
  t->Scale(-1.0, 1.0, 1.0);
  auto tf = vtkSmartPointer<vtkTransformPolyDataFilter>::New();
  tf->SetInputData(right);
  tf->SetTransform(t);
  tf->Update();
  return reverse(tf->GetOutput());  // a reflection flips the winding; restore outward normals
}

MeshStats mesh_stats(vtkPolyData* mesh) {
  MeshStats s;
  s.triangles = mesh->GetNumberOfPolys();
  s.open_edges = open_edges(mesh);
  s.volume_cm3 = signed_volume(mesh) / 1000.0;
  return s;
}

}  // namespace atlas_gen
