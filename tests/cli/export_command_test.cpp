// `toxplan export`: Slicer markups, CSV and the printable injection chart, written to disk.
#include <gtest/gtest.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "support/image_check.h"

using toxplan::test::run_toxplan;
using toxplan::test::source_path;

TEST(ExportCommand, WritesMarkupsCsvAndChart) {
  const auto dir = toxplan::test::fresh_dir("export");
  const std::string markups = (dir / "plan.mrk.json").string();
  const std::string csv = (dir / "plan.csv").string();
  const std::string chart = toxplan::test::output_path("export_chart_preempt");
  const auto r =
      run_toxplan("export " + source_path("plans/preempt-155.toxplan.json") + " --markups " +
                  markups + " --csv " + csv + " --chart " + chart + " --size 1200x900");
  ASSERT_EQ(r.exit_code, 0) << r.out;

  std::ifstream m(markups);
  const nlohmann::json j = nlohmann::json::parse(m);
  EXPECT_EQ(j.at("markups")[0].at("controlPoints").size(), 31u);

  std::ifstream c(csv);
  int lines = 0;
  for (std::string line; std::getline(c, line);)
    ++lines;
  EXPECT_EQ(lines, 32);  // header + 31 sites

  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(chart.c_str());
  reader->Update();
  int dims[3];
  reader->GetOutput()->GetDimensions(dims);
  EXPECT_EQ(dims[0], 1200);
  EXPECT_EQ(dims[1], 900);
  // The planning-estimate note is printed in red along the bottom of the page.
  int red = 0;
  for (int y = 0; y < dims[1] / 20; ++y) {
    for (int x = 0; x < dims[0]; ++x) {
      const auto* p = static_cast<unsigned char*>(reader->GetOutput()->GetScalarPointer(x, y, 0));
      red += p[0] > 120 && p[1] < 90 && p[2] < 90;
    }
  }
  EXPECT_GT(red, 500) << "no red note at the bottom of " << chart;
  // The chart's four views are not described site by site yet: the baseline, tightly.
  toxplan::render::ImageAbout page;
  page.image_width = dims[0];
  page.image_height = dims[1];
  page.view = {0, 0, dims[0], dims[1]};
  toxplan::test::expect_image(chart, page, {"export_chart_preempt", 0, 0, 0});
}

TEST(ExportCommand, RefusesAPlanWithErrorsAndSaysWhy) {
  const auto dir = toxplan::test::fresh_dir("export_bad");
  const std::string csv = (dir / "plan.csv").string();
  const auto bad = run_toxplan(
      "export " + toxplan::test::fixture_plan("bad-dose-negative.toxplan.json") + " --csv " + csv);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("bad-dose-negative.toxplan.json"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("toxplan validate"), std::string::npos) << bad.out;
  EXPECT_FALSE(std::filesystem::exists(csv));

  const auto nothing = run_toxplan("export " + source_path("plans/preempt-155.toxplan.json"));
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.out.find("--markups"), std::string::npos) << nothing.out;

  const auto unwritable = run_toxplan("export " + source_path("plans/preempt-155.toxplan.json") +
                                      " --csv /nonexistent-dir/plan.csv");
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_NE(unwritable.out.find("/nonexistent-dir/plan.csv"), std::string::npos) << unwritable.out;
}

// Narrow charts, from the documented minimum of 800 px up: the column padding once underflowed
// (std::length_error, exit 134) between 800 and about 870 px.
TEST(ExportCommand, NarrowChartsAreWrittenNotACrash) {
  for (const int width : {800, 850}) {
    const std::string chart = toxplan::test::output_path("export_chart_" + std::to_string(width));
    const auto r = run_toxplan("export " + source_path("plans/preempt-155.toxplan.json") +
                               " --chart " + chart + " --size " + std::to_string(width) + "x700");
    ASSERT_EQ(r.exit_code, 0) << width << "\n" << r.out;
    vtkNew<vtkPNGReader> reader;
    reader->SetFileName(chart.c_str());
    reader->Update();
    int dims[3];
    reader->GetOutput()->GetDimensions(dims);
    EXPECT_EQ(dims[0], width);
    EXPECT_EQ(dims[1], 700);
  }
}
