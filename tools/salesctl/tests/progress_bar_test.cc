#include "tools/salesctl/progress_bar.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sales::salesctl {
namespace {

TEST(ProgressBar, ShowsShareRateAndEta) {
  EXPECT_EQ(RenderProgress(400, 1000, 2.0, "orders", 10),
            "[####------]  400/1000 orders  200/s  ETA 0:03");
  EXPECT_EQ(RenderProgress(1000, 1000, 4.0, "orders", 10),
            "[##########] 1000/1000 orders  250/s  ETA 0:00");
  EXPECT_EQ(RenderProgress(0, 10, 0.0, "orders", 4), "[----]  0/10 orders  0/s  ETA --:--");
}

TEST(ProgressBar, SilentWhenNotATerminal) {
  std::ostringstream out;
  ProgressBar bar(out, 10, "orders", false);
  bar.Update(5);
  bar.Finish(10);
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace sales::salesctl
