// Creates the demo's promotions (promotions.h) in the orders service.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/promotions.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

// Creates the promotions (names filled in); returns how many.
absl::StatusOr<int64_t> LoadPromotions(const DemoOptions& options, Clients& clients,
                                       Progress& progress, std::vector<PromotionPlan>& promotions);

}  // namespace sales::demo
