// The orders catalogue over gRPC against the real MariaDB: products (create, get, list,
// update with field mask and etag, price history) and promotions, with every kind of bad
// input, and the product_changed events written with the changes.
#include <functional>
#include <set>

#include "absl/strings/match.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class CatalogueTest : public OrdersTest {
 protected:
  ov1::Product Get(const std::string& name) {
    ov1::GetProductRequest req;
    req.set_name(name);
    ov1::Product out;
    const grpc::Status status = orders_->GetProduct(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::vector<ov1::PriceChange> PriceHistory(const std::string& product) {
    ov1::ListPriceChangesRequest req;
    req.set_product(product);
    ov1::ListPriceChangesResponse resp;
    const grpc::Status status = orders_->ListPriceChanges(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {resp.price_changes().begin(), resp.price_changes().end()};
  }

  grpc::Status Update(const ov1::UpdateProductRequest& req, ov1::Product* out) {
    return orders_->UpdateProduct(Ctx().get(), req, out);
  }

  grpc::Status CreatePromotion(const ov1::Promotion& promotion, ov1::Promotion* out,
                               const std::string& request_id = "") {
    ov1::CreatePromotionRequest req;
    *req.mutable_promotion() = promotion;
    req.set_request_id(request_id);
    return orders_->CreatePromotion(Ctx().get(), req, out);
  }
};

ov1::CreateProductRequest ValidProduct(const std::string& sku = "SKU-1") {
  ov1::CreateProductRequest req;
  ov1::Product* p = req.mutable_product();
  p->set_sku(sku);
  p->set_display_name("Green tea 250 g");
  p->set_category("Tea");
  p->set_unit("BOX");
  p->mutable_list_price()->set_currency_code("CNY");
  p->mutable_list_price()->set_minor_units(4990);
  p->mutable_unit_cost()->set_currency_code("CNY");
  p->mutable_unit_cost()->set_minor_units(2100);
  p->set_reorder_point(5);
  return req;
}

sales::common::v1::Money Cny(int64_t minor) {
  sales::common::v1::Money m;
  m.set_currency_code("CNY");
  m.set_minor_units(minor);
  return m;
}

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  return ts;
}

constexpr int64_t kJan2024 = 1704067200;
constexpr int64_t kJan2025 = 1735689600;
constexpr int64_t kJan2099 = 4070908800;

ov1::Promotion ValidPromotion(const std::string& code = "SPRING10") {
  ov1::Promotion p;
  p.set_code(code);
  p.set_display_name("Spring sale");
  p.set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
  p.set_percent_off_bp(1000);
  *p.mutable_start_time() = At(kJan2024);
  *p.mutable_end_time() = At(kJan2099);
  return p;
}

TEST_F(CatalogueTest, CreateThenGetReturnsTheStoredProduct) {
  ov1::Product created;
  ASSERT_TRUE(orders_->CreateProduct(Ctx().get(), ValidProduct(), &created).ok());
  EXPECT_TRUE(absl::StartsWith(created.name(), "products/"));
  EXPECT_EQ(created.category(), "tea");  // lower-cased on write
  EXPECT_TRUE(created.active());         // new products are active
  EXPECT_FALSE(created.etag().empty());
  EXPECT_TRUE(created.has_create_time());

  const ov1::Product fetched = Get(created.name());
  EXPECT_EQ(fetched.sku(), "SKU-1");
  EXPECT_EQ(fetched.display_name(), "Green tea 250 g");
  EXPECT_EQ(fetched.unit(), "BOX");
  EXPECT_EQ(fetched.list_price().minor_units(), 4990);
  EXPECT_EQ(fetched.list_price().currency_code(), "CNY");
  EXPECT_EQ(fetched.unit_cost().minor_units(), 2100);
  EXPECT_EQ(fetched.reorder_point(), 5);
  EXPECT_EQ(fetched.etag(), created.etag());
  EXPECT_EQ(fetched.create_time().seconds(), created.create_time().seconds());
  EXPECT_EQ(fetched.create_time().nanos(), created.create_time().nanos());

  const std::vector<ov1::PriceChange> history = PriceHistory(created.name());
  ASSERT_EQ(history.size(), 1u);  // the price at creation
  EXPECT_EQ(history[0].list_price().minor_units(), 4990);
  EXPECT_EQ(history[0].unit_cost().minor_units(), 2100);
  EXPECT_EQ(EventCount("product_changed"), 1);
  // The event carries the name, for analytics to show.
  const std::vector<events::v1::Event> events = Events("product_changed");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].product_changed().product(), created.name());
  EXPECT_EQ(events[0].product_changed().sku(), "SKU-1");
  EXPECT_EQ(events[0].product_changed().display_name(), "Green tea 250 g");
}

