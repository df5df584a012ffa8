// orders_bench: create + confirm of 3-line orders with N concurrent callers, over gRPC
// against a running orders service, and, in the same run, the same transactions issued
// directly through a pool by the orders handlers (no gRPC; the same customer check, from
// the states the customers feed reported to orders). Prints orders/s, p50/p99 and the ratio
// gRPC/direct; the SQL statements, SELECTs and commits one create+confirm costs the whole suite,
// over gRPC and direct (MariaDB's global Questions, Com_select and Com_commit over a fixed number
// of orders, background subtracted); and ListOrders pages of 100 over gRPC and direct, with the
// statements one page costs.
#include <grpcpp/grpcpp.h>

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <iterator>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/absl_compat.h"
#include "common/db/pool.h"
#include "common/page_token.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "sales/orders/v1/orders_service.grpc.pb.h"
#include "services/orders/src/api/customer_checker.h"
#include "services/orders/src/api/order_handlers.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/latency_recorder.h"
#include "tools/loadgen/report.h"

namespace {

namespace cv1 = ::sales::customers::v1;
namespace ov1 = ::sales::orders::v1;
using sales::loadgen::Clock;

constexpr char kWarehouse[] = "bench";

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

// Three distinct products picked at random from the catalogue: orders on one product set
// would only measure the row lock on its stock.
std::vector<std::string> PickThree(const std::vector<std::string>& catalogue) {
  thread_local std::mt19937 random(std::random_device{}());
  std::vector<std::string> picked;
  std::sample(catalogue.begin(), catalogue.end(), std::back_inserter(picked), 3, random);
  return picked;
}

ov1::CreateOrderRequest OrderFor(const std::string& customer,
                                 const std::vector<std::string>& products) {
  ov1::CreateOrderRequest req;
  ov1::Order* o = req.mutable_order();
  o->set_customer(customer);
  o->set_channel(ov1::CHANNEL_WEB);
  o->set_region("bench");
  o->set_warehouse(kWarehouse);
  o->add_sales_credits()->set_rep("reps/bench");
  o->mutable_sales_credits(0)->set_revenue_share_bp(10000);
  for (const std::string& product : products) {
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product);
    line->set_quantity(1);
  }
  return req;
}

// `count` products with stock for the whole run, and one customer.
bool Prepare(ov1::OrdersService::Stub& orders, cv1::CustomersService::Stub& customers, int count,
             std::vector<std::string>* products, std::string* customer) {
  const std::string tag = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  for (int i = 0; i < count; ++i) {
    ov1::CreateProductRequest req;
    req.mutable_product()->set_sku(absl::StrCat("BENCH-", tag, "-", i));
    req.mutable_product()->set_display_name(absl::StrCat("Bench product ", i));
    req.mutable_product()->set_category("bench");
    req.mutable_product()->set_unit("EA");
    req.mutable_product()->mutable_list_price()->set_currency_code("CNY");
    req.mutable_product()->mutable_list_price()->set_minor_units(1000 * (i + 1));
    req.mutable_product()->mutable_unit_cost()->set_currency_code("CNY");
    req.mutable_product()->mutable_unit_cost()->set_minor_units(600 * (i + 1));
    ov1::Product product;
    grpc::Status status = orders.CreateProduct(Ctx().get(), req, &product);
    if (!status.ok()) {
      std::cerr << "orders_bench: CreateProduct: " << status.error_message() << "\n";
      return false;
    }
    ov1::ReceiveStockRequest stock;
    stock.set_product(product.name());
    stock.set_warehouse(kWarehouse);
    stock.set_quantity(100000000);
    ov1::StockLevel level;
    status = orders.ReceiveStock(Ctx().get(), stock, &level);
    if (!status.ok()) {
      std::cerr << "orders_bench: ReceiveStock: " << status.error_message() << "\n";
      return false;
    }
    products->push_back(product.name());
  }
  cv1::CreateCustomerRequest req;
  req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  req.mutable_customer()->set_display_name("Bench buyer");
  cv1::Customer out;
  const grpc::Status status = customers.CreateCustomer(Ctx().get(), req, &out);
  if (!status.ok()) {
    std::cerr << "orders_bench: CreateCustomer: " << status.error_message() << "\n";
    return false;
  }
  *customer = out.name();
  return true;
}

