// Row structs map themselves once: `static Row Read(const db::RowReader&)` reads one row of a
// result set by column name, `void Bind(db::ParamWriter&) const` writes the row's values for
// its INSERT. QueryAll / QueryOne run a SELECT and read every row (or the first) with it, so
// that no store writes a `while (rs->next())` loop of its own.
//
//   struct ContactRow {
//     int64_t id = 0;
//     std::string title;  // NULL reads as ""
//     absl::Time created_at = absl::InfinitePast();
//     static ContactRow Read(const db::RowReader& r);  // in rows.cc, next to the struct
//   };
//   std::vector<ContactRow> rows = db::QueryAll<ContactRow>(tx, kListContacts, {id, limit});
//
// Types a store does not own (domain values such as an order) are read by a free function
// passed instead: db::QueryAll(tx, kSelectHistory, {id}, ReadStatusChange).
//
// A value a row cannot hold (a NULL in a NOT NULL reader, an enum number the enum does not
// know, a missing column, an unreadable time) throws sql::SQLException with
// kErrBadRowValue; RunInTransaction maps it to INTERNAL naming the column and the value.
#pragma once

#include <cppconn/resultset.h>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/db/batches.h"
#include "common/db/transaction.h"

namespace sales::db {

// Not a server code: a row value its mapping refuses (see above).
inline constexpr int kErrBadRowValue = -3;

// How an enum is stored: a number column. Specialise next to the row that holds the enum,
// with `kName` (for errors) and `FromNumber` (nullopt for a number the enum does not know);
// DenseEnumColumn does it for enums whose values are one contiguous range:
//   template <> struct db::EnumColumn<domain::ReturnStatus>
//       : db::DenseEnumColumn<domain::ReturnStatus, 1, 4> {
//     static constexpr std::string_view kName = "ReturnStatus";
//   };
template <typename E>
struct EnumColumn;

template <typename E, int64_t kFirst, int64_t kLast>
struct DenseEnumColumn {
  static std::optional<E> FromNumber(int64_t number) {
    if (number < kFirst || number > kLast) return std::nullopt;
    return static_cast<E>(number);
  }
};

template <typename E>
concept StoredEnum = std::is_enum_v<E> && requires(int64_t number) {
  { EnumColumn<E>::kName } -> std::convertible_to<std::string_view>;
  { EnumColumn<E>::FromNumber(number) } -> std::same_as<std::optional<E>>;
};

// The number an enum value is stored as.
template <StoredEnum E>
int64_t EnumNumber(E value) {
  return static_cast<int64_t>(static_cast<std::underlying_type_t<E>>(value));
}

// Typed reads of the current row of a result set, by column name (the SELECT's column or
// its alias). Readers without a suffix are for NOT NULL columns and refuse a NULL; the
// `OrZero` / `OrEmpty` / `OrUnset` / `Optional` readers are for nullable ones.
class RowReader final {
 public:
  explicit RowReader(const sql::ResultSet& rs) : rs_(&rs) {}

  // Reads the rows of `rs` from now on, keeping the columns looked up so far: for the next
  // chunk of the same statement, whose columns are the same.
  void Continue(const sql::ResultSet& rs) { rs_ = &rs; }

  int64_t Int64(const char* column) const;  // also money: int64 minor units
  int32_t Int32(const char* column) const;
  bool Bool(const char* column) const;  // TINYINT(1): non-zero is true
  std::string String(const char* column) const;
  // A DATETIME(6) column written through ParamWriter (UTC, to the microsecond).
  absl::Time Time(const char* column) const;
  // The enum whose number the column holds; an unknown number is refused.
  template <StoredEnum E>
  E Enum(const char* column) const {
    const int64_t number = Int64(column);
    std::optional<E> value = EnumColumn<E>::FromNumber(number);
    if (!value.has_value()) RefuseEnum(column, number, EnumColumn<E>::kName);
    return *value;
  }

