// Redaction of credentials in messages bound for a log: every field carrying the
// (osp.v1.secret) option (secret keys, presigned URLs, passwords) is replaced, found by walking
// the message with protobuf reflection, so a new secret field is covered by marking it in the
// .proto, not by remembering a name here. Stateless; thread-safe.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>

namespace osp::server {

// What a redacted string or bytes value reads as.
inline constexpr char kRedacted[] = "[redacted]";

// True if `field` is marked (osp.v1.secret) = true.
bool IsSecretField(const google::protobuf::FieldDescriptor& field);

// Replaces, recursively through nested, repeated and map fields, the value of every set secret
// field: strings and bytes become kRedacted, any other type is cleared. For a secret map field
// the values are redacted and the keys kept. The payload of a google.protobuf.Any, which could
// hide anything, is dropped.
void Redact(google::protobuf::Message* message);

// `message` as compact JSON (proto field names) after Redact, for debug log lines.
std::string RedactedJson(const google::protobuf::Message& message);

}  // namespace osp::server
