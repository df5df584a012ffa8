#include "common/server/flags.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace sales {
namespace {

// Builds argv from strings; the strings live as long as the object.
class Argv final {
 public:
  Argv(std::initializer_list<std::string> args) : storage_(args) {
    storage_.insert(storage_.begin(), "prog");
    for (std::string& arg : storage_) pointers_.push_back(arg.data());
  }
  int argc() { return static_cast<int>(pointers_.size()); }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> pointers_;
};

// Sets an environment variable for one test and removes it afterwards.
class ScopedEnv final {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

constexpr char kEnv[] = "SALES_FLAGS_TEST_PORT";

TEST(FlagsTest, DefaultWhenNeitherFlagNorEnv) {
  unsetenv(kEnv);
  Argv args{};
  Flags flags(args.argc(), args.argv());
  EXPECT_EQ(flags.Int("port", kEnv, 50051, 1, 65535, "port"), 50051);
  EXPECT_TRUE(flags.Check().ok());
}

TEST(FlagsTest, EnvBeatsDefault) {
  ScopedEnv env(kEnv, "6000");
  Argv args{};
  Flags flags(args.argc(), args.argv());
  EXPECT_EQ(flags.Int("port", kEnv, 50051, 1, 65535, "port"), 6000);
  EXPECT_TRUE(flags.Check().ok());
}

TEST(FlagsTest, FlagBeatsEnv) {
  ScopedEnv env(kEnv, "6000");
  Argv args{"--port=7000"};
  Flags flags(args.argc(), args.argv());
  EXPECT_EQ(flags.Int("port", kEnv, 50051, 1, 65535, "port"), 7000);
  EXPECT_TRUE(flags.Check().ok());
}

TEST(FlagsTest, FlagWithSeparateValue) {
  Argv args{"--host", "db.internal", "--port", "-5"};
  Flags flags(args.argc(), args.argv());
  EXPECT_EQ(flags.String("host", "", "127.0.0.1", "host"), "db.internal");
  EXPECT_EQ(flags.Int("port", "", 1, -10, 10, "port"), -5);
  EXPECT_TRUE(flags.Check().ok());
}

TEST(FlagsTest, ExplicitEmptyStringIsAValue) {
  Argv args{"--password="};
  Flags flags(args.argc(), args.argv());
  EXPECT_EQ(flags.String("password", "", "secret", "password"), "");
  EXPECT_TRUE(flags.Check().ok());
}

TEST(FlagsTest, OutOfRangeNamesFlagAndEnvVar) {
  Argv args{"--port=0"};
  Flags flags(args.argc(), args.argv());
  EXPECT_EQ(flags.Int("port", kEnv, 50051, 1, 65535, "port"), 50051);
  const absl::Status status = flags.Check();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--port (SALES_FLAGS_TEST_PORT): must be between 1 and 65535, "
                                  "got 0"),
            absl::string_view::npos)
      << status.message();
}

TEST(FlagsTest, OutOfRangeFromEnvIsReported) {
  ScopedEnv env(kEnv, "70000");
  Argv args{};
  Flags flags(args.argc(), args.argv());
  flags.Int("port", kEnv, 50051, 1, 65535, "port");
  const absl::Status status = flags.Check();
  EXPECT_NE(status.message().find("SALES_FLAGS_TEST_PORT"), absl::string_view::npos);
  EXPECT_NE(status.message().find("got 70000"), absl::string_view::npos);
}

TEST(FlagsTest, NonNumberIsAnError) {
  Argv args{"--port=abc"};
  Flags flags(args.argc(), args.argv());
  flags.Int("port", kEnv, 50051, 1, 65535, "port");
  const absl::Status status = flags.Check();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("must be an integer, got 'abc'"), absl::string_view::npos);
}

TEST(FlagsTest, UnknownFlagIsAnError) {
  Argv args{"--port=1", "--prot=2"};
  Flags flags(args.argc(), args.argv());
  flags.Int("port", kEnv, 50051, 1, 65535, "port");
  const absl::Status status = flags.Check();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--prot: unknown flag"), absl::string_view::npos);
  EXPECT_EQ(status.message().find("--port:"), absl::string_view::npos);
}

