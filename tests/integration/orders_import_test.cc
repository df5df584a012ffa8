// Import of historical orders over a client stream against the real MariaDB: original
// times and final status kept, idempotent by external_ref, errors reported per order while
// the others import, and 5,000 orders in one stream.
#include <chrono>
#include <functional>
#include <iostream>

#include "absl/strings/escaping.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

const absl::Time kTaken =
    absl::FromCivil(absl::CivilSecond(2019, 3, 4, 10, 30, 15), absl::UTCTimeZone()) +
    absl::Microseconds(123456);
const absl::Time kClosed = kTaken + absl::Hours(72);

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  ts.set_nanos(
      static_cast<int32_t>((t - absl::FromUnixSeconds(ts.seconds())) / absl::Nanoseconds(1)));
  return ts;
}

absl::Time FromTs(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

class OrdersImportTest : public OrdersTest {
 protected:
  int64_t Count(const std::string& sql, const std::string& param = "") {
    int64_t count = -1;
    absl::Status status =
        db::RunInTransaction(OrdersDb(), absl::Now() + absl::Seconds(30), [&](db::Transaction& tx) {
          auto rs = param.empty() ? tx.Query(sql) : tx.Query(sql, {param, param});
          rs->next();
          count = rs->getInt64(1);
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return count;
  }

  ov1::ImportedOrder Historical(const std::string& ref, const std::string& product,
                                ov1::OrderStatus status) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer("customers/77");  // not checked: the customer may be gone since
    o.set_channel(ov1::CHANNEL_PARTNER);
    o.set_region("west");
    o.set_warehouse("OLD1");
    ov1::SalesCredit* credit = o.add_sales_credits();
    credit->set_rep("reps/legacy-3");
    credit->set_revenue_share_bp(10000);
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(4);
    line->mutable_unit_price()->set_minor_units(1500);
    line->mutable_unit_cost()->set_minor_units(700);
    line->mutable_discount_total()->set_minor_units(600);
    line->mutable_tax()->set_minor_units(540);
    o.set_status(status);
    *o.mutable_create_time() = Ts(kTaken);
    *o.mutable_close_time() = Ts(kClosed);
    return o;
  }

  grpc::Status Import(const std::vector<ov1::ImportedOrder>& orders,
                      ov1::ImportOrdersResponse* resp) {
    auto ctx = CallCtx(std::chrono::seconds(300));
    std::unique_ptr<grpc::ClientWriter<ov1::ImportOrdersRequest>> writer =
        orders_->ImportOrders(ctx.get(), resp);
    for (const ov1::ImportedOrder& o : orders) {
      ov1::ImportOrdersRequest req;
      *req.mutable_order() = o;
      if (!writer->Write(req)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }
};

TEST_F(OrdersImportTest, ImportKeepsOriginalTimesAndStatusAndIsIdempotent) {
  const std::string product = NewProduct("LEG-1", 1600, 700, "legacy");
  const std::vector<ov1::ImportedOrder> orders = {
      Historical("ERP-1", product, ov1::ORDER_STATUS_COMPLETED),
      Historical("ERP-2", product, ov1::ORDER_STATUS_CANCELLED),
      Historical("ERP-3", product, ov1::ORDER_STATUS_RECEIVED)};
  ov1::ImportOrdersResponse resp;
  grpc::Status status = Import(orders, &resp);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(resp.imported(), 3);
  EXPECT_EQ(resp.skipped(), 0);
  EXPECT_EQ(resp.errors_size(), 0);

  ov1::ListOrdersRequest list;
  *list.mutable_start_time() = Ts(kTaken - absl::Hours(1));
  *list.mutable_end_time() = Ts(kTaken + absl::Hours(1));
  ov1::ListOrdersResponse listed;
  ASSERT_TRUE(orders_->ListOrders(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.orders_size(), 3);

  ov1::Order completed;
  for (const ov1::Order& o : listed.orders()) {
    if (o.external_ref() == "ERP-1") completed = o;
  }
  ASSERT_EQ(completed.external_ref(), "ERP-1");
  ov1::GetOrderRequest get;
  get.set_name(completed.name());
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &completed).ok());
  EXPECT_EQ(completed.status(), ov1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(FromTs(completed.create_time()), kTaken);
  EXPECT_EQ(FromTs(completed.update_time()), kClosed);
  EXPECT_EQ(completed.customer(), "customers/77");
  EXPECT_EQ(completed.channel(), ov1::CHANNEL_PARTNER);
  ASSERT_EQ(completed.lines_size(), 1);
  EXPECT_EQ(completed.lines(0).sku(), "LEG-1");
  EXPECT_EQ(completed.lines(0).category(), "legacy");
  EXPECT_EQ(completed.lines(0).unit_price().minor_units(), 1500);  // as charged, not re-priced
  EXPECT_EQ(completed.subtotal().minor_units(), 6000);
  EXPECT_EQ(completed.discount_total().minor_units(), 600);
  EXPECT_EQ(completed.tax_total().minor_units(), 540);
  EXPECT_EQ(completed.total().minor_units(), 5940);
  EXPECT_EQ(completed.cost_total().minor_units(), 2800);
  EXPECT_EQ(completed.margin().minor_units(), 2600);
  ASSERT_EQ(completed.status_history_size(), 2);
  EXPECT_EQ(completed.status_history(0).to_status(), ov1::ORDER_STATUS_RECEIVED);
  EXPECT_EQ(FromTs(completed.status_history(0).change_time()), kTaken);
  EXPECT_EQ(completed.status_history(1).to_status(), ov1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(FromTs(completed.status_history(1).change_time()), kClosed);

  // Events: every order placed (imported), one status change to each final status.
  const std::vector<events::v1::Event> placed = Events("order_placed");
  ASSERT_EQ(placed.size(), 3u);
  for (const events::v1::Event& e : placed) {
    EXPECT_TRUE(e.order_placed().order().imported());
    EXPECT_EQ(FromTs(e.order_placed().order().create_time()), kTaken);
    EXPECT_EQ(e.order_placed().order().total_minor(), 5940);
  }
  const std::vector<events::v1::Event> changed = Events("order_status_changed");
  ASSERT_EQ(changed.size(), 2u);
  for (const events::v1::Event& e : changed) {
    EXPECT_EQ(FromTs(e.order_status_changed().change_time()), kClosed);
    EXPECT_TRUE(e.order_status_changed().order().imported());
    EXPECT_EQ(e.order_status_changed().from_status(), "ORDER_STATUS_RECEIVED");
  }

  // A second import of the same orders (and a new one) skips what is there.
  std::vector<ov1::ImportedOrder> again = orders;
  again.push_back(Historical("ERP-4", product, ov1::ORDER_STATUS_COMPLETED));
  again.push_back(Historical("ERP-4", product, ov1::ORDER_STATUS_COMPLETED));  // twice in one
  ov1::ImportOrdersResponse second;
  status = Import(again, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.imported(), 1);
  EXPECT_EQ(second.skipped(), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orders"), 4);
  EXPECT_EQ(EventCount("order_placed"), 4);
}

TEST_F(OrdersImportTest, BadOrdersAreReportedWhileTheOthersImport) {
  const std::string product = NewProduct("LEG-2", 1600, 700);
  struct Case {
    std::string ref;
    std::function<void(ov1::ImportedOrder*)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"", [](ov1::ImportedOrder*) {}, "order.external_ref"},
      {"BAD-1", [](ov1::ImportedOrder* o) { o->set_customer("clients/1"); }, "order.customer"},
      {"BAD-2", [](ov1::ImportedOrder* o) { o->set_channel(ov1::CHANNEL_UNSPECIFIED); },
       "order.channel"},
      {"BAD-3", [](ov1::ImportedOrder* o) { o->set_region(""); }, "order.region"},
      {"BAD-4", [](ov1::ImportedOrder* o) { o->set_status(ov1::ORDER_STATUS_UNSPECIFIED); },
       "order.status"},
      {"BAD-5", [](ov1::ImportedOrder* o) { o->clear_create_time(); }, "order.create_time"},
      {"BAD-6", [](ov1::ImportedOrder* o) { o->clear_lines(); }, "order.lines"},
      {"BAD-7", [](ov1::ImportedOrder* o) { o->mutable_lines(0)->set_quantity(0); },
       "order.lines[0].quantity"},
      {"BAD-8",
       [](ov1::ImportedOrder* o) {
         o->mutable_lines(0)->mutable_discount_total()->set_minor_units(999999);
       },
       "order.lines[0].discount_total"},
      {"BAD-9",
       [](ov1::ImportedOrder* o) {
         o->mutable_lines(0)->mutable_unit_price()->set_minor_units(-1);
       },
       "order.lines[0].unit_price"},
      {"BAD-10", [](ov1::ImportedOrder* o) { o->mutable_lines(0)->set_product("products/98765"); },
       "order.lines[0].product"},
      {"BAD-11",
       [](ov1::ImportedOrder* o) { o->mutable_sales_credits(0)->set_revenue_share_bp(50); },
       "order.sales_credits"},
      {"BAD-12",
       [](ov1::ImportedOrder* o) { *o->mutable_close_time() = Ts(kTaken - absl::Hours(1)); },
       "order.close_time"},
  };
  std::vector<ov1::ImportedOrder> orders;
  orders.push_back(Historical("GOOD-1", product, ov1::ORDER_STATUS_COMPLETED));
  for (const Case& c : cases) {
    ov1::ImportedOrder o = Historical(c.ref, product, ov1::ORDER_STATUS_COMPLETED);
    c.mutate(&o);
    orders.push_back(o);
  }
  orders.push_back(Historical("GOOD-2", product, ov1::ORDER_STATUS_DELIVERED));
  ov1::ImportOrdersResponse resp;
  const grpc::Status status = Import(orders, &resp);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(resp.imported(), 2);
  ASSERT_EQ(resp.errors_size(), static_cast<int>(cases.size()));
  for (const Case& c : cases) {
    bool found = false;
    for (const ov1::ImportError& e : resp.errors()) {
      if (e.external_ref() != c.ref) continue;
      found = true;
      EXPECT_NE(e.message().find(c.field), std::string::npos)
          << c.ref << ": '" << e.message() << "' does not name " << c.field;
    }
    EXPECT_TRUE(found) << c.ref;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orders"), 2);
}

TEST_F(OrdersImportTest, ImportedDeliveredOrdersTakeReturnsWithinTheWindow) {
  const std::string product = NewProduct("LEG-3", 1600, 700);
  ov1::ImportedOrder recent = Historical("REC-1", product, ov1::ORDER_STATUS_DELIVERED);
  *recent.mutable_create_time() = Ts(absl::Now() - absl::Hours(48));
  *recent.mutable_close_time() = Ts(absl::Now() - absl::Hours(24));
  ov1::ImportOrdersResponse resp;
  ASSERT_TRUE(
      Import({recent, Historical("OLD-1", product, ov1::ORDER_STATUS_COMPLETED)}, &resp).ok());
  ASSERT_EQ(resp.imported(), 2);
  ov1::ListOrdersResponse listed;
  ASSERT_TRUE(orders_->ListOrders(Ctx().get(), ov1::ListOrdersRequest(), &listed).ok());
  ASSERT_EQ(listed.orders_size(), 2);
  // Newest first by creation time: the recent order comes first.
  EXPECT_EQ(listed.orders(0).external_ref(), "REC-1");
  EXPECT_EQ(listed.orders(0).lines(0).shipped_quantity(), 4);

  ov1::CreateReturnRequest req;
  req.mutable_order_return()->set_order(listed.orders(0).name());
  req.mutable_order_return()->set_reason("faulty");
  req.mutable_order_return()->add_lines()->set_line_id(1);
  req.mutable_order_return()->mutable_lines(0)->set_quantity(2);
  ov1::Return ret;
  const grpc::Status status = orders_->CreateReturn(Ctx().get(), req, &ret);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ret.refund_total().minor_units(), 2970);  // half of 5940

  req.mutable_order_return()->set_order(listed.orders(1).name());  // closed in 2019
  EXPECT_RPC_ERROR(orders_->CreateReturn(Ctx().get(), req, &ret), StatusCode::FAILED_PRECONDITION,
                   "return window");
}

TEST_F(OrdersImportTest, FiveThousandOrdersImportInOneStream) {
  const std::string p1 = NewProduct("BULK-1", 1000, 500, "bulk");
  const std::string p2 = NewProduct("BULK-2", 300, 100, "bulk");
  constexpr int kOrders = 5000;
  std::vector<ov1::ImportedOrder> orders;
  orders.reserve(kOrders);
  for (int i = 0; i < kOrders; ++i) {
    ov1::ImportedOrder o =
        Historical(absl::StrCat("BULK-", i), p1,
                   i % 10 == 0 ? ov1::ORDER_STATUS_CANCELLED : ov1::ORDER_STATUS_COMPLETED);
    ov1::OrderLine* line = o.add_lines();
    line->set_product(p2);
    line->set_quantity(1 + i % 3);
    line->mutable_unit_price()->set_minor_units(300);
    line->mutable_unit_cost()->set_minor_units(100);
    *o.mutable_create_time() = Ts(kTaken + absl::Minutes(i));
    *o.mutable_close_time() = Ts(kTaken + absl::Minutes(i) + absl::Hours(30));
    orders.push_back(std::move(o));
  }
  const absl::Time start = absl::Now();
  ov1::ImportOrdersResponse resp;
  const grpc::Status status = Import(orders, &resp);
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(resp.imported(), kOrders);
  EXPECT_EQ(resp.errors_size(), 0);
  // A figure for the reader, not an assertion.
  std::cout << "imported " << kOrders << " orders in " << absl::FormatDuration(took) << " ("
            << static_cast<int64_t>(kOrders / absl::ToDoubleSeconds(took)) << " orders/s)\n";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orders"), kOrders);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM order_lines"), 2 * kOrders);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM order_status_history"), 2 * kOrders);
  EXPECT_EQ(EventCount("order_placed"), kOrders);
  EXPECT_EQ(EventCount("order_status_changed"), kOrders);

  ov1::ImportOrdersResponse again;
  ASSERT_TRUE(Import(orders, &again).ok());
  EXPECT_EQ(again.imported(), 0);
  EXPECT_EQ(again.skipped(), kOrders);
}

// A server whose default deadline is short: a caller's own longer deadline must hold (a long
// import stream is not cut at the default).
class OrdersImportLongStreamTest : public OrdersImportTest {
 protected:
  std::vector<std::string> OrdersArgs() const override { return {"--default_deadline_ms=1000"}; }
};

TEST_F(OrdersImportLongStreamTest, AStreamOutlastingTheDefaultDeadlineImportsWithinItsOwn) {
  const std::string product = NewProduct("SLOW-1", 1000, 500, "bulk");
  auto ctx = CallCtx(std::chrono::seconds(30));
  ov1::ImportOrdersResponse resp;
  std::unique_ptr<grpc::ClientWriter<ov1::ImportOrdersRequest>> writer =
      orders_->ImportOrders(ctx.get(), &resp);
  for (int i = 0; i < 3; ++i) {
    ov1::ImportOrdersRequest req;
    *req.mutable_order() =
        Historical(absl::StrCat("SLOW-", i), product, ov1::ORDER_STATUS_COMPLETED);
    ASSERT_TRUE(writer->Write(req));
    absl::SleepFor(absl::Milliseconds(800));  // 2.4 s in all, past the 1 s default
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  EXPECT_EQ(resp.imported(), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orders"), 3);
}

}  // namespace
}  // namespace sales::testing
