// The demo's catalogue: about 200 products in eleven categories with list prices, costs,
// some price changes during the history, and the three warehouses (loaded by
// catalogue_load.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "tools/demo/options.h"

namespace sales::demo {

// The warehouses and the regions they serve.
inline constexpr const char* kWarehouses[] = {"SH-PUDONG", "BJ-DAXING", "GZ-BAIYUN"};
inline constexpr const char* kRegions[] = {"east", "north", "south", "west", "central"};
// The warehouse (index into kWarehouses) that serves region r.
int WarehouseOfRegion(int region);

// A price in minor units that looks like a shelf price, from an amount in major units and
// the minor units per major one: 1299.00, 89.90, 9.90 with cents (CNY), 1299, 89, 9 without
// (JPY).
int64_t ShelfPrice(double major, int64_t per_major);

struct ProductPlan {
  std::string sku;           // "DEMO-TEA-007"
  std::string display_name;  // "Xihu Longjing Green Tea 250 g"
  std::string category;      // "tea"
  std::string unit;          // "EA", "BOX"
  int64_t first_price = 0;   // list price at the start of the history, minor units
  int64_t first_cost = 0;    // unit cost then
  // A price change during the history (change_day unset: none); the current price after.
  bool price_changes = false;
  absl::CivilDay change_day;
  int64_t new_price = 0;
  int64_t new_cost = 0;
  int max_quantity = 1;  // most units a person buys of it at once
  std::string name;      // "products/{id}" once loaded

  int64_t PriceOn(absl::CivilDay d) const {
    return price_changes && d >= change_day ? new_price : first_price;
  }
  int64_t CostOn(absl::CivilDay d) const {
    return price_changes && d >= change_day ? new_cost : first_cost;
  }
};

struct Catalogue {
  std::vector<ProductPlan> products;
  std::vector<std::string> categories;                     // in a fixed order
  std::map<std::string, std::vector<size_t>> by_category;  // product indexes, most popular first
  // The product that is created last, once everything else is loaded: its presence means
  // the demo is complete (see IsDemoLoaded).
  ProductPlan completion_marker;
};

// The catalogue of `options` (deterministic from the seed).
Catalogue PlanCatalogue(const DemoOptions& options);

}  // namespace sales::demo
