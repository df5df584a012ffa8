// salesctl end to end: the binary, run as a person or a script would run it, against real
// customers and orders servers. Every command group once, --json parsed back, --quiet, the
// error paths with their exit codes (bad money, unknown name, refused change, service
// down), a retried create with the same request_id, orders import of a CSV with a bad line,
// and events tail.
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tests/harness/subprocess.h"
#include "tests/integration/orders_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

class SalesctlTest : public OrdersTest {
 protected:
  // Runs salesctl against the test's servers (or the addresses given) with `args`.
  CtlResult Ctl(const std::vector<std::string>& args, const std::string& customers_addr = "",
                const std::string& orders_addr = "") {
    return SalesctlRunner({"--customers_addr",
                           customers_addr.empty() ? customers_server_->address() : customers_addr,
                           "--orders_addr",
                           orders_addr.empty() ? orders_server_->address() : orders_addr})
        .Run(args);
  }

  // Runs a command that must succeed.
  CtlResult Ok(const std::vector<std::string>& args) {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address()})
        .Ok(args);
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = absl::StrCat(::testing::TempDir(), getpid(), "-", name);
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(SalesctlTest, CustomerGroupsEndToEnd) {
  // customers: create, get, find, list, update, archive, unarchive.
  json created = Ok({"customers", "create", "--kind", "person", "--display_name", "Li Wei",
                     "--email", "li.wei@example.com", "--channel", "web", "--json"})
                     .One();
  const std::string name = created["name"];
  EXPECT_TRUE(absl::StartsWith(name, "customers/")) << created;
  EXPECT_EQ(created["kind"], "CUSTOMER_KIND_PERSON");
  EXPECT_EQ(Ok({"customers", "get", name, "--json"}).One()["displayName"], "Li Wei");

  CtlResult found = Ok({"customers", "find", "--email", "LI.WEI@example.com"});
  EXPECT_TRUE(absl::StartsWith(found.out, "NAME")) << found.out;
  EXPECT_TRUE(absl::StrContains(found.out, name + " ")) << found.out;
  EXPECT_TRUE(absl::StrContains(found.out, "Li Wei")) << found.out;
  EXPECT_TRUE(absl::StrContains(found.out, "li.wei@example.com")) << found.out;

  Ok({"customers", "create", "--kind", "company", "--display_name", "ACME", "--quiet"});
  CtlResult names = Ok({"customers", "list", "--quiet"});
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(names.out, '\n', absl::SkipEmpty())).size(), 2u)
      << names.out;
  EXPECT_TRUE(absl::StartsWith(names.out, name + "\n")) << names.out;
  // --limit cuts the list and says so on stderr.
  CtlResult first = Ok({"customers", "list", "--limit", "1"});
  EXPECT_TRUE(absl::StrContains(first.out, "Li Wei")) << first.out;
  EXPECT_FALSE(absl::StrContains(first.out, "ACME")) << first.out;
  EXPECT_TRUE(absl::StrContains(first.err, "first 1 shown")) << first.err;

  json updated =
      Ok({"customers", "update", name, "--phone", "+8613800138000", "--tag", "vip", "--json"})
          .One();
  EXPECT_EQ(updated["phone"], "+8613800138000");
  EXPECT_EQ(updated["tags"], json::array({"vip"}));
  EXPECT_EQ(Ok({"customers", "archive", name, "--json"}).One()["state"], "CUSTOMER_STATE_ARCHIVED");
  EXPECT_EQ(Ok({"customers", "unarchive", name, "--json"}).One()["state"], "CUSTOMER_STATE_ACTIVE");

  // contacts of a company.
  const std::string company =
      Ok({"customers", "create", "--kind", "company", "--display_name", "Globex", "--json"})
          .One()["name"];
  json contact = Ok({"contacts", "create", company, "--display_name", "Zhang Min", "--title",
                     "Buyer", "--json"})
                     .One();
  EXPECT_EQ(contact["title"], "Buyer");
  EXPECT_EQ(Ok({"contacts", "list", company, "--json"}).Lines().size(), 1u);
  Ok({"contacts", "update", contact["name"], "--title", "Head of purchasing"});
  Ok({"contacts", "delete", contact["name"]});
  EXPECT_EQ(Ok({"contacts", "list", company, "--json"}).Lines().size(), 0u);

  // leads: money typed as 480.00 arrives as 48000 minor units.
  json lead = Ok({"leads", "create", "--display_name", "Chairs for Globex", "--company_name",
                  "Globex", "--expected_amount", "480.00", "--json"})
                  .One();
  EXPECT_EQ(lead["expectedAmount"]["minorUnits"], "48000");
  EXPECT_EQ(lead["expectedAmount"]["currencyCode"], "CNY");
  const std::string lead_name = lead["name"];
  Ok({"leads", "stage", lead_name, "qualified"});
  Ok({"leads", "update", lead_name, "--expected_amount", "520.50"});
  json got = Ok({"leads", "get", lead_name, "--json"}).One();
  EXPECT_EQ(got["stage"], "LEAD_STAGE_QUALIFIED");
  EXPECT_EQ(got["expectedAmount"]["minorUnits"], "52050");
  CtlResult lead_table = Ok({"leads", "get", lead_name});
  EXPECT_TRUE(absl::StrContains(lead_table.out, "520.50")) << lead_table.out;
  EXPECT_TRUE(absl::StrContains(lead_table.out, "Stage history:")) << lead_table.out;
  EXPECT_EQ(Ok({"leads", "list", "--stage", "qualified", "--quiet"}).out, lead_name + "\n");

  // interactions and surveys.
  Ok({"interactions", "create", name, "--kind", "call", "--notes", "asked for a quote"});
  json interactions = Ok({"interactions", "list", name, "--json"}).One();
  EXPECT_EQ(interactions["notes"], "asked for a quote");
  Ok({"surveys", "create", name, "--kind", "nps", "--score", "9"});
  EXPECT_EQ(Ok({"surveys", "list", "--json"}).Lines().size(), 1u);
  EXPECT_EQ(Ok({"surveys", "summary", "--json"}).One()["npsPromoters"], "1");

  // loyalty.
  json entry =
      Ok({"loyalty", "adjust", name, "--points", "50", "--reason", "welcome", "--json"}).One();
  EXPECT_EQ(entry["balanceAfter"], "50");
  EXPECT_EQ(Ok({"loyalty", "get", name, "--json"}).One()["pointsBalance"], "50");
  EXPECT_EQ(Ok({"loyalty", "entries", name, "--json"}).Lines().size(), 1u);
  EXPECT_TRUE(absl::StrContains(Ok({"loyalty", "tiers"}).out, "standard"));

  // erasure.
  json erased = Ok({"customers", "erase", name, "--requested_by", "users/dpo-1", "--legal_basis",
                    "GDPR art. 17", "--json"})
                    .One();
  EXPECT_EQ(erased["customer"]["state"], "CUSTOMER_STATE_ERASED");
  EXPECT_EQ(erased["customer"]["displayName"], "[erased]");
}

