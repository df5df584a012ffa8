// salesctl events ...: follow a service's event feed (Subscribe: history from a position,
// then live events) and read its head.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

// One line per event: position, time, type, aggregate (a stream cannot wait for the widest
// cell, so the columns have fixed widths).
std::string EventLine(const ev1::Event& event) {
  return absl::StrFormat("%10d  %-16s  %-28s  %s", event.position(), TimeText(event.occur_time()),
                         event.type(), event.aggregate());
}

}  // namespace

void RegisterEventCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "events", "Event feeds of the services");
  {
    struct Flags {
      std::string service;
      int64_t from = 0;
      std::vector<std::string> types;
      int64_t max = 0;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "tail",
        "Print a service's events after a position, then live ones as they happen (until "
        "Ctrl-C, or --max events)",
        "salesctl events tail --service orders --from 0 --types order_placed --max 10",
        [&ctx, f]() -> absl::Status {
          absl::StatusOr<ev1::EventFeedService::Stub*> feed = ctx.feed(f->service);
          if (!feed.ok()) return feed.status();
          if (f->from < 0) return InvalidField("--from", "must be 0 or more");
          if (f->max < 0) return InvalidField("--max", "must be 0 (no limit) or more");
          ev1::SubscribeRequest req;
          req.set_after_position(f->from);
          for (const std::string& type : f->types) req.add_types(type);
          std::unique_ptr<grpc::ClientContext> call = ctx.StreamCall();
          std::unique_ptr<grpc::ClientReader<ev1::Event>> reader =
              (*feed)->Subscribe(call.get(), req);
          if (ctx.mode() == OutputMode::kTable) {
            ctx.out() << absl::StrFormat("%10s  %-16s  %-28s  %s\n", "POSITION", "TIME (UTC)",
                                         "TYPE", "AGGREGATE");
            ctx.out().flush();
          }
          ev1::Event event;
          int64_t seen = 0;
          while (reader->Read(&event)) {
            switch (ctx.mode()) {
              case OutputMode::kJson:
                ctx.out() << JsonLine(event) << "\n";
                break;
              case OutputMode::kQuiet:
                ctx.out() << event.aggregate() << "\n";
                break;
              case OutputMode::kTable:
                ctx.out() << EventLine(event) << "\n";
                break;
            }
            ctx.out().flush();
            if (f->max > 0 && ++seen == f->max) {
              call->TryCancel();
              break;
            }
          }
          const grpc::Status status = reader->Finish();
          if (f->max > 0 && seen == f->max) return absl::OkStatus();
          return FromGrpc(status);
        });
    cmd->add_option("--service", f->service, "customers or orders")->required();
    cmd->add_option("--from", f->from, "start after this position (0: from the beginning)")
        ->capture_default_str();
    cmd->add_option("--types", f->types, "only these event types, e.g. order_placed")
        ->delimiter(',');
    cmd->add_option("--max", f->max, "stop after this many events (0: never)")
        ->capture_default_str();
  }
  {
    auto service = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "head", "Show a feed's last position and the events not yet relayed",
        "salesctl events head --service orders", [&ctx, service]() -> absl::Status {
          absl::StatusOr<ev1::EventFeedService::Stub*> feed = ctx.feed(*service);
          if (!feed.ok()) return feed.status();
          ev1::GetFeedHeadRequest req;
          ev1::FeedHead out;
          std::unique_ptr<grpc::ClientContext> call = ctx.UnaryCall();
          absl::Status s = FromGrpc((*feed)->GetFeedHead(call.get(), req, &out));
          if (!s.ok()) return s;
          if (ctx.mode() == OutputMode::kJson) {
            ctx.out() << JsonLine(out) << "\n";
          } else {
            ctx.out() << "position " << out.position() << ", pending " << out.pending() << "\n";
          }
          return s;
        });
    cmd->add_option("--service", *service, "customers or orders")->required();
  }
}

}  // namespace sales::salesctl
