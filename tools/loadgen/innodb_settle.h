// InnoDB's background work left by earlier writes: dirty pages still to flush, undo history
// still to purge and, after a restart, the buffer pool's reload. All of it competes with a
// timed phase for the cores and the disk, so the benches wait for it to end first, and the
// phases they compare start from the same state.
#pragma once

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "common/db/pool.h"

namespace sales::loadgen {

struct InnoDbBacklog {
  int64_t dirty_pages = -1;
  int64_t total_pages = -1;
  int64_t history_length = -1;
  std::string load_status;  // Innodb_buffer_pool_load_status

  bool LoadDone() const;
  // The undo history under 1,000 and the reload (if any) done.
  bool PurgedAndLoaded() const;
  // Fewer than 1% of the buffer pool's pages dirty, an undo history under 1,000, and the
  // reload (if any) done.
  bool Settled() const;
  // The same, except that dirty pages may remain if InnoDB has stopped flushing them: no
  // fewer than `before`, a reading one poll earlier (an idle MariaDB 10.11 may leave a few
  // percent of a small buffer pool dirty for minutes without spending CPU on them).
  bool Quiet(const InnoDbBacklog& before) const;
};

// The server's counters now (fields stay -1 when they cannot be read; the reason goes to
// stderr).
InnoDbBacklog ReadInnoDbBacklog(db::ConnectionPool& pool);

struct SettleWait {
  InnoDbBacklog first;  // when the wait began
  InnoDbBacklog last;   // when it ended
  absl::Duration waited;
  bool quiet = false;  // it ended Quiet(), not at the limit
};

// Waits at most `limit`, polling every `poll`, until the backlog is Quiet() (Settled(), or
// settled but for dirty pages InnoDB no longer flushes).
SettleWait AwaitInnoDbSettled(db::ConnectionPool& pool, absl::Duration limit,
                              absl::Duration poll = absl::Seconds(2));

}  // namespace sales::loadgen
