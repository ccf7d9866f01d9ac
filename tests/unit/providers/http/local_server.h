// LocalServer: a cpp-httplib server (plain or TLS) on 127.0.0.1 and a free port, serving on its
// own thread, for tests of the real transport. Register handlers through server() before
// Start(); the destructor stops the server and joins its thread.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/string_view.h"

namespace osp::providers::http {

class LocalServer final {
 public:
  // A plain HTTP server.
  LocalServer();
  // `server` may be an httplib::SSLServer; URLs then use https.
  LocalServer(std::unique_ptr<httplib::Server> server, bool tls);
  ~LocalServer();
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  httplib::Server& server() { return *server_; }
  // Binds and serves; returns once connections are being accepted. False if binding failed.
  bool Start();
  // "http://127.0.0.1:<port><path_and_query>".
  std::string Url(absl::string_view path_and_query) const;

 private:
  std::unique_ptr<httplib::Server> server_;
  const bool tls_;
  int port_ = -1;
  std::thread thread_;
};

}  // namespace osp::providers::http
