// CopyPlan: what `ospctl cp --recursive` will transfer: every file below a local folder with the
// key it gets, or every object below a prefix with the local path it goes to. Keys that would
// land outside the target folder ("..", ".", empty or absolute segments, NUL) are refused here,
// before anything is written. Thread-safe (pure functions; PlanUpload reads the file system).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace osp::client {

// One file to copy.
struct CopyItem {
  // Path of the local file (the source of an upload, the target of a download).
  std::string local;
  std::string key;
  int64_t size = 0;
};

// A key the plan will not download, and why (INVALID_ARGUMENT naming the key).
struct RefusedKey {
  std::string key;
  absl::Status status;
};

struct CopyPlan {
  // Sorted by key.
  std::vector<CopyItem> items;
  // Sum of the items' sizes.
  int64_t total_bytes = 0;
  // Download only: local folders to create for folder markers (keys ending in '/'), as items
  // of size 0.
  std::vector<CopyItem> folders;
  // Download only: keys that would escape the target folder.
  std::vector<RefusedKey> refused;
};

// An object of a listing, as the download plan needs it.
struct RemoteObject {
  std::string key;
  int64_t size = 0;
};

// `prefix` as a folder: "" stays "", "photos" and "photos/" become "photos/".
std::string FolderPrefix(absl::string_view prefix);

// The local path, relative to the target folder, of `key` listed under `folder` (a
// FolderPrefix; the key must start with it). The empty string for a folder marker (the key is
// `folder` itself or ends in '/' after it: the caller creates the folder). INVALID_ARGUMENT
// naming the key if it contains NUL, starts with '/', or has an empty, "." or ".." segment.
absl::StatusOr<std::string> RelativePathForKey(absl::string_view key, absl::string_view folder);

// Every regular file below `local_dir` (symlinks to files included; links to folders are not
// followed), with key FolderPrefix(prefix) + its path relative to `local_dir` ('/'-separated).
// FAILED_PRECONDITION if `local_dir` is not a folder; the errors of ErrnoStatus (local_files.h)
// if a folder cannot be read.
absl::StatusOr<CopyPlan> PlanUpload(const std::string& local_dir, absl::string_view prefix);

// The plan to download `objects` (listed under `prefix`) into `local_dir`: an item per object,
// a folder per folder marker, a RefusedKey per unsafe key (see RelativePathForKey).
CopyPlan PlanDownload(const std::vector<RemoteObject>& objects, absl::string_view prefix,
                      const std::string& local_dir);

}  // namespace osp::client
