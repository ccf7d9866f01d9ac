// The streaming halves of PutObject and GetObject: adapters between a gRPC stream and the
// provider's ChunkReader / ChunkWriter, so that an object flows through in bounded pieces and the
// daemon's memory stays flat whatever the object's size (a blocking Write waits for the caller's
// flow control). Not thread-safe: UploadChunks' reader is called one call at a time, possibly
// from a provider's own thread (see Provider::PutObject); DownloadObject writes large objects
// from a second thread of its own, joined before it returns.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <cstddef>

#include "absl/status/status.h"
#include "osp/v1/provider.pb.h"
#include "providers/provider.h"
#include "server/metrics/counter.h"

namespace osp::server {

// Data bytes per GetObject message (the last may be shorter): large enough that the per-message
// cost (a blocking Write, wake-ups on both ends) is small next to copying the bytes, well under
// the 4 MiB that gRPC clients accept by default.
inline constexpr size_t kMaxDownloadChunkBytes = 1024 * 1024;
// Full GetObject messages waiting for the caller while the backend's next bytes arrive: enough
// to ride out the caller's short stalls, little next to the 4 MiB stream window.
inline constexpr size_t kDownloadQueueChunks = 2;

// The chunks of a PutObject stream whose header has been read. Empty chunks are skipped. A
// further header -> INVALID_ARGUMENT; the stream ending because the caller went away ->
// CANCELLED (so that a broken upload is never stored as if complete). Every chunk handed on is
// added to `received_bytes`. `reader`, `ctx` and `received_bytes` must outlive the returned
// reader.
providers::ChunkReader UploadChunks(grpc::ServerReaderInterface<v1::PutObjectRequest>* reader,
                                    const grpc::ServerContextBase* ctx,
                                    metrics::Counter* received_bytes);

// Runs provider.GetObject and streams its result to `writer`: one message with the object's
// info (also copied to `info`, for the log), then the data gathered into chunks of `max_chunk`
// bytes (the last one shorter), each one written added to `sent_bytes`; at most
// kDownloadQueueChunks + 3 chunks are in memory at once. Data the provider
// handed over before failing is still sent. The caller going away -> CANCELLED; data
// before info, or no info -> INTERNAL; otherwise the provider's status.
absl::Status DownloadObject(providers::Provider& provider,
                            const providers::GetObjectRequest& request,
                            grpc::ServerWriterInterface<v1::GetObjectResponse>* writer,
                            const providers::CallContext& ctx, v1::ObjectInfo* info,
                            metrics::Counter* sent_bytes,
                            size_t max_chunk = kMaxDownloadChunkBytes);

}  // namespace osp::server