TEST_F(SalesctlTest, OrderGroupsEndToEnd) {
  json product =
      Ok({"products", "create", "--sku", "CH-100", "--display_name", "Office chair", "--category",
          "furniture", "--unit", "EA", "--list_price", "499.00", "--unit_cost", "310.00", "--json"})
          .One();
  EXPECT_EQ(product["listPrice"]["minorUnits"], "49900");
  const std::string p = product["name"];
  EXPECT_EQ(Ok({"products", "get", p, "--json"}).One()["sku"], "CH-100");
  EXPECT_EQ(Ok({"products", "list", "--category", "furniture", "--quiet"}).out, p + "\n");

  json level =
      Ok({"stock", "receive", p, "--warehouse", "SH1", "--quantity", "10", "--json"}).One();
  EXPECT_EQ(level["available"], "10");
  Ok({"stock", "transfer", p, "--from", "SH1", "--to", "BJ1", "--quantity", "2"});
  Ok({"stock", "adjust", p, "--warehouse", "BJ1", "--quantity=-1", "--reason", "damaged"});
  EXPECT_EQ(Ok({"stock", "list", "--product", p, "--json"}).Lines().size(), 2u);
  EXPECT_EQ(Ok({"stock", "movements", p, "--json"}).Lines().size(), 4u);

  json promo = Ok({"promotions", "create", "--code", "SAVE10", "--display_name", "10% off",
                   "--kind", "percent_off", "--percent_off_bp", "1000", "--start_time",
                   "2020-01-01", "--end_time", "2099-01-01", "--json"})
                   .One();
  EXPECT_EQ(Ok({"promotions", "get", promo["name"], "--json"}).One()["code"], "SAVE10");
  EXPECT_EQ(Ok({"promotions", "list", "--quiet"}).out, promo["name"].get<std::string>() + "\n");
  Ok({"promotions", "update", promo["name"], "--usage_limit_total", "100"});

  const std::string customer = NewCustomer("Buyer");
  json order = Ok({"orders", "create", "--customer", customer, "--channel", "web", "--region",
                   "east", "--warehouse", "SH1", "--line", p + ":2", "--promo", "SAVE10", "--json"})
                   .One();
  const std::string o = order["name"];
  EXPECT_EQ(order["status"], "ORDER_STATUS_RECEIVED");
  EXPECT_EQ(order["subtotal"]["minorUnits"], "99800");
  EXPECT_EQ(order["discountTotal"]["minorUnits"], "9980");
  Ok({"orders", "confirm", o});
  json shipped =
      Ok({"orders", "ship", o, "--carrier", "SF", "--tracking", "SF123", "--json"}).One();
  EXPECT_EQ(shipped["status"], "ORDER_STATUS_SHIPPED");
  const std::string shipment = shipped["shipments"][0]["name"];
  Ok({"orders", "deliver", shipment});
  EXPECT_EQ(Ok({"orders", "complete", o, "--json"}).One()["status"], "ORDER_STATUS_COMPLETED");

  // The table a person sees: money in the deployment currency, lines and history below.
  CtlResult table = Ok({"orders", "get", o});
  EXPECT_TRUE(absl::StartsWith(table.out, "NAME")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "898.20")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "Lines:")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "Status history:")) << table.out;
  CtlResult list = Ok({"orders", "list", "--limit", "5"});
  EXPECT_TRUE(absl::StrContains(list.out, o + " ")) << list.out;
  EXPECT_TRUE(absl::StrContains(list.out, "completed")) << list.out;

  // A second order, cancelled; the list is newest first.
  const std::string o2(absl::StripTrailingAsciiWhitespace(
      Ok({"orders", "create", "--customer", customer, "--channel", "store", "--region", "east",
          "--warehouse", "SH1", "--line", p + ":1", "--quiet"})
          .out));
  EXPECT_TRUE(absl::StartsWith(o2, "orders/")) << o2;
  Ok({"orders", "cancel", o2, "--reason", "changed mind"});
  std::vector<json> orders = Ok({"orders", "list", "--json"}).Lines();
  ASSERT_EQ(orders.size(), 2u);
  EXPECT_EQ(orders[0]["status"], "ORDER_STATUS_CANCELLED");

  // returns.
  json ret =
      Ok({"returns", "create", "--order", o, "--line", "1:1", "--reason", "too big", "--json"})
          .One();
  EXPECT_EQ(ret["status"], "RETURN_STATUS_REQUESTED");
  EXPECT_EQ(Ok({"returns", "get", ret["name"], "--json"}).One()["order"], o);
  EXPECT_EQ(Ok({"returns", "list", "--order", o, "--quiet"}).out,
            ret["name"].get<std::string>() + "\n");
  EXPECT_EQ(Ok({"returns", "reject", ret["name"], "--reason", "worn", "--json"}).One()["status"],
            "RETURN_STATUS_REJECTED");

  // products update keeps the price history.
  Ok({"products", "update", p, "--list_price", "459.00"});
  EXPECT_GE(Ok({"products", "prices", p, "--json"}).Lines().size(), 1u);

  // events tail from the start, three events, then the command ends by itself.
  std::vector<json> events = Ok({"events", "tail", "--service", "orders", "--from", "0", "--max",
                                 "3", "--timeout", "30", "--json"})
                                 .Lines();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["position"], "1");
  EXPECT_EQ(events[2]["position"], "3");
  CtlResult placed = Ok({"events", "tail", "--service", "orders", "--types", "order_placed",
                         "--max", "2", "--timeout", "30"});
  EXPECT_TRUE(absl::StrContains(placed.out, "order_placed")) << placed.out;
  EXPECT_TRUE(absl::StrContains(Ok({"events", "head", "--service", "orders"}).out, "position "));
}

