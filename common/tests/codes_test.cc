// The one code validator (common/codes.h) and rep names (common/resource_names.h).
#include "common/codes.h"

#include <gtest/gtest.h>

#include <string>

#include "common/resource_names.h"

namespace sales {
namespace {

std::string Repeat(char c, size_t n) { return std::string(n, c); }

void ExpectInvalid(const absl::Status& status, std::string_view message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(std::string(status.message()), std::string(message));
}

constexpr CodeRule kLowerSlug{1, 40, CodeLetters::kLower, "_-", ""};
constexpr CodeRule kUpperUnit{1, 16, CodeLetters::kUpper, "", "EA, BOX, KG"};
constexpr CodeRule kUpperCode{3, 32, CodeLetters::kUpper, "_-", ""};
constexpr CodeRule kSkuLike{1, 64, CodeLetters::kAnyCase, "_.-", ""};

TEST(CodeTest, SharedRulesAcceptTheirAlphabetUpToTheLimit) {
  for (const CodeRule* rule : {&kWarehouseCode, &kRegionCode}) {
    for (const std::string& code :
         {std::string("SH-01"), std::string("east_2"), std::string("a"), Repeat('Z', 32)}) {
      EXPECT_TRUE(IsCode(code, *rule)) << code;
      EXPECT_TRUE(ValidateCode("warehouse", code, *rule).ok()) << code;
    }
    for (const std::string& code :
         {std::string(""), Repeat('Z', 33), std::string("SH 01"), std::string("SH.01"),
          std::string("SH/01"), std::string("\xC3\xA9"), std::string("a\0b", 3)}) {
      EXPECT_FALSE(IsCode(code, *rule)) << code;
    }
  }
  EXPECT_TRUE(IsCode(Repeat('r', 64), kRepId));
  EXPECT_FALSE(IsCode(Repeat('r', 65), kRepId));
}

TEST(CodeTest, LetterCaseAndPunctuationFollowTheRule) {
  EXPECT_TRUE(IsCode("vip_2024-q1", kLowerSlug));
  EXPECT_FALSE(IsCode("VIP", kLowerSlug));
  EXPECT_TRUE(IsCode("BOX", kUpperUnit));
  EXPECT_FALSE(IsCode("box", kUpperUnit));
  EXPECT_FALSE(IsCode("B-X", kUpperUnit));  // no punctuation at all
  EXPECT_TRUE(IsCode("TEA-1.5kg_v2", kSkuLike));
  EXPECT_FALSE(IsCode("TEA-1.5kg_v2", kWarehouseCode));  // no dot there
  EXPECT_FALSE(IsCode("AB", kUpperCode));                // below the minimum length
  EXPECT_TRUE(IsCode("ABC", kUpperCode));
}

TEST(CodeTest, MessagesNameTheFieldAndSpellTheRule) {
  ExpectInvalid(ValidateCode("warehouse", "", kWarehouseCode), "warehouse: is required");
  ExpectInvalid(ValidateCode("warehouse", "SH 01", kWarehouseCode),
                "warehouse: must be 1-32 characters of [A-Za-z0-9_-]");
  ExpectInvalid(ValidateCode("order.region", Repeat('a', 33), kRegionCode),
                "order.region: must be 1-32 characters of [A-Za-z0-9_-]");
  ExpectInvalid(ValidateCode("product.sku", "a b", kSkuLike),
                "product.sku: must be 1-64 characters of [A-Za-z0-9_.-]");
  ExpectInvalid(ValidateCode("product.unit", "kg", kUpperUnit),
                "product.unit: must be 1-16 characters of [A-Z0-9], e.g. EA, BOX, KG");
  ExpectInvalid(ValidateCode("promotion.code", "AB", kUpperCode),
                "promotion.code: must be 3-32 characters of [A-Z0-9_-]");
  EXPECT_EQ(CodeClassText(kLowerSlug), "[a-z0-9_-]");
}

TEST(RepNameTest, GoodAndBad) {
  for (const std::string& rep :
       {std::string("reps/42"), std::string("reps/a_B-9"), "reps/" + Repeat('r', 64)}) {
    EXPECT_TRUE(IsRepName(rep)) << rep;
    EXPECT_TRUE(ValidateRepName("rep", rep).ok()) << rep;
    EXPECT_TRUE(ValidateOptionalRepName("owner_rep", rep).ok()) << rep;
  }
  for (const std::string& rep :
       {std::string("reps/"), std::string("reps/a/b"), std::string("rep/1"),
        std::string("reps/a b"), "reps/" + Repeat('r', 65), std::string("teams/1"),
        std::string("reps/\xC3\xA9"), std::string("42"), std::string("REPS/1")}) {
    EXPECT_FALSE(IsRepName(rep)) << rep;
    ExpectInvalid(ValidateOptionalRepName("owner_rep", rep),
                  "owner_rep: must look like reps/{id}, the id 1-64 characters of "
                  "[A-Za-z0-9_-]");
  }
}

TEST(RepNameTest, EmptyIsRequiredUnlessOptional) {
  EXPECT_FALSE(IsRepName(""));
  ExpectInvalid(ValidateRepName("order.sales_credits[0].rep", ""),
                "order.sales_credits[0].rep: is required");
  EXPECT_TRUE(ValidateOptionalRepName("owner_rep", "").ok());
}

}  // namespace
}  // namespace sales
