// salesctl customers import FILE.jsonl: customer history (customers, leads with their stage
// history, interactions, survey answers) from a JSON Lines file, one item a line in the
// proto JSON mapping of ImportCustomerHistoryRequest, streamed through ImportCustomerHistory
// with a progress bar on a terminal, then the counts and the first refusals with their line
// numbers.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/import_report.h"
#include "tools/salesctl/progress_bar.h"

namespace sales::salesctl {
namespace {

constexpr char kHelp[] =
    "Import customer history from a legacy system with its original times, from a JSON Lines "
    "file: one item per line, in the proto JSON mapping of ImportCustomerHistoryRequest, i.e. "
    "an object with one of \"customer\", \"lead\", \"interaction\" or \"surveyResponse\" "
    "(empty lines are skipped). Every item carries its own externalRef "
    "{\"sourceSystem\", \"id\"}: a second import skips it. Items refer to earlier ones by "
    "customerExternalRef / leadExternalRef (or by name, e.g. \"customers/12\"), so list "
    "customers before the leads, interactions and answers about them. Times are RFC 3339 and "
    "must not be in the future. Exits 4 when some items were refused (the others are "
    "imported).";

constexpr char kExample[] =
    "salesctl customers import history.jsonl\n  history.jsonl:\n"
    "    {\"customer\": {\"externalRef\": {\"sourceSystem\": \"crm\", \"id\": \"C-1\"}, "
    "\"kind\": \"CUSTOMER_KIND_COMPANY\", \"displayName\": \"Acme\", "
    "\"createTime\": \"2024-02-10T09:30:00Z\"}}\n"
    "    {\"lead\": {\"externalRef\": {\"sourceSystem\": \"crm\", \"id\": \"L-1\"}, "
    "\"displayName\": \"Laptops for Acme\", \"createTime\": \"2024-01-05T08:00:00Z\", "
    "\"stageHistory\": [{\"stage\": \"LEAD_STAGE_QUALIFIED\", \"changeTime\": "
    "\"2024-01-12T10:00:00Z\"}, {\"stage\": \"LEAD_STAGE_PROPOSAL\", \"changeTime\": "
    "\"2024-01-20T10:00:00Z\"}, {\"stage\": \"LEAD_STAGE_WON\", \"changeTime\": "
    "\"2024-02-10T09:00:00Z\"}], \"customerExternalRef\": {\"sourceSystem\": \"crm\", "
    "\"id\": \"C-1\"}}}\n"
    "    {\"surveyResponse\": {\"externalRef\": {\"sourceSystem\": \"crm\", \"id\": \"N-1\"}, "
    "\"customerExternalRef\": {\"sourceSystem\": \"crm\", \"id\": \"C-1\"}, "
    "\"kind\": \"SURVEY_KIND_NPS\", \"score\": 9, \"answerTime\": \"2024-03-01T12:00:00Z\"}}";

absl::Status Import(CliContext& ctx, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("file: cannot read '", path, "'"));
  std::vector<cv1::ImportCustomerHistoryRequest> items;
  std::vector<int> line_of;  // of each item sent
  std::vector<ImportRefusal> refusals;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (absl::StripAsciiWhitespace(text).empty()) continue;
    cv1::ImportCustomerHistoryRequest item;
    const auto parsed = google::protobuf::util::JsonStringToMessage(text, &item);
    if (!parsed.ok()) {
      refusals.push_back({line, "",
                          absl::StrCat("line: not an item in the JSON mapping of "
                                       "ImportCustomerHistoryRequest: ",
                                       parsed.message().as_string())});
      continue;
    }
    items.push_back(std::move(item));
    line_of.push_back(line);
  }

  cv1::ImportCustomerHistoryResponse response;
  if (!items.empty()) {
    std::unique_ptr<grpc::ClientContext> call = ctx.StreamCall();
    std::unique_ptr<grpc::ClientWriter<cv1::ImportCustomerHistoryRequest>> writer =
        ctx.customers().ImportCustomerHistory(call.get(), &response);
    ProgressBar progress(ctx.err(), static_cast<int64_t>(items.size()), "items",
                         isatty(STDERR_FILENO) == 1);
    int64_t sent = 0;
    for (const cv1::ImportCustomerHistoryRequest& item : items) {
      if (!writer->Write(item)) break;  // the stream ended; Finish says why
      progress.Update(++sent);
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    progress.Finish(sent);
    if (!status.ok()) return FromGrpc(status);
    for (const cv1::ImportCustomerHistoryError& error : response.errors()) {
      const int line = error.index() >= 0 && static_cast<size_t>(error.index()) < line_of.size()
                           ? line_of[static_cast<size_t>(error.index())]
                           : 0;
      refusals.push_back({line, error.external_ref(), error.message()});
    }
    SortByLine(refusals);
  }

  if (ctx.mode() == OutputMode::kJson) {
    nlohmann::json out = {{"imported", response.imported()},
                          {"importedCustomers", response.imported_customers()},
                          {"importedLeads", response.imported_leads()},
                          {"importedInteractions", response.imported_interactions()},
                          {"importedSurveyResponses", response.imported_survey_responses()},
                          {"skipped", response.skipped()}};
    AddRefusalsJson(refusals, out);
    ctx.out() << out.dump() << "\n";
  } else {
    ctx.out() << "imported " << response.imported() << " (" << response.imported_customers()
              << " customers, " << response.imported_leads() << " leads, "
              << response.imported_interactions() << " interactions, "
              << response.imported_survey_responses() << " survey answers), skipped "
              << response.skipped() << " (imported before), refused " << refusals.size() << "\n";
    PrintRefusals(ctx.out(), refusals);
  }
  ctx.out().flush();
  return RefusalStatus(path, refusals, "item(s)");
}

}  // namespace

void RegisterCustomerImportCommand(CLI::App& customers_group, CliContext& ctx) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = AddCommand(customers_group, ctx, "import", kHelp, kExample,
                             [&ctx, path]() { return Import(ctx, *path); });
  cmd->add_option("file", *path, "the JSON Lines file")->required();
}

}  // namespace sales::salesctl
