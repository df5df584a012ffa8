#include "tools/salesctl/csv_reader.h"

#include <gtest/gtest.h>

namespace sales::salesctl {
namespace {

using Fields = std::vector<std::string>;

TEST(ParseCsv, PlainFieldsWithLineNumbers) {
  auto records = ParseCsv("a,b,c\n1,2,3\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ((*records)[0].line, 1);
  EXPECT_EQ((*records)[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ((*records)[1].line, 2);
}

TEST(ParseCsv, QuotesCommasAndLineBreaksInsideQuotes) {
  auto records = ParseCsv("name,note\n\"Li, Wei\",\"said \"\"hi\"\"\nand left\"\nx,y");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].fields, (Fields{"Li, Wei", "said \"hi\"\nand left"}));
  EXPECT_EQ((*records)[1].line, 2);
  // The quoted line break moved the next record to line 4.
  EXPECT_EQ((*records)[2].line, 4);
  EXPECT_EQ((*records)[2].fields, (Fields{"x", "y"}));
}

TEST(ParseCsv, CrLfEmptyFieldsBlankLinesAndBom) {
  auto records = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n,\r\n1,\r\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ((*records)[1].fields, (Fields{"", ""}));
  EXPECT_EQ((*records)[1].line, 3);
  EXPECT_EQ((*records)[2].fields, (Fields{"1", ""}));
}

TEST(ParseCsv, BrokenQuotingNamesTheLine) {
  auto open = ParseCsv("a\n\"never closed\n");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().message(), "line 2: quoted field is not closed");
  auto after = ParseCsv("a,b\n\"x\"y,z\n");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().message(), "line 2: text after the closing quote of a field");
}

TEST(CsvHeader, RequiredAndOptionalColumnsInAnyOrder) {
  auto records = ParseCsv("b, a ,c\n2,1,3\n");
  ASSERT_TRUE(records.ok());
  auto header = CsvHeader::Parse((*records)[0], {"a", "b"}, {"c", "d"});
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->Get((*records)[1], "a"), "1");
  EXPECT_EQ(header->Get((*records)[1], "c"), "3");
  EXPECT_EQ(header->Get((*records)[1], "d"), "");
  EXPECT_FALSE(header->Has("d"));
  EXPECT_TRUE(header->CheckWidth((*records)[1]).ok());
}

TEST(CsvHeader, AHeaderIsRequired) {
  // A file that starts with data: its first row is no header.
  auto records = ParseCsv("L-1,customers/1\n");
  ASSERT_TRUE(records.ok());
  auto header = CsvHeader::Parse((*records)[0], {"external_ref", "customer"}, {});
  ASSERT_FALSE(header.ok());
  EXPECT_NE(header.status().message().find("line 1: the first line must be the header"),
            std::string::npos);
  auto missing = CsvHeader::Parse(CsvRecord{1, {"external_ref"}}, {"external_ref", "customer"}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("lacks the required column(s) customer"),
            std::string::npos);
  auto twice = CsvHeader::Parse(CsvRecord{1, {"a", "a"}}, {"a"}, {});
  EXPECT_FALSE(twice.ok());
}

TEST(CsvHeader, RowWidthIsChecked) {
  auto header = CsvHeader::Parse(CsvRecord{1, {"a", "b"}}, {"a", "b"}, {});
  ASSERT_TRUE(header.ok());
  absl::Status width = header->CheckWidth(CsvRecord{7, {"1"}});
  EXPECT_EQ(width.message(), "line 7: has 1 fields, the header 2");
}

}  // namespace
}  // namespace sales::salesctl
