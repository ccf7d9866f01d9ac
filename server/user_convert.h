// Conversions between the user and key messages of osp.v1 (Credentials, EnsureUserResponse) and
// providers/types.h. ToProto(Credentials) is the one place a secret key leaves its Secret wrapper
// on its way to the caller. Stateless; thread-safe.
#pragma once

#include "osp/v1/provider.pb.h"
#include "providers/types.h"

namespace osp::server {

providers::Credentials FromProto(const v1::Credentials& credentials);
// Reveals the secret access key into the message (marked (osp.v1.secret), so never logged).
v1::Credentials ToProto(const providers::Credentials& credentials);

providers::UserResult FromProto(const v1::EnsureUserResponse& response);
v1::EnsureUserResponse ToProto(const providers::UserResult& result);

}  // namespace osp::server
