// FreezableTcpProxy: a TCP forwarder from 127.0.0.1:<port()> (picked by the kernel) to one
// upstream port on 127.0.0.1, for tests of what a peer does when the network goes silent.
// Freeze() stops carrying bytes in both directions while every connection stays open: what a
// cut cable or a powered-off host behind a firewall looks like to both ends. One thread per
// proxy, which writes with blocking calls: for the small exchanges of tests, not for bulk
// data. Freeze may be called from any thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"

namespace osp::testutil {

class FreezableTcpProxy final {
 public:
  explicit FreezableTcpProxy(int upstream_port) : upstream_port_(upstream_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback(0);
    socklen_t length = sizeof(address);
    if (listen_fd_ < 0 || bind(listen_fd_, Cast(&address), length) != 0 ||
        listen(listen_fd_, 8) != 0 || getsockname(listen_fd_, Cast(&address), &length) != 0 ||
        pipe(wake_) != 0) {
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~FreezableTcpProxy() {
    stop_ = true;
    if (thread_.joinable()) {
      (void)!write(wake_[1], "x", 1);
      thread_.join();
    }
    for (const auto& [client, upstream] : pairs_) {
      close(client);
      close(upstream);
    }
    for (int fd : {listen_fd_, wake_[0], wake_[1]}) {
      if (fd >= 0) close(fd);
    }
  }
  FreezableTcpProxy(const FreezableTcpProxy&) = delete;
  FreezableTcpProxy& operator=(const FreezableTcpProxy&) = delete;

  // The port to connect to; 0 if the proxy could not start.
  int port() const { return port_; }

  // From its return on nothing is read from or written to any connection; all stay open.
  void Freeze() {
    frozen_ = true;
    (void)!write(wake_[1], "x", 1);
    if (thread_.joinable()) froze_.WaitForNotification();
  }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    return address;
  }
  static sockaddr* Cast(sockaddr_in* address) { return reinterpret_cast<sockaddr*>(address); }

  // Copies what `from` has to `to`; false at the end of either.
  static bool Forward(int from, int to) {
    char buffer[16384];
    ssize_t n = read(from, buffer, sizeof(buffer));
    for (ssize_t sent = 0; n > 0 && sent < n;) {
      ssize_t w = send(to, buffer + sent, n - sent, MSG_NOSIGNAL);
      if (w <= 0) return false;
      sent += w;
    }
    return n > 0;
  }

  void Accept() {
    int client = accept(listen_fd_, nullptr, nullptr);
    if (client < 0) {
      stop_ = true;  // Out of descriptors, say: stop rather than spin on the listener.
      return;
    }
    int upstream = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback(upstream_port_);
    if (upstream < 0 || connect(upstream, Cast(&address), sizeof(address)) != 0) {
      close(client);
      if (upstream >= 0) close(upstream);
      return;
    }
    pairs_.emplace_back(client, upstream);
  }

  void Run() {
    while (!stop_) {
      if (frozen_ && !froze_.HasBeenNotified()) froze_.Notify();
      const size_t count = frozen_ ? 0 : pairs_.size();
      std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}};
      if (!frozen_) fds.push_back({listen_fd_, POLLIN, 0});
      for (size_t p = 0; p < count; ++p) {
        fds.push_back({pairs_[p].first, POLLIN, 0});
        fds.push_back({pairs_[p].second, POLLIN, 0});
      }
      if (poll(fds.data(), fds.size(), -1) <= 0) continue;
      if (fds[0].revents != 0) {
        char drained;
        (void)!read(wake_[0], &drained, 1);
      }
      if (frozen_ || stop_) continue;
      std::vector<std::pair<int, int>> open;
      for (size_t p = 0; p < count; ++p) {
        const auto [client, upstream] = pairs_[p];
        bool alive = fds[2 + 2 * p].revents == 0 || Forward(client, upstream);
        alive = alive && (fds[3 + 2 * p].revents == 0 || Forward(upstream, client));
        if (alive) {
          open.emplace_back(client, upstream);
        } else {
          close(client);
          close(upstream);
        }
      }
      pairs_ = std::move(open);
      if (fds[1].revents != 0) Accept();
    }
    if (!froze_.HasBeenNotified()) froze_.Notify();  // Stopped: nothing is forwarded either.
  }

  const int upstream_port_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> frozen_{false};
  std::atomic<bool> stop_{false};
  absl::Notification froze_;                // Run() saw frozen_ and forwards nothing more
  std::vector<std::pair<int, int>> pairs_;  // (client, upstream); only Run() changes it
  std::thread thread_;
};

}  // namespace osp::testutil
