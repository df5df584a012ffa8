// Checks the harness itself against the test run's MariaDB: schemas are fresh and isolated
// from each other, a private MariaDB keeps data and port across a restart, and a service
// process is started, found ready, signalled and reaped.
#include <arpa/inet.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/port_owner.h"
#include "tests/harness/service_process.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {
namespace {

// Runs one statement as the schema's user; returns the first column of the first row of a
// query ("" for none). Throws sql::SQLException on an error.
std::string RunSql(const db::DbConfig& config, const std::string& statement) {
  db::ConnectionPool pool(config);
  auto lease = pool.Acquire(absl::Now() + absl::Seconds(10));
  if (!lease.ok()) throw std::runtime_error(lease.status().ToString());
  std::unique_ptr<sql::Statement> stmt(lease->connection().createStatement());
  std::string first;
  if (stmt->execute(statement)) {
    std::unique_ptr<sql::ResultSet> rs(stmt->getResultSet());
    if (rs->next()) first = rs->getString(1);
  }
  lease->Commit();  // checked, unlike Connection::commit()
  return first;
}

// The first column of the first row of a query with one bound text parameter.
std::string QueryOne(const db::DbConfig& config, const std::string& sql, const std::string& param) {
  db::ConnectionPool pool(config);
  std::string first;
  const absl::Status status =
      db::RunInTransaction(pool, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
        auto rs = tx.Query(sql, {param});
        if (rs->next()) first = rs->getString(1);
        return absl::OkStatus();
      });
  if (!status.ok()) throw std::runtime_error(status.ToString());
  return first;
}

class HarnessSelfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db::ConnectionPool::InitDriver(); }
};

TEST_F(HarnessSelfTest, SchemaIsUsableByItsOwnUser) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  const db::DbConfig config = schema.db_config();
  EXPECT_EQ(config.database, schema.database());
  EXPECT_EQ(config.user, schema.user());
  EXPECT_EQ(config.host, "127.0.0.1");
  EXPECT_GT(config.port, 0);

  RunSql(config, "CREATE TABLE notes (id BIGINT PRIMARY KEY AUTO_INCREMENT, body TEXT)");
  RunSql(config, "INSERT INTO notes (body) VALUES ('héllo 世界')");
  EXPECT_EQ(RunSql(config, "SELECT body FROM notes"), "héllo 世界");
  EXPECT_EQ(RunSql(config, "SELECT DATABASE()"), schema.database());
}

TEST_F(HarnessSelfTest, SchemasAreIsolatedFromEachOther) {
  TestSchema mine = TestSchema::Create(TestMariaDb());
  TestSchema theirs = TestSchema::Create(TestMariaDb());
  ASSERT_NE(mine.database(), theirs.database());
  RunSql(theirs.db_config(), "CREATE TABLE secrets (id INT PRIMARY KEY)");

  // Not listed, not readable, not creatable-in by another schema's user.
  EXPECT_EQ(QueryOne(mine.db_config(),
                     "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                     theirs.database()),
            "0");
  try {
    // Identifiers cannot be bound; these come from the harness, not from input.
    RunSql(mine.db_config(), absl::StrCat("SELECT * FROM `", theirs.database(), "`.secrets"));
    ADD_FAILURE() << "read another schema's table";
  } catch (const sql::SQLException& e) {
    EXPECT_TRUE(e.getErrorCode() == 1142 || e.getErrorCode() == 1044) << e.getErrorCode();
  }
  try {
    RunSql(mine.db_config(), absl::StrCat("CREATE DATABASE `", mine.database(), "_other`"));
    ADD_FAILURE() << "created a database outside its own";
  } catch (const sql::SQLException& e) {
    EXPECT_EQ(e.getErrorCode(), 1044) << e.what();
  }
}

TEST_F(HarnessSelfTest, DestroyedSchemaIsDropped) {
  std::string database;
  {
    TestSchema schema = TestSchema::Create(TestMariaDb());
    database = schema.database();
    TestSchema moved = std::move(schema);  // the moved-from one drops nothing
    RunSql(moved.db_config(), "CREATE TABLE t (id INT PRIMARY KEY)");
  }
  EXPECT_EQ(
      QueryOne(TestMariaDb().AdminConfig(),
               "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", database),
      "0");
  EXPECT_EQ(QueryOne(TestMariaDb().AdminConfig(), "SELECT COUNT(*) FROM mysql.user WHERE User = ?",
                     "u_" + database.substr(2)),
            "0");
}

TEST_F(HarnessSelfTest, PrivateMariaDbKeepsDataAndPortAcrossRestart) {
  const std::string dir = ::testing::TempDir() + "private-" + std::to_string(getpid());
  {
    PrivateMariaDb mariadb(dir);
    ASSERT_TRUE(mariadb.Start());
    const int port = mariadb.endpoint().port;
    ASSERT_GT(port, 0);
    TestSchema schema = TestSchema::Create(mariadb.endpoint());
    RunSql(schema.db_config(), "CREATE TABLE kept (v INT)");
    RunSql(schema.db_config(), "INSERT INTO kept VALUES (42)");

    ASSERT_TRUE(mariadb.Stop());
    EXPECT_FALSE(mariadb.running());
    EXPECT_THROW(RunSql(schema.db_config(), "SELECT 1"), std::runtime_error);

    ASSERT_TRUE(mariadb.Restart());  // Stop() of a stopped server is fine too
    EXPECT_EQ(mariadb.endpoint().port, port);
    EXPECT_EQ(RunSql(schema.db_config(), "SELECT v FROM kept"), "42");
  }
  EXPECT_FALSE(std::filesystem::exists(dir)) << "a passing test leaves no folder behind";
}

TEST_F(HarnessSelfTest, FreePortsAreUsable) {
  const int a = FreePort();
  const int b = FreePort();
  EXPECT_GT(a, 0);
  EXPECT_GT(b, 0);
}

TEST_F(HarnessSelfTest, FreePortNeverGivesTheSamePortTwice) {
  // A fixture picks a peer's port, then starts another server on free ports: the second
  // must not land on the first's port.
  std::set<int> seen;
  for (int i = 0; i < 300; ++i) EXPECT_TRUE(seen.insert(FreePort()).second) << "call " << i;
}

TEST_F(HarnessSelfTest, ListensOnTellsWhichProcessHoldsAPort) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  EXPECT_FALSE(ListensOn(getpid(), port)) << "bound but not listening";
  ASSERT_EQ(listen(fd, 1), 0);
  EXPECT_TRUE(ListensOn(getpid(), port));
  EXPECT_FALSE(ListensOn(getppid(), port)) << "another process";
  close(fd);
  EXPECT_FALSE(ListensOn(getpid(), port)) << "closed";
}

