#include "common/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace sales {
namespace {
constexpr size_t kMacBytes = 12;  // 96 bits: forging one is out of reach
}  // namespace

absl::StatusOr<int> NormalizePageSize(int32_t requested) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : static_cast<int>(requested);
}

PageTokenCodec::PageTokenCodec(std::string secret) : secret_(std::move(secret)) {}

std::string PageTokenCodec::Mac(std::string_view scope, std::string_view cursor) const {
  const std::string message = absl::StrCat(scope.size(), ":", ToAbsl(scope), ToAbsl(cursor));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &digest_len);
  return std::string(reinterpret_cast<const char*>(digest), kMacBytes);
}

std::string PageTokenCodec::Encode(std::string_view scope, std::string_view cursor) const {
  return absl::StrCat(absl::WebSafeBase64Escape(ToAbsl(cursor)), ".",
                      absl::WebSafeBase64Escape(Mac(scope, cursor)));
}

absl::StatusOr<std::string> PageTokenCodec::Decode(std::string_view scope,
                                                   std::string_view token) const {
  const size_t dot = token.find('.');
  std::string cursor, mac;
  if (dot == std::string_view::npos ||
      !absl::WebSafeBase64Unescape(ToAbsl(token.substr(0, dot)), &cursor) ||
      !absl::WebSafeBase64Unescape(ToAbsl(token.substr(dot + 1)), &mac) ||
      mac.size() != kMacBytes) {
    return InvalidField("page_token", "is malformed");
  }
  const std::string expected = Mac(scope, cursor);
  if (CRYPTO_memcmp(expected.data(), mac.data(), kMacBytes) != 0) {
    return InvalidField("page_token", "does not belong to this list and filter (or was altered)");
  }
  return cursor;
}

}  // namespace sales
