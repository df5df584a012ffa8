#include "tests/harness/mariadb.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/harness/subprocess.h"

namespace sales::testing {
namespace {

constexpr char kAdminUser[] = "sales_admin";
constexpr char kAdminPassword[] = "sales_admin";
constexpr char kMariaDbScript[] = SALES_SOURCE_DIR "/scripts/mariadb";

// The port in DIR/port, written by scripts/mariadb once the server answers; 0 if none.
int ReadPort(const std::string& dir) {
  std::ifstream in(dir + "/port");
  std::string text;
  std::getline(in, text);
  int port = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &port)) return 0;
  return port;
}

MariaDbEndpoint EndpointAt(const std::string& dir, int port) {
  MariaDbEndpoint endpoint;
  endpoint.port = port;
  endpoint.admin_user = kAdminUser;
  endpoint.admin_password = kAdminPassword;
  endpoint.dir = dir;
  return endpoint;
}

}  // namespace

db::DbConfig MariaDbEndpoint::AdminConfig(const std::string& database, int pool_size) const {
  db::DbConfig config;
  config.host = host;
  config.port = port;
  config.user = admin_user;
  config.password = admin_password;
  config.database = database;
  config.pool_size = pool_size;
  return config;
}

MariaDbEndpoint TestMariaDb() {
  const char* dir = std::getenv("SALES_TEST_MARIADB_DIR");
  if (dir == nullptr || *dir == '\0') {
    throw std::runtime_error(
        "SALES_TEST_MARIADB_DIR is not set. Run integration tests through ctest (scripts/test, "
        "or ctest --test-dir build -R <name>), whose `mariadb` fixture starts the database; or "
        "start one with `scripts/mariadb start DIR` and export SALES_TEST_MARIADB_DIR=DIR.");
  }
  const int port = ReadPort(dir);
  if (port == 0) {
    throw std::runtime_error(absl::StrCat(
        "no MariaDB is running in SALES_TEST_MARIADB_DIR=", dir, " (", dir,
        "/port is missing): did the mariadb_start test fail? See ", dir, "/mariadbd.err"));
  }
  return EndpointAt(dir, port);
}

PrivateMariaDb::PrivateMariaDb(std::string dir, int port) : dir_(std::move(dir)), port_(port) {
  std::filesystem::create_directories(dir_);
}

PrivateMariaDb::~PrivateMariaDb() {
  if (running_) Stop();
  if (!::testing::Test::HasFailure()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  } else {
    std::cerr << "[harness] kept the private MariaDB folder " << dir_ << " (see mariadbd.err)\n";
  }
}

bool PrivateMariaDb::Start() {
  if (!RunScript("start")) return false;
  port_ = ReadPort(dir_);
  running_ = port_ != 0;
  EXPECT_TRUE(running_) << "scripts/mariadb start wrote no port to " << dir_ << "/port";
  return running_;
}

bool PrivateMariaDb::Stop() {
  if (!RunScript("stop")) return false;
  running_ = false;
  return true;
}

bool PrivateMariaDb::Restart() { return Stop() && Start(); }

MariaDbEndpoint PrivateMariaDb::endpoint() const { return EndpointAt(dir_, port_); }

bool PrivateMariaDb::RunScript(const std::string& command) {
  std::vector<std::string> argv = {kMariaDbScript, command, dir_};
  if (command == "start" && port_ != 0) argv.push_back(std::to_string(port_));
  const std::string log = dir_ + "/harness.log";
  std::string error;
  const int code = RunCommand(argv, log, &error);
  if (code != 0) {
    ADD_FAILURE() << "scripts/mariadb " << command << " " << dir_ << " failed ("
                  << (code < 0 ? error : absl::StrCat("exit ", code)) << "); end of " << log
                  << ":\n"
                  << ReadTail(log, 30);
    return false;
  }
  return true;
}

}  // namespace sales::testing
