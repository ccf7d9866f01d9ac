// Micro benchmarks of SigV4 signing: the per-request cost the S3 client adds.
#include <string>

#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "providers/s3/sigv4_signer.h"
#include "providers/s3/uri_encode.h"

namespace osp::providers::s3 {
namespace {

SigV4Signer Signer() {
  return SigV4Signer(
      SigV4Credentials{
          "AKIAIOSFODNN7EXAMPLE", base::Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), {}},
      "us-east-1", "s3");
}

SigV4Request Request() {
  return SigV4Request{"PUT",
                      "http://127.0.0.1:8080/bucket/photos/2024/img%200001.jpg?partNumber=3&"
                      "uploadId=2~4QHVG1qi2jDQaoNX9j2y2EfeNTpcpc6",
                      {{"Content-Type", "image/jpeg"},
                       {"x-amz-meta-owner", "account-42"},
                       {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}},
                      "UNSIGNED-PAYLOAD"};
}

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

void BM_SignHeaders(benchmark::State& state) {
  const SigV4Signer signer = Signer();
  const SigV4Request request = Request();
  for (auto _ : state) benchmark::DoNotOptimize(signer.Sign(request, kNow));
}
BENCHMARK(BM_SignHeaders);

void BM_Presign(benchmark::State& state) {
  const SigV4Signer signer = Signer();
  SigV4Request request = Request();
  request.method = "GET";
  request.headers.clear();
  for (auto _ : state) benchmark::DoNotOptimize(signer.Presign(request, kNow, absl::Hours(1)));
}
BENCHMARK(BM_Presign);

// Hashing a body to sign it (the alternative to UNSIGNED-PAYLOAD for object data).
void BM_Sha256Hex(benchmark::State& state) {
  const std::string data(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(SigV4Signer::Sha256Hex(data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sha256Hex)->Arg(1 << 10)->Arg(1 << 20);

void BM_UriEncodeKey(benchmark::State& state) {
  const std::string key = "photos/2024/Ferien am Meer/IMG 0001 (copy).jpg";
  for (auto _ : state) benchmark::DoNotOptimize(UriEncode(key, Slash::kKeep));
}
BENCHMARK(BM_UriEncodeKey);

}  // namespace
}  // namespace osp::providers::s3

BENCHMARK_MAIN();
