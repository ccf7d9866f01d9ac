#include "client/commands/copy_commands.h"

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/commands/object_command.h"
#include "client/commands/single_transfer.h"
#include "client/copy_plan.h"
#include "client/copy_report.h"
#include "client/file_transfer.h"
#include "client/local_files.h"
#include "client/object_lister.h"
#include "client/object_path.h"
#include "client/progress_meter.h"
#include "client/transfer_pool.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

namespace fs = std::filesystem;
using Kind = FlagSpec::Kind;

constexpr char kRemotePrefix[] = "s3://";
constexpr int kDefaultJobs = 4;

// The two sides of a copy: exactly one is s3://BUCKET/KEY.
struct Sides {
  bool upload = false;
  std::string local;
  ObjectPath remote;
};

absl::StatusOr<Sides> ParseSides(const std::string& source, const std::string& destination) {
  const bool source_remote = absl::StartsWith(source, kRemotePrefix);
  const bool destination_remote = absl::StartsWith(destination, kRemotePrefix);
  if (source_remote == destination_remote) {
    return UsageError(
        "cp copies between a local path and s3://BUCKET/KEY: exactly one side starts with s3://");
  }
  Sides sides;
  sides.upload = destination_remote;
  sides.local = sides.upload ? source : destination;
  ASSIGN_OR_RETURN(sides.remote, ParseObjectPath(sides.upload ? destination : source));
  return sides;
}

absl::StatusOr<int> ParseJobs(const ParsedArgs& args) {
  const std::string text = args.Value("jobs", std::to_string(kDefaultJobs));
  int jobs = 0;
  if (!absl::SimpleAtoi(text, &jobs) || jobs < 1 || jobs > TransferPool::kMaxJobs) {
    return UsageError(
        absl::StrCat("invalid --jobs '", text, "': want 1 to ", TransferPool::kMaxJobs));
  }
  return jobs;
}

// Checks that `path`, to be created below `root` (which exists), lands inside `root` with
// symlinks resolved: the plan refused ".." keys, this catches a link in the target folder that
// points elsewhere (a folder on the way, or the file itself), before anything is created through
// it. Both sides are made absolute first: `path` is relative when the target is (`cp -r ... .`).
absl::Status CheckInside(const fs::path& root, const std::string& path) {
  std::error_code error;
  const fs::path real_root = fs::canonical(root, error);
  if (error) return ErrnoStatus(error.value(), "resolve", root.string());
  const fs::path absolute = fs::absolute(path, error);
  if (error) return ErrnoStatus(error.value(), "resolve", path);
  const fs::path real = fs::weakly_canonical(absolute, error);
  if (error) return ErrnoStatus(error.value(), "resolve", path);
  const fs::path inside = real.lexically_relative(real_root);
  if (inside.empty() || *inside.begin() == "..") {
    return absl::InvalidArgumentError(
        absl::StrCat("refusing to write '", path, "': a link leads outside '", root.string(), "'"));
  }
  return absl::OkStatus();
}

// Creates the folders of the file `path` below `root` once CheckInside agrees.
absl::Status PrepareParent(const fs::path& root, const std::string& path) {
  RETURN_IF_ERROR(CheckInside(root, path));
  const fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) return absl::OkStatus();
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) return ErrnoStatus(error.value(), "create folder", parent.string());
  return absl::OkStatus();
}

// Runs `transfer` over the plan's items, printing a line per file (table mode) and counting
// progress, then prints the summary and returns the first failure.
absl::Status RunPlan(const CopyPlan& plan, int jobs, CopyReport& report, CommandContext& ctx,
                     ProgressMeter* progress,
                     const std::function<absl::Status(const CopyItem&)>& transfer) {
  OutputPrinter& printer = ctx.printer();
  for (const RefusedKey& refused : plan.refused) {
    const CopyItem item{"", refused.key, 0};
    report.Add(item, refused.status);
    if (!printer.json()) printer.PrintLine(report.Line(item, refused.status));
  }
  const std::vector<absl::Status> results = TransferPool(jobs).Run(
      plan.items.size(), [&](size_t i) { return transfer(plan.items[i]); },
      [&](size_t i, const absl::Status& status) {
        if (progress != nullptr) {
          progress->FileDone();
          progress->Clear();
        }
        if (!printer.json()) printer.PrintLine(report.Line(plan.items[i], status));
      });
  if (progress != nullptr) progress->Finish();
  for (size_t i = 0; i < results.size(); ++i) report.Add(plan.items[i], results[i]);
  if (printer.json()) {
    RETURN_IF_ERROR(printer.PrintJson(report.ToJson()));
  } else {
    printer.PrintLine(report.Summary());
  }
  return report.Result();
}

