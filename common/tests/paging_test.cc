#include "common/paging.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/time.h"

namespace sales {
namespace {

// The parts of a generated List request that ListScope and ListPage use.
struct FakeListRequest {
  int32_t page_size_ = 0;
  std::string page_token_;
  std::string filter_;

  int32_t page_size() const { return page_size_; }
  const std::string& page_token() const { return page_token_; }
  void clear_page_size() { page_size_ = 0; }
  void clear_page_token() { page_token_.clear(); }
  bool SerializeToString(std::string* out) const {
    *out = filter_;
    return true;
  }
};

struct Row {
  int64_t id = 0;
  absl::Time at;
  std::string key;
};

KeysetCursor IdOf(const Row& row) { return KeysetCursor::Id(row.id); }

bool NamesField(const absl::Status& status, std::string_view field) {
  return status.code() == absl::StatusCode::kInvalidArgument &&
         absl::StartsWith(status.message(), std::string(field) + ": ");
}

const PageTokenCodec kCodec("secret");

TEST(ListPageTest, EmptyTokenIsTheFirstPageWithTheDefaultSize) {
  const absl::StatusOr<ListPage> page =
      ListPage::Start(kCodec, "ListThings", FakeListRequest{}, KeysetShape::kTimeId);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->page_size(), kDefaultPageSize);
  EXPECT_EQ(page->fetch_limit(), kDefaultPageSize + 1);
  EXPECT_TRUE(page->after().first_page());
  EXPECT_EQ(page->after().shape, KeysetShape::kTimeId);
}

TEST(ListPageTest, PageSizeIsClampedAndNegativeIsRefused) {
  FakeListRequest req;
  req.page_size_ = kMaxPageSize + 1;
  EXPECT_EQ(ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId)->page_size(),
            kMaxPageSize);
  req.page_size_ = 7;
  EXPECT_EQ(ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId)->page_size(), 7);
  req.page_size_ = -1;
  EXPECT_TRUE(NamesField(ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId).status(),
                         "page_size"));
}

TEST(ListPageTest, TakePageTrimsAndTheTokenResumesAfterTheLastRowKept) {
  FakeListRequest req;
  req.page_size_ = 2;
  req.filter_ = "status=ACTIVE";
  absl::StatusOr<ListPage> page = ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId);
  ASSERT_TRUE(page.ok());
  std::vector<Row> rows = {{10, {}, {}}, {11, {}, {}}, {12, {}, {}}};  // fetch_limit() rows
  const std::string token = page->TakePage(rows, IdOf);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.back().id, 11);
  ASSERT_FALSE(token.empty());

  req.page_token_ = token;
  page = ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->after().first_page());
  EXPECT_EQ(page->after().id, 11);
}

TEST(ListPageTest, LastPageHasNoToken) {
  FakeListRequest req;
  req.page_size_ = 2;
  const absl::StatusOr<ListPage> page =
      ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId);
  std::vector<Row> rows = {{10, {}, {}}, {11, {}, {}}};
  EXPECT_EQ(page->TakePage(rows, IdOf), "");
  EXPECT_EQ(rows.size(), 2u);
  rows.clear();
  EXPECT_EQ(page->TakePage(rows, IdOf), "");
}

TEST(ListPageTest, TokenOfAnotherListOrFilterIsRefusedNamingPageToken) {
  FakeListRequest req;
  req.filter_ = "status=ACTIVE";
  req.page_token_ = EncodeKeysetCursor(kCodec, ListScope("ListThings", req), KeysetCursor::Id(5));
  EXPECT_TRUE(ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId).ok());
  EXPECT_TRUE(NamesField(ListPage::Start(kCodec, "ListOthers", req, KeysetShape::kId).status(),
                         "page_token"));
  req.filter_ = "status=ARCHIVED";
  EXPECT_TRUE(NamesField(ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId).status(),
                         "page_token"));
  req.filter_ = "status=ACTIVE";
  req.page_size_ = 9;  // page_size is not part of the scope
  EXPECT_TRUE(ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId).ok());
  req.page_token_ += "x";
  EXPECT_TRUE(NamesField(ListPage::Start(kCodec, "ListThings", req, KeysetShape::kId).status(),
                         "page_token"));
}

TEST(KeysetCursorTest, EveryShapeRoundTrips) {
  const absl::Time at = absl::FromUnixMicros(1732924800123456);
  const std::vector<KeysetCursor> cursors = {KeysetCursor::Id(42), KeysetCursor::TimeId(at, 7),
                                             KeysetCursor::TimeId(absl::FromUnixMicros(-5), 1),
                                             KeysetCursor::IdKey(3, "WH-1"),
                                             KeysetCursor::IdKey(3, "a:b")};
  for (const KeysetCursor& cursor : cursors) {
    const std::string token = EncodeKeysetCursor(kCodec, "s", cursor);
    const absl::StatusOr<KeysetCursor> back = DecodeKeysetCursor(kCodec, "s", token, cursor.shape);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->shape, cursor.shape);
    EXPECT_EQ(back->id, cursor.id);
    EXPECT_EQ(back->key, cursor.key);
    if (cursor.shape == KeysetShape::kTimeId) {
      EXPECT_EQ(back->time, cursor.time);
    }
  }
}

TEST(KeysetCursorTest, TokenOfAnotherShapeOrABadIdIsMalformed) {
  const std::string id_token = EncodeKeysetCursor(kCodec, "s", KeysetCursor::Id(4));
  const std::string time_token =
      EncodeKeysetCursor(kCodec, "s", KeysetCursor::TimeId(absl::FromUnixMicros(9), 4));
  EXPECT_TRUE(NamesField(DecodeKeysetCursor(kCodec, "s", id_token, KeysetShape::kTimeId).status(),
                         "page_token"));
  EXPECT_TRUE(NamesField(DecodeKeysetCursor(kCodec, "s", time_token, KeysetShape::kId).status(),
                         "page_token"));
  for (const char* bad : {"0", "-3", "", "x", "1:2"}) {
    EXPECT_TRUE(NamesField(
        DecodeKeysetCursor(kCodec, "s", kCodec.Encode("s", bad), KeysetShape::kId).status(),
        "page_token"))
        << bad;
  }
  for (const char* bad : {"5", "5:0", "x:1", "5:1:2", ":1"}) {
    EXPECT_TRUE(NamesField(
        DecodeKeysetCursor(kCodec, "s", kCodec.Encode("s", bad), KeysetShape::kTimeId).status(),
        "page_token"))
        << bad;
  }
  for (const char* bad : {"5", "0:WH", "x:WH"}) {
    EXPECT_TRUE(NamesField(
        DecodeKeysetCursor(kCodec, "s", kCodec.Encode("s", bad), KeysetShape::kIdKey).status(),
        "page_token"))
        << bad;
  }
}

}  // namespace
}  // namespace sales
