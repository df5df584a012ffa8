#include "common/db/async_point_reader.h"

#include <mysql.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/db/in_list.h"
#include "common/db/sql_error.h"

namespace sales::db {
namespace {

constexpr size_t kColumnBuffer = 4096;  // the widest column text read; wider fails the read
constexpr absl::Duration kConnectBackoff = absl::Milliseconds(200);

uint32_t EpollEvents(int status) {
  return ((status & MYSQL_WAIT_READ) ? EPOLLIN : 0u) |
         ((status & MYSQL_WAIT_WRITE) ? EPOLLOUT : 0u);
}

}  // namespace

size_t FetchedRow::Index(const char* column) const {
  for (size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == column) return i;
  }
  throw std::out_of_range(absl::StrCat("no column ", column, " in the fetched row"));
}

int64_t FetchedRow::Int64(const char* column) const {
  int64_t v = 0;
  if (IsNull(column) || !absl::SimpleAtoi(String(column), &v)) return 0;
  return v;
}

absl::Time FetchedRow::Time(const char* column) const {
  absl::Time t;
  std::string err;
  if (IsNull(column) ||
      !absl::ParseTime("%Y-%m-%d %H:%M:%E*S", String(column), absl::UTCTimeZone(), &t, &err)) {
    return absl::InfinitePast();
  }
  return t;
}

struct AsyncPointReader::Conn {
  MYSQL* mysql = nullptr;
  int fd = -1;
  std::vector<MYSQL_STMT*> statements;  // [k]: an IN list of 2^k placeholders
  MYSQL_STMT* running = nullptr;
  enum Phase { kIdle, kExecute, kStore } phase = kIdle;
  std::vector<Waiter> batch;
  std::vector<long long> params;
  std::vector<MYSQL_BIND> param_binds;
  std::vector<MYSQL_BIND> result_binds;
  std::vector<std::vector<char>> buffers;
  std::vector<unsigned long> lengths;
  std::vector<my_bool> nulls;
  int watched = -1;  // the MYSQL_WAIT_* bits epoll watches for
};

AsyncPointReader::AsyncPointReader(DbConfig config, Options options)
    : config_(std::move(config)), options_(std::move(options)) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, event_fd_, &ev);
  for (int i = 0; i < options_.max_in_flight; ++i) conns_.push_back(std::make_unique<Conn>());
  loop_ = std::thread([this] { Loop(); });
}

AsyncPointReader::~AsyncPointReader() {
  stop_ = true;
  uint64_t one = 1;
  (void)!write(event_fd_, &one, sizeof(one));
  loop_.join();
  const absl::Status closing = absl::UnavailableError("database reader is shutting down");
  for (auto& c : conns_) {
    for (Waiter& w : c->batch) {
      if (w.done) w.done(closing);
    }
    if (c->mysql != nullptr) Close(*c);
  }
  absl::MutexLock lock(&mu_);
  for (Waiter& w : queue_) w.done(closing);
  close(event_fd_);
  close(epoll_fd_);
}

void AsyncPointReader::Get(int64_t key, absl::Time deadline, Done done) {
  bool wake;
  {
    absl::MutexLock lock(&mu_);
    // The loop looks at the queue whenever a statement ends: a busy loop needs no wake.
    wake = queue_.empty() && in_flight_.load() < options_.max_in_flight;
    queue_.push_back({key, deadline, 0, std::move(done)});
  }
  if (wake) {
    uint64_t one = 1;
    (void)!write(event_fd_, &one, sizeof(one));
  }
}

void AsyncPointReader::Loop() {
  epoll_event events[16];
  int timeout_ms = -1;
  for (;;) {
    const int n = epoll_wait(epoll_fd_, events, 16, timeout_ms);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr == nullptr) {
        uint64_t v;
        (void)!read(event_fd_, &v, sizeof(v));
        continue;
      }
      Conn& c = *static_cast<Conn*>(events[i].data.ptr);
      int ready = 0;
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ready |= MYSQL_WAIT_READ;
      if (events[i].events & EPOLLOUT) ready |= MYSQL_WAIT_WRITE;
      Step(c, ready);
    }
    if (stop_) return;
    StartFetches();
    const absl::Duration wait = AnswerExpired(absl::Now());
    timeout_ms = wait == absl::InfiniteDuration()
                     ? -1
                     : static_cast<int>(std::max<int64_t>(
                           1, absl::ToInt64Milliseconds(absl::Ceil(wait, absl::Milliseconds(1)))));
  }
}

