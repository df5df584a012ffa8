#include "common/server/server_config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace sales {
namespace {

// Parses `args` with no SALES_* variable set, so the machine's environment cannot leak in.
class ServerConfigTest : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"SALES_LISTEN_HOST", "SALES_GRPC_PORT", "SALES_METRICS_PORT", "SALES_DB_HOST",
          "SALES_DB_PORT", "SALES_DB_USER", "SALES_DB_PASSWORD", "SALES_DB_PASSWORD_FILE",
          "SALES_DB_NAME", "SALES_DB_POOL_SIZE", "SALES_PAGE_TOKEN_SECRET",
          "SALES_BUSINESS_TIME_ZONE", "SALES_CURRENCY", "SALES_SHUTDOWN_GRACE_MS",
          "SALES_DEFAULT_DEADLINE_MS", "SALES_MIGRATE_ONLY", "SALES_HANDLER_THREADS"}) {
      unsetenv(name);
    }
  }

  ServerConfig Read(std::vector<std::string> args, absl::Status* status) {
    args.insert(args.begin(), "customers");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    Flags flags(static_cast<int>(argv.size()), argv.data());
    ServerConfig config = ReadServerConfig(flags, "customers", 50051, 9451);
    *status = flags.Check();
    return config;
  }
};

TEST_F(ServerConfigTest, Defaults) {
  absl::Status status;
  const ServerConfig config = Read({}, &status);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(config.service, "customers");
  EXPECT_EQ(config.listen_host, "0.0.0.0");
  EXPECT_EQ(config.grpc_port, 50051);
  EXPECT_EQ(config.metrics_port, 9451);
  EXPECT_EQ(config.db.host, "127.0.0.1");
  EXPECT_EQ(config.db.port, 3306);
  EXPECT_EQ(config.db.user, "customers");
  EXPECT_EQ(config.db.password, "");
  EXPECT_EQ(config.db.database, "customers");
  EXPECT_EQ(config.db.pool_size, 16);
  EXPECT_EQ(config.page_token_secret, kDevPageTokenSecret);
  EXPECT_EQ(config.business_time_zone, absl::UTCTimeZone());
  EXPECT_EQ(config.currency, "CNY");
  EXPECT_EQ(config.shutdown_grace, absl::Seconds(10));
  EXPECT_EQ(config.default_deadline, absl::Seconds(30));
  EXPECT_FALSE(config.migrate_only);
  EXPECT_EQ(config.handler_threads, 16);  // follows the pool size
}

// The idle handler threads follow --db_pool_size unless set; 0 means "follow".
TEST_F(ServerConfigTest, HandlerThreadsFollowThePoolUnlessSet) {
  absl::Status status;
  EXPECT_EQ(Read({"--db_pool_size=4"}, &status).handler_threads, 4);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(Read({"--db_pool_size=4", "--handler_threads=32"}, &status).handler_threads, 32);
  ASSERT_TRUE(status.ok()) << status.message();
  Read({"--handler_threads=-1"}, &status);
  EXPECT_NE(status.message().find("--handler_threads"), std::string::npos) << status.message();
}

TEST_F(ServerConfigTest, FlagsAndEnvironment) {
  setenv("SALES_DB_HOST", "db.internal", 1);
  setenv("SALES_BUSINESS_TIME_ZONE", "Asia/Shanghai", 1);
  absl::Status status;
  const ServerConfig config = Read({"--grpc_port=6000", "--metrics_port=0", "--currency=EUR",
                                    "--migrate_only", "--shutdown_grace_ms=250"},
                                   &status);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(config.grpc_port, 6000);
  EXPECT_EQ(config.metrics_port, 0);
  EXPECT_EQ(config.db.host, "db.internal");
  EXPECT_EQ(config.business_time_zone.name(), "Asia/Shanghai");
  EXPECT_EQ(config.currency, "EUR");
  EXPECT_TRUE(config.migrate_only);
  EXPECT_EQ(config.shutdown_grace, absl::Milliseconds(250));
  unsetenv("SALES_DB_HOST");
  unsetenv("SALES_BUSINESS_TIME_ZONE");
}

TEST_F(ServerConfigTest, BadValuesAreAllNamed) {
  absl::Status status;
  Read({"--business_time_zone=Mars/Olympus", "--currency=eur", "--db_pool_size=0"}, &status);
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  EXPECT_NE(message.find("--business_time_zone (SALES_BUSINESS_TIME_ZONE): unknown time zone "
                         "'Mars/Olympus'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--currency (SALES_CURRENCY)"), std::string::npos) << message;
  EXPECT_NE(message.find("--db_pool_size (SALES_DB_POOL_SIZE): must be between 1 and 256"),
            std::string::npos)
      << message;
}

// A password file as a Kubernetes Secret mounts it: the content without its line break.
TEST_F(ServerConfigTest, PasswordFromAFile) {
  const std::string path = ::testing::TempDir() + "/db-password";
  std::ofstream(path) << "s3cret with spaces\n";
  absl::Status status;
  const ServerConfig config = Read({"--db_password_file=" + path}, &status);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(config.db.password, "s3cret with spaces");

  setenv("SALES_DB_PASSWORD_FILE", path.c_str(), 1);
  EXPECT_EQ(Read({}, &status).db.password, "s3cret with spaces");
  unsetenv("SALES_DB_PASSWORD_FILE");
}

TEST_F(ServerConfigTest, PasswordFileProblemsAreNamedWithoutThePassword) {
  absl::Status status;
  Read({"--db_password_file=/nonexistent/db-password"}, &status);
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--db_password_file (SALES_DB_PASSWORD_FILE): cannot open"),
            std::string::npos)
      << status.message();

  const std::string path = ::testing::TempDir() + "/db-password-both";
  std::ofstream(path) << "from-file";
  Read({"--db_password_file=" + path, "--db_password=inline-secret"}, &status);
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("not both"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("inline-secret"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("from-file"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace sales
