#include "tests/bench/control_plane/process_probe.h"

#include <dirent.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "providers/base/status_macros.h"

namespace osp::bench {
namespace {

// Entries of a /proc directory except "." and "..".
absl::StatusOr<int64_t> CountEntries(const std::string& path) {
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) {
    const int error = errno;
    if (error == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": no such process"));
    if (error == EACCES) return absl::PermissionDeniedError(absl::StrCat(path, ": not readable"));
    return absl::InternalError(absl::StrCat(path, ": cannot be opened (errno ", error, ")"));
  }
  int64_t count = 0;
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") ++count;
  }
  closedir(dir);
  return count;
}

// The value in KiB of a "Name:   123 kB" line of /proc/PID/status.
bool ParseKib(const std::string& line, absl::string_view name, int64_t* kib) {
  absl::string_view rest = line;
  if (!absl::ConsumePrefix(&rest, name)) return false;
  rest = absl::StripAsciiWhitespace(rest);
  return absl::ConsumeSuffix(&rest, "kB") &&
         absl::SimpleAtoi(absl::StripAsciiWhitespace(rest), kib);
}

}  // namespace

absl::StatusOr<ProcessSample> ProcessProbe::Sample() const {
  const std::string root = absl::StrCat("/proc/", pid_);
  ProcessSample sample;
  std::ifstream status(root + "/status");
  if (!status) return absl::NotFoundError(absl::StrCat(root, "/status: no such process"));
  bool rss = false;
  bool hwm = false;
  for (std::string line; std::getline(status, line);) {
    rss = rss || ParseKib(line, "VmRSS:", &sample.rss_kib);
    hwm = hwm || ParseKib(line, "VmHWM:", &sample.hwm_kib);
  }
  if (!rss || !hwm) return absl::InternalError(absl::StrCat(root, "/status: no VmRSS/VmHWM"));
  ASSIGN_OR_RETURN(sample.threads, CountEntries(root + "/task"));
  ASSIGN_OR_RETURN(sample.fds, CountEntries(root + "/fd"));
  return sample;
}

}  // namespace osp::bench
