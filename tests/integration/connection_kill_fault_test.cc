// Database connections killed under running services (KILL CONNECTION from an admin
// session of the same MariaDB, every 100-200 ms): no write a service acknowledged may be
// lost, no request_id may create twice, and a consumer must apply every event of a feed
// exactly once while its apply-and-advance transactions (or the publisher's relay, outbox
// and feed reads) lose their connections.
//
// The assertions are about data only (what was acknowledged, what is stored), never about
// timing: the services may answer UNAVAILABLE, ABORTED or DEADLINE_EXCEEDED while their
// connections die, and the callers retry with the same request_id, as a real caller would.
#include <cppconn/exception.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/time_util.h"
#include "tests/harness/query_int.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

// MariaDB's "Unknown thread id": the connection ended by itself before our KILL.
constexpr int kErrUnknownThread = 1094;
// The least number of kill rounds a storm lasts, however quickly the work is done.
constexpr int64_t kMinKillRounds = 30;

// What a caller retries with the same request: the service (or its database) was briefly
// unavailable, a transaction conflicted, or the answer did not come in time.
bool Retryable(StatusCode code) {
  return code == StatusCode::UNAVAILABLE || code == StatusCode::ABORTED ||
         code == StatusCode::DEADLINE_EXCEEDED;
}

// The answer a service gives when a commit lost its connection (the fix on main).
bool SaysOutcomeUnknown(const grpc::Status& status) {
  return status.error_code() == StatusCode::UNAVAILABLE &&
         absl::StrContains(status.error_message(), "outcome is unknown");
}

absl::Duration Backoff(int attempt) { return absl::Milliseconds(std::min(10 * attempt, 200)); }

// Calls `call` until it answers OK or something not worth retrying, or `budget` is spent.
grpc::Status CallWithRetry(absl::Duration budget, const std::function<grpc::Status()>& call) {
  const absl::Time end = absl::Now() + budget;
  for (int attempt = 1;; ++attempt) {
    const grpc::Status status = call();
    if (status.ok() || !Retryable(status.error_code()) || absl::Now() >= end) return status;
    absl::SleepFor(Backoff(attempt));
  }
}

// Runs fn(0) .. fn(n - 1) on `threads` threads.
void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) fn(i);
    });
  }
  for (std::thread& worker : workers) worker.join();
}

// Kills the database connections of some MySQL users, from an admin session of the same
// server, every 100-200 ms (a random pause), until stopped. Each round kills a random
// subset (each connection with probability 3/4, at least one) of the users' connections.
class ConnectionKiller final {
 public:
  ConnectionKiller(const MariaDbEndpoint& endpoint, std::vector<std::string> users, uint32_t seed)
      : pool_(endpoint.AdminConfig("", 1)), users_(std::move(users)), random_(seed) {}
  ~ConnectionKiller() { Stop(); }
  ConnectionKiller(const ConnectionKiller&) = delete;
  ConnectionKiller& operator=(const ConnectionKiller&) = delete;

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }
  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

  // Rounds that killed at least one connection.
  int64_t rounds() const { return rounds_.load(); }
  // KILL CONNECTION statements that ended a connection.
  int64_t killed() const { return killed_.load(); }
  // Of those, connections that had an InnoDB transaction open when the round looked.
  int64_t killed_in_transaction() const { return killed_in_transaction_.load(); }
  // Rounds whose admin statements failed (reported, not expected).
  int64_t failed_rounds() const { return failed_rounds_.load(); }

  std::string Summary() const {
    return absl::StrCat("kill rounds=", rounds(), ", connections killed=", killed(),
                        " (with an open transaction: ", killed_in_transaction(),
                        "), failed kill rounds=", failed_rounds());
  }

 private:
  // Each connection of the users, and whether it has an InnoDB transaction open.
  static constexpr char kFindConnections[] =
      "SELECT p.ID, (SELECT COUNT(*) FROM information_schema.INNODB_TRX t "
      "WHERE t.trx_mysql_thread_id = p.ID) FROM information_schema.PROCESSLIST p "
      "WHERE p.USER = ?";

  void Run() {
    while (true) {
      const absl::Duration pause = absl::Milliseconds(100 + random_() % 101);
      {
        absl::MutexLock lock(&mu_);
        auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
        if (mu_.AwaitWithTimeout(absl::Condition(&stopping), pause)) return;
      }
      KillRound();
    }
  }

  void KillRound() {
    int64_t killed = 0;
    int64_t in_transaction = 0;
    const absl::Status status =
        db::RunInTransaction(pool_, absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
          killed = 0;
          in_transaction = 0;
          std::vector<std::pair<int64_t, bool>> found;
          for (const std::string& user : users_) {
            auto rs = tx.Query(kFindConnections, {user});
            while (rs->next()) found.emplace_back(rs->getInt64(1), rs->getInt64(2) > 0);
          }
          std::vector<std::pair<int64_t, bool>> chosen;
          for (const auto& connection : found) {
            if (random_() % 4 != 0) chosen.push_back(connection);
          }
          if (chosen.empty() && !found.empty()) chosen.push_back(found[random_() % found.size()]);
          for (const auto& [id, open_transaction] : chosen) {
            try {
              tx.Exec("KILL CONNECTION ?", {id});
              ++killed;
              if (open_transaction) ++in_transaction;
            } catch (const sql::SQLException& e) {
              if (e.getErrorCode() != kErrUnknownThread) throw;
            }
          }
          return absl::OkStatus();
        });
    if (!status.ok()) {
      ++failed_rounds_;
      std::cerr << "[killer] round failed: " << status << "\n";
      return;
    }
    if (killed > 0) ++rounds_;
    killed_ += killed;
    killed_in_transaction_ += in_transaction;
  }

  db::ConnectionPool pool_;
  const std::vector<std::string> users_;
  std::mt19937 random_;  // used by the killer thread only
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int64_t> rounds_{0};
  std::atomic<int64_t> killed_{0};
  std::atomic<int64_t> killed_in_transaction_{0};
  std::atomic<int64_t> failed_rounds_{0};
  std::thread thread_;
};

