// salesctl elasticity and price-projection (pricing_commands.cc).
#pragma once

#include <CLI/CLI.hpp>

#include "tools/salesctl/cli_context.h"

namespace sales::salesctl {

void RegisterPricingCommands(CLI::App& app, CliContext& ctx);

}  // namespace sales::salesctl
