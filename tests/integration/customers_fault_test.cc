// Faults the customers service must survive: the database restarting under its pool,
// SIGTERM while calls are in flight, and configuration errors at start.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "tests/harness/wait_for.h"
#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

TEST(CustomersFaultTest, PoolRecoversAfterTheDatabaseRestarts) {
  PrivateMariaDb mariadb(::testing::TempDir() + "/restart-" + std::to_string(getpid()));
  ASSERT_TRUE(mariadb.Start());
  TestSchema schema = TestSchema::Create(mariadb.endpoint());
  auto server = ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema.db_config());
  ASSERT_NE(server, nullptr);
  auto stub = cv1::CustomersService::NewStub(server->channel());

  cv1::CreateCustomerRequest req;
  req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  req.mutable_customer()->set_display_name("Before restart");
  cv1::Customer before;
  ASSERT_TRUE(stub->CreateCustomer(CallCtx().get(), req, &before).ok());

  ASSERT_TRUE(mariadb.Stop());
  // While the database is down a call fails fast with UNAVAILABLE instead of hanging.
  cv1::GetCustomerRequest get;
  get.set_name(before.name());
  cv1::Customer out;
  const grpc::Status down = stub->GetCustomer(CallCtx().get(), get, &out);
  EXPECT_EQ(down.error_code(), StatusCode::UNAVAILABLE) << down.error_message();
  // That failed call turned health NOT_SERVING at once, not at the next ping.
  EXPECT_FALSE(server->Serving());

  ASSERT_TRUE(mariadb.Start());
  // The pool replaces its dead connections: calls succeed again without a server restart.
  EXPECT_TRUE(WaitFor(absl::Seconds(20),
                      [&] { return stub->GetCustomer(CallCtx().get(), get, &out).ok(); }));
  EXPECT_EQ(out.display_name(), "Before restart");
  // And the first call that reached the database turned it SERVING again.
  EXPECT_TRUE(server->Serving());
  req.mutable_customer()->set_display_name("After restart");
  cv1::Customer after;
  EXPECT_TRUE(stub->CreateCustomer(CallCtx().get(), req, &after).ok());
  EXPECT_TRUE(server->Running());
  server.reset();
  ASSERT_TRUE(mariadb.Stop());
}

TEST(CustomersFaultTest, SigtermLetsInFlightCallsFinishAndExitsZero) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  auto server = ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema.db_config());
  ASSERT_NE(server, nullptr);
  auto stub = cv1::CustomersService::NewStub(server->channel());
  cv1::CreateCustomerRequest create;
  create.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  create.mutable_customer()->set_display_name("Held");
  cv1::Customer customer;
  ASSERT_TRUE(stub->CreateCustomer(CallCtx().get(), create, &customer).ok());
  const std::string account = customer.name() + "/loyaltyAccount";
  const int64_t customer_id = std::stoll(customer.name().substr(strlen("customers/")));

  // Hold the account's row lock so that an EarnPoints call is provably in flight.
  db::ConnectionPool holder(schema.db_config());
  auto lease = holder.Acquire(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(lease.ok());
  db::Transaction lock_tx(std::move(lease).value());
  lock_tx.Query("SELECT points_balance FROM loyalty_accounts WHERE customer_id = ? FOR UPDATE",
                {customer_id});

  grpc::Status in_flight_status;
  std::thread caller([&] {
    cv1::EarnPointsRequest earn;
    earn.set_account(account);
    earn.set_points(10);
    cv1::PointEntry entry;
    in_flight_status = stub->EarnPoints(CallCtx(std::chrono::seconds(30)).get(), earn, &entry);
  });
  // Wait until the call is blocked on our lock inside the server.
  db::ConnectionPool admin(TestMariaDb().AdminConfig());
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    int64_t waiting = 0;
    auto st = db::RunInTransaction(admin, absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
      auto rs = tx.Query(
          "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE "
          "'%loyalty_accounts%FOR UPDATE%' AND ID <> CONNECTION_ID()",
          {schema.db_config().database});
      rs->next();
      waiting = rs->getInt64(1);
      return absl::OkStatus();
    });
    return st.ok() && waiting >= 1;  // the holder is idle now; only the server waits
  }));

  server->Signal(SIGTERM);
  // Give the server a moment to begin shutting down, then let the held call proceed.
  EXPECT_TRUE(WaitFor(absl::Seconds(5), [&] {
    cv1::GetCustomerRequest get;
    get.set_name(customer.name());
    cv1::Customer c;
    // New calls are refused once shutdown began.
    return !stub->GetCustomer(CallCtx(std::chrono::milliseconds(500)).get(), get, &c).ok();
  }));
  lock_tx.Rollback();
  caller.join();
  EXPECT_TRUE(in_flight_status.ok()) << in_flight_status.error_message();
  EXPECT_EQ(server->WaitForExit(absl::Seconds(20)), 0);
}

TEST(CustomersFaultTest, BadConfigurationFailsFastNamingTheSetting) {
  const std::string out = ::testing::TempDir() + "/badconfig.txt";
  const std::string cmd =
      std::string(SALES_CUSTOMERS_BINARY) + " --grpc_port=70000 --tiers=gold:5 > " + out + " 2>&1";
  const int rc = std::system(cmd.c_str());
  EXPECT_NE(rc, 0);
  std::FILE* f = std::fopen(out.c_str(), "r");
  ASSERT_NE(f, nullptr);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), f));
  std::fclose(f);
  EXPECT_NE(text.find("grpc_port"), std::string::npos) << text;
  EXPECT_NE(text.find("SALES_GRPC_PORT"), std::string::npos) << text;
  EXPECT_NE(text.find("tiers"), std::string::npos) << text;
}

TEST(CustomersFaultTest, MigrateOnlyAppliesTheSchemaOnceAndExits) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  const db::DbConfig db = schema.db_config();
  const std::string cmd =
      absl::StrCat(SALES_CUSTOMERS_BINARY, " --migrate_only --db_host=", db.host,
                   " --db_port=", db.port, " --db_user=", db.user, " --db_password=", db.password,
                   " --db_name=", db.database, " > /dev/null 2>&1");
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(std::system(cmd.c_str()), 0);  // a second run finds nothing to do
  db::ConnectionPool pool(db);
  int64_t applied = 0;
  ASSERT_TRUE(db::RunInTransaction(pool, absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
                auto rs = tx.Query("SELECT COUNT(*) FROM schema_migrations");
                rs->next();
                applied = rs->getInt64(1);
                return absl::OkStatus();
              }).ok());
  // C001 (outbox, idempotency), C002 (event log), C003 (aggregate indexes), C004 (event
  // variants), V001 (customers), V002 (lookup indexes, lead close date, erasure audit), V003
  // (imported history: imported flags and legacy references), V004 (referrals, categorised
  // feedback and complaints).
  EXPECT_EQ(applied, 8);
}

}  // namespace
}  // namespace sales::testing
