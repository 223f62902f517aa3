// File > Export from the window: each export of the open plan lands on disk; the chart comes from
// the `toxplan export` child process the window starts.
#include <gtest/gtest.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/export_dialog.h"
#include "plan/plan_io.h"
#include "support/test_paths.h"

namespace fs = std::filesystem;
using namespace toxplan;

TEST(WindowExport, MarkupsCsvAndChartOfTheOpenPlan) {
  const auto loaded = plan::load_plan_file(toxplan::test::source_dir() +
                                           "/plans/cervical-dystonia-example.toxplan.json");
  ASSERT_TRUE(loaded.plan);
  const fs::path dir = fs::temp_directory_path() / ("toxplan_export_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string atlas_dir = toxplan::test::source_dir() + "/assets/atlas/default";

  const std::string markups = (dir / "cd.mrk.json").string();
  ASSERT_FALSE(app::write_export(app::ExportKind::Markups, *loaded.plan, atlas_dir, markups));
  std::ifstream m(markups);
  EXPECT_EQ(nlohmann::json::parse(m).at("markups")[1].at("controlPoints").size(), 5u);

  const std::string csv = (dir / "cd.csv").string();
  ASSERT_FALSE(app::write_export(app::ExportKind::Csv, *loaded.plan, atlas_dir, csv));
  std::ifstream c(csv);
  std::string header;
  std::getline(c, header);
  EXPECT_EQ(header.rfind("site_id,label,", 0), 0u);

  const std::string chart = (dir / "cd-chart.png").string();
  const auto error = app::write_export(app::ExportKind::Chart, *loaded.plan, atlas_dir, chart,
                                       toxplan::test::toxplan_binary());
  ASSERT_FALSE(error) << *error;
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(chart.c_str());
  reader->Update();
  int dims[3];
  reader->GetOutput()->GetDimensions(dims);
  EXPECT_EQ(dims[0], 1600);
  EXPECT_EQ(dims[1], 1200);

  // A folder that does not exist: the message names the file, nothing is written.
  const auto bad = app::write_export(app::ExportKind::Csv, *loaded.plan, atlas_dir,
                                     (dir / "missing" / "x.csv").string());
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->find("x.csv"), std::string::npos) << *bad;
  fs::remove_all(dir);
}
