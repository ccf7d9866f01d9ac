#include "server/config_loader.h"

#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "providers/base/status_macros.h"
#include "server/read_file.h"
#include "yaml-cpp/yaml.h"

namespace osp::server {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

absl::Status FieldError(const std::string& path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

std::string Child(const std::string& parent, absl::string_view name) {
  return parent.empty() ? std::string(name) : absl::StrCat(parent, ".", name);
}

absl::StatusOr<json> MessageToJson(const YAML::Node& node, const Descriptor* type,
                                   const std::string& path);

// One scalar YAML node as the JSON value that protobuf's JSON parser expects for `field`. The
// YAML text is interpreted by the field's type, so `unix_mode: 0660` stays the string "0660"
// and `max_threads: "8"` is still a number.
absl::StatusOr<json> ScalarToJson(const YAML::Node& node, const FieldDescriptor* field,
                                  const std::string& path) {
  if (!node.IsScalar()) return FieldError(path, "must be a single value");
  const std::string& text = node.Scalar();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return json(text);
    case FieldDescriptor::CPPTYPE_BOOL: {
      std::string lower = absl::AsciiStrToLower(text);
      if (lower == "true") return json(true);
      if (lower == "false") return json(false);
      return FieldError(path, "must be true or false");
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return FieldError(path, "must be an integer");
      return json(value);
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return FieldError(path, "must be an integer");
      return json(value);
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return FieldError(path, "must be a positive integer");
      return json(value);
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return FieldError(path, "must be a positive integer");
      return json(value);
    }
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double value = 0;
      if (!absl::SimpleAtod(text, &value)) return FieldError(path, "must be a number");
      return json(value);
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumValueDescriptor* value = field->enum_type()->FindValueByName(text);
      if (value == nullptr) return FieldError(path, "unknown value");
      return json(value->name());
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return absl::InternalError(absl::StrCat(path, ": not a scalar field"));
}

absl::StatusOr<json> ValueToJson(const YAML::Node& node, const FieldDescriptor* field,
                                 const std::string& path) {
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return MessageToJson(node, field->message_type(), path);
  }
  return ScalarToJson(node, field, path);
}

absl::StatusOr<json> RepeatedToJson(const YAML::Node& node, const FieldDescriptor* field,
                                    const std::string& path) {
  if (!node.IsSequence()) return FieldError(path, "must be a list");
  json list = json::array();
  for (size_t i = 0; i < node.size(); ++i) {
    std::string item_path = absl::StrCat(path, "[", i, "]");
    if (node[i].IsNull()) return FieldError(item_path, "must not be empty");
    ASSIGN_OR_RETURN(json item, ValueToJson(node[i], field, item_path));
    list.push_back(std::move(item));
  }
  return list;
}

// A map field: a YAML mapping of scalar keys to values of the map's value type.
absl::StatusOr<json> MapToJson(const YAML::Node& node, const FieldDescriptor* field,
                               const std::string& path) {
  if (!node.IsMap()) return FieldError(path, "must be a mapping");
  const FieldDescriptor* value_field = field->message_type()->map_value();
  json object = json::object();
  for (const auto& entry : node) {
    if (!entry.first.IsScalar() || entry.first.Scalar().empty()) return FieldError(path, "bad key");
    const std::string& key = entry.first.Scalar();
    std::string entry_path = Child(path, key);
    if (object.contains(key)) return FieldError(entry_path, "given twice");
    if (entry.second.IsNull()) return FieldError(entry_path, "must not be empty");
    ASSIGN_OR_RETURN(object[key], ValueToJson(entry.second, value_field, entry_path));
  }
  return object;
}

absl::StatusOr<json> MessageToJson(const YAML::Node& node, const Descriptor* type,
                                   const std::string& path) {
  json object = json::object();
  if (node.IsNull()) return object;
  if (!node.IsMap()) return FieldError(path.empty() ? "config" : path, "must be a mapping");
  std::set<std::string> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) return FieldError(path.empty() ? "config" : path, "bad key");
    const std::string& name = entry.first.Scalar();
    std::string field_path = Child(path, name);
    // Only the schema's own (snake_case) names: one spelling per field in every config file.
    const FieldDescriptor* field = type->FindFieldByName(name);
    if (field == nullptr) return FieldError(field_path, "unknown field");
    if (!seen.insert(name).second) return FieldError(field_path, "given twice");
    if (entry.second.IsNull()) continue;  // `key:` with no value is the same as leaving it out
    absl::StatusOr<json> value = field->is_map() ? MapToJson(entry.second, field, field_path)
                                 : field->is_repeated()
                                     ? RepeatedToJson(entry.second, field, field_path)
                                     : ValueToJson(entry.second, field, field_path);
    if (!value.ok()) return value.status();
    object[name] = *std::move(value);
  }
  return object;
}

}  // namespace

absl::StatusOr<v1::DaemonConfig> ParseConfig(absl::string_view text) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", e.mark.line + 1, ", column ", e.mark.column + 1, ": ", e.msg));
  }
  ASSIGN_OR_RETURN(json tree, MessageToJson(root, v1::DaemonConfig::descriptor(), ""));
  std::string serialized;
  try {
    serialized = tree.dump();
  } catch (const json::exception&) {
    return absl::InvalidArgumentError("config: not valid UTF-8");
  }
  v1::DaemonConfig config;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parsed = google::protobuf::util::JsonStringToMessage(serialized, &config, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("config: ", parsed.message().as_string()));
  }
  return config;
}

absl::StatusOr<v1::DaemonConfig> LoadConfigFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseConfig(text);
}

}  // namespace osp::server
