#include "server/user_convert.h"

#include "server/time_convert.h"

namespace osp::server {

providers::Credentials FromProto(const v1::Credentials& credentials) {
  providers::Credentials out;
  out.access_key_id = credentials.access_key_id();
  out.secret_access_key = providers::base::Secret(credentials.secret_access_key());
  if (credentials.has_expires_at()) out.expires_at = FromProto(credentials.expires_at());
  return out;
}

v1::Credentials ToProto(const providers::Credentials& credentials) {
  v1::Credentials out;
  out.set_access_key_id(credentials.access_key_id);
  out.set_secret_access_key(credentials.secret_access_key.Reveal());
  if (credentials.expires_at.has_value())
    *out.mutable_expires_at() = ToProto(*credentials.expires_at);
  return out;
}

providers::UserResult FromProto(const v1::EnsureUserResponse& response) {
  providers::UserResult out;
  out.user_name = response.user_name();
  out.credentials = FromProto(response.credentials());
  out.created = response.created();
  return out;
}

v1::EnsureUserResponse ToProto(const providers::UserResult& result) {
  v1::EnsureUserResponse out;
  out.set_user_name(result.user_name);
  *out.mutable_credentials() = ToProto(result.credentials);
  out.set_created(result.created);
  return out;
}

}  // namespace osp::server
