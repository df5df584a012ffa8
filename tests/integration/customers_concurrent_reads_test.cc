// GetCustomer under concurrency, against the real MariaDB: concurrent Gets share one statement
// (db::ReadCoalescer), and that must stay invisible to callers. Each caller sees its own
// writes at once, the right customer for its own name, and NOT_FOUND only for what is not
// there, however the calls of many clients are batched together.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

constexpr int kClients = 16;
constexpr int kRoundsPerClient = 25;

class ConcurrentReadsTest : public CustomersTest {
 protected:
  // What went wrong in a client thread; gtest assertions are not thread-safe in all builds.
  void Fail(const std::string& what) {
    absl::MutexLock lock(&mu_);
    failures_.push_back(what);
  }

  std::vector<std::string> Failures() {
    absl::MutexLock lock(&mu_);
    return failures_;
  }

  absl::Mutex mu_;
  std::vector<std::string> failures_ ABSL_GUARDED_BY(mu_);
};

// Each client creates a customer, renames it, and reads it back at once, over and over,
// while the other clients do the same: every read answers with the caller's customer as
// the caller last wrote it.
TEST_F(ConcurrentReadsTest, EachCallerReadsItsOwnLatestWrite) {
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([this, c] {
      for (int round = 0; round < kRoundsPerClient; ++round) {
        cv1::CreateCustomerRequest create;
        create.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
        create.mutable_customer()->set_display_name(absl::StrCat("client ", c, " first"));
        cv1::Customer created;
        grpc::Status status = stub_->CreateCustomer(Ctx().get(), create, &created);
        if (!status.ok()) return Fail("create: " + status.error_message());

        cv1::UpdateCustomerRequest update;
        update.mutable_customer()->set_name(created.name());
        const std::string renamed = absl::StrCat("client ", c, " round ", round);
        update.mutable_customer()->set_display_name(renamed);
        update.mutable_update_mask()->add_paths("display_name");
        cv1::Customer updated;
        status = stub_->UpdateCustomer(Ctx().get(), update, &updated);
        if (!status.ok()) return Fail("update: " + status.error_message());

        cv1::GetCustomerRequest get;
        get.set_name(created.name());
        cv1::Customer got;
        status = stub_->GetCustomer(Ctx().get(), get, &got);
        if (!status.ok()) return Fail("get: " + status.error_message());
        if (got.name() != created.name() || got.display_name() != renamed ||
            got.etag() != updated.etag()) {
          return Fail(absl::StrCat("read ", got.name(), " '", got.display_name(), "' etag ",
                                   got.etag(), ", wrote ", created.name(), " '", renamed, "' etag ",
                                   updated.etag()));
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(Failures(), std::vector<std::string>{});
}

// Reads of customers that exist, of the same customer by many callers at once, and of ids
// that were never created, all in flight together: each gets its own answer.
TEST_F(ConcurrentReadsTest, MixedHitsRepeatsAndMissesEachGetTheirOwnAnswer) {
  std::vector<cv1::Customer> existing;
  for (int i = 0; i < 8; ++i) existing.push_back(NewPerson(absl::StrCat("Existing ", i)));
  const cv1::Customer& popular = existing.front();

  std::atomic<int> not_found{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int round = 0; round < kRoundsPerClient; ++round) {
        const int pick = (c + round) % 3;
        cv1::GetCustomerRequest get;
        std::string want_display;
        if (pick == 0) {
          const cv1::Customer& e = existing[(c + round) % existing.size()];
          get.set_name(e.name());
          want_display = e.display_name();
        } else if (pick == 1) {
          get.set_name(popular.name());
          want_display = popular.display_name();
        } else {
          get.set_name(absl::StrCat("customers/", 900000000 + c * 1000 + round));
        }
        cv1::Customer got;
        const grpc::Status status = stub_->GetCustomer(Ctx().get(), get, &got);
        if (want_display.empty()) {
          if (status.error_code() != StatusCode::NOT_FOUND ||
              status.error_message().find(get.name()) == std::string::npos) {
            return Fail(absl::StrCat(get.name(), ": want NOT_FOUND naming it, got ",
                                     status.error_code(), " ", status.error_message()));
          }
          ++not_found;
        } else if (!status.ok() || got.name() != get.name() || got.display_name() != want_display) {
          return Fail(absl::StrCat(get.name(), ": got ", status.error_message(), " ", got.name(),
                                   " '", got.display_name(), "'"));
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(Failures(), std::vector<std::string>{});
  int expected_misses = 0;
  for (int c = 0; c < kClients; ++c) {
    for (int round = 0; round < kRoundsPerClient; ++round) expected_misses += (c + round) % 3 == 2;
  }
  EXPECT_EQ(not_found.load(), expected_misses);
}

}  // namespace
}  // namespace sales::testing
