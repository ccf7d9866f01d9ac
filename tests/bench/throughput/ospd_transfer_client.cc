// ospd_transfer_client: the C++ client side of the throughput benchmark (throughput.py). Moves
// one object through a running ospd with ospctl's ObjectUploader / ObjectDownloader and prints
// one JSON line with the bytes moved, the seconds the transfer RPC took and the CPU seconds this
// process spent meanwhile (setup such as hashing the file is neither timed nor counted). Also
// creates the benchmark's user and bucket through ospd.
//   ospd_transfer_client TARGET BACKEND setup ACCOUNT BUCKET
//       -> {"access_key_id": ..., "secret_access_key": ...} of the bucket owner (for curl)
//   ospd_transfer_client TARGET BACKEND upload BUCKET KEY FILE [--unsized]
//       header with size and SHA-256 as `ospctl object put` sends it; --unsized sends neither
//   ospd_transfer_client TARGET BACKEND download BUCKET KEY OUT_FILE   (OUT_FILE may be /dev/null)
//       -> {"bytes": N, "seconds": S, "cpu_seconds": C}
#include <sys/resource.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/channel_factory.h"
#include "client/command_context.h"
#include "client/object_downloader.h"
#include "client/object_uploader.h"
#include "client/output_printer.h"
#include "client/sha256_hasher.h"
#include "providers/base/status_macros.h"

namespace {

using osp::client::CommandContext;

constexpr char kUsage[] =
    "usage: ospd_transfer_client TARGET BACKEND setup ACCOUNT BUCKET\n"
    "       ospd_transfer_client TARGET BACKEND upload BUCKET KEY FILE [--unsized]\n"
    "       ospd_transfer_client TARGET BACKEND download BUCKET KEY OUT_FILE";

// A JSON string literal for `text` (keys and bucket names here are plain ASCII).
std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// User + system CPU seconds this process has used so far.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Wall and CPU time from its construction to Print.
class TransferTimer {
 public:
  TransferTimer() : start_(absl::Now()), cpu_start_(CpuSeconds()) {}

  void Print(int64_t bytes) const {
    std::cout << absl::StrFormat("{\"bytes\": %d, \"seconds\": %.6f, \"cpu_seconds\": %.3f}\n",
                                 bytes, absl::ToDoubleSeconds(absl::Now() - start_),
                                 CpuSeconds() - cpu_start_);
  }

 private:
  const absl::Time start_;
  const double cpu_start_;
};

absl::Status Setup(CommandContext& ctx, const std::string& account, const std::string& bucket) {
  osp::v1::EnsureUserRequest user_request;
  user_request.set_backend(ctx.backend());
  user_request.set_account_id(account);
  osp::v1::EnsureUserResponse user;
  RETURN_IF_ERROR(
      ctx.Unary(&osp::v1::ObjectStoreProvider::StubInterface::EnsureUser, user_request, &user));
  osp::v1::CreateBucketRequest bucket_request;
  bucket_request.set_backend(ctx.backend());
  bucket_request.mutable_bucket()->set_name(bucket);
  bucket_request.mutable_bucket()->set_owner(account);
  osp::v1::CreateBucketResponse created;
  RETURN_IF_ERROR(ctx.Unary(&osp::v1::ObjectStoreProvider::StubInterface::CreateBucket,
                            bucket_request, &created));
  std::cout << "{\"access_key_id\": " << Quote(user.credentials().access_key_id())
            << ", \"secret_access_key\": " << Quote(user.credentials().secret_access_key())
            << "}\n";
  return absl::OkStatus();
}

absl::Status Upload(CommandContext& ctx, const std::string& bucket, const std::string& key,
                    const std::string& path, bool sized) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError("cannot open " + path);
  osp::v1::PutObjectHeader header;
  header.set_backend(ctx.backend());
  header.set_bucket(bucket);
  header.set_key(key);
  if (sized) {
    ASSIGN_OR_RETURN(const osp::client::StreamDigest digest,
                     osp::client::Sha256Hasher::DigestStream(file));
    header.set_size(digest.size);
    header.set_sha256(digest.sha256_hex);
    file.clear();
    file.seekg(0);
  }
  const TransferTimer timer;
  ASSIGN_OR_RETURN(const osp::v1::PutObjectResponse response,
                   osp::client::ObjectUploader(ctx).Upload(header, file));
  timer.Print(response.size());
  return absl::OkStatus();
}

absl::Status Download(CommandContext& ctx, const std::string& bucket, const std::string& key,
                      const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError("cannot write " + path);
  osp::v1::GetObjectRequest request;
  request.set_backend(ctx.backend());
  request.set_bucket(bucket);
  request.set_key(key);
  const TransferTimer timer;
  ASSIGN_OR_RETURN(const osp::v1::ObjectInfo info,
                   osp::client::ObjectDownloader(ctx).Download(request, out));
  out.flush();
  if (!out) return absl::DataLossError("write failed: " + path);
  timer.Print(info.size());
  return absl::OkStatus();
}

absl::Status Run(const std::vector<std::string>& args) {
  if (args.size() < 5) return absl::InvalidArgumentError(kUsage);
  osp::client::ChannelOptions channel_options;
  channel_options.target = args[0];
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel,
                   osp::client::ChannelFactory().Create(channel_options));
  std::ostringstream unused_out;
  std::istringstream unused_in;
  osp::client::OutputPrinter printer(osp::client::OutputFormat::kJson, unused_out);
  CommandContext ctx(channel, args[0], args[1], absl::ZeroDuration(), absl::ZeroDuration(), printer,
                     unused_in, unused_out);
  const std::string& mode = args[2];
  if (mode == "setup" && args.size() == 5) return Setup(ctx, args[3], args[4]);
  if (mode == "upload" && (args.size() == 6 || (args.size() == 7 && args[6] == "--unsized"))) {
    return Upload(ctx, args[3], args[4], args[5], args.size() == 6);
  }
  if (mode == "download" && args.size() == 6) return Download(ctx, args[3], args[4], args[5]);
  return absl::InvalidArgumentError(kUsage);
}

}  // namespace

int main(int argc, char** argv) {
  const absl::Status status = Run(std::vector<std::string>(argv + 1, argv + argc));
  if (!status.ok()) {
    std::cerr << "ospd_transfer_client: " << status << "\n";
    return 1;
  }
  return 0;
}
