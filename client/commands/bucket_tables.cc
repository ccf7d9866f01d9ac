#include "client/commands/bucket_tables.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/proto_format.h"
#include "client/size_parser.h"

namespace osp::client::commands {
namespace {

std::string QuotaText(const v1::Quota& quota) {
  if (quota.max_bytes() == 0 && quota.max_objects() == 0) return "unlimited";
  return absl::StrCat(QuotaBytesText(quota.max_bytes()), ", ",
                      QuotaObjectsText(quota.max_objects()), " objects");
}

std::string TagsText(const google::protobuf::Map<std::string, std::string>& tags) {
  if (tags.empty()) return "-";
  const std::map<std::string, std::string> sorted(tags.begin(), tags.end());
  return absl::StrJoin(sorted, ", ", absl::PairFormatter("="));
}

std::string CorsText(const v1::CorsRule& rule) {
  return absl::StrCat(absl::StrJoin(rule.allowed_origins(), " "), " (",
                      absl::StrJoin(rule.allowed_methods(), " "), ")");
}

}  // namespace

Table BucketListTable(const google::protobuf::RepeatedPtrField<v1::Bucket>& buckets) {
  Table table({"NAME", "OWNER", "SIZE", "OBJECTS", "QUOTA", "VERSIONING", "CREATED"});
  table.AlignRight(2);
  table.AlignRight(3);
  for (const v1::Bucket& bucket : buckets) {
    const v1::BucketSpec& spec = bucket.spec();
    table.AddRow({spec.name(), spec.owner(), FormatSize(bucket.usage().bytes()),
                  absl::StrCat(bucket.usage().objects()), QuotaBytesText(spec.quota().max_bytes()),
                  VersioningName(spec.versioning()), FormatTimestamp(bucket.created_at())});
  }
  return table;
}

Table BucketDetailTable(const v1::Bucket& bucket) {
  const v1::BucketSpec& spec = bucket.spec();
  Table table;
  table.AddRow({"name", spec.name()});
  table.AddRow({"owner", spec.owner()});
  table.AddRow({"quota", QuotaText(spec.quota())});
  table.AddRow({"versioning", VersioningName(spec.versioning())});
  table.AddRow({"encryption", EncryptionName(spec.encryption())});
  table.AddRow({"object lock", YesNo(spec.object_lock())});
  table.AddRow({"policy", PolicyName(spec.policy().kind())});
  table.AddRow({"tags", TagsText(spec.tags())});
  if (spec.cors_rules().empty()) table.AddRow({"cors", "-"});
  for (const v1::CorsRule& rule : spec.cors_rules()) table.AddRow({"cors", CorsText(rule)});
  table.AddRow({"size", FormatSize(bucket.usage().bytes())});
  table.AddRow({"objects", absl::StrCat(bucket.usage().objects())});
  table.AddRow({"public url", bucket.public_url().empty() ? "-" : bucket.public_url()});
  table.AddRow({"private url", bucket.private_url().empty() ? "-" : bucket.private_url()});
  table.AddRow({"created", FormatTimestamp(bucket.created_at())});
  return table;
}

Table UsageTable(const google::protobuf::RepeatedPtrField<v1::BucketUsage>& usage) {
  Table table({"BUCKET", "SIZE", "OBJECTS"});
  table.AlignRight(1);
  table.AlignRight(2);
  int64_t bytes = 0;
  int64_t objects = 0;
  for (const v1::BucketUsage& entry : usage) {
    table.AddRow({entry.bucket(), FormatSize(entry.bytes()), absl::StrCat(entry.objects())});
    bytes += entry.bytes();
    objects += entry.objects();
  }
  if (usage.size() > 1) table.AddRow({"TOTAL", FormatSize(bytes), absl::StrCat(objects)});
  return table;
}

}  // namespace osp::client::commands