// Answers the callers saw, counted by code.
class CodeCounts final {
 public:
  void Add(const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[status.error_code()];
    if (!Retryable(status.error_code()) && !status.ok() && examples_.size() < 5) {
      examples_.push_back(absl::StrCat(status.error_code(), " ", status.error_message()));
    }
  }
  std::string Summary() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> parts;
    for (const auto& [code, count] : counts_) parts.push_back(absl::StrCat(code, ":", count));
    std::string out = absl::StrCat("codes seen {", absl::StrJoin(parts, ", "), "}");
    if (!examples_.empty()) {
      absl::StrAppend(&out, "; answers not retried: ", absl::StrJoin(examples_, " | "));
    }
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::map<int, int64_t> counts_;
  std::vector<std::string> examples_;
};

// Keeps at most a few examples of one kind of failure, with their total count.
class Failures final {
 public:
  void Add(std::string what) {
    std::lock_guard<std::mutex> lock(mu_);
    ++count_;
    if (examples_.size() < 10) examples_.push_back(std::move(what));
  }
  int64_t count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }
  std::string Examples() const {
    std::lock_guard<std::mutex> lock(mu_);
    return absl::StrJoin(examples_, "\n  ");
  }

 private:
  mutable std::mutex mu_;
  int64_t count_ = 0;
  std::vector<std::string> examples_;
};

// ---------------------------------------------------------------------------------------
// 1. Creates while the customers service's connections are killed: most with request_ids
// (retried until acknowledged), some without (sent once: a caller without a request_id
// cannot retry safely, so the service must never acknowledge a lost create nor run one
// twice).

constexpr char kWithIdPrefix[] = "Kill rid ";
constexpr char kNoIdPrefix[] = "Kill noid ";

struct CreateOutcome {
  cv1::CreateCustomerRequest request;
  bool acknowledged = false;
  std::string name;         // the customer an OK answer named
  grpc::Status last_error;  // when never acknowledged
};

// Display names are unique per request, so a create without a request_id can be found.
cv1::CreateCustomerRequest CreateRequest(int client, int seq, bool with_request_id) {
  cv1::CreateCustomerRequest req;
  if (with_request_id) req.set_request_id(absl::StrCat("kill-", client, "-", seq));
  req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  req.mutable_customer()->set_display_name(
      absl::StrCat(with_request_id ? kWithIdPrefix : kNoIdPrefix, client, "-", seq));
  return req;
}

// The committed creates, read as the admin: customers by name (those created with a
// request_id), those created without one by display name, and the idempotency records by
// request_id with the customer their stored answer names.
struct StoredCreates {
  std::set<std::string> customers;
  std::map<std::string, std::vector<std::string>> without_id;  // display_name -> customers
  int64_t rows = 0;                                            // all customers
  std::map<std::string, std::string> answers;                  // request_id -> customer name
  int64_t idempotency_rows = 0;
  std::vector<std::string> bad_records;  // not a CreateCustomer answer
};

