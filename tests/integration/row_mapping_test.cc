// The row mapping of common/db/row_mapping.h against the real MariaDB: a row struct that
// binds itself and reads itself back unchanged; NULLs read by the nullable readers and
// refused by the NOT NULL ones; times round-tripping through DATETIME(6) to the
// microsecond; enums refusing a number they do not know, with an error naming the column.
#include "common/db/row_mapping.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {

enum class Color { kRed = 1, kGreen = 2, kBlue = 3 };

}  // namespace sales::testing

namespace sales::db {

template <>
struct EnumColumn<testing::Color> : DenseEnumColumn<testing::Color, 1, 3> {
  static constexpr std::string_view kName = "Color";
};

}  // namespace sales::db

namespace sales::testing {
namespace {

constexpr char kCreateItems[] =
    "CREATE TABLE items ("
    "  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    "  label VARCHAR(40) NOT NULL,"
    "  note VARCHAR(40) NULL,"
    "  amount_minor BIGINT NOT NULL,"
    "  parent_id BIGINT NULL,"
    "  color TINYINT NOT NULL,"
    "  accent TINYINT NOT NULL DEFAULT 0,"
    "  paused TINYINT(1) NOT NULL,"
    "  created_at DATETIME(6) NOT NULL,"
    "  closed_at DATETIME(6) NULL"
    ") ENGINE=InnoDB";
constexpr char kInsertItem[] =
    "INSERT INTO items (label, note, amount_minor, parent_id, color, accent, paused, "
    "created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertItemsPrefix[] =
    "INSERT INTO items (label, note, amount_minor, parent_id, color, accent, paused, "
    "created_at, closed_at) VALUES ";
constexpr char kSelectItems[] =
    "SELECT id, label, note, amount_minor, parent_id, color, accent, paused, created_at, "
    "closed_at FROM items ";

// A row struct as a store declares one: it maps itself once, both ways.
struct ItemRow {
  int64_t id = 0;
  std::string label;
  std::string note;          // NULL when empty
  int64_t amount_minor = 0;  // money: int64 minor units
  int64_t parent_id = 0;     // NULL when 0
  Color color = Color::kRed;
  std::optional<Color> accent;  // 0 when unset
  bool paused = false;
  absl::Time created_at = absl::InfinitePast();
  absl::Time closed_at = absl::InfinitePast();  // NULL when unset

  static ItemRow Read(const db::RowReader& r) {
    ItemRow row;
    row.id = r.Int64("id");
    row.label = r.String("label");
    row.note = r.StringOrEmpty("note");
    row.amount_minor = r.Int64("amount_minor");
    row.parent_id = r.Int64OrZero("parent_id");
    row.color = r.Enum<Color>("color");
    row.accent = r.OptionalEnum<Color>("accent");
    row.paused = r.Bool("paused");
    row.created_at = r.Time("created_at");
    row.closed_at = r.TimeOrUnset("closed_at");
    return row;
  }
  void Bind(db::ParamWriter& p) const {
    p.Add(label)
        .Add(db::NullIfEmpty(note))
        .Add(amount_minor)
        .Add(db::NullIfZero(parent_id))
        .Add(color)
        .Add(accent)
        .Add(paused)
        .Add(created_at)
        .Add(db::NullIfUnset(closed_at));
  }
};

absl::Time At(int y, int mo, int d, int h, int mi, int s, int64_t micros) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone()) +
         absl::Microseconds(micros);
}

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

class RowMappingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::ConnectionPool::InitDriver();
    schema_.emplace(TestSchema::Create(TestMariaDb()));
    pool_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    ASSERT_TRUE(Run([](db::Transaction& tx) { tx.Exec(kCreateItems); }).ok());
  }

  void TearDown() override {
    pool_.reset();
    schema_.reset();
  }

  // Runs `body` in a transaction; the status RunInTransaction answers.
  template <typename Body>
  absl::Status Run(Body body) {
    return db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
      body(tx);
      return absl::OkStatus();
    });
  }

  int64_t Insert(const ItemRow& row) {
    int64_t id = 0;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  tx.Exec(kInsertItem, db::ParamWriter().AddRow(row).params());
                  id = tx.LastInsertId();
                }).ok());
    return id;
  }

  std::optional<ItemRow> Find(int64_t id) {
    std::optional<ItemRow> row;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  row = db::QueryOne<ItemRow>(tx, std::string(kSelectItems) + "WHERE id = ?", {id});
                }).ok());
    return row;
  }

  // Sets one column of item `id` to `value`, bypassing the row's own mapping.
  void SetColumn(int64_t id, const std::string& column, db::SqlParam value) {
    ASSERT_TRUE(Run([&](db::Transaction& tx) {
                  tx.Exec("UPDATE items SET " + column + " = ? WHERE id = ?", {value, id});
                }).ok());
  }

  // The status of reading item `id` with ItemRow::Read.
  absl::Status ReadStatus(int64_t id) {
    return Run([&](db::Transaction& tx) {
      db::QueryOne<ItemRow>(tx, std::string(kSelectItems) + "WHERE id = ?", {id});
    });
  }

  std::optional<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

