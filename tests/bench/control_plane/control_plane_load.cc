// The control-plane load driver: C concurrent clients (threads, each with its own gRPC channel
// and connection) x N mixed RPCs against a running ospd, each client on accounts and buckets of
// its own (LoadClient), retrying retryable codes; then a verification of the end state through
// ospd. Prints a table and writes a JSON report (LoadReport); with --ospd-pid it samples the
// daemon's RSS, peak RSS, threads and fds (start, after the warm-up, after each round, after).
//   control_plane_load --target=unix:///path/ospd.sock --backend=ID [--clients=64] [--rpcs=1000]
//     [--rounds=2] [--ospd-pid=PID] [--json=FILE] [--label=TEXT] [--prefix=NAME] [--seed=1]
//     [--settle-seconds=30] [--thread-slack=4] [--fd-slack=8] [--cleanup]
// Exit code: 0 when every call had its expected outcome, 1 otherwise, 2 on bad arguments.
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "tests/bench/control_plane/load_client.h"
#include "tests/bench/control_plane/load_report.h"
#include "tests/bench/control_plane/ospd_sampler.h"

namespace {

using osp::bench::LoadClient;
using osp::bench::LoadReport;
using osp::bench::OspdSampler;

struct Flags {
  std::string target;
  std::string backend;
  std::string json;
  std::string label;
  std::string prefix;
  int clients = 64;
  int rpcs = 1000;
  int rounds = 2;
  int ospd_pid = 0;
  int seed = 1;
  int settle_seconds = 30;
  int thread_slack = 4;
  int fd_slack = 8;
  bool cleanup = false;
};

bool ParseFlags(int argc, char** argv, Flags& flags) {
  const std::map<std::string, std::string*> strings = {{"target", &flags.target},
                                                       {"backend", &flags.backend},
                                                       {"json", &flags.json},
                                                       {"label", &flags.label},
                                                       {"prefix", &flags.prefix}};
  const std::map<std::string, int*> ints = {{"clients", &flags.clients},
                                            {"rpcs", &flags.rpcs},
                                            {"rounds", &flags.rounds},
                                            {"ospd-pid", &flags.ospd_pid},
                                            {"seed", &flags.seed},
                                            {"settle-seconds", &flags.settle_seconds},
                                            {"thread-slack", &flags.thread_slack},
                                            {"fd-slack", &flags.fd_slack}};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--cleanup") {
      flags.cleanup = true;
      continue;
    }
    const size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) {
      std::cerr << "control_plane_load: expected --name=value, got " << arg << "\n";
      return false;
    }
    const std::string name = arg.substr(2, eq - 2);
    const std::string value = arg.substr(eq + 1);
    if (auto it = strings.find(name); it != strings.end()) {
      *it->second = value;
    } else if (auto it = ints.find(name); it != ints.end()) {
      if (!absl::SimpleAtoi(value, it->second) || *it->second < 0) {
        std::cerr << "control_plane_load: --" << name << " must be a number >= 0\n";
        return false;
      }
    } else {
      std::cerr << "control_plane_load: unknown flag --" << name << "\n";
      return false;
    }
  }
  if (flags.target.empty() || flags.backend.empty() || flags.clients < 1 || flags.rounds < 1 ||
      flags.rpcs < flags.rounds) {
    std::cerr << "control_plane_load: --target and --backend are required; --clients >= 1, "
                 "--rounds >= 1 and --rpcs >= --rounds\n";
    return false;
  }
  if (flags.prefix.empty()) flags.prefix = absl::StrCat("load", getpid() % 100000);
  if (flags.label.empty()) flags.label = flags.backend;
  return true;
}

// Runs `work` on every client, one thread each, and waits for all of them.
void OnEveryClient(std::vector<std::unique_ptr<LoadClient>>& clients,
                   const std::function<void(LoadClient&)>& work) {
  std::vector<std::thread> threads;
  threads.reserve(clients.size());
  for (auto& client : clients) threads.emplace_back([&work, &client] { work(*client); });
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, flags)) return 2;

  LoadReport report;
  report.label = flags.label;
  report.backend = flags.backend;
  report.clients = flags.clients;
  report.rpcs_per_client = flags.rpcs;
  report.rounds = flags.rounds;
  OspdSampler sampler(static_cast<pid_t>(flags.ospd_pid), report);
  sampler.Take("start");

  std::vector<std::unique_ptr<LoadClient>> clients;
  for (int i = 0; i < flags.clients; ++i) {
    // A channel of its own with a subchannel of its own: one connection per client, as separate
    // orchestrator processes would have.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel =
        grpc::CreateCustomChannel(flags.target, grpc::InsecureChannelCredentials(), args);
    osp::bench::LoadClientOptions options;
    options.backend = flags.backend;
    options.prefix = flags.prefix;
    options.index = i;
    options.seed = static_cast<uint64_t>(flags.seed);
    clients.push_back(std::make_unique<LoadClient>(osp::v1::ObjectStoreProvider::NewStub(channel),
                                                   std::move(options)));
  }
  OnEveryClient(clients, [](LoadClient& c) { c.EnsureUsers(); });
  sampler.Take("baseline");

  for (int round = 0; round < flags.rounds; ++round) {
    const int rpcs = flags.rpcs / flags.rounds + (round < flags.rpcs % flags.rounds ? 1 : 0);
    const absl::Time started = absl::Now();
    OnEveryClient(clients, [rpcs](LoadClient& c) { c.Run(rpcs); });
    report.load_time += absl::Now() - started;
    sampler.Take(absl::StrCat("round ", round + 1));
  }
  OnEveryClient(clients, [](LoadClient& c) { c.Verify(); });
  sampler.Settle(flags.thread_slack, flags.fd_slack, absl::Seconds(flags.settle_seconds));

  for (const auto& client : clients) {
    report.setup.Merge(client->setup_stats());
    report.load.Merge(client->stats());
    report.verify.Merge(client->verify_stats());
    report.failures += client->failure_count();
    for (const std::string& f : client->failures()) {
      if (report.failure_samples.size() < 20) report.failure_samples.push_back(f);
    }
    for (auto& bucket : client->Existing()) report.existing.push_back(bucket);
    for (const std::string& name : client->deleted()) report.deleted.push_back(name);
    for (const std::string& account : client->account_ids()) report.accounts.push_back(account);
  }
  if (flags.cleanup) {
    std::atomic<int> failed{0};
    OnEveryClient(clients, [&failed](LoadClient& c) { failed += c.Cleanup(); });
    report.cleanup_failures = failed;
  }

  report.PrintTable(std::cout);
  if (!flags.json.empty()) {
    std::ofstream out(flags.json);
    out << report.ToJson().dump(2) << "\n";
    if (!out) {
      std::cerr << "control_plane_load: cannot write " << flags.json << "\n";
      return 1;
    }
  }
  return report.ok() ? 0 : 1;
}
