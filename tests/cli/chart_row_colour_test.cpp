// The injection chart colours a row red only when its site has an error and amber for a warning
// (issue 12 item 6: the corrugator rows of the unmodified PREEMPT template were red).
#include <gtest/gtest.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "support/schematic_atlas.h"

using toxplan::test::run_toxplan;
using toxplan::test::source_path;

namespace {

struct TableInk {
  int red = 0;
  int amber = 0;
};

// Counts strongly red and amber pixels in the table (the right 42% of the page), between the
// header and the planning-estimate note printed in red along the bottom.
TableInk table_ink(const std::string& png) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(png.c_str());
  reader->Update();
  int dims[3];
  reader->GetOutput()->GetDimensions(dims);
  TableInk ink;
  for (int y = dims[1] / 12; y < dims[1] * 8 / 10; ++y) {  // VTK rows run bottom-up
    for (int x = dims[0] * 59 / 100; x < dims[0]; ++x) {
      const auto* p = static_cast<unsigned char*>(reader->GetOutput()->GetScalarPointer(x, y, 0));
      ink.red += p[0] > 120 && p[1] < 70 && p[2] < 70;
      ink.amber += p[0] > 150 && p[1] > 80 && p[1] < 140 && p[2] < 50;
    }
  }
  return ink;
}

}  // namespace

TEST(ChartRowColour, PreemptTemplateHasNoRedOrAmberRow) {
  const auto dir = toxplan::test::fresh_dir("chart_colour");
  const std::string chart = (dir / "chart.png").string();
  const auto r = run_toxplan("export " + source_path("plans/preempt-155.toxplan.json") +
                             " --chart " + chart + " --size 1200x900");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const TableInk ink = table_ink(chart);
  EXPECT_EQ(ink.red, 0) << chart;
  EXPECT_EQ(ink.amber, 0) << chart;
}

TEST(ChartRowColour, AWarningRowIsAmberNotRed) {
  // The PREEMPT plan as made on the schematic atlas, where it has no warning: one moved site is
  // the only amber row.
  std::ifstream in(toxplan::test::schematic_plan("preempt-155.toxplan.json"));
  nlohmann::json plan = nlohmann::json::parse(in);
  for (auto& s : plan["sites"]) {
    if (s["id"] == "frontalis_L_lateral") s["entry_mm"][2] = 38.0 + 12.0;  // brow ptosis warning
  }
  const auto dir = toxplan::test::fresh_dir("chart_amber");
  const std::string path = (dir / "low-frontalis.toxplan.json").string();
  std::ofstream(path) << plan.dump(2);
  const std::string chart = (dir / "chart.png").string();
  const auto r = run_toxplan("export " + path + " --chart " + chart + " --size 1200x900");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const TableInk ink = table_ink(chart);
  EXPECT_EQ(ink.red, 0) << chart;
  EXPECT_GT(ink.amber, 50) << chart;
}
