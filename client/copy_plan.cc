#include "client/copy_plan.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/local_files.h"

namespace osp::client {
namespace {

namespace fs = std::filesystem;

absl::Status UnsafeKey(absl::string_view key, absl::string_view why) {
  // The key may hold control characters or NUL: show it escaped.
  return absl::InvalidArgumentError(absl::StrCat("refusing to download key '", absl::CEscape(key),
                                                 "': ", why, "; nothing written for it"));
}

std::string JoinLocal(const std::string& dir, const std::string& relative) {
  if (dir.empty() || dir == ".") return relative;
  return dir.back() == '/' ? dir + relative : absl::StrCat(dir, "/", relative);
}

}  // namespace

std::string FolderPrefix(absl::string_view prefix) {
  if (prefix.empty() || prefix.back() == '/') return std::string(prefix);
  return absl::StrCat(prefix, "/");
}

absl::StatusOr<std::string> RelativePathForKey(absl::string_view key, absl::string_view folder) {
  if (!absl::StartsWith(key, folder)) return UnsafeKey(key, "it is not below the prefix");
  absl::string_view relative = key.substr(folder.size());
  if (relative.find('\0') != absl::string_view::npos) return UnsafeKey(key, "it contains NUL");
  if (absl::StartsWith(relative, "/")) return UnsafeKey(key, "its path is absolute");
  const bool folder_marker = relative.empty() || absl::EndsWith(relative, "/");
  if (folder_marker && !relative.empty()) relative.remove_suffix(1);
  if (relative.empty()) return std::string();
  for (absl::string_view segment : absl::StrSplit(relative, '/')) {
    if (segment.empty()) return UnsafeKey(key, "it has an empty path segment ('//')");
    if (segment == "." || segment == "..") {
      return UnsafeKey(key, absl::StrCat("it has a '", segment, "' path segment"));
    }
  }
  if (folder_marker) return absl::StrCat(relative, "/");
  return std::string(relative);
}

absl::StatusOr<CopyPlan> PlanUpload(const std::string& local_dir, absl::string_view prefix) {
  std::error_code error;
  if (!fs::is_directory(local_dir, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("'", local_dir, "' is not a folder; --recursive uploads a folder"));
  }
  const std::string folder = FolderPrefix(prefix);
  CopyPlan plan;
  fs::recursive_directory_iterator it(local_dir, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    CopyItem item;
    item.local = it->path().string();
    item.key = folder + it->path().lexically_relative(local_dir).generic_string();
    item.size = static_cast<int64_t>(it->file_size(error));
    if (error) return ErrnoStatus(error.value(), "stat", item.local);
    plan.total_bytes += item.size;
    plan.items.push_back(std::move(item));
  }
  if (error) {
    const std::string where =
        it == fs::recursive_directory_iterator() ? local_dir : it->path().string();
    return ErrnoStatus(error.value(), "list", where);
  }
  std::sort(plan.items.begin(), plan.items.end(),
            [](const CopyItem& a, const CopyItem& b) { return a.key < b.key; });
  return plan;
}

CopyPlan PlanDownload(const std::vector<RemoteObject>& objects, absl::string_view prefix,
                      const std::string& local_dir) {
  const std::string folder = FolderPrefix(prefix);
  CopyPlan plan;
  for (const RemoteObject& object : objects) {
    absl::StatusOr<std::string> relative = RelativePathForKey(object.key, folder);
    if (!relative.ok()) {
      plan.refused.push_back({object.key, relative.status()});
      continue;
    }
    if (relative->empty()) continue;
    if (relative->back() == '/') {
      plan.folders.push_back(
          {JoinLocal(local_dir, relative->substr(0, relative->size() - 1)), object.key, 0});
      continue;
    }
    plan.items.push_back({JoinLocal(local_dir, *relative), object.key, object.size});
    plan.total_bytes += object.size;
  }
  std::sort(plan.items.begin(), plan.items.end(),
            [](const CopyItem& a, const CopyItem& b) { return a.key < b.key; });
  return plan;
}

}  // namespace osp::client