ItemRow FullItem() {
  ItemRow row;
  row.label = "full";
  row.note = "with a note";
  row.amount_minor = std::numeric_limits<int64_t>::max();
  row.parent_id = 42;
  row.color = Color::kBlue;
  row.accent = Color::kGreen;
  row.paused = true;
  row.created_at = At(2026, 3, 29, 1, 59, 59, 999999);
  row.closed_at = At(2026, 11, 30, 0, 0, 0, 1);
  return row;
}

void ExpectSameItem(const ItemRow& want, const ItemRow& got) {
  EXPECT_EQ(got.label, want.label);
  EXPECT_EQ(got.note, want.note);
  EXPECT_EQ(got.amount_minor, want.amount_minor);
  EXPECT_EQ(got.parent_id, want.parent_id);
  EXPECT_EQ(got.color, want.color);
  EXPECT_EQ(got.accent, want.accent);
  EXPECT_EQ(got.paused, want.paused);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.closed_at, want.closed_at);
}

TEST_F(RowMappingTest, RowBindsAndReadsItselfBackUnchanged) {
  const ItemRow want = FullItem();
  const int64_t id = Insert(want);
  std::optional<ItemRow> got = Find(id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, id);
  ExpectSameItem(want, *got);
}

TEST_F(RowMappingTest, EmptyOptionalValuesAreStoredAsNullAndReadBackEmpty) {
  ItemRow want;
  want.label = "bare";
  want.amount_minor = -1;
  want.created_at = At(2026, 11, 30, 6, 0, 0, 0);
  const int64_t id = Insert(want);
  int64_t nulls = -1;
  ASSERT_TRUE(Run([&](db::Transaction& tx) {
                nulls = db::QueryOne(tx,
                                     "SELECT (note IS NULL) + (parent_id IS NULL) + "
                                     "(closed_at IS NULL) + (accent = 0) AS n FROM items "
                                     "WHERE id = ?",
                                     {id}, [](const db::RowReader& r) { return r.Int64("n"); })
                            .value_or(-1);
              }).ok());
  EXPECT_EQ(nulls, 4);
  std::optional<ItemRow> got = Find(id);
  ASSERT_TRUE(got.has_value());
  ExpectSameItem(want, *got);
  EXPECT_TRUE(got->note.empty());
  EXPECT_EQ(got->parent_id, 0);
  EXPECT_EQ(got->accent, std::nullopt);
  EXPECT_EQ(got->closed_at, absl::InfinitePast());
}

TEST_F(RowMappingTest, NullableReadersSeeNullAndNotNullReadersRefuseIt) {
  const int64_t id = Insert(FullItem());
  SetColumn(id, "note", nullptr);
  ASSERT_TRUE(Run([&](db::Transaction& tx) {
                auto rs = tx.Query("SELECT note, NULL AS nothing FROM items WHERE id = ?", {id});
                ASSERT_TRUE(rs->next());
                const db::RowReader r(*rs);
                EXPECT_TRUE(r.IsNull("note"));
                EXPECT_EQ(r.StringOrEmpty("note"), "");
                EXPECT_EQ(r.Int64OrZero("nothing"), 0);
                EXPECT_EQ(r.TimeOrUnset("nothing"), absl::InfinitePast());
                EXPECT_EQ(r.OptionalEnum<Color>("nothing"), std::nullopt);
              }).ok());

  const absl::Status status = Run([&](db::Transaction& tx) {
    db::QueryOne(tx, "SELECT NULL AS label", {},
                 [](const db::RowReader& r) { return r.String("label"); });
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "row mapping: column label is NULL")) << status;
}

TEST_F(RowMappingTest, TimesRoundTripThroughDatetime6ToTheMicrosecond) {
  const std::vector<absl::Time> times = {
      At(2026, 3, 29, 1, 59, 59, 999999),    // a daylight-saving night in Europe
      At(2026, 11, 30, 23, 59, 59, 1),       // one microsecond past a second
      At(1970, 1, 1, 0, 0, 0, 0),            // the epoch
      At(1969, 12, 31, 23, 59, 59, 500000),  // before it
      At(9999, 12, 31, 23, 59, 59, 999999),  // the largest DATETIME
  };
  for (const absl::Time t : times) {
    ItemRow row = FullItem();
    row.created_at = t;
    row.closed_at = t;
    std::optional<ItemRow> got = Find(Insert(row));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->created_at, t) << absl::FormatTime(t);
    EXPECT_EQ(got->closed_at, t) << absl::FormatTime(t);
  }
  // Below a microsecond is cut off, never rounded up into the next microsecond.
  ItemRow row = FullItem();
  row.created_at = At(2026, 1, 2, 3, 4, 5, 123456) + absl::Nanoseconds(999);
  std::optional<ItemRow> got = Find(Insert(row));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->created_at, At(2026, 1, 2, 3, 4, 5, 123456));
}