// Answers DEADLINE_EXCEEDED to every waiter past its deadline (queued or in a running
// statement, whose answer then goes to the others only); returns how long until the next one.
absl::Duration AsyncPointReader::AnswerExpired(absl::Time now) {
  absl::Time next = absl::InfiniteFuture();
  const absl::Status late = absl::DeadlineExceededError("deadline passed before the read ended");
  std::vector<Waiter> expired;
  {
    absl::MutexLock lock(&mu_);
    auto keep = std::stable_partition(queue_.begin(), queue_.end(),
                                      [now](const Waiter& w) { return w.deadline > now; });
    expired.assign(std::make_move_iterator(keep), std::make_move_iterator(queue_.end()));
    queue_.erase(keep, queue_.end());
    for (const Waiter& w : queue_) next = std::min(next, w.deadline);
  }
  for (Waiter& w : expired) w.done(late);
  for (auto& c : conns_) {
    for (Waiter& w : c->batch) {
      if (!w.done) continue;
      if (w.deadline <= now) {
        std::exchange(w.done, nullptr)(late);
      } else {
        next = std::min(next, w.deadline);
      }
    }
  }
  return next == absl::InfiniteFuture() ? absl::InfiniteDuration() : next - now;
}

void AsyncPointReader::StartFetches() {
  // A statement that ends at once (Step(c, -1)) frees its connection again: go round until
  // nothing more starts.
  for (bool started = true; started;) {
    started = false;
    for (auto& c : conns_) {
      if (in_flight_.load() >= options_.max_in_flight) return;
      if (c->phase != Conn::kIdle) continue;
      {
        absl::MutexLock lock(&mu_);
        if (queue_.empty()) return;
      }
      if (!EnsureConnected(*c)) return;
      StartOne(*c);
      started = true;
    }
  }
}

