// An incentives server on a fresh schema, with days cut in Asia/Shanghai, and small call
// helpers for teams, reps and targets.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/service_process.h"
#include "tests/harness/test_schema.h"
#include "tests/integration/incentives_calls.h"

namespace sales::testing {

class IncentivesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    server_ = ServiceProcess::Start(SALES_INCENTIVES_BINARY, schema_->db_config(),
                                    {"--business_time_zone=Asia/Shanghai", "--currency=CNY"});
    ASSERT_NE(server_, nullptr) << "incentives server did not become SERVING";
    stub_ = iv1::IncentivesService::NewStub(server_->channel());
  }

  void TearDown() override {
    stub_.reset();
    server_.reset();
    schema_.reset();
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return ctx;
  }

  static google::protobuf::Timestamp Ts(absl::Time t) {
    google::protobuf::Timestamp ts;
    ts.set_seconds(absl::ToUnixSeconds(t));
    return ts;
  }

  // A new team's name ("teams/{id}"), under `parent` when given.
  std::string NewTeam(const std::string& display_name, const std::string& parent = "") {
    return CreateTeam(*stub_, display_name, parent);
  }

  // Creates reps/{id}, in `team` from `day` when a team is given.
  iv1::Rep NewRep(const std::string& id, const std::string& team = "",
                  const std::string& day = "") {
    return CreateRep(*stub_, id, "Rep " + id, team, day);
  }

  grpc::Status MoveRep(const std::string& rep, const std::string& team, const std::string& day,
                       iv1::Rep* out = nullptr) {
    iv1::MoveRepRequest req;
    req.set_rep(rep);
    req.set_team(team);
    req.set_effective_day(day);
    iv1::Rep ignored;
    return stub_->MoveRep(Ctx().get(), req, out != nullptr ? out : &ignored);
  }

  // A target set directly, due at the end of 2026 (Shanghai).
  iv1::Target NewTarget(iv1::Metric metric, const std::string& period, const std::string& owner,
                        int64_t amount) {
    return CreateTarget(*stub_, metric, period, owner, amount, absl::ToUnixSeconds(kDue));
  }

  grpc::Status Split(const std::string& name, iv1::SplitMode mode,
                     const std::vector<iv1::TargetPart>& parts, iv1::SplitTargetResponse* out,
                     const std::string& request_id = "") {
    iv1::SplitTargetRequest req;
    req.set_name(name);
    req.set_mode(mode);
    for (const iv1::TargetPart& part : parts) *req.add_parts() = part;
    req.set_request_id(request_id);
    return stub_->SplitTarget(Ctx().get(), req, out);
  }

  static iv1::TargetPart OwnerWeight(const std::string& owner, int64_t weight) {
    iv1::TargetPart part;
    part.set_owner(owner);
    part.set_weight(weight);
    return part;
  }
  static iv1::TargetPart OwnerAmount(const std::string& owner, int64_t amount) {
    iv1::TargetPart part;
    part.set_owner(owner);
    part.set_amount(amount);
    return part;
  }
  static iv1::TargetPart Month(const std::string& month, int64_t weight_bp) {
    iv1::TargetPart part;
    part.set_period(month);
    part.set_weight(weight_bp);
    return part;
  }

  // 2027-01-01 00:00 in Shanghai.
  const absl::Time kDue =
      absl::FromCivil(absl::CivilSecond(2026, 12, 31, 16, 0, 0), absl::UTCTimeZone());

  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<ServiceProcess> server_;
  std::unique_ptr<iv1::IncentivesService::Stub> stub_;
};

}  // namespace sales::testing