TEST_F(SalesctlTest, ErrorsNameTheFieldAndExitCodesTellKindsApart) {
  // Bad money: refused before any call, naming the field, exit 2.
  CtlResult money =
      Ctl({"products", "create", "--sku", "X-1", "--display_name", "X", "--list_price", "12.345"});
  EXPECT_EQ(money.exit_code, 2) << money.err;
  EXPECT_TRUE(absl::StartsWith(money.err, "error: INVALID_ARGUMENT: list_price: ")) << money.err;
  EXPECT_EQ(money.out, "");
  // The service's own INVALID_ARGUMENT: its message names the field; exit 2.
  CtlResult email = Ctl({"customers", "create", "--kind", "person", "--display_name", "A",
                         "--email", "not-an-email"});
  EXPECT_EQ(email.exit_code, 2) << email.err;
  EXPECT_TRUE(absl::StartsWith(email.err, "error: INVALID_ARGUMENT: customer.email")) << email.err;
  // Unknown name: NOT_FOUND, exit 3.
  CtlResult missing = Ctl({"customers", "get", "customers/999999"});
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_TRUE(absl::StartsWith(missing.err, "error: NOT_FOUND: ")) << missing.err;
  CtlResult missing_order = Ctl({"orders", "get", "424242"});
  EXPECT_EQ(missing_order.exit_code, 3) << missing_order.err;
  // A change the state forbids: refused, exit 4.
  const std::string name = NewCustomer("Twice");
  Ok({"customers", "archive", name});
  CtlResult again = Ctl({"customers", "archive", name});
  EXPECT_EQ(again.exit_code, 4) << again.err;
  EXPECT_TRUE(absl::StartsWith(again.err, "error: FAILED_PRECONDITION: ")) << again.err;
  // Usage errors: exit 2.
  EXPECT_EQ(Ctl({"customers", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(Ctl({"customers", "create", "--display_name", "no kind"}).exit_code, 2);
  CtlResult channel = Ctl({"customers", "list", "--channel", "boat"});
  EXPECT_EQ(channel.exit_code, 2);
  EXPECT_TRUE(absl::StartsWith(channel.err, "error: INVALID_ARGUMENT: --channel: ")) << channel.err;
  // Service down: UNAVAILABLE, exit 5.
  const std::string nowhere = absl::StrCat("127.0.0.1:", FreePort());
  CtlResult down = Ctl({"customers", "list"}, nowhere, nowhere);
  EXPECT_EQ(down.exit_code, 5) << down.err;
  EXPECT_TRUE(absl::StartsWith(down.err, "error: UNAVAILABLE: ")) << down.err;
  CtlResult orders_down = Ctl({"orders", "list"}, "", nowhere);
  EXPECT_EQ(orders_down.exit_code, 5) << orders_down.err;
  // Help on every level, with an example and the exit codes.
  CtlResult help = Ctl({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(help.out, "Exit codes: 0 ok")) << help.out;
  CtlResult command_help = Ctl({"orders", "import", "--help"});
  EXPECT_EQ(command_help.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(command_help.out, "Example:")) << command_help.out;
  EXPECT_TRUE(absl::StrContains(command_help.out, "external_ref")) << command_help.out;
}

TEST_F(SalesctlTest, ARetriedCreateWithTheSameRequestIdChangesNothing) {
  const std::vector<std::string> create = {
      "--verbose", "--request_id", "retry-me-1",     "customers", "create",
      "--kind",    "person",       "--display_name", "Once",      "--json"};
  CtlResult first = Ok(create);
  EXPECT_TRUE(absl::StrContains(first.err, "request_id: retry-me-1")) << first.err;
  CtlResult second = Ok(create);
  EXPECT_EQ(first.One()["name"], second.One()["name"]);
  EXPECT_EQ(Ok({"customers", "list", "--json"}).Lines().size(), 1u);
  // Without --request_id each command gets its own, printed with --verbose.
  CtlResult fresh = Ok({"--verbose", "customers", "create", "--kind", "person", "--display_name",
                        "Other", "--quiet"});
  EXPECT_TRUE(absl::StartsWith(fresh.err, "request_id: ")) << fresh.err;
  EXPECT_EQ(fresh.err.size(), std::string("request_id: \n").size() + 36) << fresh.err;
}

TEST_F(SalesctlTest, ImportsACsvAndReportsTheBadLine) {
  const std::string p = NewProduct("IMP-1", 1500, 700);
  const std::string customer = NewCustomer("Legacy");
  const std::string csv = WriteFile(
      "legacy.csv",
      "external_ref,customer,channel,region,status,create_time,close_time,product,quantity,"
      "unit_price,unit_cost\n"
      "L-1," +
          customer + ",store,east,completed,2024-02-10T09:30:00Z,2024-02-12," + p +
          ",2,15.00,7.00\n"
          "L-1," +
          customer + ",store,east,completed,2024-02-10T09:30:00Z,2024-02-12," + p +
          ",1,15.00,7.00\n"
          "L-2," +
          customer + ",web,west,completed,2024-03-01,," + p +
          ",two,15.00,\n"
          "L-3," +
          customer + ",\"phone\",west,cancelled,2024-03-02,," + p + ",1,15.00,\n");
  CtlResult first = Ctl({"orders", "import", csv});
  EXPECT_EQ(first.exit_code, 4) << first.out << first.err;
  EXPECT_TRUE(absl::StartsWith(first.out, "imported 2, skipped 0 (imported before), refused 1\n"))
      << first.out;
  EXPECT_TRUE(absl::StrContains(first.out, "line 4 (L-2): quantity: ")) << first.out;
  EXPECT_TRUE(absl::StrContains(first.err, "refused, the first at line 4")) << first.err;
  // Not a terminal: no progress bar.
  EXPECT_FALSE(absl::StrContains(first.err, "ETA")) << first.err;
  // On a terminal (script(1) gives the command a pseudo-terminal) the bar shows the orders
  // sent of the file's two well-formed ones, the rate and the time left.
  const std::string tty_log = absl::StrCat(::testing::TempDir(), getpid(), "-import.tty");
  std::remove(tty_log.c_str());
  std::string tty_error;
  const int tty_exit = RunCommand(
      {"/usr/bin/script", "-qec",
       absl::StrCat(SALESCTL_BINARY, " --customers_addr ", customers_server_->address(),
                    " --orders_addr ", orders_server_->address(), " orders import ", csv),
       "/dev/null"},
      tty_log, &tty_error);
  EXPECT_EQ(tty_exit, 4) << tty_error;
  const std::string tty = ReadAll(tty_log);
  EXPECT_TRUE(absl::StrContains(tty, "] 2/2 orders  ")) << tty;
  EXPECT_TRUE(absl::StrContains(tty, "/s  ETA 0:00")) << tty;

  // The imported order, found by its reference, has both lines as charged.
  json order = Ok({"orders", "list", "--external_ref", "L-1", "--json"}).One();
  EXPECT_EQ(order["status"], "ORDER_STATUS_COMPLETED");
  EXPECT_EQ(order["lines"].size(), 2u);
  EXPECT_EQ(order["createTime"], "2024-02-10T09:30:00Z");

  // Again: the good orders are skipped, the bad one is still refused.
  CtlResult again = Ctl({"orders", "import", csv, "--json"});
  EXPECT_EQ(again.exit_code, 4);
  json summary = again.One();
  EXPECT_EQ(summary["imported"], 0);
  EXPECT_EQ(summary["skipped"], 2);
  EXPECT_EQ(summary["refused"], 1);
  EXPECT_EQ(summary["refusals"][0]["line"], 4);

  // The service's own refusal (an unknown product) carries the order's first line too.
  const std::string unknown = WriteFile(
      "unknown.csv",
      "external_ref,customer,channel,region,status,create_time,product,quantity,unit_price\n"
      "U-1," +
          customer + ",store,east,completed,2024-01-05,products/987654,1,1.00\n");
  CtlResult refused = Ctl({"orders", "import", unknown});
  EXPECT_EQ(refused.exit_code, 4) << refused.out << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.out, "line 2 (U-1): ")) << refused.out;

  // A file without a header is refused as a whole: usage, exit 2, nothing imported.
  const std::string headless = WriteFile("headless.csv", "L-9," + customer + ",store\n");
  CtlResult bad = Ctl({"orders", "import", headless});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_TRUE(absl::StrContains(bad.err, "line 1: the first line must be the header")) << bad.err;
}

TEST_F(SalesctlTest, ImportsReturnsWithTheirOrdersFromTheSameCsv) {
  const std::string p = NewProduct("IMP-R", 1000, 400);
  const std::string customer = NewCustomer("Legacy returns");
  const std::string header =
      "external_ref,customer,channel,region,status,create_time,close_time,product,quantity,"
      "unit_price,returned_quantity,return_time,refund_time,return_reason,return_disposition\n";
  const std::string csv =
      WriteFile("returns.csv",
                header + "LR-1," + customer + ",web,east,completed,2024-02-10,2024-02-13," + p +
                    ",3,10.00,1,2024-02-20T10:00:00Z,2024-02-23T16:30:00Z,too small,scrap\n"
                    "LR-2," +
                    customer + ",web,east,cancelled,2024-02-10,2024-02-11," + p +
                    ",1,10.00,1,2024-02-20,,never came,\n");
  CtlResult first = Ctl({"orders", "import", csv});
  EXPECT_EQ(first.exit_code, 4) << first.out << first.err;
  EXPECT_TRUE(absl::StartsWith(first.out, "imported 1, skipped 0 (imported before), refused 1\n"))
      << first.out;
  // The service refuses the return of a cancelled order, naming the field.
  EXPECT_TRUE(absl::StrContains(first.out, "line 3 (LR-2): order.returns: ")) << first.out;
  const std::string order = Ok({"orders", "list", "--external_ref", "LR-1", "--quiet"}).out;
  ASSERT_FALSE(order.empty());
  json ret = Ok({"returns", "list", "--order", order.substr(0, order.size() - 1), "--json"}).One();
  EXPECT_EQ(ret["status"], "RETURN_STATUS_RESOLVED");
  EXPECT_EQ(ret["imported"], true);
  EXPECT_EQ(ret["disposition"], "DISPOSITION_SCRAP");
  EXPECT_EQ(ret["createTime"], "2024-02-20T10:00:00Z");
  EXPECT_EQ(ret["updateTime"], "2024-02-23T16:30:00Z");
  EXPECT_EQ(ret["refundTotal"]["minorUnits"], "1000");  // one of three units at 10.00
  // Again: skipped with its return.
  CtlResult again = Ctl({"orders", "import", csv, "--json"});
  EXPECT_EQ(again.exit_code, 4);
  EXPECT_EQ(again.One()["skipped"], 1);
  EXPECT_EQ(Ok({"returns", "list", "--quiet"}).out, ret["name"].get<std::string>() + "\n");
}

TEST_F(SalesctlTest, ImportsCustomerHistoryFromJsonLinesAndReportsTheBadLines) {
  const std::string file = WriteFile(
      "history.jsonl",
      std::string(R"({"customer": {"externalRef": {"sourceSystem": "crm", "id": "C-1"}, )"
                  R"("kind": "CUSTOMER_KIND_COMPANY", "displayName": "Acme Trading", )"
                  R"("createTime": "2024-02-10T09:30:00Z"}})") +
          "\n\n" +
          R"({"lead": {"externalRef": {"sourceSystem": "crm", "id": "L-1"}, )"
          R"("displayName": "Laptops", "createTime": "2024-01-05T08:00:00Z", )"
          R"("stageHistory": [{"stage": "LEAD_STAGE_WON", "changeTime": "2024-01-06T08:00:00Z"}]}})"
          "\n"
          "not json at all\n" +
          R"({"surveyResponse": {"externalRef": {"sourceSystem": "crm", "id": "N-1"}, )"
          R"("customerExternalRef": {"sourceSystem": "crm", "id": "C-1"}, )"
          R"("kind": "SURVEY_KIND_NPS", "score": 9, "answerTime": "2024-03-01T12:00:00Z"}})"
          "\n");
  CtlResult first = Ctl({"customers", "import", file});
  EXPECT_EQ(first.exit_code, 4) << first.out << first.err;
  EXPECT_TRUE(absl::StartsWith(first.out,
                               "imported 2 (1 customers, 0 leads, 0 interactions, 1 survey "
                               "answers), skipped 0 (imported before), refused 2\n"))
      << first.out;
  EXPECT_TRUE(absl::StrContains(first.out,
                                "line 3 (crm/L-1): lead.stage_history[0].stage: cannot move a "
                                "lead from LEAD_STAGE_LEAD to LEAD_STAGE_WON"))
      << first.out;
  EXPECT_TRUE(absl::StrContains(first.out, "line 4 (-): line: not an item")) << first.out;
  EXPECT_TRUE(absl::StrContains(first.err, "refused, the first at line 3")) << first.err;
  EXPECT_FALSE(absl::StrContains(first.err, "ETA")) << first.err;  // not a terminal

  // The customer, with its original create time, marked imported.
  json customer = Ok({"customers", "find", "--external_ref", "crm:C-1", "--json"}).One();
  EXPECT_EQ(customer["createTime"], "2024-02-10T09:30:00Z");
  EXPECT_EQ(customer["imported"], true);
  EXPECT_EQ(customer["displayName"], "Acme Trading");

  // Again, for a script: the good items are skipped, the bad ones still refused.
  CtlResult again = Ctl({"customers", "import", file, "--json"});
  EXPECT_EQ(again.exit_code, 4);
  json summary = again.One();
  EXPECT_EQ(summary["imported"], 0);
  EXPECT_EQ(summary["skipped"], 2);
  EXPECT_EQ(summary["refused"], 2);
  EXPECT_EQ(summary["refusals"][0]["line"], 3);
  EXPECT_EQ(summary["refusals"][0]["externalRef"], "crm/L-1");
  EXPECT_EQ(summary["refusals"][1]["line"], 4);

  CtlResult help = Ok({"customers", "import", "--help"});
  EXPECT_TRUE(absl::StrContains(help.out, "Example:")) << help.out;
  EXPECT_TRUE(absl::StrContains(help.out, "history.jsonl")) << help.out;
}

}  // namespace
}  // namespace sales::testing
