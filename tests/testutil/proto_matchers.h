// gMock helpers for protobuf messages (tests of server/ and client/ only; they link protobuf):
//   EXPECT_THAT(actual, EqualsProto(expected));   // field-by-field, with a diff on failure
//   EXPECT_THAT(fixture, HasEveryFieldSet());     // a round-trip fixture covers every field
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/message_differencer.h>

#include <string>

#include "gmock/gmock.h"

namespace osp::testutil {

MATCHER_P(EqualsProto, expected, "equals " + expected.ShortDebugString()) {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(expected, arg)) return true;
  *result_listener << "differences:\n" << diff;
  return false;
}

// Appends to `missing` the path of every field (recursively) that is unset or empty, so that a
// fixture built to exercise every field fails loudly once the schema grows a new one.
inline void CollectUnsetFields(const google::protobuf::Message& message, const std::string& prefix,
                               std::string* missing) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    const std::string path = prefix + field->name();
    if (field->containing_oneof() != nullptr &&
        !reflection->HasOneof(message, field->containing_oneof())) {
      *missing += path + " ";
      continue;
    }
    if (field->containing_oneof() != nullptr && !reflection->HasField(message, field)) continue;
    if (field->is_repeated()) {
      if (reflection->FieldSize(message, field) == 0) {
        *missing += path + " ";
      } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
        CollectUnsetFields(reflection->GetRepeatedMessage(message, field, 0), path + "[0].",
                           missing);
      }
    } else if (!reflection->HasField(message, field)) {
      *missing += path + " ";
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      CollectUnsetFields(reflection->GetMessage(message, field), path + ".", missing);
    }
  }
}

MATCHER(HasEveryFieldSet, "has every field set") {
  std::string missing;
  CollectUnsetFields(arg, "", &missing);
  if (missing.empty()) return true;
  *result_listener << "unset: " << missing;
  return false;
}

}  // namespace osp::testutil
