#include "tools/salesctl/json_output.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

namespace sales::salesctl {

std::string JsonLine(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  // Only a message with an unknown Any type fails to print; none of ours holds an Any.
  if (!status.ok()) return "{}";
  return json;
}

std::string NameOf(const google::protobuf::Message& message) {
  const google::protobuf::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName("name");
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

}  // namespace sales::salesctl
