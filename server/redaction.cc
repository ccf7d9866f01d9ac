#include "server/redaction.h"

#include <google/protobuf/util/json_util.h>

#include <memory>
#include <vector>

#include "osp/v1/options.pb.h"

namespace osp::server {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsText(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_STRING;
}

// Replaces a secret field's value, keeping its presence (and, for lists, its length) visible.
void RedactField(Message* message, const FieldDescriptor& field) {
  const Reflection* reflection = message->GetReflection();
  if (field.is_map()) {
    const FieldDescriptor* value = field.message_type()->map_value();
    for (int i = 0; i < reflection->FieldSize(*message, &field); ++i) {
      Message* entry = reflection->MutableRepeatedMessage(message, &field, i);
      if (IsText(*value)) {
        entry->GetReflection()->SetString(entry, value, kRedacted);
      } else {
        entry->GetReflection()->ClearField(entry, value);
      }
    }
  } else if (field.is_repeated() && IsText(field)) {
    for (int i = 0; i < reflection->FieldSize(*message, &field); ++i) {
      reflection->SetRepeatedString(message, &field, i, kRedacted);
    }
  } else if (IsText(field)) {
    reflection->SetString(message, &field, kRedacted);
  } else {
    reflection->ClearField(message, &field);
  }
}

}  // namespace

bool IsSecretField(const FieldDescriptor& field) {
  return field.options().GetExtension(v1::secret);
}

void Redact(Message* message) {
  const Reflection* reflection = message->GetReflection();
  if (message->GetDescriptor()->full_name() == "google.protobuf.Any") {
    // Its payload is opaque bytes here, but the JSON printer would unpack it: drop it.
    reflection->ClearField(message, message->GetDescriptor()->FindFieldByName("value"));
    return;
  }
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);  // Only set fields: nothing gets added.
  for (const FieldDescriptor* field : fields) {
    if (IsSecretField(*field)) {
      RedactField(message, *field);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
          Redact(reflection->MutableRepeatedMessage(message, field, i));
        }
      } else {
        Redact(reflection->MutableMessage(message, field));
      }
    }
  }
}

std::string RedactedJson(const Message& message) {
  std::unique_ptr<Message> copy(message.New());
  copy->CopyFrom(message);
  Redact(copy.get());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(*copy, &json, options).ok()) {
    return "{}";  // Only for messages JSON cannot express; never worth failing an RPC over.
  }
  return json;
}

}  // namespace osp::server
