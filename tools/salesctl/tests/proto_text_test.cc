#include "tools/salesctl/proto_text.h"

#include <gtest/gtest.h>

#include "sales/customers/v1/customer.pb.h"
#include "sales/orders/v1/order.pb.h"

namespace sales::salesctl {
namespace {

namespace cv1 = ::sales::customers::v1;
namespace ov1 = ::sales::orders::v1;

TEST(ProtoText, EnumsByShortOrFullNameInAnyCase) {
  EXPECT_EQ(*ParseEnum<cv1::CustomerKind>("kind", "person"), cv1::CUSTOMER_KIND_PERSON);
  EXPECT_EQ(*ParseEnum<cv1::CustomerKind>("kind", "COMPANY"), cv1::CUSTOMER_KIND_COMPANY);
  EXPECT_EQ(*ParseEnum<cv1::CustomerKind>("kind", "customer_kind_person"),
            cv1::CUSTOMER_KIND_PERSON);
  EXPECT_EQ(*ParseEnum<ov1::OrderStatus>("status", "in_review"), ov1::ORDER_STATUS_IN_REVIEW);
}

TEST(ProtoText, UnknownOrUnspecifiedEnumIsRefusedWithTheChoices) {
  auto bad = ParseEnum<ov1::Channel>("--channel", "boat");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "--channel: 'boat' is none of store, web, phone, partner");
  EXPECT_FALSE(ParseEnum<ov1::Channel>("--channel", "unspecified").ok());
  EXPECT_FALSE(ParseEnum<ov1::Channel>("--channel", "").ok());
}

TEST(ProtoText, EnumText) {
  EXPECT_EQ(EnumText(ov1::ORDER_STATUS_IN_REVIEW), "in_review");
  EXPECT_EQ(EnumText(ov1::ORDER_STATUS_UNSPECIFIED), "");
  EXPECT_EQ(EnumText(static_cast<ov1::OrderStatus>(99)), "99");
}

TEST(ProtoText, TimesInRfc3339OrDates) {
  auto t = ParseTime("t", "2024-02-10T09:30:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds(), 1707557400);
  auto offset = ParseTime("t", "2024-02-10T17:30:00+08:00");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(offset->seconds(), 1707557400);
  auto day = ParseTime("t", "2024-02-10");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->seconds(), 1707523200);
  EXPECT_EQ(TimeText(*t), "2024-02-10 09:30");
  EXPECT_EQ(TimeText(google::protobuf::Timestamp()), "");
  auto bad = ParseTime("--start_time", "yesterday");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().substr(0, 14), "--start_time: ");
  EXPECT_FALSE(ParseTime("t", "2024-13-40").ok());
}

TEST(ProtoText, BareIdsBecomeResourceNames) {
  EXPECT_EQ(ResourceName("customers", "12"), "customers/12");
  EXPECT_EQ(ResourceName("customers", "customers/12"), "customers/12");
  EXPECT_EQ(ResourceName("customers", "leads/3"), "leads/3");
  EXPECT_EQ(ResourceName("customers", ""), "");
}

}  // namespace
}  // namespace sales::salesctl
