// A fresh database and user per test, so tests never see each other's rows.
#pragma once

#include <string>

#include "common/db/db_config.h"
#include "tests/harness/mariadb.h"

namespace sales::testing {

// Database t_<hex> and user u_<hex>@127.0.0.1 (random password) with privileges on that
// database only, like a service's own schema and user in production. The destructor drops
// both. Move-only.
class TestSchema final {
 public:
  // Creates the database and the user as the endpoint's admin. Throws std::runtime_error
  // (which fails the test) when the server cannot be reached or refuses.
  static TestSchema Create(const MariaDbEndpoint& endpoint);

  TestSchema(TestSchema&& other) noexcept;
  TestSchema& operator=(TestSchema&& other) noexcept;
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;
  ~TestSchema();

  // Connects as the schema's own user to its database (pool size 4).
  db::DbConfig db_config() const;
  const std::string& database() const { return database_; }
  const std::string& user() const { return user_; }
  const MariaDbEndpoint& endpoint() const { return endpoint_; }

 private:
  TestSchema(MariaDbEndpoint endpoint, std::string database, std::string user,
             std::string password);
  void Drop() noexcept;

  MariaDbEndpoint endpoint_;
  std::string database_;  // empty once moved from or dropped
  std::string user_;
  std::string password_;
};

}  // namespace sales::testing
