// Retries of CurlHttpTransport: which requests are sent again, the backoff, and that no retry
// outlives the caller's deadline. Time is a FakeClock that advances on SleepFor (and, where a test
// says so, by a fixed amount per attempt, inside the server's handler).
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/http/curl_http_transport.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/http/local_server.h"
#include "tests/unit/providers/http/recording_logger.h"
#include "tests/unit/providers/http/refusing_port.h"

namespace osp::providers::http {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;

constexpr char kSlowDown[] =
    "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";

class CurlHttpTransportRetryTest : public testing::Test {
 protected:
  // Answers `failures` times with `status`, then 200; each attempt takes `attempt_time` of fake
  // time.
  void Serve(int failures, int status = 503) {
    auto handler = [this, failures, status](const httplib::Request&, httplib::Response& res) {
      clock_.Advance(attempt_time_);
      if (++attempts_ <= failures) {
        res.status = status;
        res.set_content(kSlowDown, "application/xml");
      } else {
        res.set_content("done", "text/plain");
      }
    };
    server_.server().Get("/r", handler);
    server_.server().Put("/r", handler);
    ASSERT_TRUE(server_.Start());
  }

  std::unique_ptr<CurlHttpTransport> NewTransport(int max_retries, absl::Duration initial_backoff,
                                                  double jitter = 1.0) {
    HttpTransportOptions options;
    options.backend_id = "minio1";
    options.max_retries = max_retries;
    options.initial_backoff = initial_backoff;
    auto transport = CurlHttpTransport::Create(options, &logger_, &clock_, [this, jitter] {
      ++jitter_calls_;
      return jitter;
    });
    EXPECT_THAT(transport, IsOk());
    return transport.ok() ? std::move(*transport) : nullptr;
  }

  HttpRequest Request(std::string method = "GET", bool idempotent = true) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = server_.Url("/r");
    request.idempotent = idempotent;
    return request;
  }

  base::CallContext Deadline(absl::Duration from_now) {
    return base::CallContext(clock_.Now() + from_now, nullptr);
  }

  RecordingLogger logger_;
  testutil::FakeClock clock_;
  absl::Duration attempt_time_;
  std::atomic<int> attempts_{0};
  std::atomic<int> jitter_calls_{0};
  LocalServer server_;
};

TEST_F(CurlHttpTransportRetryTest, RetriesSlowDownUntilSuccess) {
  Serve(/*failures=*/2);
  auto transport = NewTransport(/*max_retries=*/3, absl::Milliseconds(100), /*jitter=*/0.5);

  auto response = transport->Send(Request(), base::CallContext());

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "done");
  EXPECT_EQ(attempts_.load(), 3);
  EXPECT_EQ(response->attempts, 3);
  // Half of 100 ms, then half of 200 ms.
  EXPECT_EQ(clock_.TotalSlept(), absl::Milliseconds(150));
  EXPECT_EQ(logger_.Count(base::LogLevel::kInfo), 2);
}

TEST_F(CurlHttpTransportRetryTest, OnRetryHookRunsBeforeEachRetry) {
  Serve(/*failures=*/2);
  HttpTransportOptions options;
  options.backend_id = "minio1";
  options.initial_backoff = absl::Milliseconds(100);
  std::vector<std::string> retried;
  options.on_retry = [&](const HttpRequest& request) {
    // The attempts made so far: the hook runs between them, after the backoff.
    retried.push_back(absl::StrCat(request.operation, "@", attempts_.load()));
  };
  auto transport = CurlHttpTransport::Create(options, &logger_, &clock_, [] { return 1.0; });
  ASSERT_THAT(transport, IsOk());
  HttpRequest request = Request();
  request.operation = "s3.GetObject";

  ASSERT_THAT((*transport)->Send(request, base::CallContext()), IsOk());

  EXPECT_THAT(retried, testing::ElementsAre("s3.GetObject@1", "s3.GetObject@2"));
}

TEST_F(CurlHttpTransportRetryTest, BackoffDoublesAndTheLastResponseIsReturned) {
  Serve(/*failures=*/100, /*status=*/500);
  auto transport = NewTransport(/*max_retries=*/3, absl::Milliseconds(100));

  auto response = transport->Send(Request("PUT"), base::CallContext());

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, kSlowDown);
  EXPECT_EQ(attempts_.load(), 4);
  EXPECT_EQ(response->attempts, 4);
  EXPECT_EQ(clock_.TotalSlept(), absl::Milliseconds(100 + 200 + 400));
}

