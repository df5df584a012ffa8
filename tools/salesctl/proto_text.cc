#include "tools/salesctl/proto_text.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tools/salesctl/errors.h"

namespace sales::salesctl {
namespace {

// "CUSTOMER_KIND_": the prefix every value of `type` shares, from its *_UNSPECIFIED value.
std::string PrefixOf(const google::protobuf::EnumDescriptor* type) {
  const google::protobuf::EnumValueDescriptor* zero = type->FindValueByNumber(0);
  if (zero == nullptr || !absl::EndsWith(zero->name(), "UNSPECIFIED")) return "";
  return zero->name().substr(0, zero->name().size() - absl::string_view("UNSPECIFIED").size());
}

}  // namespace

absl::StatusOr<int> ParseEnumNumber(const google::protobuf::EnumDescriptor* type,
                                    absl::string_view field, absl::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(text);
  const std::string prefix = PrefixOf(type);
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByName(prefix + upper);
  if (value == nullptr && absl::StartsWith(upper, prefix)) value = type->FindValueByName(upper);
  if (value == nullptr || value->number() == 0) {
    return InvalidField(field, absl::StrCat("'", text, "' is none of ", EnumChoices(type)));
  }
  return value->number();
}

std::string EnumNumberText(const google::protobuf::EnumDescriptor* type, int number) {
  if (number == 0) return "";
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  return absl::AsciiStrToLower(value->name().substr(PrefixOf(type).size()));
}

std::string EnumChoices(const google::protobuf::EnumDescriptor* type) {
  std::string out;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;
    if (!out.empty()) out += ", ";
    out += EnumNumberText(type, type->value(i)->number());
  }
  return out;
}

absl::StatusOr<google::protobuf::Timestamp> ParseTime(absl::string_view field,
                                                      absl::string_view text) {
  google::protobuf::Timestamp out;
  if (text.size() == 10) {
    absl::CivilDay day;
    if (absl::ParseCivilTime(text, &day)) {
      out.set_seconds(absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone())));
      return out;
    }
  } else if (google::protobuf::util::TimeUtil::FromString(std::string(text), &out)) {
    return out;
  }
  return InvalidField(field, absl::StrCat("'", text,
                                          "' is not a time; expected RFC 3339 such as "
                                          "2025-06-18T10:00:00Z, or a date 2025-06-18"));
}

std::string TimeText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

std::string ResourceName(absl::string_view collection, absl::string_view text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == absl::string_view::npos) {
    return absl::StrCat(collection, "/", text);
  }
  return std::string(text);
}

}  // namespace sales::salesctl
