// toxplan_atlas_snapshot ATLAS_DIR OUT_PREFIX [skin_opacity]
// Offscreen review renders of an atlas: OUT_PREFIX_front.png, _side.png, _back.png (and a
// close-up of the face, _face.png). Skin is translucent and fat hidden so muscles show.
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkLight.h>
#include <vtkPLYReader.h>
#include <vtkPNGWriter.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataNormals.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkWindowToImageFilter.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: toxplan_atlas_snapshot ATLAS_DIR OUT_PREFIX [skin_opacity]\n";
    return 2;
  }
  const std::string dir = argv[1];
  const std::string prefix = argv[2];
  const double skin_opacity = argc > 3 ? std::stod(argv[3]) : 0.18;
  nlohmann::json manifest;
  std::ifstream(dir + "/atlas.json") >> manifest;

  auto renderer = vtkSmartPointer<vtkRenderer>::New();
  renderer->SetBackground(0.12, 0.13, 0.16);
  for (const auto& s : manifest["structures"]) {
    const std::string kind = s["kind"];
    if (kind == "fat") continue;
    auto reader = vtkSmartPointer<vtkPLYReader>::New();
    reader->SetFileName((dir + "/" + s["mesh"].get<std::string>()).c_str());
    auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
    normals->SetInputConnection(reader->GetOutputPort());
    normals->SplittingOff();
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputConnection(normals->GetOutputPort());
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(s["colour"][0].get<double>(), s["colour"][1].get<double>(),
                                   s["colour"][2].get<double>());
    actor->GetProperty()->SetSpecular(0.15);
    if (kind == "skin") {
      actor->GetProperty()->SetOpacity(skin_opacity);
      actor->GetProperty()->BackfaceCullingOn();
    }
    renderer->AddActor(actor);
  }
  auto window = vtkSmartPointer<vtkRenderWindow>::New();
  window->SetOffScreenRendering(1);
  window->SetSize(900, 1000);
  window->AddRenderer(renderer);
  renderer->SetUseDepthPeeling(1);
  window->SetAlphaBitPlanes(1);
  window->SetMultiSamples(0);

  struct View {
    const char* name;
    double pos[3];
    double focal[3];
    double scale;
  };
  const View views[] = {{"front", {0, 900, -60}, {0, 0, -95}, 250},
                        {"side", {900, 0, -60}, {0, -10, -95}, 250},
                        {"back", {0, -900, -60}, {0, 0, -95}, 250},
                        {"face", {180, 700, 40}, {10, 40, 20}, 90},
                        {"neck", {600, -500, -40}, {40, -40, -110}, 140}};
  for (const auto& v : views) {
    vtkCamera* cam = renderer->GetActiveCamera();
    cam->SetPosition(v.pos[0], v.pos[1], v.pos[2]);
    cam->SetFocalPoint(v.focal[0], v.focal[1], v.focal[2]);
    cam->SetViewUp(0, 0, 1);
    cam->ParallelProjectionOn();
    cam->SetParallelScale(v.scale);
    renderer->ResetCameraClippingRange();
    window->Render();
    auto grab = vtkSmartPointer<vtkWindowToImageFilter>::New();
    grab->SetInput(window);
    grab->ReadFrontBufferOff();
    grab->Update();
    auto png = vtkSmartPointer<vtkPNGWriter>::New();
    png->SetFileName((prefix + "_" + v.name + ".png").c_str());
    png->SetInputConnection(grab->GetOutputPort());
    png->Write();
  }
  return 0;
}
