// Stock per product and warehouse over gRPC against the real MariaDB: receiving, adjusting,
// transfers and levels; available never below zero, not even under 50 concurrent callers;
// stock_changed events with every change and exactly one stock_low per downward crossing of
// the reorder point.
#include <atomic>
#include <thread>

#include "absl/strings/escaping.h"
#include "sales/events/v1/event.pb.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class StockTest : public OrdersTest {
 protected:
  db::ConnectionPool& Db() { return OrdersDb(); }

  // One number from the orders schema (read directly, in one statement).
  int64_t Scalar(const std::string& sql, std::initializer_list<db::SqlParam> params) {
    int64_t value = -1;
    const absl::Status status =
        db::RunInTransaction(Db(), absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
          auto rs = tx.Query(sql, params);
          rs->next();
          value = rs->getInt64(1);
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return value;
  }

  grpc::Status Adjust(const std::string& product, const std::string& warehouse, int64_t delta,
                      ov1::StockLevel* out, const std::string& reason = "count correction") {
    ov1::AdjustStockRequest req;
    req.set_product(product);
    req.set_warehouse(warehouse);
    req.set_quantity_delta(delta);
    req.set_reason(reason);
    return orders_->AdjustStock(Ctx().get(), req, out);
  }

  grpc::Status Transfer(const std::string& product, const std::string& from, const std::string& to,
                        int64_t quantity, ov1::TransferStockResponse* out) {
    ov1::TransferStockRequest req;
    req.set_product(product);
    req.set_from_warehouse(from);
    req.set_to_warehouse(to);
    req.set_quantity(quantity);
    return orders_->TransferStock(Ctx().get(), req, out);
  }

  std::vector<ov1::StockLevel> Levels(const std::string& product, const std::string& warehouse) {
    ov1::ListStockLevelsRequest req;
    req.set_product(product);
    req.set_warehouse(warehouse);
    ov1::ListStockLevelsResponse resp;
    const grpc::Status status = orders_->ListStockLevels(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {resp.stock_levels().begin(), resp.stock_levels().end()};
  }

  int64_t Available(const std::string& product, const std::string& warehouse) {
    const std::vector<ov1::StockLevel> levels = Levels(product, warehouse);
    return levels.empty() ? 0 : levels[0].available();
  }

  void SetReorderPoint(const std::string& product, int64_t reorder_point) {
    ov1::UpdateProductRequest req;
    req.mutable_product()->set_name(product);
    req.mutable_product()->set_reorder_point(reorder_point);
    req.mutable_update_mask()->add_paths("reorder_point");
    ov1::Product out;
    const grpc::Status status = orders_->UpdateProduct(Ctx().get(), req, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
};

TEST_F(StockTest, ReceiveAdjustTransferAndList) {
  const std::string tea = NewProduct("TEA-1", 1000, 400);
  ov1::ReceiveStockRequest receive;
  receive.set_product(tea);
  receive.set_warehouse("SH-01");
  receive.set_quantity(10);
  receive.set_reason("PO-2024-001");
  ov1::StockLevel level;
  ASSERT_TRUE(orders_->ReceiveStock(Ctx().get(), receive, &level).ok());
  EXPECT_EQ(level.product(), tea);
  EXPECT_EQ(level.warehouse(), "SH-01");
  EXPECT_EQ(level.on_hand(), 10);
  EXPECT_EQ(level.reserved(), 0);
  EXPECT_EQ(level.available(), 10);
  EXPECT_TRUE(level.has_update_time());

  ASSERT_TRUE(Adjust(tea, "SH-01", -3, &level, "broken in transit").ok());
  EXPECT_EQ(level.on_hand(), 7);
  ASSERT_TRUE(Adjust(tea, "SH-01", 1, &level).ok());
  EXPECT_EQ(level.on_hand(), 8);

  ov1::TransferStockResponse moved;
  ASSERT_TRUE(Transfer(tea, "SH-01", "BJ_02", 5, &moved).ok());
  EXPECT_EQ(moved.from().warehouse(), "SH-01");
  EXPECT_EQ(moved.from().available(), 3);
  EXPECT_EQ(moved.to().warehouse(), "BJ_02");
  EXPECT_EQ(moved.to().available(), 5);

  const std::vector<ov1::StockLevel> all = Levels(tea, "");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].warehouse(), "BJ_02");  // by product, then warehouse
  EXPECT_EQ(all[0].on_hand(), 5);
  EXPECT_EQ(all[1].warehouse(), "SH-01");
  EXPECT_EQ(all[1].on_hand(), 3);

  // Filter by warehouse over products, and page through.
  const std::string cups = NewProduct("CUP-1", 500, 100);
  Receive(cups, "SH-01", 4);
  const std::vector<ov1::StockLevel> sh = Levels("", "SH-01");
  ASSERT_EQ(sh.size(), 2u);
  EXPECT_EQ(sh[0].product(), tea);
  EXPECT_EQ(sh[1].product(), cups);
  ov1::ListStockLevelsRequest page;
  page.set_page_size(2);
  ov1::ListStockLevelsResponse resp;
  std::vector<std::string> seen;
  do {
    resp.Clear();
    ASSERT_TRUE(orders_->ListStockLevels(Ctx().get(), page, &resp).ok());
    for (const ov1::StockLevel& s : resp.stock_levels()) {
      seen.push_back(s.product() + "@" + s.warehouse());
    }
    page.set_page_token(resp.next_page_token());
  } while (!page.page_token().empty());
  EXPECT_EQ(seen, (std::vector<std::string>{tea + "@BJ_02", tea + "@SH-01", cups + "@SH-01"}));

  // Every change wrote a movement and a stock_changed event, in the same transaction.
  EXPECT_EQ(EventCount("stock_changed"), 6);  // receive, 2 adjusts, transfer (2), receive
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_movements", {}), 6);
  EXPECT_EQ(Scalar("SELECT COALESCE(SUM(on_hand_delta), 0) FROM stock_movements", {}), 12);
  const std::vector<events::v1::Event> changes = Events("stock_changed");
  ASSERT_EQ(changes.size(), 6u);
  EXPECT_EQ(changes[0].aggregate(), tea);
  EXPECT_EQ(changes[0].stock_changed().reason(), "receive");
  EXPECT_EQ(changes[0].stock_changed().on_hand_delta(), 10);
  EXPECT_EQ(changes[1].stock_changed().reason(), "adjust");
  EXPECT_EQ(changes[1].stock_changed().on_hand(), 7);
  EXPECT_EQ(changes[3].stock_changed().reason(), "transfer");
  EXPECT_EQ(changes[4].stock_changed().reason(), "transfer");
  EXPECT_EQ(EventCount("stock_low"), 0);  // reorder point 0: disabled
}

TEST_F(StockTest, AvailableNeverGoesBelowZero) {
  const std::string tea = NewProduct("TEA-1", 1000, 400);
  Receive(tea, "SH-01", 10);
  ov1::StockLevel level;
  EXPECT_RPC_ERROR(Adjust(tea, "SH-01", -11, &level), StatusCode::FAILED_PRECONDITION, tea);
  ov1::TransferStockResponse moved;
  EXPECT_RPC_ERROR(Transfer(tea, "SH-01", "BJ-01", 11, &moved), StatusCode::FAILED_PRECONDITION,
                   tea);
  EXPECT_RPC_ERROR(Adjust(tea, "NOWHERE", -1, &level), StatusCode::FAILED_PRECONDITION, tea);
  EXPECT_RPC_ERROR(Transfer(tea, "NOWHERE", "SH-01", 1, &moved), StatusCode::FAILED_PRECONDITION,
                   tea);
  EXPECT_EQ(Available(tea, "SH-01"), 10);
  EXPECT_TRUE(Levels(tea, "BJ-01").empty());  // the refused transfer left nothing behind
  ASSERT_TRUE(Adjust(tea, "SH-01", -10, &level).ok());
  EXPECT_EQ(level.available(), 0);
  EXPECT_RPC_ERROR(Adjust(tea, "SH-01", -1, &level), StatusCode::FAILED_PRECONDITION, tea);
  EXPECT_EQ(EventCount("stock_changed"), 2);  // the receive and the one allowed adjust
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_movements", {}), 2);
}

TEST_F(StockTest, RejectsBadInputNamingTheField) {
  const std::string tea = NewProduct("TEA-1", 1000, 400);
  ov1::StockLevel level;
  const auto receive = [&](const std::string& product, const std::string& warehouse,
                           int64_t quantity, const std::string& reason = "") {
    ov1::ReceiveStockRequest req;
    req.set_product(product);
    req.set_warehouse(warehouse);
    req.set_quantity(quantity);
    req.set_reason(reason);
    return orders_->ReceiveStock(Ctx().get(), req, &level);
  };
  EXPECT_RPC_ERROR(receive("", "SH-01", 1), StatusCode::INVALID_ARGUMENT, "product");
  EXPECT_RPC_ERROR(receive("products/abc", "SH-01", 1), StatusCode::INVALID_ARGUMENT, "product");
  EXPECT_RPC_ERROR(receive(tea, "", 1), StatusCode::INVALID_ARGUMENT, "warehouse");
  EXPECT_RPC_ERROR(receive(tea, "SH 01", 1), StatusCode::INVALID_ARGUMENT, "warehouse");
  EXPECT_RPC_ERROR(receive(tea, std::string(33, 'W'), 1), StatusCode::INVALID_ARGUMENT,
                   "warehouse");
  EXPECT_RPC_ERROR(receive(tea, "SH-01", 0), StatusCode::INVALID_ARGUMENT, "quantity");
  EXPECT_RPC_ERROR(receive(tea, "SH-01", -5), StatusCode::INVALID_ARGUMENT, "quantity");
  EXPECT_RPC_ERROR(receive(tea, "SH-01", 1000000001), StatusCode::INVALID_ARGUMENT, "quantity");
  EXPECT_RPC_ERROR(receive(tea, "SH-01", 1, std::string(201, 'r')), StatusCode::INVALID_ARGUMENT,
                   "reason");
  EXPECT_RPC_ERROR(receive("products/999999", "SH-01", 1), StatusCode::NOT_FOUND,
                   "products/999999");

  EXPECT_RPC_ERROR(Adjust(tea, "SH-01", 0, &level), StatusCode::INVALID_ARGUMENT, "quantity_delta");
  EXPECT_RPC_ERROR(Adjust(tea, "SH-01", 5, &level, ""), StatusCode::INVALID_ARGUMENT, "reason");
  EXPECT_RPC_ERROR(Adjust(tea, "SH-01", 5, &level, "   "), StatusCode::INVALID_ARGUMENT, "reason");
  EXPECT_RPC_ERROR(Adjust("products/999999", "SH-01", 5, &level), StatusCode::NOT_FOUND,
                   "products/999999");

  ov1::TransferStockResponse moved;
  EXPECT_RPC_ERROR(Transfer(tea, "SH-01", "SH-01", 1, &moved), StatusCode::INVALID_ARGUMENT,
                   "to_warehouse");
  EXPECT_RPC_ERROR(Transfer(tea, "", "SH-01", 1, &moved), StatusCode::INVALID_ARGUMENT,
                   "from_warehouse");
  EXPECT_RPC_ERROR(Transfer(tea, "SH-01", "B J", 1, &moved), StatusCode::INVALID_ARGUMENT,
                   "to_warehouse");
  EXPECT_RPC_ERROR(Transfer(tea, "SH-01", "BJ-01", 0, &moved), StatusCode::INVALID_ARGUMENT,
                   "quantity");

  ov1::ListStockLevelsRequest list;
  ov1::ListStockLevelsResponse resp;
  list.set_page_size(-1);
  EXPECT_RPC_ERROR(orders_->ListStockLevels(Ctx().get(), list, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_size");
  list.set_page_size(0);
  list.set_page_token("not-a-token");
  EXPECT_RPC_ERROR(orders_->ListStockLevels(Ctx().get(), list, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_token");
  list.set_page_token("");
  list.set_product("customers/1");
  EXPECT_RPC_ERROR(orders_->ListStockLevels(Ctx().get(), list, &resp), StatusCode::INVALID_ARGUMENT,
                   "product");
  EXPECT_EQ(EventCount("stock_changed"), 0);
}

TEST_F(StockTest, ReceiveIsIdempotentByRequestId) {
  const std::string tea = NewProduct("TEA-1", 1000, 400);
  ov1::ReceiveStockRequest req;
  req.set_product(tea);
  req.set_warehouse("SH-01");
  req.set_quantity(10);
  req.set_request_id("receipt-1");
  ov1::StockLevel first;
  ov1::StockLevel second;
  ASSERT_TRUE(orders_->ReceiveStock(Ctx().get(), req, &first).ok());
  ASSERT_TRUE(orders_->ReceiveStock(Ctx().get(), req, &second).ok());
  EXPECT_EQ(second.on_hand(), 10);
  EXPECT_EQ(Available(tea, "SH-01"), 10);
  EXPECT_EQ(EventCount("stock_changed"), 1);
  req.set_quantity(11);
  EXPECT_RPC_ERROR(orders_->ReceiveStock(Ctx().get(), req, &second), StatusCode::INVALID_ARGUMENT,
                   "request_id");
}

TEST_F(StockTest, StockLowOncePerCrossingOfTheReorderPoint) {
  const std::string tea = NewProduct("TEA-1", 1000, 400);
  SetReorderPoint(tea, 10);
  Receive(tea, "SH-01", 12);
  Receive(tea, "BJ-01", 3);  // total 15
  ov1::StockLevel level;
  ASSERT_TRUE(Adjust(tea, "SH-01", -5, &level).ok());  // total 10: not below
  EXPECT_EQ(EventCount("stock_low"), 0);
  ov1::TransferStockResponse moved;
  ASSERT_TRUE(Transfer(tea, "SH-01", "BJ-01", 7, &moved).ok());  // total unchanged
  EXPECT_EQ(EventCount("stock_low"), 0);
  ASSERT_TRUE(Adjust(tea, "BJ-01", -1, &level).ok());  // total 9: crossed
  EXPECT_EQ(EventCount("stock_low"), 1);
  ASSERT_TRUE(Adjust(tea, "BJ-01", -2, &level).ok());  // total 7: still below, no new event
  ASSERT_TRUE(Adjust(tea, "BJ-01", 1, &level).ok());   // total 8
  EXPECT_EQ(EventCount("stock_low"), 1);

  const std::vector<events::v1::Event> low = Events("stock_low");
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0].aggregate(), tea);
  EXPECT_EQ(low[0].stock_low().product(), tea);
  EXPECT_EQ(low[0].stock_low().sku(), "TEA-1");
  EXPECT_EQ(low[0].stock_low().available(), 9);
  EXPECT_EQ(low[0].stock_low().reorder_point(), 10);

  Receive(tea, "SH-01", 5);                            // total 13: above again
  ASSERT_TRUE(Adjust(tea, "SH-01", -4, &level).ok());  // total 9: a second crossing
  EXPECT_EQ(EventCount("stock_low"), 2);
}

TEST_F(StockTest, FiftyConcurrentAdjustsNeverOversell) {
  const std::string tea = NewProduct("TEA-1", 1000, 400);
  SetReorderPoint(tea, 5);
  Receive(tea, "SH-01", 20);
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      ov1::StockLevel out;
      ov1::AdjustStockRequest req;
      req.set_product(tea);
      req.set_warehouse("SH-01");
      req.set_quantity_delta(-1);
      req.set_reason("sold at the counter");
      const grpc::Status status =
          orders_->AdjustStock(CallCtx(std::chrono::seconds(60)).get(), req, &out);
      if (status.ok()) {
        ++ok;
        EXPECT_GE(out.available(), 0);
      } else if (status.error_code() == StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 20);
  EXPECT_EQ(refused.load(), 30);
  EXPECT_EQ(other.load(), 0);
  const std::vector<ov1::StockLevel> levels = Levels(tea, "SH-01");
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].on_hand(), 0);
  EXPECT_EQ(levels[0].available(), 0);
  EXPECT_EQ(EventCount("stock_changed"), 21);
  EXPECT_EQ(EventCount("stock_low"), 1);  // 5 -> 4 happened exactly once
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM stock_movements WHERE on_hand_delta = -1", {}), 20);
}

}  // namespace
}  // namespace sales::testing
