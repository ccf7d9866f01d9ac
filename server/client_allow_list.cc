#include "server/client_allow_list.h"

#include "absl/strings/str_cat.h"

namespace osp::server {

ClientAllowList::ClientAllowList(const std::vector<std::string>& subjects)
    : subjects_(subjects.begin(), subjects.end()) {}

absl::Status ClientAllowList::Check(const CallerIdentity& caller) const {
  if (subjects_.empty()) return absl::OkStatus();
  if (caller.certificate_subject.empty()) {
    return absl::UnauthenticatedError(
        "no verified client certificate (listen.tls.allowed_client_subjects is set)");
  }
  if (subjects_.count(caller.certificate_subject) == 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("client certificate subject '", caller.certificate_subject,
                     "' is not in listen.tls.allowed_client_subjects"));
  }
  return absl::OkStatus();
}

}  // namespace osp::server
