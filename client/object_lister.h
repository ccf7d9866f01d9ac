// ObjectLister: every page of a ListObjects, for ls, `rm --recursive` and `cp --recursive`.
// Thread-compatible.
#pragma once

#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/command_context.h"
#include "osp/v1/provider.pb.h"

namespace osp::client {

class ObjectLister final {
 public:
  explicit ObjectLister(CommandContext& ctx);

  // Calls ListObjects with `request` and its next_page_token until the last page, handing each
  // page to `page`. The first failing call's status (or `page`'s); INTERNAL if the server
  // returns the same page token twice. Read-only.
  absl::Status ForEachPage(v1::ListObjectsRequest request,
                           const std::function<absl::Status(const v1::ListObjectsResponse&)>& page);

  // Every object (and, with `versions`, every version and delete marker) whose key starts with
  // `prefix`, without folders. The errors of ForEachPage.
  absl::StatusOr<std::vector<v1::ObjectInfo>> ListAll(const std::string& bucket,
                                                      const std::string& prefix, bool versions);

 private:
  CommandContext& ctx_;
};

}  // namespace osp::client
