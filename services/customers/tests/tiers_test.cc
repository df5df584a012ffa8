#include "services/customers/src/domain/tiers.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace sales::customers::domain {
namespace {

TEST(TiersTest, DefaultSpecParses) {
  absl::StatusOr<TierTable> table = TierTable::Parse(TierTable::kDefaultSpec);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->rules().size(), 4u);
  EXPECT_EQ(table->rules()[0].name, "standard");
  EXPECT_EQ(table->rules()[0].spend_threshold_minor, 0);
  EXPECT_EQ(table->rules()[1].name, "silver");
  EXPECT_EQ(table->rules()[1].spend_threshold_minor, 100000);
  EXPECT_EQ(table->rules()[2].name, "gold");
  EXPECT_EQ(table->rules()[2].spend_threshold_minor, 500000);
  EXPECT_EQ(table->rules()[3].name, "platinum");
  EXPECT_EQ(table->rules()[3].spend_threshold_minor, 2000000);
}

TEST(TiersTest, BoundariesAtAndBelowEachThreshold) {
  absl::StatusOr<TierTable> table = TierTable::Parse(TierTable::kDefaultSpec);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->TierFor(0), "standard");
  EXPECT_EQ(table->TierFor(99999), "standard");
  EXPECT_EQ(table->TierFor(100000), "silver");
  EXPECT_EQ(table->TierFor(499999), "silver");
  EXPECT_EQ(table->TierFor(500000), "gold");
  EXPECT_EQ(table->TierFor(1999999), "gold");
  EXPECT_EQ(table->TierFor(2000000), "platinum");
  EXPECT_EQ(table->TierFor(std::numeric_limits<int64_t>::max()), "platinum");
  EXPECT_EQ(table->TierFor(-1), "standard");
}

TEST(TiersTest, SingleTierAndSpaces) {
  absl::StatusOr<TierTable> one = TierTable::Parse("member:0");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->TierFor(123456789), "member");

  absl::StatusOr<TierTable> spaced =
      TierTable::Parse(" basic : 0 , vip-1:10 ,top_2:9223372036854775807 ");
  ASSERT_TRUE(spaced.ok()) << spaced.status();
  ASSERT_EQ(spaced->rules().size(), 3u);
  EXPECT_EQ(spaced->TierFor(9), "basic");
  EXPECT_EQ(spaced->TierFor(10), "vip-1");
  EXPECT_EQ(spaced->TierFor(std::numeric_limits<int64_t>::max() - 1), "vip-1");
  EXPECT_EQ(spaced->TierFor(std::numeric_limits<int64_t>::max()), "top_2");
}

TEST(TiersTest, BadSpecsNameTiersAndTheEntry) {
  const std::string long_name(41, 'a');
  const struct {
    std::string spec;
    std::string bad_entry;
  } cases[] = {
      {"standard", "standard"},                                             // no threshold
      {"standard:0:1", "standard:0:1"},                                     // two colons
      {"standard:0,", ""},                                                  // trailing comma
      {",standard:0", ""},                                                  // leading comma
      {"standard:0,,gold:5", ""},                                           // empty entry
      {":0", ":0"},                                                         // no name
      {"Standard:0", "Standard:0"},                                         // upper case
      {"std ard:0", "std ard:0"},                                           // space inside the name
      {long_name + ":0", long_name + ":0"},                                 // name too long
      {"standard:", "standard:"},                                           // no threshold digits
      {"standard:-0", "standard:-0"},                                       // sign
      {"standard:+0", "standard:+0"},                                       // sign
      {"standard:0,gold:1e5", "gold:1e5"},                                  // not an integer
      {"standard:0,gold:9223372036854775808", "gold:9223372036854775808"},  // overflow
      {"standard:1", "standard:1"},                                         // first not 0
      {"a:0,b:10,c:10", "c:10"},                                            // equal threshold
      {"a:0,b:10,c:5", "c:5"},                                              // decreasing
      {"a:0,b:10,a:20", "a:20"},                                            // duplicate name
  };
  for (const auto& c : cases) {
    absl::StatusOr<TierTable> table = TierTable::Parse(c.spec);
    ASSERT_FALSE(table.ok()) << c.spec;
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument) << c.spec;
    const std::string message(table.status().message());
    EXPECT_EQ(message.rfind("tiers: entry \"" + c.bad_entry + "\": ", 0), 0u)
        << c.spec << " -> " << message;
  }
}

TEST(TiersTest, ExactMessages) {
  EXPECT_EQ(TierTable::Parse("a:0,b:10,c:10").status().message(),
            "tiers: entry \"c:10\": threshold must be greater than the previous one (10)");
  EXPECT_EQ(TierTable::Parse("gold:5").status().message(),
            "tiers: entry \"gold:5\": the first tier must start at 0 so that every spend has a "
            "tier");
  EXPECT_EQ(TierTable::Parse("a:0,a:1").status().message(),
            "tiers: entry \"a:1\": name is used more than once");
}

TEST(TiersTest, EmptySpecIsRefused) {
  for (const char* spec : {"", "   "}) {
    absl::StatusOr<TierTable> table = TierTable::Parse(spec);
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(table.status().message().substr(0, 7), "tiers: ");
  }
}

}  // namespace
}  // namespace sales::customers::domain
