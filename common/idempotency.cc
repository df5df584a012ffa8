#include "common/idempotency.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/evp.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace sales {
namespace {

constexpr char kClaim[] =
    "INSERT INTO idempotency (request_id, method, request_hash, response, created_at) "
    "VALUES (?, ?, ?, NULL, ?) ON DUPLICATE KEY UPDATE request_id = request_id";
constexpr char kSelect[] =
    "SELECT method, request_hash, response FROM idempotency WHERE request_id = ? FOR UPDATE";
constexpr char kStoreResponse[] = "UPDATE idempotency SET response = ? WHERE request_id = ?";

// Hex SHA-256 of the method and the deterministic serialization of the request.
std::string RequestHash(std::string_view method, const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  // EVP, not SHA256_Init: the low-level digest calls are deprecated since OpenSSL 3.
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx.get(), method.data(), method.size());
  EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
  EVP_DigestFinal_ex(ctx.get(), digest, &digest_len);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), digest_len));
}

}  // namespace

absl::Status ValidateRequestId(std::string_view request_id) {
  if (request_id.size() > kMaxRequestIdLength) {
    return InvalidField("request_id", "must be at most 64 characters");
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) return InvalidField("request_id", "must be printable ASCII");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> BeginIdempotent(db::Transaction& tx,
                                                           std::string_view method,
                                                           const google::protobuf::Message& request,
                                                           std::string_view request_id) {
  const std::string hash = RequestHash(method, request);
  // Inserting first takes the row lock: a concurrent first attempt blocks here until it
  // commits (then we replay its answer) or rolls back (then we proceed).
  if (tx.Exec(kClaim, {std::string(request_id), std::string(method), hash, absl::Now()}) == 1) {
    return std::nullopt;
  }
  auto rs = tx.Query(kSelect, {std::string(request_id)});
  if (!rs->next()) return db::RetryTransactionError("idempotency record vanished");
  if (rs->getString("method") != std::string(method) || rs->getString("request_hash") != hash) {
    return InvalidField("request_id", "was already used with a different request");
  }
  if (rs->isNull("response")) {
    return db::RetryTransactionError("idempotent request still in progress");
  }
  std::string response;
  if (!absl::Base64Unescape(std::string(rs->getString("response")), &response)) {
    return absl::InternalError("stored idempotent response is not base64");
  }
  return std::optional<std::string>(std::move(response));
}

void FinishIdempotent(db::Transaction& tx, std::string_view request_id,
                      const google::protobuf::Message& response) {
  // Base64 keeps the bytes intact through the text protocol of Connector/C++.
  tx.Exec(kStoreResponse,
          {absl::Base64Escape(response.SerializeAsString()), std::string(request_id)});
}

}  // namespace sales
