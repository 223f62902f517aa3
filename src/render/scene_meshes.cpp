#include "render/scene_meshes.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <vtkActor.h>
#include <vtkAppendPolyData.h>
#include <vtkCollectionIterator.h>
#include <vtkMapper.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPLYWriter.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProp.h>
#include <vtkPropCollection.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkTriangleFilter.h>
#include <vtkUnsignedCharArray.h>

namespace toxplan::render {

vtkSmartPointer<vtkPolyData> merged_scene_meshes(const Scene& scene) {
  vtkNew<vtkAppendPolyData> all;
  int pieces = 0;
  vtkPropCollection* props = scene.renderer()->GetViewProps();
  vtkCollectionSimpleIterator it;
  props->InitTraversal(it);
  while (vtkProp* prop = props->GetNextProp(it)) {
    auto* actor = vtkActor::SafeDownCast(prop);
    if (!actor || !actor->GetVisibility()) continue;
    auto* mapper = vtkPolyDataMapper::SafeDownCast(actor->GetMapper());
    if (!mapper) continue;
    mapper->Update();
    vtkPolyData* input = mapper->GetInput();
    if (!input || input->GetNumberOfPolys() + input->GetNumberOfStrips() == 0) continue;
    vtkNew<vtkPolyData> piece;
    piece->ShallowCopy(input);
    piece->GetPointData()->Initialize();  // positions and colours only, as every viewer reads
    // The actor's colour, unless its mapper colours by its points (the dose field's levels).
    vtkNew<vtkUnsignedCharArray> colours;
    colours->SetName("Colors");
    colours->SetNumberOfComponents(3);
    colours->SetNumberOfTuples(input->GetNumberOfPoints());
    auto* point_colours = vtkUnsignedCharArray::SafeDownCast(input->GetPointData()->GetScalars());
    const bool by_point = mapper->GetScalarVisibility() && point_colours &&
                          point_colours->GetNumberOfComponents() >= 3;
    double rgb[3];
    actor->GetProperty()->GetColor(rgb);
    const unsigned char actor_rgb[3] = {static_cast<unsigned char>(rgb[0] * 255.0 + 0.5),
                                        static_cast<unsigned char>(rgb[1] * 255.0 + 0.5),
                                        static_cast<unsigned char>(rgb[2] * 255.0 + 0.5)};
    for (vtkIdType p = 0; p < input->GetNumberOfPoints(); ++p) {
      for (int c = 0; c < 3; ++c) {
        colours->SetTypedComponent(
            p, c, by_point ? point_colours->GetTypedComponent(p, c) : actor_rgb[c]);
      }
    }
    piece->GetPointData()->SetScalars(colours);
    vtkNew<vtkMatrix4x4> matrix;
    actor->GetMatrix(matrix);
    vtkNew<vtkTransform> transform;
    transform->SetMatrix(matrix);
    vtkNew<vtkTriangleFilter> triangles;  // needles are tubes of strips; PLY holds polygons
    triangles->SetInputData(piece);
    vtkNew<vtkTransformPolyDataFilter> placed;
    placed->SetInputConnection(triangles->GetOutputPort());
    placed->SetTransform(transform);
    placed->Update();
    all->AddInputData(placed->GetOutput());
    ++pieces;
  }
  auto merged = vtkSmartPointer<vtkPolyData>::New();
  if (pieces == 0) return merged;
  all->Update();
  merged->ShallowCopy(all->GetOutput());
  return merged;
}

std::optional<std::string> write_scene_meshes_ply(const Scene& scene, const std::string& path) {
  const vtkSmartPointer<vtkPolyData> merged = merged_scene_meshes(scene);
  if (merged->GetNumberOfPolys() + merged->GetNumberOfStrips() == 0)
    return "the scene draws no surfaces; nothing written to " + path;
  const std::string tmp = path + ".tmp.ply";
  vtkNew<vtkPLYWriter> writer;
  writer->SetFileName(tmp.c_str());
  writer->SetInputData(merged);
  writer->SetFileTypeToBinary();
  writer->SetArrayName("Colors");
  writer->SetColorModeToDefault();
  writer->Write();
  std::error_code ec;
  if (writer->GetErrorCode() != 0 || !std::filesystem::exists(tmp, ec)) {
    std::remove(tmp.c_str());
    return "could not write " + path + " (is its folder there and writable?)";
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return "could not write " + path + ": " + ec.message();
  }
  return std::nullopt;
}

}  // namespace toxplan::render