// Runs `one` (create + confirm of one order) on `callers` threads for `seconds`.
sales::loadgen::PhaseStats RunPhase(const std::string& name, int callers, int seconds,
                                    const std::function<absl::Status()>& one) {
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(500);  // warm-up
  const sales::loadgen::MeasureWindow window{start, start + std::chrono::seconds(seconds)};
  std::vector<std::unique_ptr<sales::loadgen::LatencyRecorder>> recorders;
  for (int i = 0; i < callers; ++i) {
    recorders.push_back(std::make_unique<sales::loadgen::LatencyRecorder>(window));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < callers; ++i) {
    threads.emplace_back([&, i] {
      sales::loadgen::LatencyRecorder& rec = *recorders[i];
      while (!rec.Expired(Clock::now())) {
        const Clock::time_point begin = Clock::now();
        const absl::Status status = one();
        if (status.ok()) {
          rec.RecordOk(begin, Clock::now());
        } else {
          rec.RecordError(Clock::now(), static_cast<int>(status.code()),
                          sales::ToStd(status.message()));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<const sales::loadgen::LatencyRecorder*> all;
  for (const auto& r : recorders) all.push_back(r.get());
  return sales::loadgen::Summarize(name, all, window.stop - window.start);
}

// Streams `count` historical 3-line orders through ImportOrders; returns orders/s.
double RunImport(ov1::OrdersService::Stub& orders, const std::string& customer,
                 const std::vector<std::string>& catalogue, int64_t count) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(30));
  ov1::ImportOrdersResponse response;
  const absl::Time start = absl::Now();
  auto writer = orders.ImportOrders(&ctx, &response);
  const std::string tag = absl::StrCat(absl::ToUnixMillis(start));
  for (int64_t i = 0; i < count; ++i) {
    ov1::ImportOrdersRequest req;
    ov1::ImportedOrder* o = req.mutable_order();
    o->set_external_ref(absl::StrCat("legacy-", tag, "-", i));
    o->set_customer(customer);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("bench");
    o->set_warehouse(kWarehouse);
    o->set_status(ov1::ORDER_STATUS_COMPLETED);
    o->mutable_create_time()->set_seconds(1600000000 + i * 60);
    for (const std::string& product : PickThree(catalogue)) {
      ov1::OrderLine* line = o->add_lines();
      line->set_product(product);
      line->set_quantity(1 + i % 3);
      line->mutable_unit_price()->set_currency_code("CNY");
      line->mutable_unit_price()->set_minor_units(1999);
      line->mutable_unit_cost()->set_currency_code("CNY");
      line->mutable_unit_cost()->set_minor_units(1200);
    }
    if (!writer->Write(req)) break;
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::cout << "import: " << response.imported() << " of " << count << " orders in " << seconds
            << " s (" << response.imported() / seconds << " orders/s), skipped "
            << response.skipped() << ", refused " << response.errors_size()
            << (status.ok() ? "" : absl::StrCat(", stream failed: ", status.error_message()))
            << "\n";
  return response.imported() / seconds;
}

absl::Status FromGrpc(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

// MariaDB's server-wide statement counters. Every service of the suite shares the
// database server, so a difference covers the servers, the relays, the consumer and the
// customer check alike.
struct Counters {
  int64_t questions = 0;     // statements sent by clients (prepared executions included)
  int64_t selects = 0;       // Com_select
  int64_t commits = 0;       // Com_commit
  int64_t lock_waits = 0;    // Innodb_row_lock_waits: row lock requests that had to wait
  int64_t lock_wait_ms = 0;  // Innodb_row_lock_time: milliseconds spent waiting for them

  Counters operator-(const Counters& o) const {
    return {questions - o.questions, selects - o.selects, commits - o.commits,
            lock_waits - o.lock_waits, lock_wait_ms - o.lock_wait_ms};
  }
};

// Reads the counters on a connection of its own, held for the whole run so that no pool
// check or reconnect adds statements. Each read is one statement (a SHOW), which
// Difference() takes out again.
class CounterReader final {
 public:
  explicit CounterReader(sales::db::ConnectionPool::Lease lease) : lease_(std::move(lease)) {}

  Counters Read() {
    std::unique_ptr<sql::Statement> statement(lease_.connection().createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_commit', "
        "'Innodb_row_lock_waits', 'Innodb_row_lock_time')"));
    Counters c;
    while (rows->next()) {
      const std::string name = rows->getString(1);
      const int64_t value = std::stoll(std::string(rows->getString(2)));
      if (name == "Questions") c.questions = value;
      if (name == "Com_select") c.selects = value;
      if (name == "Com_commit") c.commits = value;
      if (name == "Innodb_row_lock_waits") c.lock_waits = value;
      if (name == "Innodb_row_lock_time") c.lock_wait_ms = value;
    }
    return c;
  }

  // after - before, less the SHOW that read `after`.
  static Counters Difference(const Counters& after, const Counters& before) {
    Counters d = after - before;
    d.questions -= 1;
    return d;
  }

 private:
  sales::db::ConnectionPool::Lease lease_;
};

// Counts what `work` costs the suite: the counters over the work plus `settle` (for the
// relay and the consumer to finish), less the background (relay polls, health checks)
// measured over an idle window of the same length just before.
struct Cost {
  Counters work;        // background already subtracted
  Counters background;  // over the same duration, idle
};
Cost MeasureCost(CounterReader& reader, absl::Duration settle, const std::function<void()>& work) {
  // First let the relays and the consumer finish what earlier phases left them (at most
  // 30 s): the idle window must see only their polls.
  constexpr int64_t kQuietStatements = 50;  // per half second
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  for (Counters last = reader.Read(); absl::Now() < give_up;) {
    absl::SleepFor(absl::Milliseconds(500));
    const Counters now = reader.Read();
    const bool quiet = CounterReader::Difference(now, last).questions <= kQuietStatements;
    last = now;
    if (quiet) break;
  }
  const absl::Time idle_start = absl::Now();
  const Counters idle_before = reader.Read();
  absl::SleepFor(settle);
  const Counters idle_after = reader.Read();
  const double idle_seconds = absl::ToDoubleSeconds(absl::Now() - idle_start);
  const Counters idle = CounterReader::Difference(idle_after, idle_before);

  const absl::Time start = absl::Now();
  const Counters before = reader.Read();
  work();
  absl::SleepFor(settle);
  const Counters after = reader.Read();
  const double scale = absl::ToDoubleSeconds(absl::Now() - start) / idle_seconds;
  const Counters background{static_cast<int64_t>(idle.questions * scale),
                            static_cast<int64_t>(idle.selects * scale),
                            static_cast<int64_t>(idle.commits * scale)};
  return {CounterReader::Difference(after, before) - background, background};
}

void PrintCost(const std::string& what, const Cost& cost, int64_t count) {
  const double n = static_cast<double>(count);
  std::cout << absl::StrFormat(
      "%s: %.1f SQL statements, %.1f SELECTs, %.1f commits each (over %d; background "
      "subtracted: %d statements, %d SELECTs, %d commits)\n",
      what, cost.work.questions / n, cost.work.selects / n, cost.work.commits / n, count,
      cost.background.questions, cost.background.selects, cost.background.commits);
}

// A create+confirm phase with what it cost besides time: the row lock waits (MariaDB's
// counters) and the CPU of each process of the suite, both over every call of the phase
// (warm-up and drain included) and so given per call made.
struct MeasuredPhase {
  sales::loadgen::PhaseStats stats;
  int64_t calls = 0;  // successful calls, warm-up and drain included
  Counters locks;
  std::vector<std::optional<double>> cpu_seconds;  // per watched process; none: unreadable
};

MeasuredPhase RunMeasuredPhase(const std::string& name, int callers, int seconds,
                               CounterReader& counters,
                               const std::vector<sales::loadgen::WatchedProcess>& processes,
                               const std::function<absl::Status()>& one) {
  std::atomic<int64_t> calls{0};
  const Counters counters_before = counters.Read();
  std::vector<std::optional<double>> cpu_before;
  for (const auto& process : processes) {
    cpu_before.push_back(sales::loadgen::ProcessCpuSeconds(process.pid));
  }
  MeasuredPhase phase;
  phase.stats = RunPhase(name, callers, seconds, [&]() -> absl::Status {
    absl::Status status = one();
    if (status.ok()) calls.fetch_add(1, std::memory_order_relaxed);
    return status;
  });
  for (size_t i = 0; i < processes.size(); ++i) {
    const std::optional<double> after = sales::loadgen::ProcessCpuSeconds(processes[i].pid);
    phase.cpu_seconds.push_back(after && cpu_before[i] ? std::optional(*after - *cpu_before[i])
                                                       : std::nullopt);
  }
  phase.locks = CounterReader::Difference(counters.Read(), counters_before);
  phase.calls = calls.load();
  return phase;
}

// Row lock waits and CPU per create+confirm: the contention for the stock rows the orders
// share, and what each process spends on one order.
void PrintPhaseCost(const MeasuredPhase& phase,
                    const std::vector<sales::loadgen::WatchedProcess>& processes) {
  const double n = static_cast<double>(std::max<int64_t>(phase.calls, 1));
  std::cout << absl::StrFormat(
      "%s: %.2f row lock waits and %.1f ms waited for row locks per create+confirm; CPU ms per "
      "create+confirm:",
      phase.stats.phase, phase.locks.lock_waits / n, phase.locks.lock_wait_ms / n);
  double total = 0;
  for (size_t i = 0; i < processes.size(); ++i) {
    if (!phase.cpu_seconds[i].has_value()) {
      std::cout << absl::StrFormat(" %s unreadable,", processes[i].name);
      continue;
    }
    const double ms = *phase.cpu_seconds[i] * 1000.0;
    std::cout << absl::StrFormat(" %s %.2f,", processes[i].name, ms / n);
    total += ms;
  }
  std::cout << absl::StrFormat(" total %.2f (over %d calls)\n", total / n, phase.calls);
}

// Walks ListOrders pages of `page_size` from the start, over and over, until the phase ends.
class PageWalker final {
 public:
  explicit PageWalker(int page_size) : page_size_(page_size) {}
  ov1::ListOrdersRequest Next() const {
    ov1::ListOrdersRequest req;
    req.set_page_size(page_size_);
    req.set_page_token(token_);
    return req;
  }
  // After the last page the next call starts from the first again.
  void Advance(const ov1::ListOrdersResponse& page) { token_ = page.next_page_token(); }

 private:
  const int page_size_;
  std::string token_;
};

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  const std::string target =
      flags.String("target", "", "127.0.0.1:50052", "orders service under load");
  const std::string customers_target = flags.String(
      "customers", "", "127.0.0.1:50051",
      "customers service (setup; the direct phase's check of a customer orders has not seen)");
  const int callers = static_cast<int>(flags.Int("concurrency", "", 16, 1, 512, "callers"));
  absl::StatusOr<std::vector<sales::loadgen::WatchedProcess>> cpu =
      sales::loadgen::ParseWatchedProcesses(flags.String(
          "cpu_pids", "", "",
          "processes whose CPU per order to print, name=pid,... (scripts/bench sets it)"));
  if (cpu.ok()) cpu->push_back({"orders_bench", 0});  // this process: the direct handlers
  const int seconds = static_cast<int>(flags.Int("seconds", "", 10, 1, 3600, "per phase"));
  const int64_t import_count =
      flags.Int("import", "", 0, 0, 100000000, "also import this many historical orders");
  const int catalogue_size = static_cast<int>(
      flags.Int("products", "", 30, 3, 10000, "catalogue size; each order takes 3 at random"));
  const int64_t cost_orders =
      flags.Int("cost_orders", "", 50, 1, 100000,
                "create+confirm over gRPC whose SQL statements are counted");
  const int page_size =
      static_cast<int>(flags.Int("list_page_size", "", 100, 1, 1000, "ListOrders page size"));
  const int64_t cost_pages =
      flags.Int("cost_pages", "", 20, 1, 100000, "ListOrders pages whose statements are counted");
  const absl::Duration settle = absl::Milliseconds(
      flags.Int("settle_ms", "", 2000, 0, 60000,
                "wait after counted work for the relay and the consumer to finish"));
  sales::ServerConfig server = sales::ReadServerConfig(flags, "orders", 0, 0);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (!cpu.ok()) {
    std::cerr << "orders_bench: " << cpu.status().message() << "\n";
    return 2;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "orders_bench: " << status.message() << "\n";
    return 2;
  }
  auto orders =
      ov1::OrdersService::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  auto customers = cv1::CustomersService::NewStub(
      grpc::CreateChannel(customers_target, grpc::InsecureChannelCredentials()));
  // The servers refuse calls (UNAVAILABLE) until their migrations ran.
  const absl::Time ready_by = absl::Now() + absl::Seconds(30);
  for (;;) {
    ov1::ListProductsResponse list;
    const grpc::Status status =
        orders->ListProducts(Ctx().get(), ov1::ListProductsRequest(), &list);
    if (status.ok()) break;
    if (absl::Now() > ready_by) {
      std::cerr << "orders_bench: orders service not ready: " << status.error_message() << "\n";
      return 1;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  std::vector<std::string> products;
  std::string customer;
  if (!Prepare(*orders, *customers, catalogue_size, &products, &customer)) return 1;

  sales::db::ConnectionPool pool(server.db);
  // Its own connection, so the direct phases keep every connection of `pool`; it also
  // reads the row lock waits of each create+confirm phase.
  sales::db::DbConfig counter_db = server.db;
  counter_db.pool_size = 1;
  sales::db::ConnectionPool counter_pool(counter_db);
  absl::StatusOr<sales::db::ConnectionPool::Lease> counter_lease =
      counter_pool.Acquire(absl::Now() + absl::Seconds(30));
  if (!counter_lease.ok()) {
    std::cerr << "orders_bench: " << counter_lease.status().message() << "\n";
    return 1;
  }
  CounterReader counters(std::move(*counter_lease));
  const MeasuredPhase grpc_phase = RunMeasuredPhase(
      "gRPC create+confirm", callers, seconds, counters, *cpu, [&]() -> absl::Status {
        ov1::Order order;
        grpc::Status s =
            orders->CreateOrder(Ctx().get(), OrderFor(customer, PickThree(products)), &order);
        if (!s.ok()) return FromGrpc(s);
        ov1::ConfirmOrderRequest confirm;
        confirm.set_name(order.name());
        return FromGrpc(orders->ConfirmOrder(Ctx().get(), confirm, &order));
      });

  // The counted orders run after the gRPC phase, before the direct phase.
  int64_t cost_errors = 0;
  const Cost order_cost = MeasureCost(counters, settle, [&] {
    for (int64_t i = 0; i < cost_orders; ++i) {
      ov1::Order order;
      grpc::Status s =
          orders->CreateOrder(Ctx().get(), OrderFor(customer, PickThree(products)), &order);
      if (s.ok()) {
        ov1::ConfirmOrderRequest confirm;
        confirm.set_name(order.name());
        s = orders->ConfirmOrder(Ctx().get(), confirm, &order);
      }
      if (!s.ok()) {
        ++cost_errors;
        std::cerr << "orders_bench: counted order: " << s.error_message() << "\n";
      }
    }
  });

  const sales::PageTokenCodec page_tokens(sales::kDevPageTokenSecret);
  // The same handlers and customer check as the server: the customer's state as the
  // customers feed reported it to orders (the server's consumer keeps it in the schema
  // this pool reads), the customers service asked only for a customer not reported yet.
  sales::orders::api::GrpcCustomerChecker checker(
      grpc::CreateChannel(customers_target, grpc::InsecureChannelCredentials()));
  sales::orders::api::OrderPolicy policy;
  const sales::orders::api::HandlerContext ctx{&pool, &page_tokens, &checker, policy};
  sales::orders::api::OrderHandlers handlers(ctx);
  const MeasuredPhase direct_phase = RunMeasuredPhase(
      "direct create+confirm", callers, seconds, counters, *cpu, [&]() -> absl::Status {
        const absl::Time deadline = absl::Now() + absl::Seconds(10);
        absl::StatusOr<ov1::Order> order =
            handlers.CreateOrder(OrderFor(customer, PickThree(products)), deadline);
        if (!order.ok()) return order.status();
        ov1::ConfirmOrderRequest confirm;
        confirm.set_name(order->name());
        return handlers.ConfirmOrder(confirm, deadline).status();
      });
  // The same count for direct orders: what the gRPC path adds in statements (its commits
  // also wake the server's relay at once, where direct commits wait for its next poll).
  const Cost direct_order_cost = MeasureCost(counters, settle, [&] {
    for (int64_t i = 0; i < cost_orders; ++i) {
      const absl::Time deadline = absl::Now() + absl::Seconds(10);
      absl::StatusOr<ov1::Order> order =
          handlers.CreateOrder(OrderFor(customer, PickThree(products)), deadline);
      absl::Status status = order.status();
      if (order.ok()) {
        ov1::ConfirmOrderRequest confirm;
        confirm.set_name(order->name());
        status = handlers.ConfirmOrder(confirm, deadline).status();
      }
      if (!status.ok()) {
        ++cost_errors;
        std::cerr << "orders_bench: counted direct order: " << status.message() << "\n";
      }
    }
  });

  // ListOrders: every caller walks the whole list in pages, from the start again at its end.
  auto list_phase = [&](const std::string& name,
                        const std::function<absl::StatusOr<ov1::ListOrdersResponse>(
                            const ov1::ListOrdersRequest&)>& list) {
    return RunPhase(name, callers, seconds, [&]() -> absl::Status {
      thread_local std::unique_ptr<PageWalker> walker;
      if (walker == nullptr) walker = std::make_unique<PageWalker>(page_size);
      absl::StatusOr<ov1::ListOrdersResponse> page = list(walker->Next());
      if (!page.ok()) return page.status();
      walker->Advance(*page);
      return absl::OkStatus();
    });
  };
  const auto list_grpc =
      [&](const ov1::ListOrdersRequest& req) -> absl::StatusOr<ov1::ListOrdersResponse> {
    ov1::ListOrdersResponse page;
    const grpc::Status s = orders->ListOrders(Ctx().get(), req, &page);
    if (!s.ok()) return FromGrpc(s);
    return page;
  };
  const auto list_direct = [&](const ov1::ListOrdersRequest& req) {
    return handlers.ListOrders(req, absl::Now() + absl::Seconds(10));
  };
  const sales::loadgen::PhaseStats grpc_list = list_phase("gRPC ListOrders page", list_grpc);
  const sales::loadgen::PhaseStats direct_list = list_phase("direct ListOrders page", list_direct);
  int64_t short_pages = 0;
  const Cost page_cost = MeasureCost(counters, settle, [&] {
    PageWalker walker(page_size);
    for (int64_t i = 0; i < cost_pages; ++i) {
      absl::StatusOr<ov1::ListOrdersResponse> page = list_direct(walker.Next());
      if (!page.ok()) {
        ++cost_errors;
        std::cerr << "orders_bench: counted page: " << page.status().message() << "\n";
        continue;
      }
      if (page->orders_size() < page_size) ++short_pages;
      walker.Advance(*page);
    }
  });
  pool.Close();

  std::cout << "3-line orders over " << catalogue_size << " products, " << callers << " callers, "
            << seconds << " s per phase\n";
  sales::loadgen::PrintTable(std::cout, {grpc_phase.stats, direct_phase.stats});
  sales::loadgen::PrintRatios(std::cout, "create+confirm", grpc_phase.stats, direct_phase.stats);
  PrintCost("create+confirm over gRPC (whole suite)", order_cost, cost_orders);
  PrintCost("create+confirm direct (whole suite)", direct_order_cost, cost_orders);
  for (const MeasuredPhase* phase : {&grpc_phase, &direct_phase}) {
    PrintPhaseCost(*phase, *cpu);
  }
  std::cout << "ListOrders, pages of " << page_size << ", " << callers << " callers\n";
  sales::loadgen::PrintTable(std::cout, {grpc_list, direct_list});
  sales::loadgen::PrintRatios(std::cout, "ListOrders", grpc_list, direct_list);
  PrintCost(absl::StrCat("direct ListOrders page of ", page_size,
                         short_pages > 0 ? absl::StrCat(" (", short_pages, " pages short)") : ""),
            page_cost, cost_pages);
  if (import_count > 0) RunImport(*orders, customer, products, import_count);
  return grpc_phase.stats.errors + direct_phase.stats.errors + grpc_list.errors +
                     direct_list.errors + cost_errors ==
                 0
             ? 0
             : 3;
}
