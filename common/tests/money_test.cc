#include "common/money.h"

#include <gtest/gtest.h>

namespace sales {
namespace {

TEST(MinorUnitExponentTest, KnowsTheExponentsThatAreNotTwo) {
  EXPECT_EQ(MinorUnitExponent("JPY").value(), 0);
  EXPECT_EQ(MinorUnitExponent("KRW").value(), 0);
  EXPECT_EQ(MinorUnitExponent("VND").value(), 0);
  for (const char* code : {"KWD", "BHD", "OMR", "JOD", "TND", "LYD", "IQD"}) {
    EXPECT_EQ(MinorUnitExponent(code).value(), 3) << code;
  }
  EXPECT_EQ(MinorUnitExponent("CLF").value(), 4);
}

TEST(MinorUnitExponentTest, MostCurrenciesHaveTwo) {
  for (const char* code : {"CNY", "USD", "EUR", "GBP", "HKD", "SGD", "AED", "ZAR"}) {
    EXPECT_EQ(MinorUnitExponent(code).value(), 2) << code;
  }
}

TEST(MinorUnitExponentTest, UnknownLowerCaseOrUnitlessCodesAreInvalidArgument) {
  for (const char* code : {"", "cny", "XYZ", "CN", "CNYY", "XAU", "XDR", "XXX"}) {
    absl::StatusOr<int> exponent = MinorUnitExponent(code);
    EXPECT_EQ(exponent.status().code(), absl::StatusCode::kInvalidArgument) << code;
    if (!exponent.ok()) {
      EXPECT_EQ(exponent.status().message().rfind("currency_code", 0), 0u) << code;
    }
  }
}

TEST(MinorUnitsPerMajorTest, IsTenToTheExponent) {
  EXPECT_EQ(MinorUnitsPerMajor(0), 1);
  EXPECT_EQ(MinorUnitsPerMajor(2), 100);
  EXPECT_EQ(MinorUnitsPerMajor(3), 1000);
  EXPECT_EQ(MinorUnitsPerMajor(4), 10000);
}

}  // namespace
}  // namespace sales
