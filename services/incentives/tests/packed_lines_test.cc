#include "services/incentives/src/store/packed_lines.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::incentives::store {
namespace {

using domain::CreditLine;

TEST(PackedLinesTest, RoundTripsLinesWithTheirAmountsInOrder) {
  const std::vector<CreditLine> lines = {{"products/7", "tea", {12345, 4000, 3}},
                                         {"products/12", "", {-500, -120, -1}},
                                         {"", "", {0, 0, 0}}};
  const std::string packed = PackLines(lines);
  EXPECT_EQ(packed, "products/7\ttea\t12345\t4000\t3\nproducts/12\t\t-500\t-120\t-1\n\t\t0\t0\t0");
  absl::StatusOr<std::vector<CreditLine>> back = UnpackLines(packed);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, lines);
}

TEST(PackedLinesTest, EscapesBackslashTabAndNewlineInTextFields) {
  const std::vector<CreditLine> lines = {{"a\\b", "c\td\ne", {1, 2, 3}}};
  const std::string packed = PackLines(lines);
  EXPECT_EQ(packed, "a\\\\b\tc\\td\\ne\t1\t2\t3");
  absl::StatusOr<std::vector<CreditLine>> back = UnpackLines(packed);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, lines);
}

TEST(PackedLinesTest, EmptyIsNoLines) {
  EXPECT_EQ(PackLines({}), "");
  absl::StatusOr<std::vector<CreditLine>> back = UnpackLines("");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->empty());
}

TEST(PackedLinesTest, RefusesValuesNotInTheFormat) {
  for (const char* bad : {"p\tc\t1\t2", "p\tc\t1\t2\t3\t4", "p\tc\tx\t2\t3", "p\\q\tc\t1\t2\t3",
                          "p\tc\t1\t2\t3\n", "p\\"}) {
    absl::StatusOr<std::vector<CreditLine>> back = UnpackLines(bad);
    EXPECT_EQ(back.status().code(), absl::StatusCode::kInternal) << bad;
    EXPECT_TRUE(absl::StrContains(back.status().message(), "credits.packed_lines")) << bad;
  }
}

}  // namespace
}  // namespace sales::incentives::store
