#include "providers/ecs/ecs_xml.h"

#include <cmath>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "providers/base/status_macros.h"
#include "providers/base/xml_document.h"
#include "providers/base/xml_writer.h"

namespace osp::providers::ecs::xml {
namespace {

using base::XmlDocument;
using base::XmlElement;
using base::XmlWriter;

const char* Bool(bool b) { return b ? "true" : "false"; }

bool IsTrue(const XmlElement& e, absl::string_view child) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(e.ChildText(child))) == "true";
}

// Whole number written as "10", "10.0" or " 10 "; nullopt when absent or not a number.
std::optional<double> ChildNumber(const XmlElement& e, absl::string_view child) {
  if (!e.HasChild(child)) return std::nullopt;
  double value = 0;
  if (!absl::SimpleAtod(absl::StripAsciiWhitespace(e.ChildText(child)), &value) ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// A quota value in GiB: absent, negative (-1 = unset) -> nullopt.
std::optional<int64_t> QuotaGb(const XmlElement& e, absl::string_view child) {
  std::optional<double> v = ChildNumber(e, child);
  if (!v.has_value() || *v < 0) return std::nullopt;
  return static_cast<int64_t>(std::llround(*v));
}

absl::StatusOr<XmlElement> Root(const XmlDocument& doc, absl::string_view expected) {
  XmlElement root = doc.root();
  if (root.name() != expected) {
    return root.Malformed(absl::StrCat("root is <", root.name(), ">, expected <", expected, ">"));
  }
  return root;
}

EcsBucket BucketFrom(const XmlElement& e) {
  EcsBucket b;
  b.name = e.ChildText("name");
  b.owner = e.ChildText("owner");
  b.replication_group = e.ChildText("vpool");
  b.created = e.ChildText("created");
  b.encryption = IsTrue(e, "is_encryption_enabled");
  b.quota.block_gb = QuotaGb(e, "block_size");
  b.quota.notification_gb = QuotaGb(e, "notification_size");
  b.versioning_status = e.ChildText("versioning_status");
  b.object_lock = IsTrue(e, "is_object_lock_enabled");
  if (std::optional<XmlElement> tags = e.Child("TagSet")) {
    for (const XmlElement& tag : tags->Children("Tag")) {
      b.tags[tag.ChildText("Key")] = tag.ChildText("Value");
    }
  }
  return b;
}

EcsSecretKeySlot SlotFrom(const XmlElement& e, absl::string_view n) {
  EcsSecretKeySlot slot;
  slot.secret = base::Secret(
      std::string(absl::StripAsciiWhitespace(e.ChildText(absl::StrCat("secret_key_", n)))));
  const std::string exist_tag = absl::StrCat("secret_key_", n, "_exist");
  // Older ECS versions send no _exist flags: a slot is in use when it holds a secret.
  slot.exists = e.HasChild(exist_tag) ? IsTrue(e, exist_tag) : !slot.secret.empty();
  slot.created = e.ChildText(absl::StrCat("key_timestamp_", n));
  slot.expires = e.ChildText(absl::StrCat("key_expiry_timestamp_", n));
  return slot;
}

}  // namespace

absl::StatusOr<std::string> UserCreate(absl::string_view user, absl::string_view ns) {
  XmlWriter w("user_create_param");
  w.Element("user", user).Element("namespace", ns);
  return w.Finish();
}

absl::StatusOr<std::string> UserDelete(absl::string_view user, absl::string_view ns) {
  XmlWriter w("user_delete_param");
  w.Element("user", user).Element("namespace", ns);
  return w.Finish();
}

absl::StatusOr<std::string> SecretKeyCreate(absl::string_view ns,
                                            std::optional<int64_t> existing_key_expiry_minutes) {
  XmlWriter w("user_secret_key_create");
  if (existing_key_expiry_minutes.has_value()) {
    w.Element("existing_key_expiry_time_mins", absl::StrCat(*existing_key_expiry_minutes));
  }
  w.Element("namespace", ns);
  return w.Finish();
}

absl::StatusOr<std::string> SecretKeyDelete(const base::Secret& secret, absl::string_view ns) {
  XmlWriter w("user_secret_key_delete");
  w.Element("secret_key", secret.Reveal()).Element("namespace", ns);
  return w.Finish();
}

absl::StatusOr<std::string> BucketCreate(const EcsBucketCreate& create, absl::string_view ns) {
  XmlWriter w("object_bucket_create");
  w.Element("name", create.name).Element("namespace", ns);
  if (!create.replication_group.empty()) w.Element("vpool", create.replication_group);
  w.Element("head_type", "s3")
      .Element("filesystem_enabled", "false")
      .Element("is_encryption_enabled", Bool(create.encryption))
      .Element("owner", create.owner);
  // Quota fields only when asked for: ECS then sets none (no invented default).
  if (create.quota.block_gb.has_value() || create.quota.notification_gb.has_value()) {
    w.Element("blockSize", absl::StrCat(create.quota.block_gb.value_or(-1)))
        .Element("notificationSize", absl::StrCat(create.quota.notification_gb.value_or(-1)));
  }
  return w.Finish();
}

absl::StatusOr<std::string> QuotaUpdate(const EcsQuota& quota, absl::string_view ns) {
  XmlWriter w("bucket_quota_param");
  w.Element("blockSize", absl::StrCat(quota.block_gb.value_or(-1)))
      .Element("notificationSize", absl::StrCat(quota.notification_gb.value_or(-1)))
      .Element("namespace", ns);
  return w.Finish();
}

absl::StatusOr<EcsNamespace> ParseNamespace(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "namespace"));
  EcsNamespace ns;
  ns.name = root.ChildText("name");
  if (ns.name.empty()) ns.name = root.ChildText("id");
  ns.default_replication_group = root.ChildText("default_data_services_vpool");
  for (const XmlElement& e : root.Children("allowed_vpools_list")) {
    std::string id(absl::StripAsciiWhitespace(e.text()));
    if (!id.empty()) ns.allowed_replication_groups.push_back(std::move(id));
  }
  ns.encryption_enabled = IsTrue(root, "is_encryption_enabled");
  return ns;
}