  bool IsNull(const char* column) const;
  int64_t Int64OrZero(const char* column) const;        // NULL reads as 0 (optional ids)
  std::string StringOrEmpty(const char* column) const;  // NULL reads as ""
  absl::Time TimeOrUnset(const char* column) const;     // NULL reads as InfinitePast
  // NULL or 0 (the *_UNSPECIFIED number, which no stored value uses) reads as nullopt;
  // another unknown number is refused.
  template <StoredEnum E>
  std::optional<E> OptionalEnum(const char* column) const {
    const int64_t number = Int64OrZero(column);
    if (number == 0) return std::nullopt;
    std::optional<E> value = EnumColumn<E>::FromNumber(number);
    if (!value.has_value()) RefuseEnum(column, number, EnumColumn<E>::kName);
    return value;
  }

 private:
  // The 1-based index of `column`; refuses a name the result set does not have. Looked up
  // once per reader: Connector/C++'s findColumn upper-cases the name on every call.
  uint32_t Index(const char* column) const;
  // The index of `column`, refusing a NULL in it.
  uint32_t NotNull(const char* column) const;
  absl::Time TimeAt(const char* column, uint32_t index) const;
  [[noreturn]] static void RefuseEnum(const char* column, int64_t number, std::string_view name);

  struct Column {
    std::string name;
    uint32_t index;
  };

  const sql::ResultSet* rs_;
  mutable std::vector<Column> columns_;  // the names looked up so far
};

// The reader of the current row of `rs`, kept in `reader` across the rows and chunks of one
// statement so that each column is looked up once.
inline const RowReader& ReaderFor(std::optional<RowReader>& reader, const sql::ResultSet& rs) {
  if (reader.has_value()) {
    reader->Continue(rs);
  } else {
    reader.emplace(rs);
  }
  return *reader;
}

// The values of a statement's `?` placeholders, in order, for one row or (appended one
// after the other) for the rows of a multi-row statement.
class ParamWriter final {
 public:
  ParamWriter() = default;

  ParamWriter& Add(SqlParam value) {
    params_.push_back(std::move(value));
    return *this;
  }
  ParamWriter& Add(bool value) { return Add(SqlParam(value)); }
  ParamWriter& Add(const char* value) { return Add(SqlParam(std::string(value))); }
  ParamWriter& Add(std::string_view value) { return Add(SqlParam(std::string(value))); }
  ParamWriter& Add(const std::string& value) { return Add(SqlParam(value)); }
  ParamWriter& Add(absl::Time value) { return Add(SqlParam(value)); }  // DATETIME(6), UTC
  template <std::integral I>
  requires(!std::same_as<I, bool>) ParamWriter& Add(I value) {
    return Add(SqlParam(static_cast<int64_t>(value)));
  }
  template <StoredEnum E>
  ParamWriter& Add(E value) {
    return Add(SqlParam(EnumNumber(value)));
  }
  // An unset optional enum is stored as 0 (what OptionalEnum reads back as nullopt).
  template <StoredEnum E>
  ParamWriter& Add(const std::optional<E>& value) {
    return Add(SqlParam(value.has_value() ? EnumNumber(*value) : int64_t{0}));
  }
  // The row's own mapping: `row.Bind(*this)`.
  template <typename Row>
  requires requires(const Row& row, ParamWriter& p) { row.Bind(p); }
  ParamWriter& AddRow(const Row& row) {
    row.Bind(*this);
    return *this;
  }

  const std::vector<SqlParam>& params() const { return params_; }
  size_t size() const { return params_.size(); }

