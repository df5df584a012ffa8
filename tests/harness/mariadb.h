// The MariaDB servers integration tests run against, all private to the test run: never
// the system's database.
#pragma once

#include <string>

#include "common/db/db_config.h"

namespace sales::testing {

// Where a private MariaDB listens and how to administer it.
struct MariaDbEndpoint {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string admin_user;  // may create databases and users, and grant
  std::string admin_password;
  std::string dir;  // the folder scripts/mariadb manages (data, socket, logs)

  // A connection config as the admin user, on `database` ("" for none).
  db::DbConfig AdminConfig(const std::string& database = "", int pool_size = 1) const;
};

// The MariaDB the `mariadb` ctest fixture started for this test run, found through
// $SALES_TEST_MARIADB_DIR/port. Throws (failing the test with a message saying how to
// run it) when the variable is unset or the server is not there.
MariaDbEndpoint TestMariaDb();

// A MariaDB of a test's own, for tests that stop or restart the database under a service.
// It keeps its data and its port across Stop() and Start(). The destructor stops it, and
// removes `dir` unless the test failed (then its logs stay for a look).
class PrivateMariaDb final {
 public:
  // `dir` holds data, socket, pid file and logs; created when missing. With port 0 a free
  // port is picked at the first Start() and kept.
  explicit PrivateMariaDb(std::string dir, int port = 0);
  ~PrivateMariaDb();
  PrivateMariaDb(const PrivateMariaDb&) = delete;
  PrivateMariaDb& operator=(const PrivateMariaDb&) = delete;

  // Initialises on first use, starts, and waits until the server answers. On failure
  // records a test failure with the script's output and returns false.
  bool Start();
  // Shuts the server down and waits for its process to exit.
  bool Stop();
  // Stop() then Start(): same port, same data.
  bool Restart();

  bool running() const { return running_; }
  const std::string& dir() const { return dir_; }
  // Valid once Start() succeeded (the port stays the same afterwards).
  MariaDbEndpoint endpoint() const;

 private:
  bool RunScript(const std::string& command);

  std::string dir_;
  int port_;
  bool running_ = false;
};

}  // namespace sales::testing