// Opens c and prepares its statements if it is not open (blocking: this happens at the first
// read and after a lost connection, when nothing else could be read anyway). On failure every
// queued read is answered with the error (UNAVAILABLE for an unreachable database) and no new
// connect is tried for kConnectBackoff.
bool AsyncPointReader::EnsureConnected(Conn& c) {
  if (c.mysql != nullptr) return true;
  if (absl::Now() < next_connect_) {
    FailQueued(absl::UnavailableError("database unavailable (reconnecting)"));
    return false;
  }
  absl::Status error;
  c.mysql = mysql_init(nullptr);
  const unsigned timeout_s = 2;
  mysql_options(c.mysql, MYSQL_OPT_NONBLOCK, nullptr);
  mysql_options(c.mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout_s);
  mysql_options(c.mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const int64_t limit_s = std::max<int64_t>(1, absl::ToInt64Seconds(options_.statement_limit));
  auto limit = [&c, limit_s] {
    // As the pool does: MariaDB's max_statement_time (s), MySQL 8's max_execution_time (ms).
    const bool mariadb = absl::StrContains(mysql_get_server_info(c.mysql), "MariaDB");
    return mariadb
               ? absl::StrCat("SET SESSION time_zone = '+00:00', max_statement_time = ", limit_s)
               : absl::StrCat("SET SESSION time_zone = '+00:00', max_execution_time = ",
                              limit_s * 1000);
  };
  if (mysql_real_connect(c.mysql, config_.host.c_str(), config_.user.c_str(),
                         config_.password.c_str(), config_.database.c_str(),
                         static_cast<unsigned>(config_.port), nullptr, 0) == nullptr ||
      mysql_query(c.mysql, limit().c_str()) != 0 ||
      mysql_query(c.mysql, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED") != 0) {
    error = FromMysqlError(static_cast<int>(mysql_errno(c.mysql)), mysql_error(c.mysql), "connect");
  }
  const size_t largest = PaddedInListSize(static_cast<size_t>(options_.max_batch));
  for (size_t n = 1; error.ok() && n <= largest; n *= 2) {
    const std::string sql = options_.sql_prefix + InListPlaceholders(n) + ")";
    MYSQL_STMT* stmt = mysql_stmt_init(c.mysql);
    if (mysql_stmt_prepare(stmt, sql.data(), sql.size()) != 0) {
      error = FromMysqlError(static_cast<int>(mysql_stmt_errno(stmt)), mysql_stmt_error(stmt),
                             "prepare");
      mysql_stmt_close(stmt);
      break;
    }
    c.statements.push_back(stmt);
  }
  if (error.ok()) error = BindResults(c);
  if (error.ok()) {
    c.fd = static_cast<int>(mysql_get_socket(c.mysql));
    epoll_event ev{};
    ev.events = 0;
    ev.data.ptr = &c;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c.fd, &ev);
    c.watched = 0;
    return true;
  }
  Close(c);
  next_connect_ = absl::Now() + kConnectBackoff;
  if (options_.reachable && IsConnectionError(MysqlCodeOf(error))) options_.reachable(false);
  FailQueued(error);
  return false;
}

// Text buffers for every column the statement returns (Connector/C converts each type to
// its text); the column names are read once, for every FetchedRow.
absl::Status AsyncPointReader::BindResults(Conn& c) {
  MYSQL_RES* meta = mysql_stmt_result_metadata(c.statements.front());
  if (meta == nullptr) return absl::InternalError("read: the statement returns no columns");
  const unsigned count = mysql_num_fields(meta);
  const MYSQL_FIELD* fields = mysql_fetch_fields(meta);
  if (names_ == nullptr) {
    auto names = std::make_shared<std::vector<std::string>>();
    for (unsigned k = 0; k < count; ++k) names->emplace_back(fields[k].name);
    names_ = std::move(names);
  }
  mysql_free_result(meta);
  if (std::find(names_->begin(), names_->end(), options_.key_column) == names_->end()) {
    return absl::InternalError(
        absl::StrCat("read: the statement returns no key column ", options_.key_column));
  }
  c.result_binds.assign(count, MYSQL_BIND{});
  c.buffers.assign(count, std::vector<char>(kColumnBuffer));
  c.lengths.assign(count, 0);
  c.nulls.assign(count, 0);
  for (size_t k = 0; k < count; ++k) {
    MYSQL_BIND& b = c.result_binds[k];
    b.buffer_type = MYSQL_TYPE_STRING;
    b.buffer = c.buffers[k].data();
    b.buffer_length = kColumnBuffer;
    b.length = &c.lengths[k];
    b.is_null = &c.nulls[k];
  }
  return absl::OkStatus();
}

void AsyncPointReader::FailQueued(const absl::Status& status) {
  std::vector<Waiter> queued;
  {
    absl::MutexLock lock(&mu_);
    queued.swap(queue_);
  }
  for (Waiter& w : queued) w.done(status);
}

void AsyncPointReader::StartOne(Conn& c) {
  {
    absl::MutexLock lock(&mu_);
    const size_t n = std::min(queue_.size(), static_cast<size_t>(options_.max_batch));
    c.batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<ptrdiff_t>(n)));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
  }
  // Padded to a power of two by repeating the last key (in_list.h); statements[k] has 2^k.
  const size_t padded = PaddedInListSize(c.batch.size());
  const auto index = static_cast<size_t>(std::countr_zero(padded));
  c.params.resize(padded);
  c.param_binds.assign(padded, MYSQL_BIND{});
  for (size_t i = 0; i < padded; ++i) {
    c.params[i] = c.batch[std::min(i, c.batch.size() - 1)].key;
    c.param_binds[i].buffer_type = MYSQL_TYPE_LONGLONG;
    c.param_binds[i].buffer = &c.params[i];
  }
  c.running = c.statements[index];
  mysql_stmt_bind_param(c.running, c.param_binds.data());
  c.phase = Conn::kExecute;
  ++in_flight_;
  int ret = 0;
  const int status = mysql_stmt_execute_start(&ret, c.running);
  if (status == 0) {
    Step(c, -1);
  } else {
    Watch(c, status);
  }
}