TEST_F(CurlHttpTransportRetryTest, NonIdempotentRequestIsSentOnce) {
  Serve(/*failures=*/1);
  auto transport = NewTransport(/*max_retries=*/3, absl::Milliseconds(100));

  auto response = transport->Send(Request("PUT", /*idempotent=*/false), base::CallContext());

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(attempts_.load(), 1);
  EXPECT_EQ(response->attempts, 1);
  EXPECT_EQ(clock_.TotalSlept(), absl::ZeroDuration());
}

TEST_F(CurlHttpTransportRetryTest, StreamedUploadIsSentOnce) {
  Serve(/*failures=*/1);
  auto transport = NewTransport(/*max_retries=*/3, absl::Milliseconds(100));
  HttpRequest request = Request("PUT");
  request.body_size = 4;
  request.body_reader = [](char* out, size_t) -> absl::StatusOr<size_t> {
    out[0] = out[1] = out[2] = out[3] = 'x';
    return 4;
  };

  auto response = transport->Send(request, base::CallContext());

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(attempts_.load(), 1);
}

TEST_F(CurlHttpTransportRetryTest, ClientErrorsAndNotImplementedAreNotRetried) {
  Serve(/*failures=*/1, /*status=*/501);
  auto transport = NewTransport(/*max_retries=*/3, absl::Milliseconds(100));

  auto response = transport->Send(Request(), base::CallContext());

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 501);
  EXPECT_EQ(attempts_.load(), 1);
}

TEST_F(CurlHttpTransportRetryTest, RefusedConnectionIsRetriedThenUnavailable) {
  RefusingPort port;
  ASSERT_NE(port.port(), 0);
  auto transport = NewTransport(/*max_retries=*/2, absl::Milliseconds(100));
  HttpRequest request = Request();
  request.url = absl::StrCat("http://127.0.0.1:", port.port(), "/r");

  EXPECT_THAT(transport->Send(request, base::CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(jitter_calls_.load(), 2);
  EXPECT_EQ(clock_.TotalSlept(), absl::Milliseconds(100 + 200));
}

TEST_F(CurlHttpTransportRetryTest, NoRetryWhenTheBackoffWouldPassTheDeadline) {
  Serve(/*failures=*/1);
  auto transport = NewTransport(/*max_retries=*/3, absl::Seconds(1));

  auto response = transport->Send(Request(), Deadline(absl::Milliseconds(500)));

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(attempts_.load(), 1);
  EXPECT_EQ(response->attempts, 1);
  EXPECT_EQ(clock_.TotalSlept(), absl::ZeroDuration());
}

TEST_F(CurlHttpTransportRetryTest, RetriesStayWithinTheDeadline) {
  // 300 ms per attempt, backoff 100 ms then 200 ms, deadline 1 s: a third attempt would start
  // at 900 ms and end after the deadline, so it is not made.
  attempt_time_ = absl::Milliseconds(300);
  Serve(/*failures=*/100);
  auto transport = NewTransport(/*max_retries=*/10, absl::Milliseconds(100));
  const absl::Time deadline = clock_.Now() + absl::Seconds(1);

  auto response = transport->Send(Request(), base::CallContext(deadline, nullptr));

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(attempts_.load(), 2);
  EXPECT_EQ(response->attempts, 2);
  EXPECT_LE(attempts_.load() * attempt_time_ + clock_.TotalSlept(), absl::Seconds(1));
  EXPECT_LE(clock_.Now(), deadline);
}

TEST_F(CurlHttpTransportRetryTest, CancellationStopsRetrying) {
  Serve(/*failures=*/100);
  auto transport = NewTransport(/*max_retries=*/3, absl::Milliseconds(100));
  base::CallContext ctx(absl::InfiniteFuture(), [this] { return attempts_.load() > 0; });

  EXPECT_THAT(transport->Send(Request(), ctx), StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(attempts_.load(), 1);
}

}  // namespace
}  // namespace osp::providers::http