TEST_F(CatalogueTest, CreateRejectsBadInputNamingTheField) {
  struct Case {
    std::function<void(ov1::Product*)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](ov1::Product* p) { p->set_sku(""); }, "product.sku"},
      {[](ov1::Product* p) { p->set_sku(std::string(65, 'A')); }, "product.sku"},
      {[](ov1::Product* p) { p->set_sku("has space"); }, "product.sku"},
      {[](ov1::Product* p) { p->set_sku("sku/1"); }, "product.sku"},
      {[](ov1::Product* p) { p->set_display_name(""); }, "product.display_name"},
      {[](ov1::Product* p) { p->set_display_name("  \t "); }, "product.display_name"},
      {[](ov1::Product* p) { p->set_display_name(std::string(201, 'x')); }, "product.display_name"},
      {[](ov1::Product* p) { p->set_category(""); }, "product.category"},
      {[](ov1::Product* p) { p->set_category("tea leaves"); }, "product.category"},
      {[](ov1::Product* p) { p->set_category(std::string(65, 'c')); }, "product.category"},
      {[](ov1::Product* p) { p->set_unit(""); }, "product.unit"},
      {[](ov1::Product* p) { p->set_unit("ea"); }, "product.unit"},
      {[](ov1::Product* p) { p->set_unit(std::string(17, 'U')); }, "product.unit"},
      {[](ov1::Product* p) { p->clear_list_price(); }, "product.list_price"},
      {[](ov1::Product* p) { p->mutable_list_price()->set_minor_units(-1); },
       "product.list_price.minor_units"},
      {[](ov1::Product* p) { p->mutable_list_price()->set_currency_code("USD"); },
       "product.list_price.currency_code"},
      {[](ov1::Product* p) { p->mutable_list_price()->set_currency_code(""); },
       "product.list_price.currency_code"},
      {[](ov1::Product* p) { p->clear_unit_cost(); }, "product.unit_cost"},
      {[](ov1::Product* p) { p->mutable_unit_cost()->set_minor_units(-5); },
       "product.unit_cost.minor_units"},
      {[](ov1::Product* p) { p->mutable_unit_cost()->set_currency_code("EUR"); },
       "product.unit_cost.currency_code"},
      {[](ov1::Product* p) { p->set_reorder_point(-1); }, "product.reorder_point"},
  };
  for (const Case& tc : cases) {
    ov1::CreateProductRequest req = ValidProduct();
    tc.mutate(req.mutable_product());
    ov1::Product out;
    EXPECT_RPC_ERROR(orders_->CreateProduct(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                     tc.field);
  }
  ov1::CreateProductRequest empty;
  ov1::Product out;
  EXPECT_RPC_ERROR(orders_->CreateProduct(Ctx().get(), empty, &out), StatusCode::INVALID_ARGUMENT,
                   "product");
  // A Chinese name of 200 characters fits (characters, not bytes, are counted).
  ov1::CreateProductRequest wide = ValidProduct("SKU-WIDE");
  std::string name;
  for (int i = 0; i < 200; ++i) name += "茶";
  wide.mutable_product()->set_display_name(name);
  EXPECT_TRUE(orders_->CreateProduct(Ctx().get(), wide, &out).ok());
  EXPECT_EQ(EventCount("product_changed"), 1);  // only the valid one
}

