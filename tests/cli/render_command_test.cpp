#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_support.h"
#include "support/image_check.h"

using toxplan::test::run_toxplan;
using toxplan::test::source_path;

TEST(RenderCommand, PreemptPlanMatchesBaseline) {
  const std::string out = toxplan::test::output_path("render_preempt_oblique");
  const auto r = run_toxplan("render " + source_path("plans/preempt-155.toxplan.json") +
                             " --view oblique --size 640x480 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  toxplan::test::expect_matches_baseline(out, "render_preempt_oblique");
}

TEST(RenderCommand, BadArgumentsAreExplained) {
  const auto view = run_toxplan("render --view sideways --out /tmp/x.png");
  EXPECT_EQ(view.exit_code, 2);
  EXPECT_NE(view.out.find("anterior, posterior, left, right, superior or oblique"),
            std::string::npos);
  const auto size = run_toxplan("render --size big --out /tmp/x.png");
  EXPECT_EQ(size.exit_code, 2);
  EXPECT_NE(size.out.find("1280x800"), std::string::npos);
}
