#include "tools/demo/catalogue_load.h"

#include <algorithm>
#include <atomic>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "google/protobuf/field_mask.pb.h"
#include "tools/demo/money.h"

namespace sales::demo {

namespace {

namespace ov1 = ::sales::orders::v1;

ov1::Product ProductMessage(const DemoOptions& options, const ProductPlan& pp) {
  ov1::Product p;
  p.set_sku(pp.sku);
  p.set_display_name(pp.display_name);
  p.set_category(pp.category);
  p.set_unit(pp.unit);
  SetMoney(p.mutable_list_price(), options, pp.first_price);
  SetMoney(p.mutable_unit_cost(), options, pp.first_cost);
  p.set_reorder_point(pp.category == "gift-cards" ? 0 : 10);
  return p;
}

absl::Status CreateProduct(const DemoOptions& options, Clients& clients, ProductPlan& pp) {
  ov1::CreateProductRequest req;
  *req.mutable_product() = ProductMessage(options, pp);
  req.set_request_id(RequestId(options, absl::StrCat("product-", pp.sku)));
  ov1::Product out;
  const grpc::Status status = CallWithRetry(
      [&](grpc::ClientContext* ctx) { return clients.orders->CreateProduct(ctx, req, &out); });
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    return absl::FailedPreconditionError(absl::StrCat(
        "product ", pp.sku, " exists but was not created by a demo with seed ", options.seed,
        ": the database holds another demo or data of its own; use an empty database"));
  }
  RETURN_IF_ERROR(FromGrpc(absl::StrCat("CreateProduct ", pp.sku), status));
  pp.name = out.name();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CatalogueReport> LoadCatalogue(const DemoOptions& options, Clients& clients,
                                              Progress& progress, Catalogue& catalogue,
                                              const std::vector<std::vector<int64_t>>& units) {
  CatalogueReport report;
  std::vector<ProductPlan>& products = catalogue.products;
  progress.Begin("products", static_cast<int64_t>(products.size()));
  RETURN_IF_ERROR(ParallelFor(products.size(), options.workers, [&](size_t i) -> absl::Status {
    RETURN_IF_ERROR(CreateProduct(options, clients, products[i]));
    ProductPlan& pp = products[i];
    if (pp.price_changes && pp.change_day < options.period.live_first) {
      ov1::UpdateProductRequest req;
      req.mutable_product()->set_name(pp.name);
      SetMoney(req.mutable_product()->mutable_list_price(), options, pp.new_price);
      SetMoney(req.mutable_product()->mutable_unit_cost(), options, pp.new_cost);
      req.mutable_update_mask()->add_paths("list_price");
      req.mutable_update_mask()->add_paths("unit_cost");
      req.set_request_id(RequestId(options, absl::StrCat("price-", pp.sku)));
      ov1::Product out;
      RETURN_IF_ERROR(FromGrpc(absl::StrCat("UpdateProduct ", pp.sku),
                               CallWithRetry([&](grpc::ClientContext* ctx) {
                                 return clients.orders->UpdateProduct(ctx, req, &out);
                               })));
    }
    progress.Add();
    return absl::OkStatus();
  }));
  progress.End();
  report.products = static_cast<int64_t>(products.size());
  for (const ProductPlan& pp : products) {
    if (pp.price_changes && pp.change_day < options.period.live_first) ++report.price_changes;
  }

  // Two receipts per product and warehouse: opening stock (60%) and a restock (the rest).
  const size_t nw = std::size(kWarehouses);
  progress.Begin("stock receipts", static_cast<int64_t>(products.size() * nw * 2));
  std::atomic<int64_t> receipts{0};
  std::atomic<int64_t> received{0};
  RETURN_IF_ERROR(ParallelFor(products.size() * nw, options.workers, [&](size_t k) -> absl::Status {
    const size_t i = k / nw;
    const size_t w = k % nw;
    const int64_t total = units[i][w];
    const int64_t opening = std::max<int64_t>(1, total * 6 / 10);
    const int64_t parts[2] = {opening, total - opening};
    for (int part = 0; part < 2; ++part) {
      if (parts[part] <= 0) continue;
      ov1::ReceiveStockRequest req;
      req.set_product(products[i].name);
      req.set_warehouse(kWarehouses[w]);
      req.set_quantity(parts[part]);
      req.set_reason(absl::StrFormat("PO-%s-%s-%d", products[i].sku, kWarehouses[w], part + 1));
      req.set_actor(part == 0 ? "demo-opening-stock" : "demo-restock");
      req.set_request_id(
          RequestId(options, absl::StrCat("receipt-", products[i].sku, "-", w, "-", part)));
      ov1::StockLevel out;
      RETURN_IF_ERROR(FromGrpc(absl::StrCat("ReceiveStock ", products[i].sku),
                               CallWithRetry([&](grpc::ClientContext* ctx) {
                                 return clients.orders->ReceiveStock(ctx, req, &out);
                               })));
      ++receipts;
      received += parts[part];
      progress.Add();
    }
    return absl::OkStatus();
  }));
  progress.End();
  report.receipts = receipts;
  report.units_received = received;
  return report;
}

absl::Status CreateCompletionMarker(const DemoOptions& options, Clients& clients,
                                    Catalogue& catalogue) {
  return CreateProduct(options, clients, catalogue.completion_marker);
}

absl::StatusOr<bool> IsDemoLoaded(Clients& clients) {
  ov1::ListProductsRequest req;
  req.set_category("gift-cards");
  req.set_page_size(500);
  req.set_show_inactive(true);
  while (true) {
    ov1::ListProductsResponse resp;
    auto ctx = CallContext(std::chrono::seconds(10));
    RETURN_IF_ERROR(FromGrpc("ListProducts", clients.orders->ListProducts(ctx.get(), req, &resp)));
    for (const ov1::Product& p : resp.products()) {
      if (p.sku() == "DEMO-GIFTCARD-500") return true;
    }
    if (resp.next_page_token().empty()) return false;
    req.set_page_token(resp.next_page_token());
  }
}

}  // namespace sales::demo
