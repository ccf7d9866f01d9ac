// s3_transfer_bench: moves one object between a file and an S3 server through S3Client and the
// real CurlHttpTransport, and prints the throughput and the process's RSS. Driven by
// s3_transfer_bench.sh, which runs curl --aws-sigv4 on the same data for comparison.
//   s3_transfer_bench ENV_FILE BUCKET KEY upload|upload-sized FILE [PART_MIB [CONCURRENCY]]
//   s3_transfer_bench ENV_FILE BUCKET KEY download
// "upload" does not tell the client the size (multipart); "upload-sized" does (one streamed PUT).
// ENV_FILE is what tests/sim/s3-server.sh writes (RGW_ENDPOINT, RGW_ACCESS_KEY, RGW_SECRET_KEY).
#include <curl/curl.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/http/curl_http_transport.h"
#include "providers/s3/s3_client.h"

namespace {

// "VmRSS" or "VmHWM" (peak) of this process, in KiB.
int64_t ProcStatusKib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) {
      int64_t kib = 0;
      std::string digits;
      for (char c : line) {
        if (c >= '0' && c <= '9') digits.push_back(c);
      }
      return absl::SimpleAtoi(digits, &kib) ? kib : -1;
    }
  }
  return -1;
}

int Fail(const std::string& message) {
  std::cerr << "s3_transfer_bench: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace osp::providers;  // NOLINT: a small tool.
  const bool upload = std::string(argv[argc > 4 ? 4 : 0]).rfind("upload", 0) == 0;
  if (argc < 5 || (upload && argc < 6)) {
    return Fail("usage: s3_transfer_bench ENV_FILE BUCKET KEY upload|upload-sized FILE | download");
  }
  std::map<std::string, std::string> env;
  std::ifstream env_file(argv[1]);
  for (std::string line; std::getline(env_file, line);) {
    size_t eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  const std::string bucket = argv[2], key = argv[3], mode = argv[4];
  curl_global_init(CURL_GLOBAL_DEFAULT);
  base::RealClock clock;
  base::NullLogger logger;
  http::HttpTransportOptions options;
  options.backend_id = "bench";
  auto transport = http::CurlHttpTransport::Create(options, &logger, &clock);
  if (!transport.ok()) return Fail(transport.status().ToString());
  s3::S3ClientOptions client_options;
  int value = 0;
  if (argc > 6 && absl::SimpleAtoi(argv[6], &value))
    client_options.part_size = int64_t{value} << 20;
  if (argc > 7 && absl::SimpleAtoi(argv[7], &value)) client_options.upload_concurrency = value;
  s3::S3Client client({env["RGW_ENDPOINT"], "us-east-1", true}, env["RGW_ACCESS_KEY"],
                      base::Secret(env["RGW_SECRET_KEY"]), transport->get(), &clock,
                      client_options);
  base::CallContext ctx;

  const int64_t rss_start = ProcStatusKib("VmRSS");
  const absl::Time start = absl::Now();
  int64_t bytes = 0;
  if (upload) {
    FILE* f = std::fopen(argv[5], "rb");
    if (f == nullptr) return Fail(std::string("cannot open ") + argv[5]);
    ChunkReader reader = [&](std::string* chunk) -> absl::StatusOr<bool> {
      chunk->resize(1 << 20);
      const size_t n = std::fread(chunk->data(), 1, chunk->size(), f);
      chunk->resize(n);
      return n > 0;
    };
    int64_t size = 0;
    if (mode == "upload-sized") {
      std::fseek(f, 0, SEEK_END);
      size = std::ftell(f);
      std::fseek(f, 0, SEEK_SET);
    }
    auto result = mode == "upload-sized" ? client.Upload(bucket, key, {}, size, reader, ctx)
                                         : client.Upload(bucket, key, {}, reader, ctx);
    std::fclose(f);
    if (!result.ok()) return Fail(result.status().ToString());
    bytes = result->size;
  } else if (mode == "download") {
    auto info = client.GetObject(
        {bucket, key, "", std::nullopt},
        [&](absl::string_view piece) {
          bytes += static_cast<int64_t>(piece.size());
          return absl::OkStatus();
        },
        ctx);
    if (!info.ok()) return Fail(info.status().ToString());
  } else {
    return Fail("mode must be upload, upload-sized or download");
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const int64_t rss_peak = ProcStatusKib("VmHWM");
  // One machine-readable line: mode bytes seconds MiB/s rss_start_kib rss_peak_kib
  std::cout << absl::StrFormat("%s %d %.3f %.1f %d %d\n", mode, bytes, seconds,
                               bytes / seconds / (1 << 20), rss_start, rss_peak);
  curl_global_cleanup();
  return 0;
}
