#include "client/commands/bucket_flags.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/key_value_flags.h"
#include "client/local_files.h"
#include "client/size_parser.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

using Kind = FlagSpec::Kind;

absl::StatusOr<v1::VersioningState> ParseVersioning(absl::string_view text) {
  if (text == "enabled") return v1::VERSIONING_STATE_ENABLED;
  if (text == "suspended") return v1::VERSIONING_STATE_SUSPENDED;
  if (text == "off") return v1::VERSIONING_STATE_OFF;
  return UsageError(
      absl::StrCat("invalid --versioning '", text, "': want enabled, suspended or off"));
}

absl::StatusOr<v1::Encryption> ParseEncryption(absl::string_view text) {
  if (text == "sse-s3") return v1::ENCRYPTION_SSE_S3;
  if (text == "none") return v1::ENCRYPTION_NONE;
  return UsageError(absl::StrCat("invalid --encryption '", text, "': want sse-s3 or none"));
}

absl::StatusOr<v1::Policy> ParsePolicy(absl::string_view text) {
  v1::Policy policy;
  if (text == "private") {
    policy.set_kind(v1::POLICY_KIND_PRIVATE);
  } else if (text == "public-read") {
    policy.set_kind(v1::POLICY_KIND_PUBLIC_READ);
  } else if (absl::StartsWith(text, "@") && text.size() > 1) {
    policy.set_kind(v1::POLICY_KIND_CUSTOM);
    ASSIGN_OR_RETURN(*policy.mutable_json(), ReadLocalFile(std::string(text.substr(1))));
  } else if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(text), "{")) {
    policy.set_kind(v1::POLICY_KIND_CUSTOM);
    policy.set_json(std::string(text));
  } else {
    return UsageError(absl::StrCat("invalid --policy '", text,
                                   "': want private, public-read, @policy.json or inline JSON"));
  }
  return policy;
}

absl::StatusOr<int64_t> ParseCount(absl::string_view flag, absl::string_view text) {
  int64_t count = 0;
  if (!absl::SimpleAtoi(text, &count) || count < 0) {
    return UsageError(absl::StrCat("invalid --", flag, " '", text, "': want a whole number >= 0"));
  }
  return count;
}

absl::Status AddCorsRule(const ParsedArgs& args, v1::BucketSpec* spec) {
  v1::CorsRule* rule = spec->add_cors_rules();
  for (const std::string& origin : args.Values("cors-origin")) rule->add_allowed_origins(origin);
  std::vector<std::string> methods = args.Values("cors-method");
  if (methods.empty()) methods = {"GET", "HEAD"};
  for (const std::string& method : methods) {
    const std::string upper = absl::AsciiStrToUpper(method);
    if (upper != "GET" && upper != "PUT" && upper != "POST" && upper != "DELETE" &&
        upper != "HEAD") {
      return UsageError(absl::StrCat("invalid --cors-method '", method,
                                     "': want GET, PUT, POST, DELETE or HEAD"));
    }
    rule->add_allowed_methods(upper);
  }
  rule->add_allowed_headers("*");
  return absl::OkStatus();
}

}  // namespace

std::vector<FlagSpec> BucketFlagSpecs(BucketFlagsMode mode) {
  std::vector<FlagSpec> flags;
  if (mode == BucketFlagsMode::kCreate) {
    flags.push_back({"owner", Kind::kValue, "ACCOUNT", "account id of the owning user", true});
  }
  flags.insert(
      flags.end(),
      {
          {"quota-bytes", Kind::kValue, "SIZE", "hard quota, e.g. 10GiB, 500MB, bytes; 0 = none"},
          {"quota-objects", Kind::kValue, "N", "maximum number of objects; 0 = none"},
          {"versioning", Kind::kValue, "STATE", "enabled, suspended or off"},
          {"encryption", Kind::kValue, "MODE", "default encryption: sse-s3 or none"},
          {"policy", Kind::kValue, "POLICY",
           "private, public-read, @policy.json or an inline JSON policy"},
          {"tag", Kind::kRepeated, "KEY=VALUE", "bucket tag (replaces all tags on update)"},
          {"cors-origin", Kind::kRepeated, "ORIGIN",
           "allow cross-origin requests from ORIGIN (or *); replaces the CORS rules"},
          {"cors-method", Kind::kRepeated, "METHOD",
           "method allowed for --cors-origin (default GET and HEAD)"},
      });
  if (mode == BucketFlagsMode::kCreate) {
    flags.push_back({"object-lock", Kind::kBool, "", "enable S3 object lock (only at create)"});
  } else {
    flags.push_back({"clear-tags", Kind::kBool, "", "remove every tag"});
    flags.push_back({"clear-cors", Kind::kBool, "", "remove every CORS rule"});
  }
  return flags;
}

absl::StatusOr<BucketChange> BucketChangeFromFlags(const ParsedArgs& args, BucketFlagsMode mode) {
  BucketChange change;
  v1::BucketSpec& spec = change.spec;
  change.quota_bytes_given = args.Has("quota-bytes");
  change.quota_objects_given = args.Has("quota-objects");
  if (change.quota_bytes_given) {
    ASSIGN_OR_RETURN(const int64_t bytes, ParseSize(args.Value("quota-bytes")));
    spec.mutable_quota()->set_max_bytes(bytes);
  }
  if (change.quota_objects_given) {
    ASSIGN_OR_RETURN(const int64_t objects,
                     ParseCount("quota-objects", args.Value("quota-objects")));
    spec.mutable_quota()->set_max_objects(objects);
  }
  if (change.quota_bytes_given || change.quota_objects_given) change.mask_paths.push_back("quota");
  if (args.Has("versioning")) {
    ASSIGN_OR_RETURN(const v1::VersioningState state, ParseVersioning(args.Value("versioning")));
    spec.set_versioning(state);
    change.mask_paths.push_back("versioning");
  }
  if (args.Has("encryption")) {
    ASSIGN_OR_RETURN(const v1::Encryption encryption, ParseEncryption(args.Value("encryption")));
    spec.set_encryption(encryption);
    change.mask_paths.push_back("encryption");
  }
  if (args.Has("policy")) {
    ASSIGN_OR_RETURN(*spec.mutable_policy(), ParsePolicy(args.Value("policy")));
    change.mask_paths.push_back("policy");
  }
  if (args.Has("tag") && args.Bool("clear-tags")) {
    return UsageError("--tag and --clear-tags contradict each other");
  }
  RETURN_IF_ERROR(AddKeyValues("tag", args.Values("tag"), spec.mutable_tags()));
  if (args.Has("tag") || args.Bool("clear-tags")) change.mask_paths.push_back("tags");
  if (args.Has("cors-method") && !args.Has("cors-origin")) {
    return UsageError("--cors-method needs --cors-origin");
  }
  if (args.Has("cors-origin") && args.Bool("clear-cors")) {
    return UsageError("--cors-origin and --clear-cors contradict each other");
  }
  if (args.Has("cors-origin")) RETURN_IF_ERROR(AddCorsRule(args, &spec));
  if (args.Has("cors-origin") || args.Bool("clear-cors")) change.mask_paths.push_back("cors_rules");
  spec.set_object_lock(args.Bool("object-lock"));
  if (mode == BucketFlagsMode::kUpdate && change.mask_paths.empty()) {
    return UsageError(
        "nothing to update: give at least one of --quota-bytes, --quota-objects, --versioning, "
        "--encryption, --policy, --tag, --clear-tags, --cors-origin, --clear-cors");
  }
  return change;
}

}  // namespace osp::client::commands
