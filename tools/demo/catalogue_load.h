// Loads the demo's catalogue (catalogue.h) into the orders service: the products, their price
// changes and their stock in the three warehouses; and the completion marker that says a
// whole demo is loaded.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

// What loading the catalogue did.
struct CatalogueReport {
  int64_t products = 0;       // products in the catalogue (created or found from a previous run)
  int64_t price_changes = 0;  // UpdateProduct calls that changed a price
  int64_t receipts = 0;       // ReceiveStock calls
  int64_t units_received = 0;
};

// Creates the products (names filled in), applies the price changes and receives
// `units[product][warehouse]` units per warehouse, in two receipts (opening stock and a
// restock).
absl::StatusOr<CatalogueReport> LoadCatalogue(const DemoOptions& options, Clients& clients,
                                              Progress& progress, Catalogue& catalogue,
                                              const std::vector<std::vector<int64_t>>& units);

// Creates the completion marker (the last step of a load).
absl::Status CreateCompletionMarker(const DemoOptions& options, Clients& clients,
                                    Catalogue& catalogue);

// Whether a complete demo is loaded: the completion marker product exists.
absl::StatusOr<bool> IsDemoLoaded(Clients& clients);

}  // namespace sales::demo