absl::Status UploadTree(const ParsedArgs& args, CommandContext& ctx, const Sides& sides, int jobs) {
  ASSIGN_OR_RETURN(const CopyPlan plan, PlanUpload(sides.local, sides.remote.key));
  ASSIGN_OR_RETURN(const v1::PutObjectHeader header, UploadHeader(args, ctx, sides.remote));
  const std::unique_ptr<ProgressMeter> progress =
      ctx.NewProgress(plan.total_bytes, static_cast<int>(plan.items.size()));
  const FileTransfer files(ctx, progress.get());
  CopyReport report(true, sides.remote.bucket);
  return RunPlan(plan, jobs, report, ctx, progress.get(), [&](const CopyItem& item) {
    v1::PutObjectHeader file_header = header;
    file_header.set_key(item.key);
    return files.Upload(std::move(file_header), item.local).status();
  });
}

absl::Status DownloadTree(CommandContext& ctx, const Sides& sides, int jobs) {
  if (sides.local == kStdio) return UsageError("cp --recursive cannot write a folder to stdout");
  const std::string folder = FolderPrefix(sides.remote.key);
  ASSIGN_OR_RETURN(const std::vector<v1::ObjectInfo> listed,
                   ObjectLister(ctx).ListAll(sides.remote.bucket, folder, false));
  std::vector<RemoteObject> objects;
  objects.reserve(listed.size());
  for (const v1::ObjectInfo& object : listed) objects.push_back({object.key(), object.size()});
  CopyPlan plan = PlanDownload(objects, folder, sides.local);
  const fs::path root(sides.local);
  std::error_code error;
  fs::create_directories(root, error);
  if (error) return ErrnoStatus(error.value(), "create folder", sides.local);
  for (const CopyItem& marker : plan.folders) {
    absl::Status created = CheckInside(root, marker.local);
    if (created.ok()) {
      fs::create_directories(marker.local, error);
      if (error) created = ErrnoStatus(error.value(), "create folder", marker.local);
    }
    if (!created.ok()) plan.refused.push_back({marker.key, std::move(created)});
  }
  const std::unique_ptr<ProgressMeter> progress =
      ctx.NewProgress(plan.total_bytes, static_cast<int>(plan.items.size()));
  const FileTransfer files(ctx, progress.get());
  CopyReport report(false, sides.remote.bucket);
  return RunPlan(plan, jobs, report, ctx, progress.get(), [&](const CopyItem& item) {
    RETURN_IF_ERROR(PrepareParent(root, item.local));
    v1::GetObjectRequest request;
    request.set_backend(ctx.backend());
    request.set_bucket(sides.remote.bucket);
    request.set_key(item.key);
    return files.Download(request, item.local).status();
  });
}

absl::Status RunCp(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const Sides sides, ParseSides(args.positionals()[0], args.positionals()[1]));
  ASSIGN_OR_RETURN(const int jobs, ParseJobs(args));
  const bool recursive = args.Bool("recursive");
  if (args.Has("version-id") && (sides.upload || recursive)) {
    return UsageError("--version-id is for downloading one object");
  }
  if (!sides.upload && (args.Has("content-type") || args.Has("meta"))) {
    return UsageError("--content-type and --meta are for uploads");
  }
  if (recursive) {
    if (sides.upload) {
      if (sides.local == kStdio) {
        return UsageError("cp --recursive cannot read a folder from stdin");
      }
      return UploadTree(args, ctx, sides, jobs);
    }
    return DownloadTree(ctx, sides, jobs);
  }
  if (sides.upload) return PutOne(args, ctx, sides.local, sides.remote);
  if (sides.remote.key.empty()) {
    return UsageError("downloading one object needs a key: s3://BUCKET/KEY (or --recursive)");
  }
  ASSIGN_OR_RETURN(const v1::GetObjectRequest request, DownloadRequest(args, ctx, sides.remote));
  return GetOne(request, ctx, sides.local);
}

}  // namespace

absl::Status RegisterCopyCommands(CommandRegistry& registry) {
  CommandSpec cp = ObjectCommand(
      "cp", "SRC DST", "copy files or folders (--recursive) to or from s3://BUCKET/KEY", 2, 2,
      {
          {"recursive", Kind::kBool, "", "copy a folder tree / every key below a prefix"},
          {"jobs", Kind::kValue, "N",
           absl::StrCat("files transferred at once with --recursive (1-", TransferPool::kMaxJobs,
                        ", default ", kDefaultJobs, ")")},
          {"content-type", Kind::kValue, "TYPE", "Content-Type of uploaded objects"},
          {"meta", Kind::kRepeated, "KEY=VALUE", "user metadata of uploaded objects"},
          {"version-id", Kind::kValue, "ID", "download this version (one object only)"},
      },
      RunCp);
  cp.details =
      "Exactly one of SRC and DST is s3://BUCKET/KEY; the other is a local path, or - for\n"
      "stdin/stdout. One file goes as with put/get (a key ending in '/' or a local folder takes\n"
      "the other side's name). With --recursive, every file below a local folder goes to\n"
      "KEY/<relative path>, or every object below the prefix KEY/ to LOCAL/<relative path>;\n"
      "keys with '..', '.', empty or absolute segments or NUL are refused, never written.\n"
      "A failed file does not stop the others: the exit status is the first failure's code.\n"
      "Downloads go to a new hidden file .ospctl-XXXXXX in the file's folder and are renamed\n"
      "when complete.";
  return registry.Add(std::move(cp));
}

}  // namespace osp::client::commands
