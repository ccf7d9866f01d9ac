#include "server/backend_loader.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "providers/base/secret.h"
#include "providers/base/status_macros.h"
#include "server/read_file.h"

namespace osp::server {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using providers::base::Secret;

constexpr absl::string_view kFileSuffix = "_file";
constexpr absl::string_view kEnvSuffix = "_env";

// The secret name of `field` if it is one half of a <x>_file / <x>_env pair, else "".
std::string SecretName(const Descriptor* section, const FieldDescriptor* field) {
  absl::string_view name = field->name();
  for (auto [suffix, twin] :
       {std::pair(kFileSuffix, kEnvSuffix), std::pair(kEnvSuffix, kFileSuffix)}) {
    if (!absl::ConsumeSuffix(&name, suffix)) continue;
    if (section->FindFieldByName(absl::StrCat(name, twin)) != nullptr) return std::string(name);
    return "";
  }
  return "";
}

absl::Status PrefixError(const absl::Status& status, absl::string_view prefix) {
  return absl::Status(status.code(), absl::StrCat(prefix, status.message()));
}

absl::StatusOr<Secret> ResolveSecret(const std::string& name, const std::string& file,
                                     const std::string& env_name, const Environment& env,
                                     const std::string& path) {
  std::string file_path = absl::StrCat(path, name, kFileSuffix);
  std::string env_path = absl::StrCat(path, name, kEnvSuffix);
  if (file.empty() == env_name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_path, " or ", name, kEnvSuffix, ": exactly one is required"));
  }
  if (!env_name.empty()) {
    auto it = env.find(env_name);
    if (it == env.end()) {
      return absl::InvalidArgumentError(absl::StrCat(env_path, ": '", env_name, "' is not set"));
    }
    if (it->second.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(env_path, ": '", env_name, "' is empty"));
    }
    return Secret(it->second);
  }
  absl::StatusOr<std::string> content = ReadFile(file);
  if (!content.ok()) return PrefixError(content.status(), absl::StrCat(file_path, ": "));
  std::string value = *std::move(content);
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(file_path, ": '", file, "' is empty"));
  }
  return Secret(std::move(value));
}

// The value of scalar `field` as BackendSettings text, or "" when it is at its default.
std::string ScalarText(const Message& section, const FieldDescriptor* field) {
  const Reflection* r = section.GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(section, field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(section, field) ? "true" : "";
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(section, field) == 0 ? "" : absl::StrCat(r->GetInt32(section, field));
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetInt64(section, field) == 0 ? "" : absl::StrCat(r->GetInt64(section, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(section, field) == 0 ? "" : absl::StrCat(r->GetUInt32(section, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetUInt64(section, field) == 0 ? "" : absl::StrCat(r->GetUInt64(section, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetFloat(section, field) == 0 ? "" : absl::StrCat(r->GetFloat(section, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetDouble(section, field) == 0 ? "" : absl::StrCat(r->GetDouble(section, field));
    case FieldDescriptor::CPPTYPE_ENUM:
      return r->GetEnumValue(section, field) == 0 ? "" : r->GetEnum(section, field)->name();
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

// The settings of a plugin's type: the `settings` map, where <x>_file / <x>_env keys are the
// secret <x>.
absl::StatusOr<providers::BackendSettings> PluginSettings(const v1::BackendConfig& backend,
                                                          int index, const Environment& env) {
  const std::string path = absl::StrCat("backends[", index, "].settings.");
  providers::BackendSettings settings;
  settings.id = backend.id();
  settings.type = backend.type();
  // Secret name -> {file, variable name}.
  std::map<std::string, std::pair<std::string, std::string>> secrets;
  for (const auto& [key, value] : backend.settings()) {
    absl::string_view name = key;
    if (absl::ConsumeSuffix(&name, kFileSuffix)) {
      secrets[std::string(name)].first = value;
    } else if (absl::ConsumeSuffix(&name, kEnvSuffix)) {
      secrets[std::string(name)].second = value;
    } else {
      settings.values[key] = value;
    }
  }
  for (const auto& [name, source] : secrets) {
    ASSIGN_OR_RETURN(Secret value, ResolveSecret(name, source.first, source.second, env, path));
    settings.secrets[name] = std::move(value);
  }
  return settings;
}

}  // namespace

absl::StatusOr<providers::BackendSettings> MakeBackendSettings(const v1::BackendConfig& backend,
                                                               int index, const Environment& env) {
  const FieldDescriptor* section_field = backend.GetDescriptor()->FindFieldByName(backend.type());
  if (section_field == nullptr || section_field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
      section_field->is_map()) {
    return PluginSettings(backend, index, env);
  }
  const Message& section = backend.GetReflection()->GetMessage(backend, section_field);
  const Descriptor* descriptor = section.GetDescriptor();
  const Reflection* reflection = section.GetReflection();
  std::string path = absl::StrCat("backends[", index, "].", backend.type(), ".");

  providers::BackendSettings settings;
  settings.id = backend.id();
  settings.type = backend.type();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated() || field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return absl::InternalError(absl::StrCat(path, field->name(), ": not a scalar field"));
    }
    std::string secret = SecretName(descriptor, field);
    if (secret.empty()) {
      std::string text = ScalarText(section, field);
      // An `optional` string written as "" is passed on: the backend decides whether empty is
      // allowed, instead of it silently meaning "the default".
      const bool explicit_empty = field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
                                  field->has_presence() && reflection->HasField(section, field);
      if (!text.empty() || explicit_empty) settings.values[field->name()] = std::move(text);
      continue;
    }
    if (!absl::EndsWith(field->name(), kFileSuffix)) continue;  // handled with its _file twin
    const FieldDescriptor* env_field =
        descriptor->FindFieldByName(absl::StrCat(secret, kEnvSuffix));
    ASSIGN_OR_RETURN(Secret value,
                     ResolveSecret(secret, reflection->GetString(section, field),
                                   reflection->GetString(section, env_field), env, path));
    settings.secrets[secret] = std::move(value);
  }
  return settings;
}

absl::Status LoadBackends(const v1::DaemonConfig& config, const Environment& env,
                          const providers::Registry& registry, const providers::ProviderDeps& deps,
                          BackendSet* backends) {
  std::vector<std::string> types = registry.Types();
  for (int i = 0; i < config.backends_size(); ++i) {
    const v1::BackendConfig& backend = config.backends(i);
    if (std::find(types.begin(), types.end(), backend.type()) == types.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "backends[", i, "].type: no provider registered for '", backend.type(),
          "' (registered: ", types.empty() ? "none" : absl::StrJoin(types, ", "), ")"));
    }
    ASSIGN_OR_RETURN(providers::BackendSettings settings, MakeBackendSettings(backend, i, env));
    absl::StatusOr<std::unique_ptr<providers::Provider>> provider = registry.Create(settings, deps);
    if (!provider.ok()) {
      const bool builtin = backend.GetDescriptor()->FindFieldByName(backend.type()) != nullptr;
      return PrefixError(
          provider.status(),
          absl::StrCat("backends[", i, "].", builtin ? backend.type() : "settings", "."));
    }
    RETURN_IF_ERROR(
        backends->Add(BackendEntry{backend.id(), backend.type(), *std::move(provider)}));
  }
  // Only once all are built: a bad config then prints its one error line and nothing else.
  for (const BackendEntry& entry : backends->entries()) {
    deps.logger->Log(providers::base::LogLevel::kInfo, "backend loaded",
                     {{"id", entry.id}, {"type", entry.type}});
  }
  return absl::OkStatus();
}

}  // namespace osp::server
