#include "tests/harness/test_schema.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"

namespace sales::testing {
namespace {

// `n` random lowercase hex digits: names and passwords built from them need no quoting.
std::string RandomHex(int n) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string out;
  while (static_cast<int>(out.size()) < n) {
    out += absl::StrFormat("%016x", rng());
  }
  out.resize(n);
  return out;
}

// Runs each statement, in order, as the admin (DDL commits by itself).
void RunAsAdmin(const MariaDbEndpoint& endpoint, const std::vector<std::string>& statements) {
  db::ConnectionPool::InitDriver();
  db::ConnectionPool pool(endpoint.AdminConfig());
  auto lease = pool.Acquire(absl::Now() + absl::Seconds(20));
  if (!lease.ok()) {
    throw std::runtime_error(absl::StrCat("cannot connect to MariaDB at ", endpoint.host, ":",
                                          endpoint.port, " as ", endpoint.admin_user, ": ",
                                          lease.status().ToString()));
  }
  std::string current;
  try {
    std::unique_ptr<sql::Statement> stmt(lease->connection().createStatement());
    for (const std::string& statement : statements) {
      current = statement;
      stmt->execute(statement);
    }
  } catch (const sql::SQLException& e) {
    lease->MarkBroken();
    throw std::runtime_error(
        absl::StrCat("MariaDB error ", e.getErrorCode(), " (", e.what(), ") running: ", current));
  }
}

}  // namespace

TestSchema TestSchema::Create(const MariaDbEndpoint& endpoint) {
  const std::string id = RandomHex(12);
  TestSchema schema(endpoint, "t_" + id, "u_" + id, RandomHex(24));
  RunAsAdmin(endpoint, {
                           absl::StrCat("CREATE DATABASE `", schema.database_,
                                        "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"),
                           absl::StrCat("CREATE USER '", schema.user_,
                                        "'@'127.0.0.1' IDENTIFIED BY '", schema.password_, "'"),
                           absl::StrCat("GRANT ALL PRIVILEGES ON `", schema.database_, "`.* TO '",
                                        schema.user_, "'@'127.0.0.1'"),
                       });
  return schema;
}

TestSchema::TestSchema(MariaDbEndpoint endpoint, std::string database, std::string user,
                       std::string password)
    : endpoint_(std::move(endpoint)),
      database_(std::move(database)),
      user_(std::move(user)),
      password_(std::move(password)) {}

TestSchema::TestSchema(TestSchema&& other) noexcept
    : endpoint_(std::move(other.endpoint_)),
      database_(std::exchange(other.database_, "")),
      user_(std::exchange(other.user_, "")),
      password_(std::exchange(other.password_, "")) {}

TestSchema& TestSchema::operator=(TestSchema&& other) noexcept {
  if (this != &other) {
    Drop();
    endpoint_ = std::move(other.endpoint_);
    database_ = std::exchange(other.database_, "");
    user_ = std::exchange(other.user_, "");
    password_ = std::exchange(other.password_, "");
  }
  return *this;
}

TestSchema::~TestSchema() { Drop(); }

db::DbConfig TestSchema::db_config() const {
  db::DbConfig config;
  config.host = endpoint_.host;
  config.port = endpoint_.port;
  config.user = user_;
  config.password = password_;
  config.database = database_;
  config.pool_size = 4;
  return config;
}

void TestSchema::Drop() noexcept {
  if (database_.empty()) return;
  // A private server that was stopped for good takes the schema with it.
  if (!endpoint_.dir.empty() && !std::filesystem::exists(endpoint_.dir + "/port")) {
    database_.clear();
    return;
  }
  try {
    // A connection still holding a lock in the schema must not hang the test forever.
    RunAsAdmin(endpoint_, {
                              "SET SESSION lock_wait_timeout = 20",
                              absl::StrCat("DROP DATABASE IF EXISTS `", database_, "`"),
                              absl::StrCat("DROP USER IF EXISTS '", user_, "'@'127.0.0.1'"),
                          });
  } catch (const std::exception& e) {
    std::cerr << "[harness] could not drop test schema " << database_ << ": " << e.what() << "\n";
  }
  database_.clear();
}

}  // namespace sales::testing
