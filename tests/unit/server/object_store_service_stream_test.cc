// PutObject and GetObject through a real (in-process) gRPC stream.
#include <string>

#include "absl/synchronization/notification.h"
#include "server/object_streams.h"
#include "tests/unit/server/service_fixture.h"

namespace osp::server {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::Optional;
using ::testing::Return;

class ObjectStreamTest : public ServiceFixture {
 protected:
  static v1::PutObjectRequest Header(const std::string& key) {
    v1::PutObjectRequest message;
    v1::PutObjectHeader* header = message.mutable_header();
    header->set_backend("ecs1");
    header->set_bucket("photos");
    header->set_key(key);
    header->set_content_type("text/plain");
    header->set_size(11);
    return message;
  }
  static v1::PutObjectRequest Chunk(const std::string& data) {
    v1::PutObjectRequest message;
    message.set_chunk(data);
    return message;
  }

  // Sends `messages` as one PutObject stream and returns the final status.
  grpc::Status Upload(const std::vector<v1::PutObjectRequest>& messages,
                      v1::PutObjectResponse* response) {
    grpc::ClientContext ctx;
    auto writer = stub_->PutObject(&ctx, response);
    for (const v1::PutObjectRequest& message : messages) {
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }
};

// Drains a ChunkReader the way a provider does; returns the data or the reader's error.
absl::StatusOr<std::string> ReadAll(const providers::ChunkReader& next, int* chunks) {
  std::string data;
  std::string chunk;
  while (true) {
    absl::StatusOr<bool> more = next(&chunk);
    if (!more.ok()) return more.status();
    if (!*more) return data;
    ++*chunks;
    data += chunk;
  }
}

TEST_F(ObjectStreamTest, PutObjectFeedsEveryChunkToTheProvider) {
  std::string received;
  int chunks = 0;
  EXPECT_CALL(*provider_,
              PutObject(testing::AllOf(Field(&providers::PutObjectHeader::bucket, "photos"),
                                       Field(&providers::PutObjectHeader::key, "dir/a.txt"),
                                       Field(&providers::PutObjectHeader::size, Optional(11))),
                        _, _))
      .WillOnce([&](const providers::PutObjectHeader& header, const providers::ChunkReader& next,
                    const providers::CallContext&) -> absl::StatusOr<providers::PutObjectResult> {
        absl::StatusOr<std::string> data = ReadAll(next, &chunks);
        if (!data.ok()) return data.status();
        received = *data;
        return providers::PutObjectResult{header.key, static_cast<int64_t>(data->size()),
                                          "\"etag\"", "v1"};
      });
  v1::PutObjectResponse response;
  const grpc::Status status =
      Upload({Header("dir/a.txt"), Chunk("hello "), Chunk(""), Chunk("world")}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(received, "hello world");
  EXPECT_EQ(chunks, 2);  // The empty chunk is skipped.
  EXPECT_EQ(response.key(), "dir/a.txt");
  EXPECT_EQ(response.size(), 11);
  EXPECT_EQ(response.version_id(), "v1");
}

TEST_F(ObjectStreamTest, PutObjectNeedsAHeaderFirst) {
  v1::PutObjectResponse response;
  grpc::Status status = Upload({Chunk("data"), Header("a")}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "header: the first message must be a valid header (string fields in UTF-8)");
  status = Upload({}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "header: the first message must be a valid header (string fields in UTF-8)");
}

TEST_F(ObjectStreamTest, PutObjectRefusesASecondHeader) {
  int chunks = 0;
  EXPECT_CALL(*provider_, PutObject(_, _, _))
      .WillOnce([&](const providers::PutObjectHeader&, const providers::ChunkReader& next,
                    const providers::CallContext&) -> absl::StatusOr<providers::PutObjectResult> {
        return ReadAll(next, &chunks).status();  // The provider aborts with the reader's error.
      });
  v1::PutObjectResponse response;
  const grpc::Status status = Upload({Header("a"), Chunk("x"), Header("b")}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "header: allowed only in the first message");
  EXPECT_EQ(chunks, 1);
}

TEST_F(ObjectStreamTest, PutObjectValidatesTheHeaderBeforeTheProvider) {
  v1::PutObjectResponse response;
  grpc::Status status = Upload({Header("a/./b"), Chunk("x")}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), testing::StartsWith("header.key: "));
  v1::PutObjectRequest other_backend = Header("a");
  other_backend.mutable_header()->set_backend("minio9");
  status = Upload({other_backend}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "header.backend 'minio9' is not configured");
}

class GetObjectTest : public ServiceFixture {
 protected:
  // Reads a whole GetObject stream into `messages`; returns the final status.
  grpc::Status Download(const v1::GetObjectRequest& request,
                        std::vector<v1::GetObjectResponse>* messages) {
    grpc::ClientContext ctx;
    auto reader = stub_->GetObject(&ctx, request);
    v1::GetObjectResponse message;
    while (reader->Read(&message)) messages->push_back(message);
    return reader->Finish();
  }
  static v1::GetObjectRequest Request() {
    v1::GetObjectRequest request;
    request.set_backend("ecs1");
    request.set_bucket("photos");
    request.set_key("big.bin");
    return request;
  }
};

TEST_F(GetObjectTest, StreamsInfoThenFullChunks) {
  // Two and a half chunks, then a short tail: the tail joins the half chunk.
  std::string data(kMaxDownloadChunkBytes * 5 / 2, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  EXPECT_CALL(*provider_,
              GetObject(testing::AllOf(Field(&providers::GetObjectRequest::key, "big.bin"),
                                       Field(&providers::GetObjectRequest::range,
                                             Optional(Field(&providers::ByteRange::offset, 5)))),
                        _, _, _))
      .WillOnce([&](const providers::GetObjectRequest&,
                    const std::function<absl::Status(const providers::ObjectInfo&)>& on_info,
                    const providers::ChunkWriter& write, const providers::CallContext&) {
        providers::ObjectInfo info;
        info.key = "big.bin";
        info.size = static_cast<int64_t>(data.size() + 4);
        if (absl::Status s = on_info(info); !s.ok()) return s;
        if (absl::Status s = write(data); !s.ok()) return s;
        return write("tail");
      });
  v1::GetObjectRequest request = Request();
  request.mutable_range()->set_offset(5);
  std::vector<v1::GetObjectResponse> messages;
  const grpc::Status status = Download(request, &messages);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(messages.size(), 1u + 3u);  // info, two full chunks, the half chunk and the tail.
  ASSERT_TRUE(messages[0].has_info());
  EXPECT_EQ(messages[0].info().size(), static_cast<int64_t>(data.size() + 4));
  std::string received;
  for (size_t i = 1; i < messages.size(); ++i) {
    ASSERT_FALSE(messages[i].has_info());
    received += messages[i].chunk();
  }
  EXPECT_EQ(messages[1].chunk().size(), kMaxDownloadChunkBytes);
  EXPECT_EQ(messages[2].chunk().size(), kMaxDownloadChunkBytes);
  EXPECT_EQ(received, data + "tail");
}

TEST_F(GetObjectTest, SmallPiecesAreGatheredIntoOneMessage) {
  EXPECT_CALL(*provider_, GetObject(_, _, _, _))
      .WillOnce([](const providers::GetObjectRequest&,
                   const std::function<absl::Status(const providers::ObjectInfo&)>& on_info,
                   const providers::ChunkWriter& write, const providers::CallContext&) {
        if (absl::Status s = on_info(providers::ObjectInfo{}); !s.ok()) return s;
        for (const char* piece : {"a", "bc", "", "def"}) {
          if (absl::Status s = write(piece); !s.ok()) return s;
        }
        return absl::OkStatus();
      });
  std::vector<v1::GetObjectResponse> messages;
  const grpc::Status status = Download(Request(), &messages);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].chunk(), "abcdef");
}

TEST_F(GetObjectTest, ErrorAfterDataEndsTheStreamWithThatStatus) {
  EXPECT_CALL(*provider_, GetObject(_, _, _, _))
      .WillOnce([](const providers::GetObjectRequest&,
                   const std::function<absl::Status(const providers::ObjectInfo&)>& on_info,
                   const providers::ChunkWriter& write, const providers::CallContext&) {
        if (absl::Status s = on_info(providers::ObjectInfo{}); !s.ok()) return s;
        if (absl::Status s = write("abc"); !s.ok()) return s;
        return absl::UnavailableError("backend 'ecs1': connection reset");
      });
  std::vector<v1::GetObjectResponse> messages;
  const grpc::Status status = Download(Request(), &messages);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].chunk(), "abc");
}

