#include "client/commands/bucket_commands.h"

#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/commands/bucket_flags.h"
#include "client/commands/bucket_tables.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

using Kind = FlagSpec::Kind;
using Stub = v1::ObjectStoreProvider::StubInterface;

constexpr char kSection[] = "Buckets";

absl::Status PrintBucket(CommandContext& ctx, const google::protobuf::Message& response,
                         const v1::Bucket& bucket) {
  return ctx.printer().Print(response, [&] { return BucketDetailTable(bucket); });
}

absl::Status RunCreate(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(BucketChange change, BucketChangeFromFlags(args, BucketFlagsMode::kCreate));
  v1::CreateBucketRequest request;
  request.set_backend(ctx.backend());
  *request.mutable_bucket() = std::move(change.spec);
  request.mutable_bucket()->set_name(args.positionals()[0]);
  request.mutable_bucket()->set_owner(args.Value("owner"));
  v1::CreateBucketResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::CreateBucket, request, &response));
  return PrintBucket(ctx, response, response.bucket());
}

absl::Status RunGet(const ParsedArgs& args, CommandContext& ctx) {
  v1::GetBucketRequest request;
  request.set_backend(ctx.backend());
  request.set_name(args.positionals()[0]);
  v1::GetBucketResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::GetBucket, request, &response));
  return PrintBucket(ctx, response, response.bucket());
}

// Without --page-token every page is fetched and printed as one list; with it (even empty,
// meaning the first page) exactly one page and its next_page_token.
absl::Status RunList(const ParsedArgs& args, CommandContext& ctx) {
  v1::ListBucketsRequest request;
  request.set_backend(ctx.backend());
  request.set_owner(args.Value("owner"));
  if (args.Has("page-size")) {
    int32_t page_size = 0;
    if (!absl::SimpleAtoi(args.Value("page-size"), &page_size) || page_size <= 0) {
      return UsageError(absl::StrCat("invalid --page-size '", args.Value("page-size"),
                                     "': want a whole number > 0"));
    }
    request.set_page_size(page_size);
  }
  const bool one_page = args.Has("page-token");
  request.set_page_token(args.Value("page-token"));
  v1::ListBucketsResponse all;
  while (true) {
    v1::ListBucketsResponse page;
    RETURN_IF_ERROR(ctx.Unary(&Stub::ListBuckets, request, &page));
    all.mutable_buckets()->MergeFrom(page.buckets());
    if (one_page || page.next_page_token().empty()) {
      all.set_next_page_token(page.next_page_token());
      break;
    }
    if (page.next_page_token() == request.page_token()) {
      return absl::InternalError("ListBuckets returned the same page token again");
    }
    request.set_page_token(page.next_page_token());
  }
  RETURN_IF_ERROR(ctx.printer().Print(all, [&] { return BucketListTable(all.buckets()); }));
  if (!ctx.printer().json() && !all.next_page_token().empty()) {
    ctx.printer().PrintLine(absl::StrCat("next page: --page-token ", all.next_page_token()));
  }
  return absl::OkStatus();
}

absl::Status RunUpdate(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(BucketChange change, BucketChangeFromFlags(args, BucketFlagsMode::kUpdate));
  const std::string& name = args.positionals()[0];
  // The mask path "quota" replaces both limits: keep the one the user did not mention.
  if (change.quota_bytes_given != change.quota_objects_given) {
    v1::GetBucketRequest get;
    get.set_backend(ctx.backend());
    get.set_name(name);
    v1::GetBucketResponse current;
    RETURN_IF_ERROR(ctx.Unary(&Stub::GetBucket, get, &current));
    const v1::Quota& quota = current.bucket().spec().quota();
    if (!change.quota_bytes_given) change.spec.mutable_quota()->set_max_bytes(quota.max_bytes());
    if (!change.quota_objects_given) {
      change.spec.mutable_quota()->set_max_objects(quota.max_objects());
    }
  }
  v1::UpdateBucketRequest request;
  request.set_backend(ctx.backend());
  *request.mutable_bucket() = std::move(change.spec);
  request.mutable_bucket()->set_name(name);
  for (const std::string& path : change.mask_paths) request.mutable_update_mask()->add_paths(path);
  v1::UpdateBucketResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::UpdateBucket, request, &response));
  return PrintBucket(ctx, response, response.bucket());
}

