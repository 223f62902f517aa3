#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_support.h"
#include "support/image_check.h"

using toxplan::test::run_toxplan;
using toxplan::test::source_path;

// The PREEMPT picture is the image test render_preempt_oblique (tests/CMakeLists.txt).

TEST(RenderCommand, BadArgumentsAreExplained) {
  const auto view = run_toxplan("render --view sideways --out /tmp/x.png");
  EXPECT_EQ(view.exit_code, 2);
  EXPECT_NE(view.out.find("anterior, posterior, left, right, superior or oblique"),
            std::string::npos);
  const auto size = run_toxplan("render --size big --out /tmp/x.png");
  EXPECT_EQ(size.exit_code, 2);
  EXPECT_NE(size.out.find("1280x800"), std::string::npos);
}
