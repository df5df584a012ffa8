// salesctl orders import FILE.csv: historical orders from a CSV (order_csv.h), streamed
// through ImportOrders with a progress bar on a terminal, then the counts and the first
// refusals with their line numbers.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/import_report.h"
#include "tools/salesctl/order_csv.h"
#include "tools/salesctl/progress_bar.h"

namespace sales::salesctl {
namespace {

absl::Status Import(CliContext& ctx, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("file: cannot read '", path, "'"));
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<OrderCsv> csv = ParseOrderCsv(text.str(), ctx.options().currency);
  if (!csv.ok()) return InvalidField(path, csv.status().message());

  std::vector<ImportRefusal> refusals = csv->refusals;
  ov1::ImportOrdersResponse response;
  if (!csv->orders.empty()) {
    std::unique_ptr<grpc::ClientContext> call = ctx.StreamCall();
    std::unique_ptr<grpc::ClientWriter<ov1::ImportOrdersRequest>> writer =
        ctx.orders().ImportOrders(call.get(), &response);
    ProgressBar progress(ctx.err(), static_cast<int64_t>(csv->orders.size()), "orders",
                         isatty(STDERR_FILENO) == 1);
    int64_t sent = 0;
    ov1::ImportOrdersRequest request;
    for (const CsvOrder& order : csv->orders) {
      *request.mutable_order() = order.order;
      if (!writer->Write(request)) break;  // the stream ended; Finish says why
      progress.Update(++sent);
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    progress.Finish(sent);
    if (!status.ok()) return FromGrpc(status);
    std::map<std::string, int> line_of;
    for (const CsvOrder& order : csv->orders)
      line_of.emplace(order.order.external_ref(), order.line);
    for (const ov1::ImportError& error : response.errors()) {
      refusals.push_back(
          ImportRefusal{line_of[error.external_ref()], error.external_ref(), error.message()});
    }
    SortByLine(refusals);
  }

  if (ctx.mode() == OutputMode::kJson) {
    nlohmann::json out = {{"imported", response.imported()}, {"skipped", response.skipped()}};
    AddRefusalsJson(refusals, out);
    ctx.out() << out.dump() << "\n";
  } else {
    ctx.out() << "imported " << response.imported() << ", skipped " << response.skipped()
              << " (imported before), refused " << refusals.size() << "\n";
    PrintRefusals(ctx.out(), refusals);
  }
  ctx.out().flush();
  return RefusalStatus(path, refusals, "order(s)");
}

}  // namespace

void RegisterImportCommand(CLI::App& orders_group, CliContext& ctx) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = AddCommand(
      orders_group, ctx, "import",
      std::string("Import historical orders from a CSV file, idempotent by external_ref (a "
                  "second import skips them); exits 4 when some orders were refused.\n") +
          kOrderCsvColumnsHelp,
      "salesctl orders import legacy.csv\n  legacy.csv:\n"
      "    external_ref,customer,channel,region,status,create_time,product,quantity,unit_price\n"
      "    L-1001,customers/12,store,east,completed,2024-02-10T09:30:00Z,products/3,2,499.00",
      [&ctx, path]() { return Import(ctx, *path); });
  cmd->add_option("file", *path, "the CSV file")->required();
}

}  // namespace sales::salesctl
