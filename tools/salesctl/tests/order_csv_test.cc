#include "tools/salesctl/order_csv.h"

#include <gtest/gtest.h>

namespace sales::salesctl {
namespace {

namespace ov1 = ::sales::orders::v1;

constexpr const char* kHeader =
    "external_ref,customer,channel,region,status,create_time,close_time,product,quantity,"
    "unit_price,unit_cost,discount,tax,rep\n";

TEST(OrderCsv, RowsOfOneOrderBecomeItsLines) {
  const std::string text = std::string(kHeader) +
                           "L-1,customers/7,store,east,completed,2024-02-10T09:30:00Z,2024-02-12,"
                           "products/3,2,499.00,310.00,20.00,62.27,reps/r-7\n"
                           "L-1,customers/7,store,east,completed,2024-02-10T09:30:00Z,2024-02-12,"
                           "5,1,\"1,000.00\",,,,\n";
  // The second row's price has a grouping comma: the order is refused at that line.
  auto csv = ParseOrderCsv(text, "CNY");
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_TRUE(csv->orders.empty());
  ASSERT_EQ(csv->refusals.size(), 1u);
  EXPECT_EQ(csv->refusals[0].line, 3);
  EXPECT_EQ(csv->refusals[0].external_ref, "L-1");
  EXPECT_EQ(csv->refusals[0].message.substr(0, 12), "unit_price: ");

  const std::string good = std::string(kHeader) +
                           "L-1,7,store,east,completed,2024-02-10T09:30:00Z,2024-02-12,"
                           "products/3,2,499.00,310.00,20.00,62.27,reps/r-7\n"
                           "L-2,customers/8,web,west,cancelled,2024-02-11,,3,1,0.50,,,,\n"
                           "L-1,7,store,east,completed,2024-02-10T09:30:00Z,2024-02-12,"
                           "5,1,1000.00,,,,\n";
  csv = ParseOrderCsv(good, "CNY");
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_TRUE(csv->refusals.empty());
  ASSERT_EQ(csv->orders.size(), 2u);
  const ov1::ImportedOrder& first = csv->orders[0].order;
  EXPECT_EQ(csv->orders[0].line, 2);
  EXPECT_EQ(first.external_ref(), "L-1");
  EXPECT_EQ(first.customer(), "customers/7");
  EXPECT_EQ(first.channel(), ov1::CHANNEL_STORE);
  EXPECT_EQ(first.status(), ov1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(first.create_time().seconds(), 1707557400);
  EXPECT_EQ(first.close_time().seconds(), 1707696000);
  ASSERT_EQ(first.lines_size(), 2);
  EXPECT_EQ(first.lines(0).product(), "products/3");
  EXPECT_EQ(first.lines(0).quantity(), 2);
  EXPECT_EQ(first.lines(0).unit_price().minor_units(), 49900);
  EXPECT_EQ(first.lines(0).unit_price().currency_code(), "CNY");
  EXPECT_EQ(first.lines(0).unit_cost().minor_units(), 31000);
  EXPECT_EQ(first.lines(0).discount_total().minor_units(), 2000);
  EXPECT_EQ(first.lines(0).tax().minor_units(), 6227);
  EXPECT_EQ(first.lines(1).product(), "products/5");
  EXPECT_EQ(first.lines(1).unit_price().minor_units(), 100000);
  EXPECT_FALSE(first.lines(1).has_unit_cost());
  ASSERT_EQ(first.sales_credits_size(), 1);
  EXPECT_EQ(first.sales_credits(0).rep(), "reps/r-7");
  EXPECT_EQ(first.sales_credits(0).revenue_share_bp(), 10000);
  EXPECT_EQ(csv->orders[1].order.external_ref(), "L-2");
  EXPECT_EQ(csv->orders[1].line, 3);
  EXPECT_EQ(csv->orders[1].order.lines(0).unit_price().minor_units(), 50);
}

TEST(OrderCsv, ABadRowRefusesItsOrderOnlyWithItsLineNumber) {
  const std::string text =
      "external_ref,customer,channel,region,status,create_time,product,quantity,unit_price\n"
      "A,1,store,east,completed,2024-01-01,3,1,10.00\n"
      "B,1,boat,east,completed,2024-01-01,3,1,10.00\n"
      "C,1,web,east,completed,2024-01-01,3,two,10.00\n"
      "D,1,web,east,completed,2024-01-01,3,1,10.001\n"
      ",1,web,east,completed,2024-01-01,3,1,10.00\n"
      "E,1,web,east,completed,2024-01-01,3,1\n"
      "F,1,web,east,completed,yesterday,3,1,1\n";
  auto csv = ParseOrderCsv(text, "CNY");
  ASSERT_TRUE(csv.ok()) << csv.status();
  ASSERT_EQ(csv->orders.size(), 1u);
  EXPECT_EQ(csv->orders[0].order.external_ref(), "A");
  ASSERT_EQ(csv->refusals.size(), 6u);
  EXPECT_EQ(csv->refusals[0].line, 3);
  EXPECT_EQ(csv->refusals[0].message.substr(0, 9), "channel: ");
  EXPECT_EQ(csv->refusals[1].line, 4);
  EXPECT_EQ(csv->refusals[1].message.substr(0, 10), "quantity: ");
  EXPECT_EQ(csv->refusals[2].line, 5);
  EXPECT_NE(csv->refusals[2].message.find("more than 2 decimals"), std::string::npos);
  EXPECT_EQ(csv->refusals[3].line, 6);
  EXPECT_EQ(csv->refusals[3].message, "external_ref: is required");
  EXPECT_EQ(csv->refusals[4].line, 7);
  EXPECT_EQ(csv->refusals[4].message, "line 7: has 8 fields, the header 9");
  EXPECT_EQ(csv->refusals[5].line, 8);
  EXPECT_EQ(csv->refusals[5].message.substr(0, 13), "create_time: ");
}

TEST(OrderCsv, ARowWithReturnedUnitsAddsAResolvedReturnOfItsLine) {
  const std::string text =
      "external_ref,customer,channel,region,status,create_time,product,quantity,unit_price,"
      "returned_quantity,return_time,refund_time,return_reason,return_disposition\n"
      "R,1,web,east,completed,2024-01-01,3,2,10.00,,,,,\n"
      "R,1,web,east,completed,2024-01-01,4,3,5.00,2,2024-01-09T08:00:00Z,2024-01-12,"
      "too small,scrap\n"
      "S,1,web,east,completed,2024-01-01,3,1,10.00,1,2024-01-05,,broken,\n"
      "T,1,web,east,completed,2024-01-01,3,1,10.00,one,2024-01-05,,broken,\n"
      "U,1,web,east,completed,2024-01-01,3,1,10.00,1,,,broken,\n"
      "V,1,web,east,completed,2024-01-01,3,1,10.00,1,2024-01-05,,,\n"
      "W,1,web,east,completed,2024-01-01,3,1,10.00,,2024-01-05,,,\n"
      "X,1,web,east,completed,2024-01-01,3,1,10.00,1,2024-01-05,,broken,lost\n";
  auto csv = ParseOrderCsv(text, "CNY");
  ASSERT_TRUE(csv.ok()) << csv.status();
  ASSERT_EQ(csv->orders.size(), 2u);
  const ov1::ImportedOrder& r = csv->orders[0].order;
  ASSERT_EQ(r.lines_size(), 2);
  ASSERT_EQ(r.returns_size(), 1);
  ASSERT_EQ(r.returns(0).lines_size(), 1);
  EXPECT_EQ(r.returns(0).lines(0).line_id(), 2);  // the second line of the order
  EXPECT_EQ(r.returns(0).lines(0).quantity(), 2);
  EXPECT_EQ(r.returns(0).request_time().seconds(), 1704787200);
  EXPECT_EQ(r.returns(0).resolve_time().seconds(), 1705017600);
  EXPECT_EQ(r.returns(0).reason(), "too small");
  EXPECT_EQ(r.returns(0).disposition(), ov1::DISPOSITION_SCRAP);
  EXPECT_TRUE(r.returns(0).external_ref().empty());
  // Without refund_time the return was resolved when asked; restock by default.
  const ov1::ImportedOrder& s = csv->orders[1].order;
  ASSERT_EQ(s.returns_size(), 1);
  EXPECT_EQ(s.returns(0).resolve_time().seconds(), s.returns(0).request_time().seconds());
  EXPECT_EQ(s.returns(0).disposition(), ov1::DISPOSITION_RESTOCK);
  ASSERT_EQ(csv->refusals.size(), 5u);
  EXPECT_EQ(csv->refusals[0].message.substr(0, 19), "returned_quantity: ");
  EXPECT_EQ(csv->refusals[1].message.substr(0, 13), "return_time: ");
  EXPECT_EQ(csv->refusals[2].message.substr(0, 15), "return_reason: ");
  EXPECT_EQ(csv->refusals[3].message, "return_time: needs a returned_quantity");
  EXPECT_EQ(csv->refusals[4].message.substr(0, 20), "return_disposition: ");
}

TEST(OrderCsv, HeaderIsRequired) {
  auto csv = ParseOrderCsv("A,1,store,east,completed,2024-01-01,3,1,10.00\n", "CNY");
  ASSERT_FALSE(csv.ok());
  EXPECT_NE(csv.status().message().find("line 1: the first line must be the header"),
            std::string::npos);
  EXPECT_FALSE(ParseOrderCsv("", "CNY").ok());
}

TEST(OrderCsv, YenPricesHaveNoDecimals) {
  const std::string text =
      "external_ref,customer,channel,region,status,create_time,product,quantity,unit_price\n"
      "A,1,store,east,completed,2024-01-01,3,1,1500\n"
      "B,1,store,east,completed,2024-01-01,3,1,1500.5\n";
  auto csv = ParseOrderCsv(text, "JPY");
  ASSERT_TRUE(csv.ok());
  ASSERT_EQ(csv->orders.size(), 1u);
  EXPECT_EQ(csv->orders[0].order.lines(0).unit_price().minor_units(), 1500);
  ASSERT_EQ(csv->refusals.size(), 1u);
  EXPECT_EQ(csv->refusals[0].line, 3);
}

}  // namespace
}  // namespace sales::salesctl
