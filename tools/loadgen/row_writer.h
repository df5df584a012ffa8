// Multi-row inserts of one table for the benchmarks that write facts straight into a schema:
// rows are gathered and committed every `rows_per_transaction` rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"

namespace sales::loadgen {

class RowWriter final {
 public:
  // `prefix`: "INSERT INTO t (a, b) VALUES "; `columns` values per row.
  RowWriter(db::ConnectionPool& pool, std::string prefix, int columns,
            size_t rows_per_transaction = 10000)
      : pool_(pool),
        prefix_(std::move(prefix)),
        columns_(columns),
        rows_per_transaction_(rows_per_transaction) {}

  void Add(std::initializer_list<db::SqlParam> row) {
    params_.insert(params_.end(), row);
    if (params_.size() >= rows_per_transaction_ * static_cast<size_t>(columns_)) Flush();
  }
  // Commits the rows gathered so far; after a failure, does nothing (see status()).
  void Flush() {
    if (params_.empty() || !status_.ok()) return;
    status_ = db::RunInTransaction(pool_, absl::Now() + absl::Minutes(5), [&](db::Transaction& tx) {
      db::ExecRows(tx, prefix_, columns_, params_);
      return absl::OkStatus();
    });
    rows_ += static_cast<int64_t>(params_.size()) / columns_;
    params_.clear();
  }
  const absl::Status& status() const { return status_; }
  int64_t rows() const { return rows_; }

 private:
  db::ConnectionPool& pool_;
  const std::string prefix_;
  const int columns_;
  const size_t rows_per_transaction_;
  std::vector<db::SqlParam> params_;
  absl::Status status_;
  int64_t rows_ = 0;
};

}  // namespace sales::loadgen
