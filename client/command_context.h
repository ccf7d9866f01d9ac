// CommandContext: what a command needs to run: the stub on the channel to ospd, the backend and
// per-call deadline from the global flags, the output printer and stdin/stdout. Built by Ospctl
// for one command. Thread-compatible.
#pragma once

#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "client/output_printer.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "osp/v1/provider.grpc.pb.h"

namespace osp::client {

class CommandContext final {
 public:
  // `timeout` bounds each RPC; zero means no deadline. `target` is only shown in messages.
  CommandContext(std::shared_ptr<grpc::Channel> channel, std::string target, std::string backend,
                 absl::Duration timeout, OutputPrinter& printer, std::istream& in,
                 std::ostream& out);
  CommandContext(const CommandContext&) = delete;
  CommandContext& operator=(const CommandContext&) = delete;

  v1::ObjectStoreProvider::StubInterface& stub() { return *stub_; }
  const std::string& backend() const { return backend_; }
  OutputPrinter& printer() { return printer_; }
  std::istream& in() { return in_; }
  std::ostream& out() { return out_; }

  // A fresh context for one RPC, with the deadline of --timeout from now.
  std::unique_ptr<grpc::ClientContext> NewCall() const;

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
  OutputPrinter& printer_;
  std::istream& in_;
  std::ostream& out_;
};

}  // namespace osp::client
