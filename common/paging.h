// Keyset paging shared by every List method: the page-size rule, the token scope, one cursor
// type and one helper that trims a fetched page and encodes the next token.
//
// A List handler reads
//   ASSIGN_OR_RETURN(ListPage page, ListPage::Start(codec, "ListThings", req, KeysetShape::kId));
//   rows = store::ListThings(tx, filter, page.after().id, page.fetch_limit());
//   resp.set_next_page_token(
//       page.TakePage(rows, [](const Row& r) { return KeysetCursor::Id(r.id); }));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/page_token.h"
#include "common/status.h"

namespace sales {

// The scope a token is valid for: the method and every filter of the request (page_size
// and page_token excluded), so a token cannot be replayed against another query.
template <typename ListRequest>
std::string ListScope(std::string_view method, ListRequest request) {
  request.clear_page_size();
  request.clear_page_token();
  std::string bytes;
  request.SerializeToString(&bytes);
  return std::string(method) + "|" + bytes;
}

// Which parts of the sort key a List's cursor holds. The id (a positive int64) is always
// last or first, so that the key is unique and the order total.
enum class KeysetShape {
  kId,      // (id): "<id>"
  kTimeId,  // (time, id), e.g. (create_time, id): "<unix micros>:<id>"
  kIdKey,   // (id, text key), e.g. (product_id, warehouse): "<id>:<key>"
};

// The sort key of the last row of a page; the next page starts strictly after it in the
// List's order (ascending or descending is the store's business). The default cursor
// (id 0) means the first page.
struct KeysetCursor {
  KeysetShape shape = KeysetShape::kId;
  absl::Time time = absl::InfinitePast();  // kTimeId only; microsecond precision
  int64_t id = 0;                          // 0: the first page
  std::string key;                         // kIdKey only

  static KeysetCursor Id(int64_t id) { return {KeysetShape::kId, absl::InfinitePast(), id, {}}; }
  static KeysetCursor TimeId(absl::Time time, int64_t id) {
    return {KeysetShape::kTimeId, time, id, {}};
  }
  static KeysetCursor IdKey(int64_t id, std::string key) {
    return {KeysetShape::kIdKey, absl::InfinitePast(), id, std::move(key)};
  }

  bool first_page() const { return id == 0; }
};

// The cursor in a token of `scope`: the first page (of `shape`) when the token is empty;
// INVALID_ARGUMENT naming page_token when it is malformed, altered, from another list or
// filter, or of another shape.
absl::StatusOr<KeysetCursor> DecodeKeysetCursor(const PageTokenCodec& codec, std::string_view scope,
                                                std::string_view token, KeysetShape shape);
std::string EncodeKeysetCursor(const PageTokenCodec& codec, std::string_view scope,
                               const KeysetCursor& cursor);

// One page of a List: page_size normalized (NormalizePageSize), the cursor taken from
// page_token, and the next token made from the last row kept.
class ListPage final {
 public:
  // INVALID_ARGUMENT naming page_size or page_token. The scope is `method` and every filter
  // of `request`, so a token is refused by another list or another filter set.
  template <typename ListRequest>
  static absl::StatusOr<ListPage> Start(const PageTokenCodec& codec, std::string_view method,
                                        const ListRequest& request, KeysetShape shape) {
    ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request.page_size()));
    std::string scope = ListScope(method, request);
    ASSIGN_OR_RETURN(KeysetCursor after,
                     DecodeKeysetCursor(codec, scope, request.page_token(), shape));
    return ListPage(codec, std::move(scope), page_size, std::move(after));
  }

  int page_size() const { return page_size_; }
  // Rows to fetch: one more than the page, which tells whether a next page exists.
  int fetch_limit() const { return page_size_ + 1; }
  // Where this page starts (strictly after); first_page() when page_token was empty.
  const KeysetCursor& after() const { return after_; }

  // Trims `rows` (fetched with fetch_limit(), in the List's order) to page_size() and
  // returns the next page token: empty on the last page, else the token of
  // key_of(last row kept), a KeysetCursor of this List's shape.
  template <typename Row, typename KeyOf>
  std::string TakePage(std::vector<Row>& rows, KeyOf key_of) const {
    if (rows.size() <= static_cast<size_t>(page_size_)) return std::string();
    rows.resize(static_cast<size_t>(page_size_));
    return EncodeKeysetCursor(*codec_, scope_, key_of(rows.back()));
  }

 private:
  ListPage(const PageTokenCodec& codec, std::string scope, int page_size, KeysetCursor after)
      : codec_(&codec), scope_(std::move(scope)), page_size_(page_size), after_(std::move(after)) {}

  const PageTokenCodec* codec_;
  std::string scope_;
  int page_size_;
  KeysetCursor after_;
};

}  // namespace sales
