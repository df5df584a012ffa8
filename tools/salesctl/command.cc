#include "tools/salesctl/command.h"

namespace sales::salesctl {

CLI::App* AddGroup(CLI::App& app, const std::string& name, const std::string& description) {
  CLI::App* group = app.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

CLI::App* AddCommand(CLI::App& group, CliContext& ctx, const std::string& name,
                     const std::string& description, const std::string& example,
                     std::function<absl::Status()> action) {
  CLI::App* command = group.add_subcommand(name, description);
  command->footer("Example:\n  " + example);
  command->callback([&ctx, action = std::move(action)] { ctx.SetAction(action); });
  return command;
}

}  // namespace sales::salesctl
