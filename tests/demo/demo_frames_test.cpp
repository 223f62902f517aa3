// `toxplan demo` exporting frames, headless (under Xvfb): the frame count follows the durations
// and the frame rate, consecutive steps differ, a highlighted muscle shows in the highlight
// colour, and a script with bad parts still exports the rest.
#include <gtest/gtest.h>
#include <unistd.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/demo_command.h"
#include "render/image_compare.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

namespace {

fs::path fresh_dir(const std::string& name) {
  return test::fresh_temp_dir("demo_" + name);
}

int count_png(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    n += e.path().extension() == ".png";
  return n;
}

// Share of pixels in the highlight colour (render/display_style.h kHighlightColour, lit).
double highlight_fraction(const fs::path& png) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(png.string().c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  const int comps = image->GetNumberOfScalarComponents();
  const auto* p = static_cast<const unsigned char*>(image->GetScalarPointer());
  long yellow = 0;
  const long n = static_cast<long>(dims[0]) * dims[1];
  for (long i = 0; i < n; ++i) {
    const int r = p[i * comps], g = p[i * comps + 1], b = p[i * comps + 2];
    if (r > 200 && g > 195 && b < 160 && g - b > 80) ++yellow;  // lit (255, 240, 118)
  }
  return static_cast<double>(yellow) / n;
}

int run(const cli::DemoOptions& options, std::string* log) {
  std::ostringstream out, err;
  const int code = cli::run_demo(options, out, err);
  *log = out.str() + err.str();
  return code;
}

// Three steps without plans: quick to render.
const char* kScript = R"({
  "format": "toxplan-demo", "version": 1, "title": "Test tour",
  "steps": [
    {"title": "Face", "caption": "The face from the front.", "camera": "anterior",
     "transition_s": 0.5, "duration_s": 1.0},
    {"title": "Temporalis", "caption": "The left temporalis, highlighted.",
     "camera": {"view": "left", "focus": "temporalis_L"}, "highlight": "temporalis_L",
     "transition_s": 1.0, "duration_s": 0.75},
    {"title": "Temporalis, plain", "caption": "The same view, nothing highlighted.",
     "transition_s": 0.0, "duration_s": 0.5}
  ]
})";

}  // namespace

TEST(DemoFrames, FrameCountFollowsDurationsAndFps) {
  EXPECT_EQ(cli::demo_frame_count(3.75, 4.0), 15);
  EXPECT_EQ(cli::demo_frame_count(3.75, 10.0), 38);  // 37.5 rounds half away from zero
  const fs::path dir = fresh_dir("count");
  std::ofstream(dir / "tour.json") << kScript;
  cli::DemoOptions o;
  o.script_path = (dir / "tour.json").string();
  o.frames_dir = (dir / "frames").string();
  o.size = "320x200";
  o.fps = 4.0;
  std::string log;
  ASSERT_EQ(run(o, &log), 0) << log;
  // (0.5 + 1.0) + (1.0 + 0.75) + (0.0 + 0.5) = 3.75 s at 4 fps = 15 frames, numbered from 0.
  EXPECT_EQ(count_png(o.frames_dir), 15) << log;
  EXPECT_TRUE(fs::exists(dir / "frames" / "frame_00000.png"));
  EXPECT_TRUE(fs::exists(dir / "frames" / "frame_00014.png"));
  EXPECT_FALSE(fs::exists(dir / "frames" / "frame_00015.png"));
  // A transition is animated: two frames inside step 2's 1 s camera move differ.
  std::string error;
  const auto d = render::compare_png_files((dir / "frames" / "frame_00007.png").string(),
                                           (dir / "frames" / "frame_00008.png").string(), &error);
  ASSERT_TRUE(d) << error;
  EXPECT_GT(d->mean_abs_difference, 1.0);
  fs::remove_all(dir);
}

TEST(DemoFrames, StillsDifferAndTheHighlightIsVisible) {
  const fs::path dir = fresh_dir("stills");
  std::ofstream(dir / "tour.json") << kScript;
  cli::DemoOptions o;
  o.script_path = (dir / "tour.json").string();
  o.frames_dir = (dir / "stills").string();
  o.size = "480x300";
  o.stills = true;
  std::string log;
  ASSERT_EQ(run(o, &log), 0) << log;
  ASSERT_EQ(count_png(o.frames_dir), 3);
  const fs::path s1 = dir / "stills" / "step_01.png";
  const fs::path s2 = dir / "stills" / "step_02.png";
  const fs::path s3 = dir / "stills" / "step_03.png";
  std::string error;
  for (const auto& [a, b] : {std::pair{s1, s2}, std::pair{s2, s3}}) {
    const auto d = render::compare_png_files(a.string(), b.string(), &error);
    ASSERT_TRUE(d) << error;
    EXPECT_GT(d->fraction_pixels_differing, 0.02) << a << " vs " << b;
  }
  const double highlighted = highlight_fraction(s2);
  const double plain = highlight_fraction(s3);
  EXPECT_GT(highlighted, 0.05) << "the highlighted temporalis should fill part of the frame";
  EXPECT_GT(highlighted, plain + 0.04);
  fs::remove_all(dir);
}

TEST(DemoFrames, BadPartsAreReportedAndTheRestStillExports) {
  const fs::path dir = fresh_dir("bad");
  std::ofstream(dir / "tour.json") << R"({
  "steps": [
    {"title": "A", "camera": "sideways", "duration_s": 0.5, "transition_s": 0},
    {"title": "B", "highlight": ["no_such_muscle", "temporalis_L"], "duration_s": 0.5,
     "transition_s": 0}
  ]
})";
  cli::DemoOptions o;
  o.script_path = (dir / "tour.json").string();
  o.frames_dir = (dir / "frames").string();
  o.size = "200x120";
  o.fps = 2.0;
  std::string log;
  EXPECT_EQ(run(o, &log), 1) << "errors in the script make the exit code 1";
  EXPECT_EQ(count_png(o.frames_dir), 2) << log;
  EXPECT_NE(log.find("step 1: field /steps/0/camera/view"), std::string::npos) << log;
  EXPECT_NE(log.find("step 2: field /steps/1/highlight"), std::string::npos) << log;
  EXPECT_NE(log.find("no_such_muscle"), std::string::npos) << log;

  std::ofstream(dir / "broken.json") << "{\"steps\": [\n{\"title\": }]}";
  o.script_path = (dir / "broken.json").string();
  EXPECT_EQ(run(o, &log), 2);
  EXPECT_NE(log.find("line 2"), std::string::npos) << log;
  fs::remove_all(dir);
}