TEST_F(RowMappingTest, DatetimesOfEveryPrecisionReadAsUtcAndNonDatesAreRefused) {
  std::vector<absl::Time> got;
  ASSERT_TRUE(Run([&](db::Transaction& tx) {
                got =
                    *db::QueryOne(tx,
                                  "SELECT CAST('2026-01-02 03:04:05' AS DATETIME) AS whole, "
                                  "CAST('2026-01-02 03:04:05.12' AS DATETIME(2)) AS hundredths, "
                                  "CAST('2024-02-29 23:59:59.000007' AS DATETIME(6)) AS leap_day",
                                  {}, [](const db::RowReader& r) {
                                    return std::vector<absl::Time>{
                                        r.Time("whole"), r.Time("hundredths"), r.Time("leap_day")};
                                  });
              }).ok());
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], At(2026, 1, 2, 3, 4, 5, 0));
  EXPECT_EQ(got[1], At(2026, 1, 2, 3, 4, 5, 120000));
  EXPECT_EQ(got[2], At(2024, 2, 29, 23, 59, 59, 7));

  // Text that is no DATETIME (an impossible day, another layout) is refused, naming it.
  for (const char* text : {"2026-02-30 00:00:00", "2026-01-02T03:04:05", "2026-01-02 24:00:00"}) {
    const absl::Status status = Run([&](db::Transaction& tx) {
      db::QueryOne(tx, "SELECT ? AS stamp", {std::string(text)},
                   [](const db::RowReader& r) { return r.Time("stamp"); });
    });
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << text;
    EXPECT_TRUE(absl::StrContains(status.message(), "row mapping: column stamp holds '")) << status;
  }
}

TEST_F(RowMappingTest, EnumRefusesANumberItDoesNotKnowNamingTheColumn) {
  const int64_t id = Insert(FullItem());
  SetColumn(id, "color", int64_t{9});
  const absl::Status status = ReadStatus(id);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_TRUE(absl::StrContains(status.message(),
                                "row mapping: column color holds 9, which is not a Color"))
      << status;

  SetColumn(id, "color", int64_t{0});  // 0 (unspecified) is no value of a NOT NULL enum
  EXPECT_TRUE(absl::StrContains(ReadStatus(id).message(), "column color holds 0"));

  SetColumn(id, "color", int64_t{2});
  SetColumn(id, "accent", int64_t{4});  // an optional enum refuses unknown numbers too
  EXPECT_TRUE(absl::StrContains(ReadStatus(id).message(), "column accent holds 4"));

  SetColumn(id, "accent", int64_t{0});
  std::optional<ItemRow> got = Find(id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->color, Color::kGreen);
  EXPECT_EQ(got->accent, std::nullopt);
}

TEST_F(RowMappingTest, AColumnTheResultDoesNotHaveIsRefusedByName) {
  const absl::Status status = Run([&](db::Transaction& tx) {
    db::QueryOne(tx, "SELECT 1 AS one", {}, [](const db::RowReader& r) { return r.Int64("two"); });
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "column two is not in the result set")) << status;
}

TEST_F(RowMappingTest, QueryAllReadsEveryRowInOrderAndQueryOneNothingWhenNoneMatch) {
  std::vector<ItemRow> want;
  db::ParamWriter p;
  for (int i = 0; i < 3; ++i) {
    ItemRow row = FullItem();
    row.label = "batch " + std::to_string(i);
    row.amount_minor = i * 100;
    row.created_at = At(2026, 1, 1, 0, 0, 0, i);
    p.AddRow(row);
    want.push_back(row);
  }
  ASSERT_EQ(p.size(), 27u);
  ASSERT_TRUE(
      Run([&](db::Transaction& tx) { db::ExecBatch(tx, kInsertItemsPrefix, 9, p.params()); }).ok());

  std::vector<ItemRow> got;
  std::optional<ItemRow> none;
  ASSERT_TRUE(Run([&](db::Transaction& tx) {
                got = db::QueryAll<ItemRow>(tx, std::string(kSelectItems) + "ORDER BY id DESC");
                none = db::QueryOne<ItemRow>(tx, std::string(kSelectItems) + "WHERE id = ?",
                                             {int64_t{-1}});
              }).ok());
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < 3; ++i) ExpectSameItem(want[2 - i], got[i]);
  EXPECT_FALSE(none.has_value());
}

struct Parent {
  int64_t id = 0;
  std::vector<std::string> children;
};

TEST(AttachChildrenTest, EachChildGoesToItsParentInOrderAndOrphansAreDropped) {
  std::vector<Parent> parents = {{7, {}}, {3, {}}, {5, {}}};
  db::AttachChildren(
      parents, &Parent::id, &Parent::children,
      std::vector<db::Keyed<std::string>>{{3, "a"}, {7, "b"}, {4, "orphan"}, {3, "c"}, {7, "d"}});
  EXPECT_EQ(parents[0].children, (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(parents[1].children, (std::vector<std::string>{"a", "c"}));
  EXPECT_TRUE(parents[2].children.empty());
}

}  // namespace
}  // namespace sales::testing