TEST(FlagsTest, PositionalArgumentIsAnError) {
  Argv args{"stray"};
  Flags flags(args.argc(), args.argv());
  EXPECT_FALSE(flags.Check().ok());
}

TEST(FlagsTest, EveryProblemIsReportedAtOnce) {
  Argv args{"--a=x", "--b=99", "--c=maybe", "--d=1"};
  Flags flags(args.argc(), args.argv());
  flags.Int("a", "", 0, 0, 10, "");
  flags.Int("b", "", 0, 0, 10, "");
  flags.Bool("c", "", false, "");
  const std::string message(flags.Check().message());
  EXPECT_NE(message.find("--a"), std::string::npos);
  EXPECT_NE(message.find("--b"), std::string::npos);
  EXPECT_NE(message.find("--c"), std::string::npos);
  EXPECT_NE(message.find("--d: unknown flag"), std::string::npos);
}

TEST(FlagsTest, BoolForms) {
  Argv args{"--a=true", "--b=false", "--c=1", "--d=0", "--e", "--f", "--g=TRUE"};
  Flags flags(args.argc(), args.argv());
  EXPECT_TRUE(flags.Bool("a", "", false, ""));
  EXPECT_FALSE(flags.Bool("b", "", true, ""));
  EXPECT_TRUE(flags.Bool("c", "", false, ""));
  EXPECT_FALSE(flags.Bool("d", "", true, ""));
  EXPECT_TRUE(flags.Bool("e", "", false, ""));  // bare flag, followed by another flag
  EXPECT_TRUE(flags.Bool("f", "", false, ""));  // bare flag, last argument
  EXPECT_TRUE(flags.Bool("g", "", false, ""));
  EXPECT_FALSE(flags.Bool("h", "", false, ""));  // not given: default
  EXPECT_TRUE(flags.Check().ok()) << flags.Check().message();
}

TEST(FlagsTest, BoolFromEnvAndBadBool) {
  ScopedEnv env("SALES_FLAGS_TEST_BOOL", "1");
  Argv args{"--bad=yes"};
  Flags flags(args.argc(), args.argv());
  EXPECT_TRUE(flags.Bool("flag", "SALES_FLAGS_TEST_BOOL", false, ""));
  EXPECT_FALSE(flags.Bool("bad", "", false, ""));
  const absl::Status status = flags.Check();
  EXPECT_NE(status.message().find("--bad: must be true, false, 1 or 0, got 'yes'"),
            absl::string_view::npos)
      << status.message();
}

TEST(FlagsTest, StringFlagWithoutValueIsAnError) {
  Argv args{"--host"};
  Flags flags(args.argc(), args.argv());
  EXPECT_EQ(flags.String("host", "", "localhost", ""), "localhost");
  EXPECT_NE(flags.Check().message().find("--host: needs a value"), absl::string_view::npos);
}

TEST(FlagsTest, AddErrorNamesFlagAndEnv) {
  Argv args{};
  Flags flags(args.argc(), args.argv());
  flags.String("zone", "SALES_FLAGS_TEST_ZONE", "UTC", "");
  flags.AddError("zone", "unknown time zone 'Mars/Base'");
  EXPECT_NE(
      flags.Check().message().find("--zone (SALES_FLAGS_TEST_ZONE): unknown time zone 'Mars/Base'"),
      absl::string_view::npos);
}

TEST(FlagsTest, HelpIsRequestedAndUsageListsSettings) {
  Argv args{"--help"};
  Flags flags(args.argc(), args.argv());
  flags.Int("port", kEnv, 50051, 1, 65535, "gRPC port");
  EXPECT_TRUE(flags.help_requested());
  EXPECT_TRUE(flags.Check().ok());
  const std::string usage = flags.Usage();
  EXPECT_NE(usage.find("--port (SALES_FLAGS_TEST_PORT)"), std::string::npos);
  EXPECT_NE(usage.find("gRPC port"), std::string::npos);
  EXPECT_NE(usage.find("50051"), std::string::npos);
}

}  // namespace
}  // namespace sales
