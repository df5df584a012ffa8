// Import of historical orders over a client stream against the real MariaDB: original
// times and final status kept, idempotent by external_ref, errors reported per order while
// the others import, and 5,000 orders in one stream.
#include <chrono>
#include <functional>
#include <iostream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
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

// `t` cut to whole microseconds, as the service stores times.
absl::Time Micros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

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

  // A resolved historical return of `quantity` units of line `line_id` (1-based).
  static ov1::ImportedReturn* AddReturn(ov1::ImportedOrder& o, int32_t line_id, int64_t quantity,
                                        absl::Time requested, absl::Time resolved) {
    ov1::ImportedReturn* r = o.add_returns();
    r->set_external_ref(absl::StrCat(o.external_ref(), "-R", o.returns_size()));
    r->set_reason("did not fit");
    r->set_disposition(ov1::DISPOSITION_SCRAP);
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(line_id);
    line->set_quantity(quantity);
    *r->mutable_request_time() = Ts(requested);
    *r->mutable_resolve_time() = Ts(resolved);
    return r;
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

// Two lines whose refunds round: line 1 is 3 units paying 3001 (1 of it tax), line 2 is 2
// units of another product paying 1100 (100 of it tax).
ov1::ImportedOrder WithRoundingLines(ov1::ImportedOrder o, const std::string& second) {
  ov1::OrderLine* first = o.mutable_lines(0);
  first->set_quantity(3);
  first->mutable_unit_price()->set_minor_units(1000);
  first->mutable_discount_total()->set_minor_units(0);
  first->mutable_tax()->set_minor_units(1);
  ov1::OrderLine* line = o.add_lines();
  line->set_product(second);
  line->set_quantity(2);
  line->mutable_unit_price()->set_minor_units(600);
  line->mutable_unit_cost()->set_minor_units(250);
  line->mutable_discount_total()->set_minor_units(200);
  line->mutable_tax()->set_minor_units(100);
  return o;
}

TEST_F(OrdersImportTest, ImportedReturnsAreResolvedWithTheirTimesAndTheLiveRefunds) {
  const std::string product = NewProduct("LEG-R1", 1000, 700, "legacy");
  const std::string second = NewProduct("LEG-R2", 600, 250, "legacy");
  // A partial return (1 unit of line 1), then a full one (the rest of every line): between
  // them every unit of the order comes back. Times carry nanoseconds, stored to the µs.
  ov1::ImportedOrder historical =
      WithRoundingLines(Historical("RET-1", product, ov1::ORDER_STATUS_COMPLETED), second);
  const absl::Time requested1 = kClosed + absl::Hours(20) + absl::Nanoseconds(123456789);
  const absl::Time resolved1 = kClosed + absl::Hours(70) + absl::Nanoseconds(987654321);
  const absl::Time requested2 = kClosed + absl::Hours(100) + absl::Nanoseconds(5001);
  const absl::Time resolved2 = kClosed + absl::Hours(150);
  AddReturn(historical, 1, 1, requested1, resolved1);
  ov1::ImportedReturn* full = AddReturn(historical, 1, 2, requested2, resolved2);
  full->set_disposition(ov1::DISPOSITION_RESTOCK);
  full->add_lines()->set_line_id(2);
  full->mutable_lines(1)->set_quantity(2);
  // The same order delivered yesterday, whose returns go through the live path.
  ov1::ImportedOrder live =
      WithRoundingLines(Historical("LIVE-1", product, ov1::ORDER_STATUS_DELIVERED), second);
  *live.mutable_create_time() = Ts(absl::Now() - absl::Hours(48));
  *live.mutable_close_time() = Ts(absl::Now() - absl::Hours(24));

  ov1::ImportOrdersResponse resp;
  grpc::Status status = Import({historical, live}, &resp);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(resp.imported(), 2);
  ASSERT_EQ(resp.errors_size(), 0) << resp.errors(0).message();
  // History is history: no stock moved for the imported returns (RESTOCK or not).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stock_movements"), 0);

  ov1::ListOrdersRequest find;
  find.set_external_ref("RET-1");
  ov1::ListOrdersResponse found;
  ASSERT_TRUE(orders_->ListOrders(Ctx().get(), find, &found).ok());
  ASSERT_EQ(found.orders_size(), 1);
  const std::string order_name = found.orders(0).name();
  find.set_external_ref("LIVE-1");
  ASSERT_TRUE(orders_->ListOrders(Ctx().get(), find, &found).ok());
  ASSERT_EQ(found.orders_size(), 1);
  const std::string live_name = found.orders(0).name();

  // Read back through ListReturns with a time filter over the history.
  ov1::ListReturnsRequest list;
  *list.mutable_start_time() = Ts(kTaken);
  *list.mutable_end_time() = Ts(kClosed + absl::Hours(24 * 30));
  ov1::ListReturnsResponse returns;
  ASSERT_TRUE(orders_->ListReturns(Ctx().get(), list, &returns).ok());
  ASSERT_EQ(returns.returns_size(), 2);
  const ov1::Return& partial = returns.returns(0);
  const ov1::Return& rest = returns.returns(1);
  EXPECT_EQ(partial.order(), order_name);
  EXPECT_EQ(partial.status(), ov1::RETURN_STATUS_RESOLVED);
  EXPECT_EQ(rest.status(), ov1::RETURN_STATUS_RESOLVED);
  EXPECT_TRUE(partial.imported());
  EXPECT_EQ(partial.external_ref(), "RET-1-R1");
  EXPECT_EQ(rest.external_ref(), "RET-1-R2");
  EXPECT_EQ(partial.disposition(), ov1::DISPOSITION_SCRAP);
  EXPECT_EQ(rest.disposition(), ov1::DISPOSITION_RESTOCK);
  EXPECT_EQ(partial.reason(), "did not fit");
  EXPECT_FALSE(partial.exchange());
  EXPECT_EQ(FromTs(partial.create_time()), Micros(requested1));
  EXPECT_EQ(FromTs(partial.update_time()), Micros(resolved1));
  EXPECT_EQ(FromTs(rest.create_time()), Micros(requested2));
  EXPECT_EQ(FromTs(rest.update_time()), resolved2);
  // Line 1 pays 3001 for 3 units: 1000 for the first, 2001 for the other two; line 2 1100.
  ASSERT_EQ(partial.lines_size(), 1);
  EXPECT_EQ(partial.lines(0).refund().minor_units(), 1000);
  EXPECT_EQ(partial.refund_total().minor_units(), 1000);
  ASSERT_EQ(rest.lines_size(), 2);
  EXPECT_EQ(rest.lines(0).refund().minor_units(), 2001);
  EXPECT_EQ(rest.lines(1).refund().minor_units(), 1100);
  EXPECT_EQ(partial.refund_total().minor_units() + rest.refund_total().minor_units(), 4101);

  // The order shows every unit received back.
  ov1::GetOrderRequest get;
  get.set_name(order_name);
  ov1::Order order;
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &order).ok());
  EXPECT_EQ(order.total().minor_units(), 4101);
  ASSERT_EQ(order.lines_size(), 2);
  EXPECT_EQ(order.lines(0).returned_quantity(), 3);
  EXPECT_EQ(order.lines(1).returned_quantity(), 2);
  // Nothing is left to return.
  ov1::CreateReturnRequest more;
  more.mutable_order_return()->set_order(order_name);
  more.mutable_order_return()->set_reason("again");
  more.mutable_order_return()->add_lines()->set_line_id(2);
  more.mutable_order_return()->mutable_lines(0)->set_quantity(1);
  ov1::Return refused;
  EXPECT_EQ(orders_->CreateReturn(Ctx().get(), more, &refused).error_code(),
            StatusCode::FAILED_PRECONDITION);

  // The same returns through the live path refund exactly the same.
  auto live_return = [&](const std::vector<std::pair<int32_t, int64_t>>& lines) {
    ov1::CreateReturnRequest req;
    req.mutable_order_return()->set_order(live_name);
    req.mutable_order_return()->set_reason("did not fit");
    for (const auto& [line_id, quantity] : lines) {
      ov1::ReturnLine* line = req.mutable_order_return()->add_lines();
      line->set_line_id(line_id);
      line->set_quantity(quantity);
    }
    ov1::Return ret;
    grpc::Status s = orders_->CreateReturn(Ctx().get(), req, &ret);
    EXPECT_TRUE(s.ok()) << s.error_message();
    ov1::ReceiveReturnRequest receive;
    receive.set_name(ret.name());
    s = orders_->ReceiveReturn(Ctx().get(), receive, &ret);
    EXPECT_TRUE(s.ok()) << s.error_message();
    ov1::ResolveReturnRequest resolve;
    resolve.set_name(ret.name());
    resolve.set_disposition(ov1::DISPOSITION_SCRAP);
    s = orders_->ResolveReturn(Ctx().get(), resolve, &ret);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return ret;
  };
  const absl::Time live_start = absl::Now();
  const ov1::Return live1 = live_return({{1, 1}});
  const ov1::Return live2 = live_return({{1, 2}, {2, 2}});
  const absl::Time live_end = absl::Now();
  ASSERT_EQ(live1.lines_size(), 1);
  ASSERT_EQ(live2.lines_size(), 2);
  EXPECT_FALSE(live1.imported());
  EXPECT_EQ(live1.lines(0).refund().minor_units(), partial.lines(0).refund().minor_units());
  EXPECT_EQ(live2.lines(0).refund().minor_units(), rest.lines(0).refund().minor_units());
  EXPECT_EQ(live2.lines(1).refund().minor_units(), rest.lines(1).refund().minor_units());

  // ReturnResolved: the imported ones with their original resolve time, flagged imported,
  // with the same refund and net (tax split) per line as the live ones.
  const std::vector<events::v1::Event> resolved = Events("return_resolved");
  ASSERT_EQ(resolved.size(), 4u);
  const events::v1::ReturnResolved& imported1 = resolved[0].return_resolved();
  const events::v1::ReturnResolved& imported2 = resolved[1].return_resolved();
  const events::v1::ReturnResolved& live_event1 = resolved[2].return_resolved();
  const events::v1::ReturnResolved& live_event2 = resolved[3].return_resolved();
  EXPECT_EQ(imported1.return_name(), partial.name());
  EXPECT_EQ(imported1.order(), order_name);
  EXPECT_TRUE(imported1.imported());
  EXPECT_TRUE(imported2.imported());
  EXPECT_EQ(FromTs(imported1.resolve_time()), Micros(resolved1));
  EXPECT_EQ(FromTs(imported2.resolve_time()), resolved2);
  EXPECT_EQ(imported1.customer(), "customers/77");
  EXPECT_EQ(imported1.region(), "west");
  EXPECT_EQ(imported1.channel(), "CHANNEL_PARTNER");
  ASSERT_EQ(imported1.credits_size(), 1);
  EXPECT_EQ(imported1.credits(0).rep(), "reps/legacy-3");
  EXPECT_EQ(imported1.disposition(), "DISPOSITION_SCRAP");
  EXPECT_EQ(imported2.disposition(), "DISPOSITION_RESTOCK");
  EXPECT_EQ(imported1.refund_total_minor(), 1000);
  EXPECT_EQ(imported2.refund_total_minor(), 3101);
  EXPECT_FALSE(live_event1.imported());
  EXPECT_GE(FromTs(live_event1.resolve_time()), Micros(live_start));
  EXPECT_LE(FromTs(live_event2.resolve_time()), live_end);
  const std::vector<std::pair<const events::v1::ReturnResolved*, const events::v1::ReturnResolved*>>
      pairs = {{&imported1, &live_event1}, {&imported2, &live_event2}};
  for (const auto& [imp, liv] : pairs) {
    ASSERT_EQ(imp->lines_size(), liv->lines_size());
    for (int i = 0; i < imp->lines_size(); ++i) {
      EXPECT_EQ(imp->lines(i).line_id(), liv->lines(i).line_id());
      EXPECT_EQ(imp->lines(i).quantity(), liv->lines(i).quantity());
      EXPECT_EQ(imp->lines(i).refund_minor(), liv->lines(i).refund_minor());
      EXPECT_EQ(imp->lines(i).net_minor(), liv->lines(i).net_minor());
      EXPECT_EQ(imp->lines(i).cost_minor(), liv->lines(i).cost_minor());
      EXPECT_EQ(imp->lines(i).category(), "legacy");
    }
  }
  // Tax of line 1 (1 minor unit over 3 units) goes with the last units: none in the first.
  EXPECT_EQ(imported1.lines(0).net_minor(), 1000);
  EXPECT_EQ(imported2.lines(0).net_minor(), 2000);

  // A re-import of the order is skipped with its returns: nothing new, no new events.
  ov1::ImportOrdersResponse again;
  status = Import({historical}, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.imported(), 0);
  EXPECT_EQ(again.skipped(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM order_returns"), 4);
  EXPECT_EQ(EventCount("return_resolved"), 4);
}

TEST_F(OrdersImportTest, BadReturnsAreRefusedNamingTheFieldWhileTheOthersImport) {
  const std::string product = NewProduct("LEG-R3", 1600, 700);
  const absl::Time requested = kClosed + absl::Hours(24);
  const absl::Time resolved = kClosed + absl::Hours(48);
  struct Case {
    std::string ref;
    std::function<void(ov1::ImportedOrder*)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"RBAD-1", [&](ov1::ImportedOrder* o) { AddReturn(*o, 1, 5, requested, resolved); },
       "order.returns[0].lines[0].quantity"},
      {"RBAD-2",
       [&](ov1::ImportedOrder* o) {
         AddReturn(*o, 1, 3, requested, resolved);
         AddReturn(*o, 1, 2, requested, resolved);  // 5 of 4 units across the returns
       },
       "order.returns[1].lines[0].quantity"},
      {"RBAD-3",
       [&](ov1::ImportedOrder* o) {
         AddReturn(*o, 1, 1, kTaken - absl::Microseconds(1), resolved);
       },
       "order.returns[0].request_time"},
      {"RBAD-4",
       [&](ov1::ImportedOrder* o) {
         AddReturn(*o, 1, 1, absl::Now() + absl::Hours(1), absl::Now() + absl::Hours(2));
       },
       "order.returns[0].request_time"},
      {"RBAD-5",
       [&](ov1::ImportedOrder* o) { AddReturn(*o, 1, 1, requested, absl::Now() + absl::Hours(1)); },
       "order.returns[0].resolve_time"},
      {"RBAD-6",
       [&](ov1::ImportedOrder* o) { AddReturn(*o, 1, 1, requested, requested - absl::Seconds(1)); },
       "order.returns[0].resolve_time"},
      {"RBAD-7",
       [&](ov1::ImportedOrder* o) {
         o->set_status(ov1::ORDER_STATUS_CANCELLED);
         AddReturn(*o, 1, 1, requested, resolved);
       },
       "order.returns"},
      {"RBAD-8", [&](ov1::ImportedOrder* o) { AddReturn(*o, 2, 1, requested, resolved); },
       "order.returns[0].lines[0].line_id"},
      {"RBAD-9",
       [&](ov1::ImportedOrder* o) { AddReturn(*o, 1, 1, requested, resolved)->clear_reason(); },
       "order.returns[0].reason"},
      {"RBAD-10",
       [&](ov1::ImportedOrder* o) {
         AddReturn(*o, 1, 1, requested, resolved)->clear_resolve_time();
       },
       "order.returns[0].resolve_time"},
      {"RBAD-11",
       [&](ov1::ImportedOrder* o) {
         AddReturn(*o, 1, 1, requested, resolved)->set_disposition(ov1::DISPOSITION_UNSPECIFIED);
       },
       "order.returns[0].disposition"},
      {"RBAD-12", [&](ov1::ImportedOrder* o) { AddReturn(*o, 1, 0, requested, resolved); },
       "order.returns[0].lines[0].quantity"},
  };
  std::vector<ov1::ImportedOrder> orders;
  ov1::ImportedOrder good = Historical("RGOOD-1", product, ov1::ORDER_STATUS_DELIVERED);
  AddReturn(good, 1, 4, requested, resolved);
  orders.push_back(good);
  for (const Case& c : cases) {
    ov1::ImportedOrder o = Historical(c.ref, product, ov1::ORDER_STATUS_COMPLETED);
    c.mutate(&o);
    orders.push_back(o);
  }
  orders.push_back(Historical("RGOOD-2", product, ov1::ORDER_STATUS_COMPLETED));
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
      EXPECT_TRUE(absl::StartsWith(e.message(), c.field + ":"))
          << c.ref << ": '" << e.message() << "' does not start with " << c.field;
    }
    EXPECT_TRUE(found) << c.ref;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orders"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM order_returns"), 1);
  EXPECT_EQ(EventCount("return_resolved"), 1);
  // The good return refunds the whole line: 5940.
  ov1::ListReturnsResponse returns;
  ASSERT_TRUE(orders_->ListReturns(Ctx().get(), ov1::ListReturnsRequest(), &returns).ok());
  ASSERT_EQ(returns.returns_size(), 1);
  EXPECT_EQ(returns.returns(0).refund_total().minor_units(), 5940);
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
