#include "client/object_lister.h"

#include <string>
#include <utility>

#include "providers/base/status_macros.h"

namespace osp::client {

ObjectLister::ObjectLister(CommandContext& ctx) : ctx_(ctx) {}

absl::Status ObjectLister::ForEachPage(
    v1::ListObjectsRequest request,
    const std::function<absl::Status(const v1::ListObjectsResponse&)>& page) {
  while (true) {
    v1::ListObjectsResponse response;
    RETURN_IF_ERROR(
        ctx_.Unary(&v1::ObjectStoreProvider::StubInterface::ListObjects, request, &response));
    RETURN_IF_ERROR(page(response));
    if (response.next_page_token().empty()) return absl::OkStatus();
    if (response.next_page_token() == request.page_token()) {
      return absl::InternalError("ListObjects returned the same page token again");
    }
    request.set_page_token(response.next_page_token());
  }
}

absl::StatusOr<std::vector<v1::ObjectInfo>> ObjectLister::ListAll(const std::string& bucket,
                                                                  const std::string& prefix,
                                                                  bool versions) {
  v1::ListObjectsRequest request;
  request.set_backend(ctx_.backend());
  request.set_bucket(bucket);
  request.set_prefix(prefix);
  request.set_versions(versions);
  std::vector<v1::ObjectInfo> objects;
  RETURN_IF_ERROR(ForEachPage(std::move(request), [&](const v1::ListObjectsResponse& page) {
    objects.insert(objects.end(), page.objects().begin(), page.objects().end());
    return absl::OkStatus();
  }));
  return objects;
}

}  // namespace osp::client
