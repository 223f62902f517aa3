#include "render/image_compare.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkSmartPointer.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace toxplan::render {

namespace {

constexpr int kDifferingChannelLevel = 40;

vtkSmartPointer<vtkImageData> read_png(const std::string& path, std::string* error) {
  if (!std::filesystem::exists(path)) {
    if (error)
      *error = path + ": no such image";
    return nullptr;
  }
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  if (reader->GetErrorCode() != 0 || !image || image->GetNumberOfPoints() == 0 ||
      image->GetScalarType() != VTK_UNSIGNED_CHAR) {
    if (error)
      *error = path + ": not an 8-bit PNG image";
    return nullptr;
  }
  return image;
}

}  // namespace

std::optional<ImageDifference> compare_png_files(const std::string& a, const std::string& b,
                                                 std::string* error) {
  auto ia = read_png(a, error);
  if (!ia)
    return std::nullopt;
  auto ib = read_png(b, error);
  if (!ib)
    return std::nullopt;
  int da[3];
  int db[3];
  ia->GetDimensions(da);
  ib->GetDimensions(db);
  if (da[0] != db[0] || da[1] != db[1]) {
    if (error) {
      *error = "image sizes differ: " + std::to_string(da[0]) + "x" + std::to_string(da[1]) +
               " vs " + std::to_string(db[0]) + "x" + std::to_string(db[1]);
    }
    return std::nullopt;
  }
  const int ca = ia->GetNumberOfScalarComponents();
  const int cb = ib->GetNumberOfScalarComponents();
  const auto* pa = static_cast<const unsigned char*>(ia->GetScalarPointer());
  const auto* pb = static_cast<const unsigned char*>(ib->GetScalarPointer());
  const long pixels = static_cast<long>(da[0]) * da[1];
  double sum = 0.0;
  long differing = 0;
  for (long i = 0; i < pixels; ++i) {
    int worst = 0;
    for (int c = 0; c < 3; ++c) {
      const int va = pa[i * ca + std::min(c, ca - 1)];
      const int vb = pb[i * cb + std::min(c, cb - 1)];
      const int d = std::abs(va - vb);
      sum += d;
      worst = std::max(worst, d);
    }
    if (worst > kDifferingChannelLevel)
      ++differing;
  }
  ImageDifference diff;
  diff.width = da[0];
  diff.height = da[1];
  diff.mean_abs_difference = pixels ? sum / (3.0 * pixels) : 0.0;
  diff.fraction_pixels_differing = pixels ? static_cast<double>(differing) / pixels : 0.0;
  return diff;
}

}  // namespace toxplan::render
