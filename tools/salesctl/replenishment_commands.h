// salesctl replenishment (replenishment_commands.cc).
#pragma once

#include <CLI/CLI.hpp>

#include "tools/salesctl/cli_context.h"

namespace sales::salesctl {

void RegisterReplenishmentCommands(CLI::App& app, CliContext& ctx);

// replenishment-settings (set, delete, list) and receipts (record, update, cancel, receive,
// list): replenishment_input_commands.cc.
void RegisterReplenishmentInputCommands(CLI::App& app, CliContext& ctx);

}  // namespace sales::salesctl
