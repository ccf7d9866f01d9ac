#include "providers/http/curl_http_transport.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/http/local_server.h"
#include "tests/unit/providers/http/recording_logger.h"
#include "tests/unit/providers/http/refusing_port.h"
#include "tests/unit/providers/http/sha256.h"

namespace osp::providers::http {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kLargeSize = int64_t{64} << 20;

// Byte `i` of a deterministic, non-repeating-looking test body.
char PatternByte(uint64_t i) { return static_cast<char>((i * 0x9E3779B97F4A7C15ULL) >> 56); }

void FillPattern(uint64_t offset, char* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = PatternByte(offset + i);
}

std::string PatternSha256(int64_t size) {
  Sha256 sha;
  std::string chunk(1 << 16, '\0');
  for (int64_t offset = 0; offset < size; offset += chunk.size()) {
    size_t n = static_cast<size_t>(std::min<int64_t>(chunk.size(), size - offset));
    FillPattern(offset, chunk.data(), n);
    sha.Update(absl::string_view(chunk.data(), n));
  }
  return sha.Hex();
}

class CurlHttpTransportTest : public testing::Test {
 protected:
  // Lets blocked handlers finish before the server (declared after release_) joins them.
  ~CurlHttpTransportTest() override {
    if (!release_.HasBeenNotified()) release_.Notify();
  }

  std::unique_ptr<CurlHttpTransport> NewTransport(HttpTransportOptions options = {}) {
    options.backend_id = "test";
    auto transport = CurlHttpTransport::Create(options, &logger_, &clock_);
    EXPECT_THAT(transport, IsOk());
    return transport.ok() ? std::move(*transport) : nullptr;
  }

  HttpRequest Request(std::string method, std::string path) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = server_.Url(path);
    request.operation = "test.Op";
    return request;
  }

  RecordingLogger logger_;
  testutil::FakeClock clock_;
  base::CallContext no_deadline_;
  // Handlers that must stall wait for this; it outlives the server's threads.
  absl::Notification release_;
  LocalServer server_;
};

TEST_F(CurlHttpTransportTest, GetCarriesHeadersBothWays) {
  std::string seen_header;
  server_.server().Get("/b/k", [&](const httplib::Request& req, httplib::Response& res) {
    seen_header = req.get_header_value("X-Amz-Date");
    res.set_header("ETag", "\"abc\"");
    res.set_content("hello", "text/plain");
  });
  ASSERT_TRUE(server_.Start());
  auto transport = NewTransport();
  HttpRequest request = Request("GET", "/b/k");
  request.headers = {{"X-Amz-Date", "20240101T000000Z"}};

  auto response = transport->Send(request, no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(response->Header("etag"), "\"abc\"");
  EXPECT_EQ(response->Header("content-type"), "text/plain");
  EXPECT_EQ(seen_header, "20240101T000000Z");
}

TEST_F(CurlHttpTransportTest, ErrorStatusIsAResponse) {
  server_.server().Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("<Error><Code>NoSuchKey</Code></Error>", "application/xml");
  });
  ASSERT_TRUE(server_.Start());

  auto response = NewTransport()->Send(Request("GET", "/missing"), no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 404);
  EXPECT_THAT(response->body, HasSubstr("NoSuchKey"));
}

