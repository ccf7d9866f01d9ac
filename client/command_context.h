// CommandContext: what a command needs to run: the stub on the channel to ospd, the backend and
// per-call deadline from the global flags, the output printer, stdin/stdout and, when progress
// is on, stderr for progress lines. Built by Ospctl for one command. Thread-compatible; stub(),
// NewCall(), ToStatus() and NewProgress() may be called from several threads at once.
#pragma once

#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "client/output_printer.h"
#include "client/progress_meter.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "osp/v1/provider.grpc.pb.h"
#include "providers/base/clock.h"

namespace osp::client {

class CommandContext final {
 public:
  // `timeout` bounds each unary RPC, `stream_timeout` each PutObject/GetObject stream; zero
  // means no deadline. `target` is only shown in messages.
  CommandContext(std::shared_ptr<grpc::Channel> channel, std::string target, std::string backend,
                 absl::Duration timeout, absl::Duration stream_timeout, OutputPrinter& printer,
                 std::istream& in, std::ostream& out);
  CommandContext(const CommandContext&) = delete;
  CommandContext& operator=(const CommandContext&) = delete;

  v1::ObjectStoreProvider::StubInterface& stub() { return *stub_; }
  const std::string& backend() const { return backend_; }
  OutputPrinter& printer() { return printer_; }
  std::istream& in() { return in_; }
  std::ostream& out() { return out_; }

  // Turns progress lines on: NewProgress then draws on `err`, timed by `clock` (both must
  // outlive the context). Off by default.
  void EnableProgress(std::ostream& err, const providers::base::Clock& clock);
  // A meter for moving `total_bytes` (< 0: unknown) in `total_files` files, or null when
  // progress is off.
  std::unique_ptr<ProgressMeter> NewProgress(int64_t total_bytes, int total_files = 1) const;

  // A fresh context for one unary RPC, with the deadline `timeout` from now.
  std::unique_ptr<grpc::ClientContext> NewCall() const;
  // A fresh context for one PutObject/GetObject stream, with the deadline `stream_timeout`
  // from now.
  std::unique_ptr<grpc::ClientContext> NewStreamCall() const;

  // Calls the unary RPC `method` with a fresh NewCall() context; returns ToStatus of the result.
  template <typename Request, typename Response>
  absl::Status Unary(grpc::Status (v1::ObjectStoreProvider::StubInterface::*method)(
                         grpc::ClientContext*, const Request&, Response*),
                     const Request& request, Response* response) {
    const std::unique_ptr<grpc::ClientContext> call = NewCall();
    return ToStatus((stub_.get()->*method)(call.get(), request, response));
  }

  // The absl::Status for an RPC's result (codes are numerically the same). When ospd itself
  // could not be reached, the message names the target.
  absl::Status ToStatus(const grpc::Status& status) const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ObjectStoreProvider::StubInterface> stub_;
  std::string target_;
  std::string backend_;
  absl::Duration timeout_;
  absl::Duration stream_timeout_;
  OutputPrinter& printer_;
  std::istream& in_;
  std::ostream& out_;
  std::ostream* progress_out_ = nullptr;
  const providers::base::Clock* progress_clock_ = nullptr;
};

}  // namespace osp::client
