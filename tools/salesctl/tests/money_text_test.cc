#include "tools/salesctl/money_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace sales::salesctl {
namespace {

int64_t Parse(absl::string_view text, absl::string_view currency = "CNY") {
  absl::StatusOr<int64_t> minor = ParseMoneyText("price", text, currency);
  EXPECT_TRUE(minor.ok()) << text << ": " << minor.status();
  return minor.value_or(-999);
}

// The message of a refusal, which must blame the field first.
std::string Refusal(absl::string_view text, absl::string_view currency = "CNY") {
  absl::StatusOr<int64_t> minor = ParseMoneyText("price", text, currency);
  EXPECT_FALSE(minor.ok()) << text << " parsed as " << minor.value_or(0);
  if (minor.ok()) return "";
  EXPECT_EQ(minor.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(minor.status().message().substr(0, 7), "price: ") << minor.status();
  return std::string(minor.status().message());
}

TEST(MoneyText, DecimalsBecomeExactMinorUnits) {
  EXPECT_EQ(Parse("12.34"), 1234);
  EXPECT_EQ(Parse("12.3"), 1230);
  EXPECT_EQ(Parse("12"), 1200);
  EXPECT_EQ(Parse("0.01"), 1);
  EXPECT_EQ(Parse("0"), 0);
  // A value a double cannot hold exactly still comes out exact.
  EXPECT_EQ(Parse("0.29"), 29);
  EXPECT_EQ(Parse("1000000000.07"), 100000000007);
}

TEST(MoneyText, MoreDecimalsThanTheCurrencyIsRefused) {
  EXPECT_NE(Refusal("12.345").find("more than 2 decimals for CNY"), std::string::npos);
  EXPECT_EQ(Parse("12.345", "KWD"), 12345);
  EXPECT_NE(Refusal("12.3456", "KWD").find("more than 3"), std::string::npos);
}

TEST(MoneyText, YenHasNoDecimals) {
  EXPECT_EQ(Parse("1500", "JPY"), 1500);
  EXPECT_NE(Refusal("1500.0", "JPY").find("JPY has none"), std::string::npos);
  EXPECT_NE(Refusal("15.5", "JPY").find("has decimals"), std::string::npos);
}

TEST(MoneyText, NegativeAmounts) {
  EXPECT_EQ(Parse("-12.34"), -1234);
  EXPECT_EQ(Parse("-0.05"), -5);
}

TEST(MoneyText, HugeAmountsUpToInt64) {
  // int64 max is 9223372036854775807 minor units = 92233720368547758.07 CNY.
  EXPECT_EQ(Parse("92233720368547758.07"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Parse("-92233720368547758.08"), std::numeric_limits<int64_t>::min());
  EXPECT_NE(Refusal("92233720368547758.08").find("too large"), std::string::npos);
  EXPECT_NE(Refusal("99999999999999999999").find("too large"), std::string::npos);
}

TEST(MoneyText, GarbageIsRefused) {
  for (const char* text : {"", "abc", "12,34", "1,234.00", "12.", ".5", "+12", "1e3", " 12", "12 ",
                           "--1", "12.3.4", "0x10", "١٢"}) {
    Refusal(text);
  }
}

TEST(MoneyText, UnknownCurrencyIsRefused) {
  EXPECT_NE(Refusal("12.34", "XYZ").find("unknown currency"), std::string::npos);
}

TEST(MoneyText, FormatsWithTheCurrencysDecimals) {
  EXPECT_EQ(FormatMinorUnits(1234, 2), "12.34");
  EXPECT_EQ(FormatMinorUnits(5, 2), "0.05");
  EXPECT_EQ(FormatMinorUnits(-5, 2), "-0.05");
  EXPECT_EQ(FormatMinorUnits(0, 2), "0.00");
  EXPECT_EQ(FormatMinorUnits(1500, 0), "1500");
  EXPECT_EQ(FormatMinorUnits(12345, 3), "12.345");
  EXPECT_EQ(FormatMinorUnits(std::numeric_limits<int64_t>::min(), 2), "-92233720368547758.08");
}

TEST(MoneyText, RoundTrips) {
  for (int64_t minor : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{99}, int64_t{100},
                        int64_t{123456789}, std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(Parse(FormatMinorUnits(minor, 2)), minor);
  }
}

}  // namespace
}  // namespace sales::salesctl
