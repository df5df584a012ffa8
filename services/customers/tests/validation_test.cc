#include "services/customers/src/domain/validation.h"

#include <string>

#include "gtest/gtest.h"

namespace sales::customers::domain {
namespace {

std::string Repeat(std::string_view piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

void ExpectInvalid(const absl::Status& status, std::string_view message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(std::string(status.message()), message);
}

// The field path prefix is all callers rely on; the rest of the message varies per check.
void ExpectInvalidField(const absl::Status& status, std::string_view field) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  const std::string prefix = std::string(field) + ": ";
  EXPECT_EQ(std::string(status.message().substr(0, prefix.size())), prefix) << status;
}

// "张" is three bytes in UTF-8 and one character.
constexpr std::string_view kHan = "\xE5\xBC\xA0";

TEST(RequiredTextTest, Good) {
  EXPECT_TRUE(ValidateRequiredText("c.display_name", "Ada", 200).ok());
  EXPECT_TRUE(ValidateRequiredText("c.display_name", " Ada ", 5).ok());
  EXPECT_TRUE(ValidateRequiredText("c.display_name", Repeat("x", 5), 5).ok());
  // Five characters, fifteen bytes: the limit counts characters.
  EXPECT_TRUE(ValidateRequiredText("c.display_name", Repeat(kHan, 5), 5).ok());
  // An emoji is four bytes and one character.
  EXPECT_TRUE(ValidateRequiredText("c.display_name", "\xF0\x9F\x98\x80", 1).ok());
}

TEST(RequiredTextTest, BlankIsRequired) {
  for (const char* blank :
       {"", " ", "\t\n ", "\xE3\x80\x80" /* U+3000 */, "\xC2\xA0" /* U+00A0 */}) {
    ExpectInvalid(ValidateRequiredText("c.display_name", blank, 200),
                  "c.display_name: is required");
  }
}

TEST(RequiredTextTest, TooLong) {
  ExpectInvalid(ValidateRequiredText("c.display_name", Repeat("x", 6), 5),
                "c.display_name: must be at most 5 characters");
  ExpectInvalid(ValidateRequiredText("c.display_name", Repeat(kHan, 6), 5),
                "c.display_name: must be at most 5 characters");
}

TEST(RequiredTextTest, InvalidUtf8) {
  for (const char* bad : {
           "\xFF",              // never valid
           "\x80",              // lone continuation byte
           "ab\xE5\xBC",        // truncated sequence
           "\xC0\xAF",          // overlong '/'
           "\xE0\x80\xAF",      // overlong '/'
           "\xED\xA0\x80",      // surrogate U+D800
           "\xF4\x90\x80\x80",  // above U+10FFFF
           "\xE5\x41\xA0",      // bad continuation
       }) {
    ExpectInvalid(ValidateRequiredText("c.display_name", bad, 200),
                  "c.display_name: must be valid UTF-8");
  }
}

TEST(OptionalTextTest, GoodAndBad) {
  EXPECT_TRUE(ValidateOptionalText("notes", "", 3).ok());
  EXPECT_TRUE(ValidateOptionalText("notes", "   ", 3).ok());
  EXPECT_TRUE(ValidateOptionalText("notes", Repeat(kHan, 3), 3).ok());
  ExpectInvalid(ValidateOptionalText("notes", Repeat(kHan, 4), 3),
                "notes: must be at most 3 characters");
  ExpectInvalid(ValidateOptionalText("notes", "abcd", 3), "notes: must be at most 3 characters");
  ExpectInvalid(ValidateOptionalText("notes", "\xC3", 3), "notes: must be valid UTF-8");
}

TEST(EmailTest, Good) {
  for (const std::string& email : {
           std::string(""), std::string("a@b.co"), std::string("first.last+tag@sub.example.com"),
           std::string("A_B-c@Example-Domain.ORG"),
           std::string("o'brien!#$%&*/=?^`{|}~@x9.example.cn"), Repeat("l", 64) + "@example.com",
           Repeat("l", 64) + "@" + Repeat("a", 63) + "." + Repeat("b", 63) + "." + Repeat("c", 57) +
               ".com",  // exactly 254
       }) {
    EXPECT_TRUE(ValidateEmail("customer.email", email).ok()) << email;
  }
}

TEST(EmailTest, Bad) {
  for (const std::string& email : {
           std::string("plain"),
           std::string("a@@b.co"),
           std::string("a@b@c.co"),
           std::string("@b.co"),
           Repeat("l", 65) + "@example.com",
           std::string("a b@c.co"),
           std::string("a\"b@c.co"),
           std::string("a,b@c.co"),
           std::string("a..b@c.co"),
           std::string(".a@c.co"),
           std::string("a.@c.co"),
           std::string("a@"),
           std::string("a@localhost"),
           std::string("a@-b.co"),
           std::string("a@b-.co"),
           std::string("a@b..co"),
           std::string("a@.b.co"),
           std::string("a@b.co."),
           std::string("a@b.c"),
           std::string("a@b.c0m"),
           std::string("a@b_c.com"),
           std::string("a@b\xC3\xBC.com"),
           std::string("\xC3\xBC@b.com"),
           std::string("a@") + Repeat("a", 64) + ".com",
           Repeat("l", 64) + "@" + Repeat("a", 63) + "." + Repeat("b", 63) + "." + Repeat("c", 58) +
               ".com",  // 255
       }) {
    ExpectInvalidField(ValidateEmail("customer.email", email), "customer.email");
  }
  ExpectInvalid(ValidateEmail("customer.email", "a@b.c"),
                "customer.email: the top-level domain must be at least two letters");
  ExpectInvalid(ValidateEmail("customer.email", "a@b@c.co"),
                "customer.email: must look like local@domain.tld, with exactly one '@'");
}

TEST(PhoneTest, GoodAndBad) {
  for (const char* phone : {"", "+8613800138000", "+12345678", "+123456789012345"}) {
    EXPECT_TRUE(ValidatePhone("customer.phone", phone).ok()) << phone;
  }
  for (const char* phone :
       {"8613800138000", "+1234567", "+1234567890123456", "+0123456789", "+86 138 0013 8000",
        "+86-13800138000", "+", "++8613800138000", " +8613800138000", "+861380013800x"}) {
    ExpectInvalid(ValidatePhone("customer.phone", phone),
                  "customer.phone: must be in E.164 form, '+' and 8-15 digits not starting "
                  "with 0, e.g. +8613800138000");
  }
}

TEST(TagTest, Normalize) {
  EXPECT_EQ(NormalizeTag("  VIP \t"), "vip");
  EXPECT_EQ(NormalizeTag("Big-Spender_2"), "big-spender_2");
  EXPECT_EQ(NormalizeTag(""), "");
}

TEST(TagTest, GoodAndBad) {
  for (const std::string& tag :
       {std::string("vip"), std::string("a"), std::string("x-1_y"), Repeat("t", 40)}) {
    EXPECT_TRUE(ValidateTag("customer.tags", tag).ok()) << tag;
  }
  for (const std::string& tag :
       {std::string(""), Repeat("t", 41), std::string("VIP"), std::string("big spender"),
        std::string("a.b"), std::string(kHan)}) {
    ExpectInvalidField(ValidateTag("customer.tags", tag), "customer.tags");
  }
  ExpectInvalid(ValidateTag("customer.tags", "vip!"),
                "customer.tags: each tag must be 1-40 characters of [a-z0-9_-], not \"vip!\"");
  // Not echoed: not printable ASCII.
  ExpectInvalid(ValidateTag("customer.tags", kHan),
                "customer.tags: each tag must be 1-40 characters of [a-z0-9_-]");
}

TEST(ExternalRefTest, Good) {
  EXPECT_TRUE(ValidateExternalRef("c.external_ref", "", "").ok());
  EXPECT_TRUE(ValidateExternalRef("c.external_ref", "erp", "C-001").ok());
  EXPECT_TRUE(ValidateExternalRef("c.external_ref", "web_shop-2", "ERP:123/x?y=z").ok());
  EXPECT_TRUE(ValidateExternalRef("c.external_ref", Repeat("s", 64), Repeat("i", 128)).ok());
}

TEST(ExternalRefTest, OneWithoutTheOther) {
  ExpectInvalid(ValidateExternalRef("c.external_ref", "erp", ""),
                "c.external_ref.id: is required when source_system is set");
  ExpectInvalid(ValidateExternalRef("c.external_ref", "", "123"),
                "c.external_ref.source_system: is required when id is set");
}

TEST(ExternalRefTest, BadFormats) {
  for (const std::string& source :
       {std::string("ERP"), std::string("e r p"), std::string("erp.v2"), Repeat("s", 65)}) {
    ExpectInvalid(ValidateExternalRef("c.external_ref", source, "1"),
                  "c.external_ref.source_system: must be 1-64 characters of [a-z0-9_-]");
  }
  for (const std::string& id : {std::string("a b"), std::string("a\tb"), Repeat("i", 129),
                                std::string("\xC3\xA9"), std::string("a\x7F")}) {
    ExpectInvalid(ValidateExternalRef("c.external_ref", "erp", id),
                  "c.external_ref.id: must be 1-128 printable ASCII characters without spaces");
  }
}

TEST(CurrencyTest, GoodAndBad) {
  EXPECT_TRUE(ValidateCurrency("spend.currency_code", "CNY", "CNY").ok());
  ExpectInvalid(ValidateCurrency("spend.currency_code", "", "CNY"),
                "spend.currency_code: is required; this deployment uses CNY");
  for (const char* code : {"cny", "CN", "CNYY", "C1Y", " CNY"}) {
    ExpectInvalid(ValidateCurrency("spend.currency_code", code, "CNY"),
                  "spend.currency_code: must be a 3-letter upper-case ISO 4217 code; this "
                  "deployment uses CNY");
  }
  ExpectInvalid(ValidateCurrency("spend.currency_code", "USD", "CNY"),
                "spend.currency_code: must be CNY, the currency of this deployment, not USD");
}

}  // namespace
}  // namespace sales::customers::domain