TEST_F(CurlHttpTransportTest, PutSendsBodyWithLengthAndNoExpect) {
  std::string body, length;
  bool expect = true;
  server_.server().Put("/b/k", [&](const httplib::Request& req, httplib::Response& res) {
    body = req.body;
    length = req.get_header_value("Content-Length");
    expect = req.has_header("Expect");
    res.status = 200;
  });
  ASSERT_TRUE(server_.Start());
  HttpRequest request = Request("PUT", "/b/k");
  request.body = std::string(2 << 20, 'x');

  auto response = NewTransport()->Send(request, no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(body, request.body);
  EXPECT_EQ(length, absl::StrCat(request.body.size()));
  EXPECT_FALSE(expect);
}

TEST_F(CurlHttpTransportTest, EmptyPostSendsZeroLength) {
  std::string length;
  server_.server().Post("/login", [&](const httplib::Request& req, httplib::Response& res) {
    length = req.get_header_value("Content-Length");
    res.status = 200;
  });
  ASSERT_TRUE(server_.Start());

  auto response = NewTransport()->Send(Request("POST", "/login"), no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(length, "0");
}

TEST_F(CurlHttpTransportTest, HeadReturnsHeadersWithoutBody) {
  std::string method;
  server_.server().Get("/b/k", [&](const httplib::Request& req, httplib::Response& res) {
    method = req.method;
    res.set_content("12345", "text/plain");
  });
  ASSERT_TRUE(server_.Start());

  auto response = NewTransport()->Send(Request("HEAD", "/b/k"), no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(method, "HEAD");
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Content-Length"), "5");
  EXPECT_EQ(response->body, "");
}

TEST_F(CurlHttpTransportTest, DeleteUsesTheMethod) {
  std::string method;
  server_.server().Delete("/b/k", [&](const httplib::Request& req, httplib::Response& res) {
    method = req.method;
    res.status = 204;
  });
  ASSERT_TRUE(server_.Start());

  auto response = NewTransport()->Send(Request("DELETE", "/b/k"), no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(method, "DELETE");
  EXPECT_EQ(response->status, 204);
}

TEST_F(CurlHttpTransportTest, ReusesTheConnection) {
  std::vector<int> client_ports;
  server_.server().Get("/x", [&](const httplib::Request& req, httplib::Response& res) {
    client_ports.push_back(req.remote_port);
    res.set_content("x", "text/plain");
  });
  ASSERT_TRUE(server_.Start());
  auto transport = NewTransport();

  for (int i = 0; i < 3; ++i)
    ASSERT_THAT(transport->Send(Request("GET", "/x"), no_deadline_), IsOk());

  ASSERT_EQ(client_ports.size(), 3u);
  EXPECT_EQ(client_ports[0], client_ports[1]);
  EXPECT_EQ(client_ports[1], client_ports[2]);
}

TEST_F(CurlHttpTransportTest, ServesManyThreadsAtOnce) {
  server_.server().Get(R"(/n/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.matches[1].str(), "text/plain");
  });
  ASSERT_TRUE(server_.Start());
  auto transport = NewTransport();
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        std::string n = absl::StrCat(t * 100 + i);
        auto response = transport->Send(Request("GET", "/n/" + n), no_deadline_);
        if (response.ok() && response->status == 200 && response->body == n) ++good;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 100);
}

TEST_F(CurlHttpTransportTest, StreamsALargeUpload) {
  int64_t received = 0;
  std::string digest;
  bool chunked = true;
  server_.server().Put("/big", [&](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& content) {
    chunked = req.has_header("Transfer-Encoding");
    Sha256 sha;
    content([&](const char* data, size_t n) {
      sha.Update(absl::string_view(data, n));
      received += n;
      return true;
    });
    digest = sha.Hex();
    res.status = 200;
  });
  ASSERT_TRUE(server_.Start());
  HttpRequest request = Request("PUT", "/big");
  request.body_size = kLargeSize;
  int64_t offset = 0;
  size_t largest_read = 0;
  request.body_reader = [&](char* out, size_t max) -> absl::StatusOr<size_t> {
    size_t n = static_cast<size_t>(std::min<int64_t>(max, kLargeSize - offset));
    FillPattern(offset, out, n);
    offset += n;
    largest_read = std::max(largest_read, n);
    return n;
  };

  auto response = NewTransport()->Send(request, no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_FALSE(chunked);
  EXPECT_EQ(received, kLargeSize);
  EXPECT_EQ(digest, PatternSha256(kLargeSize));
  EXPECT_LT(largest_read, size_t{4} << 20);
}

TEST_F(CurlHttpTransportTest, StreamsALargeDownload) {
  server_.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(kLargeSize, "application/octet-stream",
                             [](size_t offset, size_t length, httplib::DataSink& sink) {
                               std::string chunk(std::min<size_t>(length, 1 << 16), '\0');
                               FillPattern(offset, chunk.data(), chunk.size());
                               return sink.write(chunk.data(), chunk.size());
                             });
  });
  ASSERT_TRUE(server_.Start());
  HttpRequest request = Request("GET", "/big");
  Sha256 sha;
  int64_t received = 0;
  size_t largest_piece = 0;
  request.response_writer = [&](absl::string_view piece) {
    sha.Update(piece);
    received += piece.size();
    largest_piece = std::max(largest_piece, piece.size());
    return absl::OkStatus();
  };

  auto response = NewTransport()->Send(request, no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(received, kLargeSize);
  EXPECT_EQ(sha.Hex(), PatternSha256(kLargeSize));
  EXPECT_LT(largest_piece, size_t{4} << 20);
}

TEST_F(CurlHttpTransportTest, BuffersAnErrorBodyInsteadOfStreamingItUpToACap) {
  server_.server().Get("/b/k", [](const httplib::Request&, httplib::Response& res) {
    res.status = 403;
    res.set_content(std::string(3 << 20, 'e'), "application/xml");
  });
  ASSERT_TRUE(server_.Start());
  HttpRequest request = Request("GET", "/b/k");
  bool written = false;
  request.response_writer = [&](absl::string_view) {
    written = true;
    return absl::OkStatus();
  };

  auto response = NewTransport()->Send(request, no_deadline_);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 403);
  EXPECT_FALSE(written);
  EXPECT_EQ(response->body.size(), size_t{1} << 20);
}

TEST_F(CurlHttpTransportTest, WriterErrorAbortsWithThatError) {
  server_.server().Get("/b/k", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(1 << 20, 'x'), "application/octet-stream");
  });
  ASSERT_TRUE(server_.Start());
  HttpRequest request = Request("GET", "/b/k");
  request.response_writer = [](absl::string_view) { return absl::DataLossError("client gone"); };

  EXPECT_THAT(NewTransport()->Send(request, no_deadline_),
              StatusIs(absl::StatusCode::kDataLoss, "client gone"));
}

