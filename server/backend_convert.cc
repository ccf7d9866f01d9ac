#include "server/backend_convert.h"

#include "server/time_convert.h"

namespace osp::server {

providers::Capabilities FromProto(const v1::Capabilities& capabilities) {
  providers::Capabilities out;
  out.encryption_at_create = capabilities.encryption_at_create();
  out.encryption_update = capabilities.encryption_update();
  out.versioning = capabilities.versioning();
  out.object_lock = capabilities.object_lock();
  out.quota_bytes = capabilities.quota_bytes();
  out.quota_objects = capabilities.quota_objects();
  out.canned_policies = capabilities.canned_policies();
  out.raw_policy = capabilities.raw_policy();
  out.usage = capabilities.usage();
  out.per_bucket_keys = capabilities.per_bucket_keys();
  out.key_rotation = capabilities.key_rotation();
  out.presign = capabilities.presign();
  out.cors = capabilities.cors();
  out.tags = capabilities.tags();
  out.max_access_keys = capabilities.max_access_keys();
  return out;
}

v1::Capabilities ToProto(const providers::Capabilities& capabilities) {
  v1::Capabilities out;
  out.set_encryption_at_create(capabilities.encryption_at_create);
  out.set_encryption_update(capabilities.encryption_update);
  out.set_versioning(capabilities.versioning);
  out.set_object_lock(capabilities.object_lock);
  out.set_quota_bytes(capabilities.quota_bytes);
  out.set_quota_objects(capabilities.quota_objects);
  out.set_canned_policies(capabilities.canned_policies);
  out.set_raw_policy(capabilities.raw_policy);
  out.set_usage(capabilities.usage);
  out.set_per_bucket_keys(capabilities.per_bucket_keys);
  out.set_key_rotation(capabilities.key_rotation);
  out.set_presign(capabilities.presign);
  out.set_cors(capabilities.cors);
  out.set_tags(capabilities.tags);
  out.set_max_access_keys(capabilities.max_access_keys);
  return out;
}

providers::BackendCheck FromProto(const v1::BackendCheck& check) {
  providers::BackendCheck out;
  out.name = check.name();
  out.ok = check.ok();
  out.message = check.message();
  out.latency = FromProto(check.latency());
  return out;
}

v1::BackendCheck ToProto(const providers::BackendCheck& check) {
  v1::BackendCheck out;
  out.set_name(check.name);
  out.set_ok(check.ok);
  out.set_message(check.message);
  *out.mutable_latency() = ToProto(check.latency);
  return out;
}

providers::BackendEndpoint FromProto(const v1::BackendEndpoint& endpoint) {
  providers::BackendEndpoint out;
  out.name = endpoint.name();
  out.url = endpoint.url();
  return out;
}

v1::BackendEndpoint ToProto(const providers::BackendEndpoint& endpoint) {
  v1::BackendEndpoint out;
  out.set_name(endpoint.name);
  out.set_url(endpoint.url);
  return out;
}

v1::CheckBackendResponse ToCheckBackendResponse(
    const std::vector<providers::BackendCheck>& checks) {
  v1::CheckBackendResponse out;
  bool all_ok = true;
  for (const providers::BackendCheck& check : checks) {
    all_ok = all_ok && check.ok;
    *out.add_checks() = ToProto(check);
  }
  out.set_ok(all_ok);
  return out;
}

}  // namespace osp::server