// Continues c's statement with the socket's readiness (`ready` -1: the last call ended).
void AsyncPointReader::Step(Conn& c, int ready) {
  int status = 0;
  int ret = 0;
  if (ready >= 0) {
    if (c.phase == Conn::kExecute) {
      status = mysql_stmt_execute_cont(&ret, c.running, ready);
    } else if (c.phase == Conn::kStore) {
      status = mysql_stmt_store_result_cont(&ret, c.running, ready);
    } else {
      // Idle, nothing asked: the server closed the connection (a restart, wait_timeout) or
      // says why it will. Closed now, or epoll would report the hang-up on every turn.
      Close(c);
      return;
    }
  } else {
    ret = mysql_stmt_errno(c.running) != 0 ? 1 : 0;
  }
  while (status == 0) {
    if (ret != 0) {
      Deliver(c);  // with the statement's error
      return;
    }
    if (c.phase == Conn::kStore) {
      Deliver(c);
      return;
    }
    c.phase = Conn::kStore;
    mysql_stmt_bind_result(c.running, c.result_binds.data());
    status = mysql_stmt_store_result_start(&ret, c.running);
  }
  Watch(c, status);
}

void AsyncPointReader::Watch(Conn& c, int status) {
  if (status == c.watched) return;
  epoll_event ev{};
  ev.events = EpollEvents(status);
  ev.data.ptr = &c;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
  c.watched = status;
}

void AsyncPointReader::Deliver(Conn& c) {
  const int code = static_cast<int>(mysql_stmt_errno(c.running));
  absl::Status error =
      code == 0 ? absl::OkStatus() : FromMysqlError(code, mysql_stmt_error(c.running), "read");
  if (IsConnectionError(code)) {
    Broken(c, error);
    if (options_.reachable) options_.reachable(false);
    return;
  }
  if (options_.reachable) options_.reachable(true);
  absl::flat_hash_map<int64_t, FetchedRow> rows;
  if (error.ok()) {
    const size_t columns = c.result_binds.size();
    for (int f = mysql_stmt_fetch(c.running); f == 0 || f == MYSQL_DATA_TRUNCATED;
         f = mysql_stmt_fetch(c.running)) {
      std::vector<std::string> values(columns);
      std::vector<bool> nulls(columns);
      for (size_t k = 0; k < columns; ++k) {
        nulls[k] = c.nulls[k] != 0;
        if (!nulls[k]) {
          // `lengths` holds the whole value's length, also when the buffer cut it
          // (MYSQL_DATA_TRUNCATED): never a cut value, the batch fails instead.
          if (c.lengths[k] > kColumnBuffer) {
            error = absl::InternalError(
                absl::StrCat("read: a column is longer than ", kColumnBuffer, " bytes"));
            break;
          }
          values[k].assign(c.buffers[k].data(), c.lengths[k]);
        }
      }
      if (!error.ok()) break;
      FetchedRow row(names_, std::move(values), std::move(nulls));
      const int64_t key = row.Int64(options_.key_column.c_str());
      rows.emplace(key, std::move(row));
    }
  }
  mysql_stmt_free_result(c.running);
  c.phase = Conn::kIdle;
  std::vector<Waiter> batch = std::move(c.batch);
  c.batch.clear();
  --in_flight_;
  for (Waiter& w : batch) {
    if (!w.done) continue;  // answered at its deadline
    if (!error.ok()) {
      w.done(error);
    } else if (auto it = rows.find(w.key); it != rows.end()) {
      w.done(&it->second);
    } else {
      w.done(static_cast<const FetchedRow*>(nullptr));
    }
  }
}

// Closes c (reopened by EnsureConnected when next needed).
void AsyncPointReader::Close(Conn& c) {
  if (c.fd >= 0) epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
  for (MYSQL_STMT* s : c.statements) mysql_stmt_close(s);
  c.statements.clear();
  mysql_close(c.mysql);
  c.mysql = nullptr;
  c.fd = -1;
  c.phase = Conn::kIdle;
}

// A lost connection: closed, and its reads queued again at the front unless they were tried
// kMaxAttempts times.
void AsyncPointReader::Broken(Conn& c, const absl::Status& down) {
  Close(c);
  --in_flight_;
  std::vector<Waiter> batch = std::move(c.batch);
  c.batch.clear();
  std::vector<Waiter> again;
  for (Waiter& w : batch) {
    if (!w.done) continue;
    if (++w.attempts >= kMaxAttempts) {
      w.done(down);
    } else {
      again.push_back(std::move(w));
    }
  }
  absl::MutexLock lock(&mu_);
  queue_.insert(queue_.begin(), std::make_move_iterator(again.begin()),
                std::make_move_iterator(again.end()));
}

}  // namespace sales::db