TEST_F(CurlHttpTransportTest, ReaderErrorAbortsWithThatError) {
  server_.server().Put("/b/k", [](const httplib::Request&, httplib::Response& res,
                                  const httplib::ContentReader& content) {
    content([](const char*, size_t) { return true; });
    res.status = 200;
  });
  ASSERT_TRUE(server_.Start());
  HttpRequest request = Request("PUT", "/b/k");
  request.body_size = 1 << 20;
  request.body_reader = [](char*, size_t) -> absl::StatusOr<size_t> {
    return absl::AbortedError("upload stream broke");
  };

  EXPECT_THAT(NewTransport()->Send(request, no_deadline_),
              StatusIs(absl::StatusCode::kAborted, "upload stream broke"));
}

TEST_F(CurlHttpTransportTest, ReaderEndingEarlyIsAnError) {
  server_.server().Put("/b/k", [](const httplib::Request&, httplib::Response& res,
                                  const httplib::ContentReader& content) {
    content([](const char*, size_t) { return true; });
    res.status = 200;
  });
  ASSERT_TRUE(server_.Start());
  HttpRequest request = Request("PUT", "/b/k");
  request.body_size = 100;
  request.body_reader = [](char*, size_t) -> absl::StatusOr<size_t> { return 0; };

  EXPECT_THAT(NewTransport()->Send(request, no_deadline_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("body_reader")));
}

TEST_F(CurlHttpTransportTest, PastDeadlineSendsNothing) {
  int requests = 0;
  server_.server().Get("/b/k", [&](const httplib::Request&, httplib::Response& res) {
    ++requests;
    res.status = 200;
  });
  ASSERT_TRUE(server_.Start());
  base::CallContext ctx(clock_.Now() - absl::Seconds(1), nullptr);

  EXPECT_THAT(NewTransport()->Send(Request("GET", "/b/k"), ctx),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(requests, 0);
}

TEST_F(CurlHttpTransportTest, DeadlineStopsAStalledRequest) {
  server_.server().Get("/b/k", [&](const httplib::Request&, httplib::Response& res) {
    release_.WaitForNotification();
    res.status = 200;
  });
  ASSERT_TRUE(server_.Start());
  base::CallContext ctx(clock_.Now() + absl::Milliseconds(200), nullptr);
  HttpRequest request = Request("GET", "/b/k?X-Amz-Signature=s3cr3t");
  request.idempotent = true;

  auto response = NewTransport()->Send(request, ctx);

  EXPECT_THAT(response, StatusIs(absl::StatusCode::kDeadlineExceeded,
                                 AllOf(HasSubstr("GET"), HasSubstr("/b/k"),
                                       Not(HasSubstr("s3cr3t")), Not(HasSubstr("Signature")))));
}

TEST_F(CurlHttpTransportTest, CancellationStopsASlowDownload) {
  server_.server().Get("/b/k", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/octet-stream",
                                     [&](size_t offset, httplib::DataSink& sink) {
                                       if (offset == 0) {
                                         std::string chunk(1 << 16, 'x');
                                         return sink.write(chunk.data(), chunk.size());
                                       }
                                       release_.WaitForNotification();
                                       sink.done();
                                       return true;
                                     });
  });
  ASSERT_TRUE(server_.Start());
  std::atomic<bool> cancelled{false};
  base::CallContext ctx(absl::InfiniteFuture(), [&] { return cancelled.load(); });
  HttpRequest request = Request("GET", "/b/k");
  request.response_writer = [&](absl::string_view) {
    cancelled = true;
    return absl::OkStatus();
  };

  EXPECT_THAT(NewTransport()->Send(request, ctx), StatusIs(absl::StatusCode::kCancelled));
}

TEST_F(CurlHttpTransportTest, RefusedConnectionIsUnavailableWithoutTheQuery) {
  RefusingPort port;
  ASSERT_NE(port.port(), 0);
  HttpRequest request;
  request.method = "GET";
  request.url = absl::StrCat("http://127.0.0.1:", port.port(),
                             "/bucket/key?X-Amz-Credential=AKIA&X-Amz-Signature=s3cr3t");
  request.operation = "s3.GetObject";

  auto response = NewTransport()->Send(request, no_deadline_);

  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable,
                                 AllOf(HasSubstr("s3.GetObject"), HasSubstr("GET"),
                                       HasSubstr("127.0.0.1"), HasSubstr("/bucket/key"),
                                       Not(HasSubstr("s3cr3t")), Not(HasSubstr("AKIA")))));
}

}  // namespace
}  // namespace osp::providers::http