TEST_F(GetObjectTest, ACallerThatGoesAwayStopsTheProvidersTransfer) {
  constexpr int kMaxChunks = 1000;  // 1 GiB: far more than the stream window and queue hold.
  absl::Status provider_saw = absl::OkStatus();
  int chunks_taken = 0;
  absl::Notification provider_done;
  EXPECT_CALL(*provider_, GetObject(_, _, _, _))
      .WillOnce([&](const providers::GetObjectRequest&,
                    const std::function<absl::Status(const providers::ObjectInfo&)>& on_info,
                    const providers::ChunkWriter& write, const providers::CallContext&) {
        if (absl::Status s = on_info(providers::ObjectInfo{}); !s.ok()) return s;
        const std::string chunk(kMaxDownloadChunkBytes, 'x');
        for (; chunks_taken < kMaxChunks && provider_saw.ok(); ++chunks_taken) {
          provider_saw = write(chunk);
        }
        // Copy before notifying: once notified, the test may leave the scope that owns
        // provider_saw while this server thread is still returning.
        const absl::Status result = provider_saw;
        provider_done.Notify();
        return result;
      });
  grpc::ClientContext ctx;
  auto reader = stub_->GetObject(&ctx, Request());
  v1::GetObjectResponse message;
  ASSERT_TRUE(reader->Read(&message));  // The info.
  ASSERT_TRUE(reader->Read(&message));  // The first chunk.
  ctx.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // Finish returns at once on the client; the provider may still be writing.
  provider_done.WaitForNotification();
  EXPECT_EQ(provider_saw.code(), absl::StatusCode::kCancelled) << provider_saw;
  EXPECT_LT(chunks_taken, kMaxChunks);
}

TEST_F(GetObjectTest, DataBeforeInfoIsAnInternalError) {
  EXPECT_CALL(*provider_, GetObject(_, _, _, _))
      .WillOnce([](const providers::GetObjectRequest&,
                   const std::function<absl::Status(const providers::ObjectInfo&)>&,
                   const providers::ChunkWriter& write,
                   const providers::CallContext&) { return write("abc"); });
  std::vector<v1::GetObjectResponse> messages;
  const grpc::Status status = Download(Request(), &messages);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_TRUE(messages.empty());
}

TEST_F(GetObjectTest, MissingObjectIsNotFound) {
  EXPECT_CALL(*provider_, GetObject(_, _, _, _))
      .WillOnce(Return(absl::NotFoundError("object 'big.bin' in bucket 'photos'")));
  std::vector<v1::GetObjectResponse> messages;
  const grpc::Status status = Download(Request(), &messages);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(messages.empty());
}

}  // namespace
}  // namespace osp::server