bool PythonGrpcAvailable() {
  return std::system("/usr/bin/python3 -c 'import grpc' >/dev/null 2>&1") == 0;
}

TEST_F(HarnessSelfTest, ServiceProcessStartsWhenServingAndExitsOnSigterm) {
  ASSERT_TRUE(PythonGrpcAvailable()) << "needs Debian's python3-grpcio (scripts/install-deps)";
  TestSchema schema = TestSchema::Create(TestMariaDb());
  auto service = ServiceProcess::Start(SALES_FAKE_SERVICE, schema.db_config());
  ASSERT_NE(service, nullptr);
  EXPECT_TRUE(service->Running());
  EXPECT_NE(service->grpc_port(), service->metrics_port());
  EXPECT_EQ(service->address(), "127.0.0.1:" + std::to_string(service->grpc_port()));
  EXPECT_TRUE(service->Serving());
  EXPECT_NE(service->LogTail().find("db " + schema.database()), std::string::npos)
      << service->LogTail();

  service->Signal(SIGTERM);
  EXPECT_EQ(service->WaitForExit(absl::Seconds(10)), 0) << service->LogTail();
  EXPECT_FALSE(service->Running());
  EXPECT_FALSE(service->Serving("", absl::Milliseconds(200)));
}

TEST_F(HarnessSelfTest, ServiceProcessKilledBySignalReportsIt) {
  ASSERT_TRUE(PythonGrpcAvailable()) << "needs Debian's python3-grpcio (scripts/install-deps)";
  TestSchema schema = TestSchema::Create(TestMariaDb());
  auto service = ServiceProcess::Start(SALES_FAKE_SERVICE, schema.db_config());
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->WaitForExit(absl::Milliseconds(100)), -1);  // still running
  service->Signal(SIGKILL);
  EXPECT_EQ(service->WaitForExit(absl::Seconds(10)), 128 + SIGKILL);
}

TEST_F(HarnessSelfTest, ServiceProcessThatDiesAtStartFailsWithItsLog) {
  ASSERT_TRUE(PythonGrpcAvailable()) << "needs Debian's python3-grpcio (scripts/install-deps)";
  const db::DbConfig db;
  EXPECT_NONFATAL_FAILURE(
      {
        auto service = ServiceProcess::Start(SALES_FAKE_SERVICE, db, {"--fail_at_start"});
        EXPECT_EQ(service, nullptr);
      },
      "failing at start as asked");
}

TEST(HarnessWithoutFixtureTest, TestMariaDbNamesTheMissingVariable) {
  const char* saved = std::getenv("SALES_TEST_MARIADB_DIR");
  const std::string value = saved == nullptr ? "" : saved;
  unsetenv("SALES_TEST_MARIADB_DIR");
  try {
    TestMariaDb();
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("SALES_TEST_MARIADB_DIR"), std::string::npos);
  }
  if (saved != nullptr) setenv("SALES_TEST_MARIADB_DIR", value.c_str(), 1);
}

}  // namespace
}  // namespace sales::testing