 private:
  std::vector<SqlParam> params_;
};

// A row struct that reads itself: `static Row Read(const RowReader&)`.
template <typename Row>
concept ReadableRow = requires(const RowReader& reader) {
  { Row::Read(reader) } -> std::convertible_to<Row>;
};

// A function that reads one row.
template <typename Read>
concept RowReadFunction = std::invocable<Read&, const RowReader&>;

template <RowReadFunction Read>
using ReadResult = std::decay_t<std::invoke_result_t<Read&, const RowReader&>>;

// Every row of `rs`, read by `read`.
template <RowReadFunction Read>
std::vector<ReadResult<Read>> ReadAll(sql::ResultSet& rs, Read&& read) {
  std::vector<ReadResult<Read>> rows;
  const RowReader reader(rs);
  while (rs.next()) rows.push_back(read(reader));
  return rows;
}

// Every row of a SELECT, read by `read`.
template <RowReadFunction Read>
std::vector<ReadResult<Read>> QueryAll(Transaction& tx, const std::string& sql,
                                       std::initializer_list<SqlParam> params, Read&& read) {
  return ReadAll(*tx.Query(sql, params), read);
}
template <RowReadFunction Read>
std::vector<ReadResult<Read>> QueryAll(Transaction& tx, const std::string& sql,
                                       const std::vector<SqlParam>& params, Read&& read) {
  return ReadAll(*tx.Query(sql, params), read);
}
// Every row of a SELECT, read by Row::Read.
template <ReadableRow Row>
std::vector<Row> QueryAll(Transaction& tx, const std::string& sql,
                          std::initializer_list<SqlParam> params = {}) {
  return QueryAll(tx, sql, params, Row::Read);
}
template <ReadableRow Row>
std::vector<Row> QueryAll(Transaction& tx, const std::string& sql,
                          const std::vector<SqlParam>& params) {
  return QueryAll(tx, sql, params, Row::Read);
}

// The first row of a SELECT (the statement should match at most one), or nullopt.
template <RowReadFunction Read>
std::optional<ReadResult<Read>> QueryOne(Transaction& tx, const std::string& sql,
                                         std::initializer_list<SqlParam> params, Read&& read) {
  auto rs = tx.Query(sql, params);
  if (!rs->next()) return std::nullopt;
  return read(RowReader(*rs));
}
template <RowReadFunction Read>
std::optional<ReadResult<Read>> QueryOne(Transaction& tx, const std::string& sql,
                                         const std::vector<SqlParam>& params, Read&& read) {
  auto rs = tx.Query(sql, params);
  if (!rs->next()) return std::nullopt;
  return read(RowReader(*rs));
}
template <ReadableRow Row>
std::optional<Row> QueryOne(Transaction& tx, const std::string& sql,
                            std::initializer_list<SqlParam> params = {}) {
  return QueryOne(tx, sql, params, Row::Read);
}

// QueryIn (common/db/batches.h) with every row read by `read`: the rows of all chunks.
template <RowReadFunction Read>
std::vector<ReadResult<Read>> QueryInAll(Transaction& tx, const std::string& prefix,
                                         const std::vector<SqlParam>& leading,
                                         const std::vector<int64_t>& ids, const std::string& suffix,
                                         Read&& read) {
  std::vector<ReadResult<Read>> rows;
  std::optional<RowReader> reader;  // kept across rows and chunks: columns looked up once
  QueryIn(tx, prefix, leading, ids, suffix,
          [&](sql::ResultSet& rs) { rows.push_back(read(ReaderFor(reader, rs))); });
  return rows;
}

// QueryRows (common/db/transaction.h) with every row read by `read`: the rows of all chunks.
template <RowReadFunction Read>
std::vector<ReadResult<Read>> QueryRowsAll(Transaction& tx, const std::string& prefix, int width,
                                           const std::vector<SqlParam>& params,
                                           const std::string& suffix, Read&& read) {
  std::vector<ReadResult<Read>> rows;
  std::optional<RowReader> reader;  // kept across rows and chunks: columns looked up once
  QueryRows(tx, prefix, width, params, suffix,
            [&](sql::ResultSet& rs) { rows.push_back(read(ReaderFor(reader, rs))); });
  return rows;
}

// A child row with the key of the parent it belongs to (e.g. a return line and its
// return_id), as read from a statement that fetches the children of many parents.
template <typename Child>
struct Keyed {
  int64_t key = 0;
  Child row;
};

// Appends each child to the `children` vector of the parent whose `key` member equals the
// child's key, keeping the children's order; children without a parent are dropped.
template <typename Parent, typename Child>
void AttachChildren(std::vector<Parent>& parents, int64_t Parent::*key,
                    std::vector<Child> Parent::*children, std::vector<Keyed<Child>> keyed) {
  std::vector<std::pair<int64_t, Parent*>> by_key;
  by_key.reserve(parents.size());
  for (Parent& parent : parents) by_key.emplace_back(parent.*key, &parent);
  std::sort(by_key.begin(), by_key.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (Keyed<Child>& child : keyed) {
    auto it = std::lower_bound(by_key.begin(), by_key.end(), child.key,
                               [](const auto& entry, int64_t k) { return entry.first < k; });
    if (it == by_key.end() || it->first != child.key) continue;
    (it->second->*children).push_back(std::move(child.row));
  }
}

}  // namespace sales::db
