// Where and how a service connects to its MySQL schema.
#pragma once

#include <string>

namespace sales::db {

struct DbConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  int pool_size = 8;  // upper bound of open connections
};

}  // namespace sales::db