StoredCreates ReadStoredCreates(db::ConnectionPool& admin) {
  StoredCreates out;
  const absl::Status status =
      db::RunInTransaction(admin, absl::Now() + absl::Seconds(30), [&](db::Transaction& tx) {
        out = StoredCreates();
        auto rs = tx.Query("SELECT id, display_name FROM customers");
        while (rs->next()) {
          ++out.rows;
          const std::string name = absl::StrCat("customers/", rs->getInt64("id"));
          const std::string display_name = rs->getString("display_name");
          if (absl::StartsWith(display_name, kNoIdPrefix)) {
            out.without_id[display_name].push_back(name);
          } else {
            out.customers.insert(name);
          }
        }
        rs = tx.Query("SELECT request_id, method, response FROM idempotency");
        while (rs->next()) {
          ++out.idempotency_rows;
          const std::string request_id = rs->getString("request_id");
          std::string bytes;
          cv1::Customer answer;
          if (rs->getString("method") != "CreateCustomer" || rs->isNull("response") ||
              !absl::Base64Unescape(std::string(rs->getString("response")), &bytes) ||
              !answer.ParseFromString(bytes)) {
            out.bad_records.push_back(request_id);
            continue;
          }
          out.answers[request_id] = answer.name();
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

TEST(ConnectionKillFaultTest, AcknowledgedCreatesSurviveKilledConnections) {
  constexpr int kClients = 8;      // with request_ids
  constexpr int kNoIdClients = 2;  // without
  constexpr absl::Duration kStorm = absl::Seconds(6);
  constexpr absl::Duration kStormCap = absl::Seconds(20);
  constexpr absl::Duration kRetryBudget = absl::Seconds(10);
  const MariaDbEndpoint endpoint = TestMariaDb();
  TestSchema schema = TestSchema::Create(endpoint);
  auto server = ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema.db_config());
  ASSERT_NE(server, nullptr);
  auto stub = cv1::CustomersService::NewStub(server->channel());
  db::ConnectionPool admin(endpoint.AdminConfig(schema.database(), 2));

  const uint32_t seed = std::random_device{}();
  ConnectionKiller killer(endpoint, {schema.user()}, seed);
  CodeCounts codes;
  std::atomic<int64_t> retries{0};
  std::atomic<int64_t> unknown_outcomes{0};
  std::atomic<bool> storm_over{false};
  std::vector<std::vector<CreateOutcome>> outcomes(kClients + kNoIdClients);
  const absl::Time start = absl::Now();
  killer.Start();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients + kNoIdClients; ++c) {
    clients.emplace_back([&, c] {
      const bool with_request_id = c < kClients;
      for (int seq = 0; !storm_over.load(); ++seq) {
        CreateOutcome outcome;
        outcome.request = CreateRequest(c, seq, with_request_id);
        const absl::Time give_up = absl::Now() + kRetryBudget;
        for (int attempt = 1;; ++attempt) {
          cv1::Customer answer;
          const grpc::Status status = stub->CreateCustomer(CallCtx(std::chrono::seconds(3)).get(),
                                                           outcome.request, &answer);
          codes.Add(status);
          if (status.ok()) {
            outcome.acknowledged = true;
            outcome.name = answer.name();
            EXPECT_EQ(answer.display_name(), outcome.request.customer().display_name())
                << outcome.request.request_id() << " was answered with another customer";
            break;
          }
          if (SaysOutcomeUnknown(status)) ++unknown_outcomes;
          if (!with_request_id || !Retryable(status.error_code()) || absl::Now() >= give_up) {
            outcome.last_error = status;
            break;
          }
          ++retries;
          absl::SleepFor(Backoff(attempt));
        }
        outcomes[c].push_back(std::move(outcome));
      }
    });
  }
  // The storm lasts kStorm and at least kMinKillRounds rounds (bounded by kStormCap).
  while (absl::Now() - start < kStormCap &&
         (absl::Now() - start < kStorm || killer.rounds() < kMinKillRounds)) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  killer.Stop();  // in-flight requests finish their retries against a calm database
  storm_over = true;
  for (std::thread& client : clients) client.join();
  const absl::Duration storm = absl::Now() - start;
  EXPECT_GE(killer.rounds(), kMinKillRounds) << killer.Summary();
  EXPECT_EQ(killer.failed_rounds(), 0);

  std::vector<const CreateOutcome*> acked;    // with a request_id
  std::vector<const CreateOutcome*> unacked;  // with a request_id
  std::vector<const CreateOutcome*> acked_without_id;
  std::vector<const CreateOutcome*> unacked_without_id;
  int64_t unknown_without_id = 0;
  for (const auto& list : outcomes) {
    for (const CreateOutcome& o : list) {
      if (!o.request.request_id().empty()) {
        (o.acknowledged ? acked : unacked).push_back(&o);
      } else {
        (o.acknowledged ? acked_without_id : unacked_without_id).push_back(&o);
        if (SaysOutcomeUnknown(o.last_error)) ++unknown_without_id;
      }
    }
  }
  const size_t issued = acked.size() + unacked.size();
  ASSERT_GT(acked.size(), 0u);

  // (a) Every acknowledged customer exists, as acknowledged (with or without request_id).
  std::vector<const CreateOutcome*> all_acked = acked;
  all_acked.insert(all_acked.end(), acked_without_id.begin(), acked_without_id.end());
  Failures lost;
  ParallelFor(all_acked.size(), kClients, [&](size_t i) {
    const CreateOutcome& o = *all_acked[i];
    cv1::GetCustomerRequest get;
    get.set_name(o.name);
    cv1::Customer found;
    const grpc::Status status = CallWithRetry(
        absl::Seconds(10), [&] { return stub->GetCustomer(CallCtx().get(), get, &found); });
    if (!status.ok()) {
      lost.Add(absl::StrCat(o.request.customer().display_name(), " -> ", o.name, ": GetCustomer ",
                            status.error_code(), " ", status.error_message()));
    } else if (found.display_name() != o.request.customer().display_name()) {
      lost.Add(absl::StrCat(o.request.customer().display_name(), " -> ", o.name, ": display_name '",
                            found.display_name(), "'"));
    }
  });

  // (c), (d) What is stored, before any further call: every committed create has exactly
  // one idempotency record naming its customer, and every acknowledged request is among
  // them with the customer it was answered with. The customers that exist are the
  // acknowledged ones plus some of the unacknowledged ones (whose outcome is open).
  const StoredCreates stored = ReadStoredCreates(admin);
  EXPECT_TRUE(stored.bad_records.empty())
      << stored.bad_records.size() << " idempotency records without a CreateCustomer answer, "
      << "e.g. " << stored.bad_records.front();
  std::set<std::string> answered_customers;
  for (const auto& [request_id, name] : stored.answers) answered_customers.insert(name);
  EXPECT_EQ(stored.idempotency_rows, static_cast<int64_t>(stored.customers.size()))
      << "one idempotency record per committed create";
  EXPECT_EQ(answered_customers.size(), stored.answers.size())
      << "two request_ids name the same customer";
  EXPECT_TRUE(answered_customers == stored.customers)
      << "the customers stored and those the idempotency records name differ";
  std::set<std::string> issued_ids;
  for (const CreateOutcome* o : acked) issued_ids.insert(o->request.request_id());
  for (const CreateOutcome* o : unacked) issued_ids.insert(o->request.request_id());
  EXPECT_EQ(issued_ids.size(), issued);
  for (const auto& [request_id, name] : stored.answers) {
    EXPECT_TRUE(issued_ids.count(request_id) > 0) << "a record for no request: " << request_id;
  }
  Failures unrecorded;
  for (const CreateOutcome* o : acked) {
    auto it = stored.answers.find(o->request.request_id());
    if (it == stored.answers.end() || it->second != o->name) {
      unrecorded.Add(absl::StrCat(o->request.request_id(), " -> ", o->name, ": record names '",
                                  it == stored.answers.end() ? "(none)" : it->second, "'"));
    }
  }
  EXPECT_GE(stored.customers.size(), acked.size()) << "fewer customers than acknowledged";
  EXPECT_LE(stored.customers.size(), acked.size() + unacked.size())
      << "more customers than requests";
  EXPECT_EQ(CountEvents(admin, "customer_created"), stored.rows)
      << "one customer_created event per committed create";
  // Without a request_id: each request sent once created at most one customer (a create
  // whose commit was lost must not be run again), and every acknowledged one exists.
  Failures duplicated;
  int64_t committed_without_ack = 0;
  for (const auto& [display_name, names] : stored.without_id) {
    if (names.size() > 1) {
      duplicated.Add(absl::StrCat(display_name, ": ", absl::StrJoin(names, ", ")));
    }
  }
  for (const CreateOutcome* o : unacked_without_id) {
    committed_without_ack += stored.without_id.count(o->request.customer().display_name());
  }
  EXPECT_EQ(stored.without_id.size(), acked_without_id.size() + committed_without_ack)
      << "customers created without request_id by no request of this test";

  // (b) A retry of each acknowledged request returns the first answer and creates nothing.
  Failures changed_answers;
  ParallelFor(acked.size(), kClients, [&](size_t i) {
    const CreateOutcome& o = *acked[i];
    cv1::Customer again;
    const grpc::Status status = CallWithRetry(absl::Seconds(10), [&] {
      return stub->CreateCustomer(CallCtx().get(), o.request, &again);
    });
    if (!status.ok() || again.name() != o.name ||
        again.display_name() != o.request.customer().display_name()) {
      changed_answers.Add(absl::StrCat(o.request.request_id(), " first ", o.name, ", retry ",
                                       status.ok() ? again.name() : status.error_message()));
    }
  });

  // The unacknowledged requests, retried now that nothing is killed, settle their outcome:
  // then exactly one customer per request_id exists.
  Failures unsettled;
  std::map<std::string, std::string> settled;  // request_id -> customer
  std::mutex settled_mu;
  ParallelFor(unacked.size(), kClients, [&](size_t i) {
    const CreateOutcome& o = *unacked[i];
    cv1::Customer answer;
    const grpc::Status status = CallWithRetry(absl::Seconds(10), [&] {
      return stub->CreateCustomer(CallCtx().get(), o.request, &answer);
    });
    if (!status.ok()) {
      unsettled.Add(absl::StrCat(o.request.request_id(), ": ", status.error_code(), " ",
                                 status.error_message()));
      return;
    }
    std::lock_guard<std::mutex> lock(settled_mu);
    settled[o.request.request_id()] = answer.name();
  });
  const StoredCreates final_state = ReadStoredCreates(admin);
  EXPECT_EQ(final_state.customers.size(), issued) << "one customer per request_id";
  EXPECT_EQ(final_state.rows, static_cast<int64_t>(issued + stored.without_id.size()));
  EXPECT_EQ(final_state.idempotency_rows, static_cast<int64_t>(issued));
  for (const auto& [request_id, name] : settled) {
    auto it = stored.answers.find(request_id);
    if (it != stored.answers.end()) {
      EXPECT_EQ(name, it->second) << request_id << " had committed before it was settled";
    }
  }

  const size_t committed_unacked =
      stored.customers.size() - std::min(stored.customers.size(), acked.size());
  std::cout << "[connection_kill] creates: " << issued << " requests by " << kClients
            << " clients in " << absl::FormatDuration(storm) << "; acknowledged writes checked "
            << acked.size() << " (Get and retry each), not acknowledged during the storm "
            << unacked.size() << " (about " << committed_unacked
            << " of them had committed), client retries " << retries.load()
            << ", unknown-outcome answers " << unknown_outcomes.load() << "; " << killer.Summary()
            << "; " << codes.Summary() << "; LOST acknowledged writes " << lost.count()
            << ", acknowledged without record " << unrecorded.count()
            << ", retries answered differently " << changed_answers.count()
            << "; without request_id (" << kNoIdClients
            << " clients, sent once): " << acked_without_id.size() + unacked_without_id.size()
            << " creates, " << acked_without_id.size() << " acknowledged and checked, "
            << unacked_without_id.size() << " not (unknown outcome " << unknown_without_id
            << "), of those committed " << committed_without_ack << ", created twice "
            << duplicated.count() << "; seed " << seed << "\n";
  EXPECT_EQ(lost.count(), 0) << "acknowledged creates missing afterwards:\n  " << lost.Examples();
  EXPECT_EQ(unrecorded.count(), 0)
      << "acknowledged creates whose idempotency record is "
      << "missing or names another customer:\n  " << unrecorded.Examples();
  EXPECT_EQ(changed_answers.count(), 0)
      << "retries of acknowledged requests answered differently:\n  " << changed_answers.Examples();
  EXPECT_EQ(duplicated.count(), 0)
      << "creates without request_id stored twice:\n  " << duplicated.Examples();
  EXPECT_EQ(unsettled.count(), 0) << "requests still failing once the kills stopped:\n  "
                                  << unsettled.Examples();
}

// ---------------------------------------------------------------------------------------
// 2. The customers service consuming the orders feed while connections are killed.

const absl::Time kTaken =
    absl::FromCivil(absl::CivilSecond(2021, 6, 1, 9, 0, 0), absl::UTCTimeZone());

class ConsumerKillTest : public OrdersTest {
 protected:
  static constexpr int kCustomers = 4;
  // Enough that the consumer, which applies up to 500 events a transaction, stays busy
  // through kMinKillRounds rounds of kills.
  static constexpr int kOrders = 3000;
  static constexpr absl::Duration kStorm = absl::Seconds(8);
  // A round counts only when it finds a connection to kill, and a consumer killed mid-batch
  // holds none while it backs off (up to a second): rounds come slower than every 200 ms.
  static constexpr absl::Duration kStormCap = absl::Seconds(40);
  // The event types customers subscribes to (its consumer's filter).
  static constexpr char kLastSubscribedPosition[] =
      "SELECT MAX(position) FROM event_log WHERE event_type IN (?, ?)";

  // The orders to import, with what customers must derive from them: lifetime spend
  // (total - tax of completed orders) and the last purchase (latest completion).
  struct Plan {
    std::vector<ov1::ImportedOrder> orders;
    std::map<std::string, int64_t> spend;
    std::map<std::string, absl::Time> last_purchase;
    // customer -> (total - tax -> external_refs of completed orders): names the orders a
    // difference in spend could be.
    std::map<std::string, std::multimap<int64_t, std::string>> completed;
    int64_t status_changes = 0;  // orders imported in another status than RECEIVED
    int64_t events_before = 0;   // events of orders before the import (products created)
  };

  Plan MakePlan(const std::vector<std::string>& customers, const std::string& p1,
                const std::string& p2) {
    Plan plan;
    for (const std::string& c : customers) plan.spend[c] = 0;
    for (int i = 0; i < kOrders; ++i) {
      ov1::ImportedOrder o;
      o.set_external_ref(absl::StrCat("KILL-", i));
      const std::string& customer = customers[i % customers.size()];
      o.set_customer(customer);
      o.set_channel(ov1::CHANNEL_PARTNER);
      o.set_region("west");
      o.set_warehouse("OLD1");
      ov1::SalesCredit* credit = o.add_sales_credits();
      credit->set_rep("reps/legacy-3");
      credit->set_revenue_share_bp(10000);
      // Amounts differ from order to order, so a lost event and a doubled one do not
      // cancel out in a sum.
      ov1::OrderLine* line = o.add_lines();
      line->set_product(p1);
      line->set_quantity(1 + i % 3);
      line->mutable_unit_price()->set_minor_units(1000 + i);
      line->mutable_unit_cost()->set_minor_units(400);
      line->mutable_discount_total()->set_minor_units(10 * (i % 5));
      line->mutable_tax()->set_minor_units(50 * (i % 4));
      line = o.add_lines();
      line->set_product(p2);
      line->set_quantity(1);
      line->mutable_unit_price()->set_minor_units(300);
      line->mutable_unit_cost()->set_minor_units(100);
      const ov1::OrderStatus status = i % 10 == 3   ? ov1::ORDER_STATUS_CANCELLED
                                      : i % 10 == 7 ? ov1::ORDER_STATUS_RECEIVED
                                                    : ov1::ORDER_STATUS_COMPLETED;
      o.set_status(status);
      const absl::Time created = kTaken + absl::Minutes(i);
      const absl::Time closed = created + absl::Hours(30) + absl::Microseconds(i);
      *o.mutable_create_time() = ToProtoTime(created);
      *o.mutable_close_time() = ToProtoTime(closed);
      if (status != ov1::ORDER_STATUS_RECEIVED) ++plan.status_changes;
      if (status == ov1::ORDER_STATUS_COMPLETED) {
        // total - tax = subtotal - discount
        const int64_t net = (1000 + i) * (1 + i % 3) - 10 * (i % 5) + 300;
        plan.spend[customer] += net;
        plan.completed[customer].emplace(net, o.external_ref());
        plan.last_purchase[customer] = std::max(plan.last_purchase[customer], closed);
      }
      plan.orders.push_back(std::move(o));
    }
    return plan;
  }

  // The customer's completed orders whose total - tax is `amount`, for a failure message.
  static std::string CompletedOrdersOf(const Plan& plan, const std::string& customer,
                                       int64_t amount) {
    std::vector<std::string> refs;
    auto [begin, end] = plan.completed.at(customer).equal_range(amount);
    for (auto it = begin; it != end; ++it) refs.push_back(it->second);
    return refs.empty() ? "no single order (several)" : absl::StrJoin(refs, ", ");
  }

  grpc::Status Import(const std::vector<ov1::ImportedOrder>& orders,
                      ov1::ImportOrdersResponse* resp) {
    auto ctx = CallCtx(std::chrono::seconds(30));
    auto writer = orders_->ImportOrders(ctx.get(), resp);
    for (const ov1::ImportedOrder& o : orders) {
      ov1::ImportOrdersRequest req;
      *req.mutable_order() = o;
      if (!writer->Write(req)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  // Imports everything, retrying the whole stream until an OK answer; checks at once that an OK
  // answer means every order is stored.
  void ImportWithRetry(const Plan& plan, CodeCounts& codes, int* attempts) {
    const absl::Time give_up = absl::Now() + absl::Seconds(40);
    for (*attempts = 1;; ++*attempts) {
      ov1::ImportOrdersResponse resp;
      const grpc::Status status = Import(plan.orders, &resp);
      codes.Add(status);
      if (status.ok()) {
        EXPECT_EQ(resp.errors_size(), 0) << resp.errors(0).message();
        EXPECT_EQ(resp.imported() + resp.skipped(), kOrders);
        // Read at once, before anything else could fill a gap.
        EXPECT_EQ(QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM orders"), kOrders)
            << "an OK import answer (imported " << resp.imported() << ", skipped " << resp.skipped()
            << ", attempt " << *attempts << ") but orders are missing";
        return;
      }
      // Any failure is retried here (the codes seen are reported): an import is idempotent
      // by external_ref, and what this test checks is the data.
      ASSERT_LT(absl::Now(), give_up) << "import never succeeded: " << status.error_message();
      absl::SleepFor(Backoff(*attempts));
    }
  }

  db::ConnectionPool& OrdersAdmin() {
    if (!orders_admin_) {
      orders_admin_ = std::make_unique<db::ConnectionPool>(
          TestMariaDb().AdminConfig(orders_schema_->database(), 2));
    }
    return *orders_admin_;
  }
  db::ConnectionPool& CustomersAdmin() {
    if (!customers_admin_) {
      customers_admin_ = std::make_unique<db::ConnectionPool>(
          TestMariaDb().AdminConfig(customers_schema_->database(), 2));
    }
    return *customers_admin_;
  }

  // The orders feed is complete (outbox drained, every event logged) and the customers
  // consumer's checkpoint stands at the last event it subscribes to. The checkpoint only
  // moves on subscribed events, so the log's very last position (an order_placed) is not
  // where it stops.
  bool CaughtUp(const Plan& plan) {
    if (QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM outbox") != 0) return false;
    if (QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM event_log") !=
        plan.events_before + kOrders + plan.status_changes) {
      return false;
    }
    const int64_t target =
        QueryInt(OrdersAdmin(), kLastSubscribedPosition,
                 {std::string("order_status_changed"), std::string("return_resolved")});
    return Checkpoint() == target;
  }

  int64_t Checkpoint() {
    return QueryInt(CustomersAdmin(),
                    "SELECT COALESCE(MAX(position), 0) FROM consumer_checkpoints "
                    "WHERE source = 'orders'");
  }

  void RunUnderKills(const std::vector<std::string>& users, const std::string& what) {
    std::vector<std::string> customers;
    for (int c = 0; c < kCustomers; ++c) customers.push_back(NewCustomer(absl::StrCat("Kc", c)));
    const std::string p1 = NewProduct("KILL-1", 1000, 400, "kill");
    const std::string p2 = NewProduct("KILL-2", 300, 100, "kill");
    ASSERT_FALSE(HasFailure());
    Plan plan = MakePlan(customers, p1, p2);
    plan.events_before = QueryInt(
        OrdersAdmin(), "SELECT (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM event_log)");

    const uint32_t seed = std::random_device{}();
    ConnectionKiller killer(TestMariaDb(), users, seed);
    CodeCounts codes;
    int attempts = 0;
    const absl::Time start = absl::Now();
    killer.Start();
    ImportWithRetry(plan, codes, &attempts);
    if (HasFatalFailure()) return;
    const absl::Duration imported_after = absl::Now() - start;
    // Keep killing while the feed is relayed and consumed: kMinKillRounds rounds at least,
    // then until the consumer caught up or kStorm passed (bounded by kStormCap).
    int64_t rounds_while_behind = -1;
    while (absl::Now() - start < kStormCap) {
      if (rounds_while_behind < 0 && CaughtUp(plan)) rounds_while_behind = killer.rounds();
      if (killer.rounds() >= kMinKillRounds &&
          (rounds_while_behind >= 0 || absl::Now() - start >= kStorm)) {
        break;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    if (rounds_while_behind < 0) rounds_while_behind = killer.rounds();
    killer.Stop();
    EXPECT_GE(killer.rounds(), kMinKillRounds) << killer.Summary();
    EXPECT_EQ(killer.failed_rounds(), 0);
    ASSERT_TRUE(WaitFor(absl::Seconds(45), [&] { return CaughtUp(plan); }))
        << "not caught up: outbox " << QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM outbox")
        << ", event_log " << QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM event_log") << " of "
        << plan.events_before + kOrders + plan.status_changes << ", checkpoint " << Checkpoint();
    const absl::Duration caught_up_after = absl::Now() - start;

    // The orders feed: dense positions 1..N, each event once, each order placed once and
    // closed once.
    const int64_t logged = QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM event_log");
    EXPECT_EQ(QueryInt(OrdersAdmin(), "SELECT MIN(position) FROM event_log"), 1);
    EXPECT_EQ(QueryInt(OrdersAdmin(), "SELECT MAX(position) FROM event_log"), logged)
        << "gaps in the feed";
    EXPECT_EQ(QueryInt(OrdersAdmin(), "SELECT COUNT(DISTINCT event_id) FROM event_log"), logged);
    EXPECT_EQ(QueryInt(OrdersAdmin(),
                       "SELECT COUNT(DISTINCT aggregate) FROM event_log "
                       "WHERE event_type = 'order_placed'"),
              kOrders);
    EXPECT_EQ(QueryInt(OrdersAdmin(),
                       "SELECT COUNT(DISTINCT aggregate) FROM event_log "
                       "WHERE event_type = 'order_status_changed'"),
              plan.status_changes);
    EXPECT_EQ(QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM orders"), kOrders);
    EXPECT_EQ(QueryInt(OrdersAdmin(), "SELECT COUNT(*) FROM order_status_history"),
              kOrders + plan.status_changes);

    // What customers derived: exactly the sum of each customer's completed orders.
    std::vector<std::string> spends;
    for (const std::string& customer : customers) {
      cv1::GetLoyaltyAccountRequest get;
      get.set_name(customer + "/loyaltyAccount");
      cv1::LoyaltyAccount account;
      grpc::Status status = CallWithRetry(absl::Seconds(10), [&] {
        return customers_->GetLoyaltyAccount(Ctx().get(), get, &account);
      });
      ASSERT_TRUE(status.ok()) << status.error_message();
      const int64_t expected = plan.spend.at(customer);
      const int64_t got = account.lifetime_spend().minor_units();
      EXPECT_EQ(got, expected) << customer << ": "
                               << (got < expected ? "completed orders lost"
                                                  : "completed orders counted twice")
                               << "; a difference of " << std::abs(got - expected)
                               << " is the amount of "
                               << CompletedOrdersOf(plan, customer, std::abs(got - expected));
      spends.push_back(
          absl::StrCat(customer, " ", account.lifetime_spend().minor_units(), "/", expected));
      cv1::GetCustomerRequest get_customer;
      get_customer.set_name(customer);
      cv1::Customer c;
      status = CallWithRetry(absl::Seconds(10), [&] {
        return customers_->GetCustomer(Ctx().get(), get_customer, &c);
      });
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(FromProtoTime(c.last_purchase_time()), plan.last_purchase.at(customer)) << customer;
    }

    std::cout << "[connection_kill] " << what << ": " << kOrders << " orders imported in "
              << attempts << " stream(s) (" << absl::FormatDuration(imported_after) << "), feed of "
              << logged << " events consumed, caught up after "
              << absl::FormatDuration(caught_up_after) << "; " << killer.Summary()
              << " (rounds while the consumer was behind " << rounds_while_behind << "); "
              << codes.Summary() << "; spend/expected: " << absl::StrJoin(spends, ", ") << "; seed "
              << seed << "\n";
  }

  void TearDown() override {
    orders_admin_.reset();
    customers_admin_.reset();
    OrdersTest::TearDown();
  }

  std::unique_ptr<db::ConnectionPool> orders_admin_;
  std::unique_ptr<db::ConnectionPool> customers_admin_;
};

TEST_F(ConsumerKillTest, ConsumerAppliesEachEventOnceWhileItsConnectionsAreKilled) {
  RunUnderKills({customers_schema_->user()}, "customers' connections killed");
}

TEST_F(ConsumerKillTest, FeedStaysDenseWhilePublisherConnectionsAreKilled) {
  RunUnderKills({orders_schema_->user()}, "orders' connections killed");
}

}  // namespace
}  // namespace sales::testing