absl::Status RunDelete(const ParsedArgs& args, CommandContext& ctx) {
  v1::DeleteBucketRequest request;
  request.set_backend(ctx.backend());
  request.set_name(args.positionals()[0]);
  request.set_force_empty(args.Bool("force-empty"));
  v1::DeleteBucketResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::DeleteBucket, request, &response));
  if (ctx.printer().json()) return ctx.printer().PrintJson(response);
  ctx.printer().PrintLine(absl::StrCat("deleted bucket ", request.name()));
  return absl::OkStatus();
}

absl::Status RunUsage(const ParsedArgs& args, CommandContext& ctx) {
  v1::GetUsageRequest request;
  request.set_backend(ctx.backend());
  request.set_owner(args.Value("owner"));
  for (const std::string& bucket : args.positionals()) request.add_buckets(bucket);
  v1::GetUsageResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::GetUsage, request, &response));
  return ctx.printer().Print(response, [&] { return UsageTable(response.usage()); });
}

CommandSpec Bucket(std::string verb, std::string args_usage, std::string summary,
                   CommandSpec::Handler run) {
  CommandSpec spec;
  spec.path = {"bucket", std::move(verb)};
  spec.section = kSection;
  spec.args_usage = std::move(args_usage);
  spec.summary = std::move(summary);
  spec.min_args = 1;
  spec.max_args = 1;
  spec.run = std::move(run);
  return spec;
}

}  // namespace

absl::Status RegisterBucketCommands(CommandRegistry& registry) {
  CommandSpec create =
      Bucket("create", "NAME", "create a bucket (same spec again is OK)", RunCreate);
  create.flags = BucketFlagSpecs(BucketFlagsMode::kCreate);
  RETURN_IF_ERROR(registry.Add(std::move(create)));

  RETURN_IF_ERROR(
      registry.Add(Bucket("get", "NAME", "show a bucket's settings, usage and S3 URLs", RunGet)));

  CommandSpec list = Bucket("list", "", "list buckets (every page unless --page-token)", RunList);
  list.min_args = 0;
  list.max_args = 0;
  list.flags = {
      {"owner", Kind::kValue, "ACCOUNT", "only buckets of this account id"},
      {"page-size", Kind::kValue, "N", "buckets per request (server default 100, max 1000)"},
      {"page-token", Kind::kValue, "TOKEN",
       "fetch only this page ('' = the first) and show the next token"},
  };
  RETURN_IF_ERROR(registry.Add(std::move(list)));

  CommandSpec update =
      Bucket("update", "NAME", "change the options given as flags (the field mask)", RunUpdate);
  update.flags = BucketFlagSpecs(BucketFlagsMode::kUpdate);
  update.details =
      "Only the options given are changed. --quota-bytes alone keeps the object limit (and vice "
      "versa);\n--tag replaces all tags, --cors-origin all CORS rules.";
  RETURN_IF_ERROR(registry.Add(std::move(update)));

  CommandSpec remove = Bucket("delete", "NAME", "delete a bucket (missing is OK)", RunDelete);
  remove.flags = {
      {"force-empty", Kind::kBool, "", "delete every object, version and delete marker first"}};
  remove.details =
      "A bucket that is not empty fails with 9 (FAILED_PRECONDITION) unless --force-empty.";
  RETURN_IF_ERROR(registry.Add(std::move(remove)));

  CommandSpec usage;
  usage.path = {"usage"};
  usage.section = kSection;
  usage.args_usage = "[BUCKET...]";
  usage.summary = "bytes and objects per bucket (all, or those of --owner, or those named)";
  usage.max_args = CommandSpec::kUnbounded;
  usage.flags = {{"owner", Kind::kValue, "ACCOUNT", "only buckets of this account id"}};
  usage.run = RunUsage;
  return registry.Add(std::move(usage));
}

}  // namespace osp::client::commands