TEST_F(CatalogueTest, DuplicateSkuIsAlreadyExists) {
  ov1::Product out;
  ASSERT_TRUE(orders_->CreateProduct(Ctx().get(), ValidProduct("DUP-1"), &out).ok());
  EXPECT_RPC_ERROR(orders_->CreateProduct(Ctx().get(), ValidProduct("DUP-1"), &out),
                   StatusCode::ALREADY_EXISTS, "product.sku");
  EXPECT_EQ(EventCount("product_changed"), 1);
}

TEST_F(CatalogueTest, CreateIsIdempotentByRequestId) {
  ov1::CreateProductRequest req = ValidProduct("IDEM-1");
  req.set_request_id("req-product-1");
  ov1::Product first;
  ov1::Product second;
  ASSERT_TRUE(orders_->CreateProduct(Ctx().get(), req, &first).ok());
  ASSERT_TRUE(orders_->CreateProduct(Ctx().get(), req, &second).ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(EventCount("product_changed"), 1);
  req.mutable_product()->set_display_name("Another body");
  EXPECT_RPC_ERROR(orders_->CreateProduct(Ctx().get(), req, &second), StatusCode::INVALID_ARGUMENT,
                   "request_id");
}

TEST_F(CatalogueTest, GetRefusesBadNamesAndMissingProducts) {
  for (const char* bad : {"", "products/", "products/abc", "products/0", "products/-1",
                          "products/01", "orders/1", "products/1/x"}) {
    ov1::GetProductRequest req;
    req.set_name(bad);
    ov1::Product out;
    EXPECT_RPC_ERROR(orders_->GetProduct(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                     "name");
  }
  ov1::GetProductRequest req;
  req.set_name("products/999999");
  ov1::Product out;
  EXPECT_RPC_ERROR(orders_->GetProduct(Ctx().get(), req, &out), StatusCode::NOT_FOUND,
                   "products/999999");
}

TEST_F(CatalogueTest, UpdateAppliesMaskedFieldsAndKeepsPriceHistory) {
  ov1::Product created;
  ASSERT_TRUE(orders_->CreateProduct(Ctx().get(), ValidProduct(), &created).ok());

  ov1::UpdateProductRequest req;
  req.mutable_product()->set_name(created.name());
  req.mutable_product()->set_etag(created.etag());
  req.mutable_product()->set_display_name("Green tea 500 g");
  req.mutable_product()->set_unit("EA");  // not in the mask: ignored
  *req.mutable_product()->mutable_list_price() = Cny(5990);
  req.mutable_update_mask()->add_paths("display_name");
  req.mutable_update_mask()->add_paths("list_price");
  ov1::Product updated;
  ASSERT_TRUE(Update(req, &updated).ok());
  EXPECT_EQ(updated.display_name(), "Green tea 500 g");
  EXPECT_EQ(updated.unit(), "BOX");
  EXPECT_EQ(updated.list_price().minor_units(), 5990);
  EXPECT_EQ(updated.unit_cost().minor_units(), 2100);
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(Get(created.name()).list_price().minor_units(), 5990);

  // The old etag is stale now.
  ov1::Product out;
  EXPECT_RPC_ERROR(Update(req, &out), StatusCode::ABORTED, "product.etag");

  // Cost change, then a change that touches no price: two rows more, not three.
  ov1::UpdateProductRequest cost;
  cost.mutable_product()->set_name(created.name());
  *cost.mutable_product()->mutable_unit_cost() = Cny(2500);
  cost.mutable_update_mask()->add_paths("unit_cost");
  ASSERT_TRUE(Update(cost, &out).ok());
  ov1::UpdateProductRequest flags;
  flags.mutable_product()->set_name(created.name());
  flags.mutable_product()->set_active(false);
  flags.mutable_product()->set_reorder_point(12);
  flags.mutable_product()->set_category("Green-Tea");
  flags.mutable_update_mask()->add_paths("active");
  flags.mutable_update_mask()->add_paths("reorder_point");
  flags.mutable_update_mask()->add_paths("category");
  ASSERT_TRUE(Update(flags, &out).ok());
  EXPECT_FALSE(out.active());
  EXPECT_EQ(out.reorder_point(), 12);
  EXPECT_EQ(out.category(), "green-tea");

  const std::vector<ov1::PriceChange> history = PriceHistory(created.name());
  ASSERT_EQ(history.size(), 3u);  // newest first
  EXPECT_EQ(history[0].list_price().minor_units(), 5990);
  EXPECT_EQ(history[0].unit_cost().minor_units(), 2500);
  EXPECT_EQ(history[1].list_price().minor_units(), 5990);
  EXPECT_EQ(history[1].unit_cost().minor_units(), 2100);
  EXPECT_EQ(history[2].list_price().minor_units(), 4990);
  EXPECT_GE(history[0].effective_time().seconds(), history[2].effective_time().seconds());
  EXPECT_EQ(EventCount("product_changed"), 4);  // create + three updates
  // Each event carries the name as it was then: the rename from the first update on.
  const std::vector<events::v1::Event> events = Events("product_changed");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].product_changed().display_name(), "Green tea 250 g");
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].product_changed().display_name(), "Green tea 500 g") << i;
  }

  // Price history pages newest first with a token.
  ov1::ListPriceChangesRequest page;
  page.set_product(created.name());
  page.set_page_size(2);
  ov1::ListPriceChangesResponse first;
  ASSERT_TRUE(orders_->ListPriceChanges(Ctx().get(), page, &first).ok());
  ASSERT_EQ(first.price_changes_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  page.set_page_token(first.next_page_token());
  ov1::ListPriceChangesResponse second;
  ASSERT_TRUE(orders_->ListPriceChanges(Ctx().get(), page, &second).ok());
  ASSERT_EQ(second.price_changes_size(), 1);
  EXPECT_EQ(second.price_changes(0).list_price().minor_units(), 4990);
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(CatalogueTest, UpdateRejectsBadInput) {
  ov1::Product created;
  ASSERT_TRUE(orders_->CreateProduct(Ctx().get(), ValidProduct(), &created).ok());
  const auto request = [&](const std::string& path, std::function<void(ov1::Product*)> set) {
    ov1::UpdateProductRequest req;
    req.mutable_product()->set_name(created.name());
    set(req.mutable_product());
    if (!path.empty()) req.mutable_update_mask()->add_paths(path);
    return req;
  };
  struct Case {
    ov1::UpdateProductRequest req;
    std::string field;
  };
  const std::vector<Case> cases = {
      {request("display_name", [](ov1::Product* p) { p->set_display_name(""); }),
       "product.display_name"},
      {request("list_price", [](ov1::Product* p) { *p->mutable_list_price() = Cny(-10); }),
       "product.list_price.minor_units"},
      {request("list_price",
               [](ov1::Product* p) {
                 p->mutable_list_price()->set_currency_code("USD");
                 p->mutable_list_price()->set_minor_units(100);
               }),
       "product.list_price.currency_code"},
      {request("list_price", [](ov1::Product*) {}), "product.list_price"},
      {request("unit", [](ov1::Product* p) { p->set_unit("box"); }), "product.unit"},
      {request("category", [](ov1::Product* p) { p->set_category("a b"); }), "product.category"},
      {request("reorder_point", [](ov1::Product* p) { p->set_reorder_point(-3); }),
       "product.reorder_point"},
      {request("sku", [](ov1::Product* p) { p->set_sku("NEW"); }), "update_mask"},
      {request("color", [](ov1::Product*) {}), "update_mask"},
      {request("", [](ov1::Product*) {}), "update_mask"},
      {request("display_name",
               [](ov1::Product* p) {
                 p->set_name("products/x");
                 p->set_display_name("ok");
               }),
       "product.name"},
  };
  for (const Case& tc : cases) {
    ov1::Product out;
    EXPECT_RPC_ERROR(Update(tc.req, &out), StatusCode::INVALID_ARGUMENT, tc.field);
  }
  ov1::UpdateProductRequest no_mask;
  no_mask.mutable_product()->set_name(created.name());
  ov1::Product out;
  EXPECT_RPC_ERROR(Update(no_mask, &out), StatusCode::INVALID_ARGUMENT, "update_mask");

  ov1::UpdateProductRequest missing =
      request("display_name", [](ov1::Product* p) { p->set_display_name("x"); });
  missing.mutable_product()->set_name("products/987654");
  EXPECT_RPC_ERROR(Update(missing, &out), StatusCode::NOT_FOUND, "products/987654");

  ov1::UpdateProductRequest stale =
      request("display_name", [](ov1::Product* p) { p->set_display_name("x"); });
  stale.mutable_product()->set_etag("v42");
  EXPECT_RPC_ERROR(Update(stale, &out), StatusCode::ABORTED, "product.etag");

  EXPECT_EQ(Get(created.name()).etag(), created.etag());  // nothing changed
  EXPECT_EQ(PriceHistory(created.name()).size(), 1u);
  EXPECT_EQ(EventCount("product_changed"), 1);
}

TEST_F(CatalogueTest, ListPagesFiltersAndRefusesBadTokens) {
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) {
    names.push_back(NewProduct(absl::StrCat("LIST-", i), 100 + i, 50, i % 2 == 0 ? "even" : "odd"));
  }
  // Deactivate one even product.
  ov1::UpdateProductRequest off;
  off.mutable_product()->set_name(names[2]);
  off.mutable_product()->set_active(false);
  off.mutable_update_mask()->add_paths("active");
  ov1::Product out;
  ASSERT_TRUE(orders_->UpdateProduct(Ctx().get(), off, &out).ok());

  ov1::ListProductsRequest req;
  req.set_page_size(3);
  std::vector<std::string> seen;
  ov1::ListProductsResponse resp;
  do {
    resp.Clear();
    ASSERT_TRUE(orders_->ListProducts(Ctx().get(), req, &resp).ok());
    EXPECT_LE(resp.products_size(), 3);
    for (const ov1::Product& p : resp.products()) seen.push_back(p.name());
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  EXPECT_EQ(seen.size(), 6u);  // inactive one hidden
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).count(names[2]), 0u);

  ov1::ListProductsRequest even;
  even.set_category("EVEN");  // filters are normalised like stored values
  even.set_show_inactive(true);
  ASSERT_TRUE(orders_->ListProducts(Ctx().get(), even, &resp).ok());
  EXPECT_EQ(resp.products_size(), 4);
  even.set_show_inactive(false);
  ASSERT_TRUE(orders_->ListProducts(Ctx().get(), even, &resp).ok());
  EXPECT_EQ(resp.products_size(), 3);

  ov1::ListProductsRequest bad;
  bad.set_page_size(-1);
  EXPECT_RPC_ERROR(orders_->ListProducts(Ctx().get(), bad, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_size");
  bad.set_page_size(0);
  bad.set_page_token("garbage");
  EXPECT_RPC_ERROR(orders_->ListProducts(Ctx().get(), bad, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_token");
  bad.set_page_token("");
  bad.set_category("no spaces");
  EXPECT_RPC_ERROR(orders_->ListProducts(Ctx().get(), bad, &resp), StatusCode::INVALID_ARGUMENT,
                   "category");

  // A token is bound to its query: with another filter it is refused.
  ov1::ListProductsRequest first;
  first.set_page_size(2);
  ASSERT_TRUE(orders_->ListProducts(Ctx().get(), first, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());
  ov1::ListProductsRequest foreign;
  foreign.set_category("odd");
  foreign.set_page_token(resp.next_page_token());
  EXPECT_RPC_ERROR(orders_->ListProducts(Ctx().get(), foreign, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_token");

  ov1::ListPriceChangesRequest history;
  history.set_product("products/424242");
  ov1::ListPriceChangesResponse changes;
  EXPECT_RPC_ERROR(orders_->ListPriceChanges(Ctx().get(), history, &changes), StatusCode::NOT_FOUND,
                   "products/424242");
  history.set_product("bogus");
  EXPECT_RPC_ERROR(orders_->ListPriceChanges(Ctx().get(), history, &changes),
                   StatusCode::INVALID_ARGUMENT, "product");
}

TEST_F(CatalogueTest, PromotionsCreateGetAndList) {
  const std::string tea = NewProduct("TEA-1", 1000, 400, "tea");
  ov1::Promotion percent = ValidPromotion("SPRING10");
  percent.add_products(tea);
  percent.add_categories("Cups");
  percent.set_usage_limit_total(100);
  percent.set_usage_limit_per_customer(1);
  ov1::Promotion created;
  ASSERT_TRUE(CreatePromotion(percent, &created).ok());
  EXPECT_TRUE(absl::StartsWith(created.name(), "promotions/"));
  EXPECT_EQ(created.used_count(), 0);
  ASSERT_EQ(created.categories_size(), 1);
  EXPECT_EQ(created.categories(0), "cups");

  ov1::GetPromotionRequest get;
  get.set_name(created.name());
  ov1::Promotion fetched;
  ASSERT_TRUE(orders_->GetPromotion(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.code(), "SPRING10");
  EXPECT_EQ(fetched.kind(), ov1::PROMOTION_KIND_PERCENT_OFF);
  EXPECT_EQ(fetched.percent_off_bp(), 1000);
  ASSERT_EQ(fetched.products_size(), 1);
  EXPECT_EQ(fetched.products(0), tea);
  EXPECT_EQ(fetched.usage_limit_per_customer(), 1);
  EXPECT_EQ(fetched.start_time().seconds(), kJan2024);
  EXPECT_EQ(fetched.end_time().seconds(), kJan2099);

  ov1::Promotion amount = ValidPromotion("TENOFF");
  amount.set_kind(ov1::PROMOTION_KIND_AMOUNT_OFF);
  amount.set_percent_off_bp(0);
  *amount.mutable_amount_off() = Cny(1000);
  ASSERT_TRUE(CreatePromotion(amount, &created).ok());
  EXPECT_EQ(created.amount_off().minor_units(), 1000);

  ov1::Promotion bogo = ValidPromotion("");
  bogo.set_automatic(true);
  bogo.set_kind(ov1::PROMOTION_KIND_BUY_X_GET_Y);
  bogo.set_percent_off_bp(0);
  bogo.set_buy_quantity(2);
  bogo.set_free_quantity(1);
  bogo.set_exclusive(true);
  ASSERT_TRUE(CreatePromotion(bogo, &created).ok());
  EXPECT_TRUE(created.automatic());
  EXPECT_TRUE(created.code().empty());

  ov1::Promotion threshold = ValidPromotion("");
  threshold.set_automatic(true);
  threshold.set_kind(ov1::PROMOTION_KIND_ORDER_THRESHOLD);
  threshold.set_percent_off_bp(0);
  *threshold.mutable_threshold() = Cny(20000);
  *threshold.mutable_amount_off() = Cny(3000);
  *threshold.mutable_start_time() = At(kJan2024);
  *threshold.mutable_end_time() = At(kJan2025);  // already over
  ASSERT_TRUE(CreatePromotion(threshold, &created).ok());
  EXPECT_EQ(created.threshold().minor_units(), 20000);

  ov1::ListPromotionsRequest list;
  ov1::ListPromotionsResponse resp;
  ASSERT_TRUE(orders_->ListPromotions(Ctx().get(), list, &resp).ok());
  EXPECT_EQ(resp.promotions_size(), 4);
  EXPECT_EQ(resp.promotions(0).products_size(), 1);
  list.set_page_size(3);
  ASSERT_TRUE(orders_->ListPromotions(Ctx().get(), list, &resp).ok());
  EXPECT_EQ(resp.promotions_size(), 3);
  list.set_page_token(resp.next_page_token());
  ASSERT_TRUE(orders_->ListPromotions(Ctx().get(), list, &resp).ok());
  EXPECT_EQ(resp.promotions_size(), 1);
  EXPECT_TRUE(resp.next_page_token().empty());

  ov1::ListPromotionsRequest now;
  *now.mutable_valid_at() = At(kJan2025 + 86400);
  ASSERT_TRUE(orders_->ListPromotions(Ctx().get(), now, &resp).ok());
  EXPECT_EQ(resp.promotions_size(), 3);  // the threshold one has ended

  get.set_name("promotions/999999");
  EXPECT_RPC_ERROR(orders_->GetPromotion(Ctx().get(), get, &fetched), StatusCode::NOT_FOUND,
                   "promotions/999999");
  get.set_name("products/1");
  EXPECT_RPC_ERROR(orders_->GetPromotion(Ctx().get(), get, &fetched), StatusCode::INVALID_ARGUMENT,
                   "name");
}

TEST_F(CatalogueTest, PromotionCodeIsUniqueAndCreateIsIdempotent) {
  ov1::Promotion out;
  ASSERT_TRUE(CreatePromotion(ValidPromotion("ONCE"), &out, "req-promo-1").ok());
  ov1::Promotion again;
  ASSERT_TRUE(CreatePromotion(ValidPromotion("ONCE"), &again, "req-promo-1").ok());
  EXPECT_EQ(again.name(), out.name());
  EXPECT_RPC_ERROR(CreatePromotion(ValidPromotion("ONCE"), &again), StatusCode::ALREADY_EXISTS,
                   "promotion.code");
  // Several automatic promotions have no code, and do not collide.
  ov1::Promotion automatic = ValidPromotion("");
  automatic.set_automatic(true);
  ASSERT_TRUE(CreatePromotion(automatic, &out).ok());
  ASSERT_TRUE(CreatePromotion(automatic, &out).ok());
}

TEST_F(CatalogueTest, PromotionValidationNamesTheField) {
  struct Case {
    std::function<void(ov1::Promotion*)> mutate;
    std::string field;
    StatusCode code = StatusCode::INVALID_ARGUMENT;
  };
  const std::vector<Case> cases = {
      {[](ov1::Promotion* p) { p->set_code(""); }, "promotion.code"},
      {[](ov1::Promotion* p) { p->set_code("AB"); }, "promotion.code"},
      {[](ov1::Promotion* p) { p->set_code("lower"); }, "promotion.code"},
      {[](ov1::Promotion* p) { p->set_code(std::string(33, 'C')); }, "promotion.code"},
      {[](ov1::Promotion* p) { p->set_automatic(true); }, "promotion.code"},
      {[](ov1::Promotion* p) { p->set_display_name(""); }, "promotion.display_name"},
      {[](ov1::Promotion* p) { p->set_display_name(std::string(201, 'n')); },
       "promotion.display_name"},
      {[](ov1::Promotion* p) { p->set_kind(ov1::PROMOTION_KIND_UNSPECIFIED); }, "promotion.kind"},
      {[](ov1::Promotion* p) { p->set_kind(static_cast<ov1::PromotionKind>(42)); },
       "promotion.kind"},
      {[](ov1::Promotion* p) { p->set_percent_off_bp(0); }, "promotion.percent_off_bp"},
      {[](ov1::Promotion* p) { p->set_percent_off_bp(10001); }, "promotion.percent_off_bp"},
      {[](ov1::Promotion* p) { *p->mutable_amount_off() = Cny(100); }, "promotion.amount_off"},
      {[](ov1::Promotion* p) { p->set_buy_quantity(2); }, "promotion.buy_quantity"},
      {[](ov1::Promotion* p) { *p->mutable_threshold() = Cny(100); }, "promotion.threshold"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_AMOUNT_OFF);
         p->set_percent_off_bp(0);
       },
       "promotion.amount_off"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_AMOUNT_OFF);
         p->set_percent_off_bp(0);
         *p->mutable_amount_off() = Cny(0);
       },
       "promotion.amount_off.minor_units"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_AMOUNT_OFF);
         p->set_percent_off_bp(0);
         p->mutable_amount_off()->set_currency_code("USD");
         p->mutable_amount_off()->set_minor_units(100);
       },
       "promotion.amount_off.currency_code"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_BUY_X_GET_Y);
         p->set_percent_off_bp(0);
         p->set_buy_quantity(0);
         p->set_free_quantity(1);
       },
       "promotion.buy_quantity"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_BUY_X_GET_Y);
         p->set_percent_off_bp(0);
         p->set_buy_quantity(2);
       },
       "promotion.free_quantity"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_ORDER_THRESHOLD);
         *p->mutable_amount_off() = Cny(100);
       },
       "promotion.threshold"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_ORDER_THRESHOLD);
         *p->mutable_threshold() = Cny(10000);
         *p->mutable_amount_off() = Cny(100);  // and percent_off_bp: both
       },
       "promotion.amount_off"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_ORDER_THRESHOLD);
         p->set_percent_off_bp(0);
         *p->mutable_threshold() = Cny(10000);  // neither
       },
       "promotion.amount_off"},
      {[](ov1::Promotion* p) {
         p->set_kind(ov1::PROMOTION_KIND_ORDER_THRESHOLD);
         p->mutable_threshold()->set_currency_code("JPY");
         p->mutable_threshold()->set_minor_units(10000);
       },
       "promotion.threshold.currency_code"},
      {[](ov1::Promotion* p) { p->clear_start_time(); }, "promotion.start_time"},
      {[](ov1::Promotion* p) { p->clear_end_time(); }, "promotion.end_time"},
      {[](ov1::Promotion* p) { *p->mutable_end_time() = p->start_time(); }, "promotion.end_time"},
      {[](ov1::Promotion* p) { *p->mutable_end_time() = At(kJan2024 - 1); }, "promotion.end_time"},
      {[](ov1::Promotion* p) { p->add_products("product/1"); }, "promotion.products"},
      {[](ov1::Promotion* p) { p->add_products("products/777777"); }, "promotion.products",
       StatusCode::NOT_FOUND},
      {[](ov1::Promotion* p) { p->add_categories("bad category"); }, "promotion.categories"},
      {[](ov1::Promotion* p) { p->set_usage_limit_total(-1); }, "promotion.usage_limit_total"},
      {[](ov1::Promotion* p) { p->set_usage_limit_per_customer(-1); },
       "promotion.usage_limit_per_customer"},
  };
  for (const Case& tc : cases) {
    ov1::Promotion p = ValidPromotion();
    tc.mutate(&p);
    ov1::Promotion out;
    EXPECT_RPC_ERROR(CreatePromotion(p, &out), tc.code, tc.field);
  }
  ov1::CreatePromotionRequest empty;
  ov1::Promotion out;
  EXPECT_RPC_ERROR(orders_->CreatePromotion(Ctx().get(), empty, &out), StatusCode::INVALID_ARGUMENT,
                   "promotion");
  ov1::ListPromotionsResponse resp;
  ASSERT_TRUE(orders_->ListPromotions(Ctx().get(), ov1::ListPromotionsRequest(), &resp).ok());
  EXPECT_EQ(resp.promotions_size(), 0);  // nothing was written
}

}  // namespace
}  // namespace sales::testing