absl::StatusOr<std::vector<EcsReplicationGroup>> ParseReplicationGroups(absl::string_view body,
                                                                        absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "data_service_vpools"));
  std::vector<EcsReplicationGroup> groups;
  for (const XmlElement& e : root.Children("data_service_vpool")) {
    groups.push_back({e.ChildText("id"), e.ChildText("name")});
  }
  return groups;
}

absl::StatusOr<EcsUserInfo> ParseUserInfo(absl::string_view body, absl::string_view what) {
  // The root's name is not documented for every version: read the children only.
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  XmlElement root = doc.root();
  EcsUserInfo info;
  info.name = root.ChildText("name");
  info.namespace_name = root.ChildText("namespace");
  info.locked = IsTrue(root, "locked");
  if (info.name.empty()) return root.Malformed("user info without <name>");
  return info;
}

absl::StatusOr<EcsUserPage> ParseUserPage(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "users"));
  EcsUserPage page;
  for (const XmlElement& e : root.Children("blobuser")) {
    std::string id(absl::StripAsciiWhitespace(e.ChildText("userid")));
    // An empty name would read as a user the caller cannot name, let alone delete.
    if (id.empty()) return root.Malformed("<blobuser> without <userid>");
    page.users.push_back(std::move(id));
  }
  page.next_marker = root.ChildText("NextMarker");
  return page;
}

absl::StatusOr<EcsSecretKeys> ParseSecretKeys(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "user_secret_keys"));
  return EcsSecretKeys{SlotFrom(root, "1"), SlotFrom(root, "2")};
}

absl::StatusOr<EcsNewSecretKey> ParseNewSecretKey(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "user_secret_key"));
  EcsNewSecretKey key;
  key.secret = base::Secret(std::string(absl::StripAsciiWhitespace(root.ChildText("secret_key"))));
  key.created = root.ChildText("key_timestamp");
  if (key.secret.empty()) return root.Malformed("<secret_key> is empty");
  return key;
}

absl::StatusOr<EcsBucket> ParseBucket(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "bucket_info"));
  EcsBucket b = BucketFrom(root);
  if (b.name.empty()) return root.Malformed("bucket info without <name>");
  return b;
}

absl::StatusOr<EcsBucketPage> ParseBucketPage(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "object_buckets"));
  EcsBucketPage page;
  for (const XmlElement& e : root.Children("object_bucket")) page.buckets.push_back(BucketFrom(e));
  page.next_marker = root.ChildText("NextMarker");
  return page;
}

absl::StatusOr<EcsQuota> ParseQuota(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  ASSIGN_OR_RETURN(XmlElement root, Root(doc, "bucket_quota_details"));
  return EcsQuota{QuotaGb(root, "blockSize"), QuotaGb(root, "notificationSize")};
}

absl::StatusOr<EcsBucketBilling> ParseBilling(absl::string_view body, absl::string_view what) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, what));
  XmlElement info = doc.root();
  // Newer versions wrap the single result.
  if (info.name() == "bucket_billing_infos") {
    std::optional<XmlElement> inner = info.Child("bucket_billing_info");
    if (!inner.has_value()) return info.Malformed("no <bucket_billing_info>");
    info = *inner;
  } else if (info.name() != "bucket_billing_info") {
    return info.Malformed(absl::StrCat("root is <", info.name(), ">"));
  }
  EcsBucketBilling billing;
  billing.name = info.ChildText("name");
  billing.up_to_date_till = info.ChildText("uptodate_till");
  std::optional<double> size = ChildNumber(info, "total_size");
  if (!size.has_value()) return info.Malformed("<total_size> missing or not a number");
  const std::string unit =
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(info.ChildText("total_size_unit")));
  double scale = 1024;  // Requested as KB (KiB).
  if (unit == "BYTE" || unit == "B") scale = 1;
  if (unit == "MB" || unit == "MIB") scale = 1024.0 * 1024;
  if (unit == "GB" || unit == "GIB") scale = 1024.0 * 1024 * 1024;
  billing.bytes = static_cast<int64_t>(std::llround(*size * scale));
  std::optional<double> objects = ChildNumber(info, "total_objects");
  billing.objects = objects.has_value() ? static_cast<int64_t>(std::llround(*objects)) : 0;
  return billing;
}

}  // namespace osp::providers::ecs::xml
