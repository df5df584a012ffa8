#include "tools/salesctl/table_printer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sales::salesctl {
namespace {

TEST(DisplayWidth, CountsTerminalColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("李伟"), 4);        // CJK: two columns each
  EXPECT_EQ(DisplayWidth("Ａ"), 2);          // full-width Latin
  EXPECT_EQ(DisplayWidth("café"), 4);        // é precomposed: one column
  EXPECT_EQ(DisplayWidth("cafe\u0301"), 4);  // e + combining acute: still four
  EXPECT_EQ(DisplayWidth("한국"), 4);        // Hangul
  EXPECT_EQ(DisplayWidth("\xff"), 1);        // an invalid byte counts one
}

TEST(TablePrinter, AlignsColumnsAndRightAlignsNumbers) {
  TablePrinter table({{"NAME"}, {"TOTAL", TablePrinter::Align::kRight}, {"NOTE"}});
  table.AddRow({"orders/1", "12.34", "first"});
  table.AddRow({"orders/100", "1234.00", ""});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME          TOTAL  NOTE\n"
            "orders/1      12.34  first\n"
            "orders/100  1234.00\n");
}

TEST(TablePrinter, WideCharactersKeepColumnsAligned) {
  TablePrinter table({{"NAME"}, {"CITY"}});
  table.AddRow({"李伟", "上海"});
  table.AddRow({"Anna", "Berlin"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME  CITY\n"
            "李伟  上海\n"
            "Anna  Berlin\n");
}

TEST(TablePrinter, LineBreaksInCellsBecomeSpacesAndMissingCellsAreEmpty) {
  TablePrinter table({{"A"}, {"B"}});
  table.AddRow({"two\nlines"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(), "A          B\ntwo lines\n");
}

}  // namespace
}  // namespace sales::salesctl
