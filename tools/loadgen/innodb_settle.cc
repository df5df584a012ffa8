#include "tools/loadgen/innodb_settle.h"

#include <iostream>

#include "absl/strings/match.h"
#include "common/db/transaction.h"

namespace sales::loadgen {

bool InnoDbBacklog::LoadDone() const {
  return load_status.empty() || absl::StartsWith(load_status, "Buffer pool(s) load completed") ||
         absl::StartsWith(load_status, "Buffer pool(s) load aborted") ||
         absl::StrContains(load_status, "not started");
}

bool InnoDbBacklog::PurgedAndLoaded() const {
  return history_length >= 0 && history_length < 1000 && LoadDone();
}

bool InnoDbBacklog::Settled() const {
  return PurgedAndLoaded() && dirty_pages >= 0 && dirty_pages * 100 < total_pages;
}

bool InnoDbBacklog::Quiet(const InnoDbBacklog& before) const {
  return Settled() || (PurgedAndLoaded() && dirty_pages >= 0 && before.dirty_pages >= 0 &&
                       dirty_pages >= before.dirty_pages);
}

InnoDbBacklog ReadInnoDbBacklog(db::ConnectionPool& pool) {
  InnoDbBacklog b;
  const absl::Status status =
      db::RunReadOnly(pool, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
        auto rs = tx.Query(
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty', "
            "'Innodb_buffer_pool_pages_total', 'Innodb_history_list_length', "
            "'Innodb_buffer_pool_load_status')");
        while (rs->next()) {
          const std::string name = rs->getString(1);
          if (name == "Innodb_buffer_pool_load_status") {
            b.load_status = rs->getString(2);
            continue;
          }
          const int64_t value = std::stoll(std::string(rs->getString(2)));
          if (name == "Innodb_buffer_pool_pages_dirty") b.dirty_pages = value;
          if (name == "Innodb_buffer_pool_pages_total") b.total_pages = value;
          if (name == "Innodb_history_list_length") b.history_length = value;
        }
        return absl::OkStatus();
      });
  if (!status.ok()) std::cerr << "reading InnoDB's backlog: " << status.message() << "\n";
  return b;
}

SettleWait AwaitInnoDbSettled(db::ConnectionPool& pool, absl::Duration limit, absl::Duration poll) {
  const absl::Time start = absl::Now();
  SettleWait wait;
  wait.first = ReadInnoDbBacklog(pool);
  wait.last = wait.first;
  wait.quiet = wait.last.Settled();
  while (!wait.quiet && absl::Now() - start < limit) {
    absl::SleepFor(poll);
    const InnoDbBacklog before = wait.last;
    wait.last = ReadInnoDbBacklog(pool);
    wait.quiet = wait.last.Quiet(before);
  }
  wait.waited = absl::Now() - start;
  return wait;
}

}  // namespace sales::loadgen
