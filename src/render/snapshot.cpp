#include "render/snapshot.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "render/scene.h"

namespace toxplan::render {

namespace {

std::optional<std::string> write_png_atomically(vtkImageData* image, const std::string& path) {
  const std::string tmp = path + ".tmp.png";
  vtkNew<vtkPNGWriter> writer;
  writer->SetFileName(tmp.c_str());
  writer->SetInputData(image);
  writer->Write();
  if (writer->GetErrorCode() != 0 || !std::filesystem::exists(tmp)) {
    std::remove(tmp.c_str());
    return "cannot write " + path + "; check that the folder exists and is writable";
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return "cannot write " + path + " (" + ec.message() + ")";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> missing_display_message() {
  const char* display = std::getenv("DISPLAY");
  if (display && *display) return std::nullopt;
  return std::string(
      "no X display to render with (DISPLAY is not set); run the command under a virtual "
      "display, e.g. xvfb-run -a -s \"-screen 0 1280x1024x24\" toxplan ...");
}

std::optional<std::string> render_png(Scene& scene, int width, int height,
                                      const std::string& path) {
  if (auto no_display = missing_display_message()) return no_display;
  if (width < 16 || height < 16 || width > 8192 || height > 8192) {
    return "image size " + std::to_string(width) + "x" + std::to_string(height) +
           " is outside 16..8192 pixels";
  }
  auto window = make_offscreen_window(width, height);
  window->AddRenderer(scene.renderer());
  window->Render();
  if (scene.fall_back_if_shaders_failed()) window->Render();
  auto error = write_png_atomically(grab_rgb(window), path);
  window->RemoveRenderer(scene.renderer());
  return error;
}

vtkSmartPointer<vtkRenderWindow> make_offscreen_window(int width, int height) {
  auto window = vtkSmartPointer<vtkRenderWindow>::New();
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetAlphaBitPlanes(1);
  window->SetSize(width, height);
  return window;
}

vtkSmartPointer<vtkImageData> grab_rgb(vtkRenderWindow* window) {
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->DeepCopy(grab->GetOutput());
  return image;
}

std::optional<std::string> write_image_png(vtkImageData* image, const std::string& path) {
  return write_png_atomically(image, path);
}

std::optional<std::string> write_rgb_png(const unsigned char* rgb, int width, int height,
                                         const std::string& path) {
  vtkNew<vtkImageData> image;
  image->SetDimensions(width, height, 1);
  image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  std::memcpy(image->GetScalarPointer(), rgb, static_cast<std::size_t>(width) * height * 3);
  return write_png_atomically(image, path);
}

}  // namespace toxplan::render
