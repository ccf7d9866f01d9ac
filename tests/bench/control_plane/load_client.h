// One simulated orchestrator of the control-plane load driver: a seeded sequence of mixed RPCs
// (EnsureUser, CreateBucket, GetBucket, UpdateBucket, ListBuckets, GetUsage, DeleteBucket) on
// accounts and buckets of its own, each retried while it fails with a retryable code and checked
// against a model of what this client created, so that every answer is predictable.
// Not thread-safe: each client runs on one thread; read its results after it finished.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "osp/v1/provider.grpc.pb.h"
#include "tests/bench/control_plane/rpc_stats.h"

namespace osp::bench {

struct LoadClientOptions {
  std::string backend;  // backend id in the ospd config
  std::string prefix;   // unique per run: names are <prefix>-<index>-...
  int index = 0;        // this client's number
  int accounts = 2;     // accounts (object users) of this client
  int buckets = 4;      // bucket slots; slot s belongs to account s % accounts
  int max_attempts = 10;
  absl::Duration rpc_timeout = absl::Seconds(30);  // deadline of each attempt
  uint64_t seed = 1;
};

// A bucket the client expects to exist, with the fields it set.
struct ExpectedBucket {
  std::string name;
  std::string owner;
  int64_t quota_bytes = 0;  // -1: unknown, after an update that failed
};

class LoadClient final {
 public:
  LoadClient(std::shared_ptr<osp::v1::ObjectStoreProvider::StubInterface> stub,
             LoadClientOptions options);
  LoadClient(const LoadClient&) = delete;
  LoadClient& operator=(const LoadClient&) = delete;

  // EnsureUser for every account (the warm-up), recorded in setup_stats().
  void EnsureUsers();
  // `rpcs` RPCs of the mix, one after the other.
  void Run(int rpcs);
  // Checks through ospd that the backend holds exactly what the model says: ListBuckets of each
  // account, GetBucket of every existing bucket, NOT_FOUND for every deleted one. Mismatches
  // become failures(); the calls are recorded in verify_stats().
  void Verify();
  // Deletes the client's buckets and users (best effort, not recorded); returns how many of
  // those calls failed.
  int Cleanup();

  const RpcStats& setup_stats() const { return setup_stats_; }
  const RpcStats& stats() const { return stats_; }
  const RpcStats& verify_stats() const { return verify_stats_; }
  // What did not match the model, one line each (at most a few per client).
  const std::vector<std::string>& failures() const { return failures_; }
  int64_t failure_count() const { return failure_count_; }
  std::vector<ExpectedBucket> Existing() const;
  const std::vector<std::string>& account_ids() const { return account_ids_; }
  // Buckets this client created and deleted again.
  const std::vector<std::string>& deleted() const { return deleted_; }

 private:
  struct Slot {
    int generation = 0;  // names of earlier generations were deleted
    bool exists = false;
    int64_t quota_bytes = 0;
    bool quota_known = false;  // false after a failed update
  };
  struct Outcome {
    grpc::Status status;
    int attempts = 0;
    absl::Duration latency;
  };

  template <typename Request, typename Response>
  Outcome Call(grpc::Status (osp::v1::ObjectStoreProvider::StubInterface::*method)(
                   grpc::ClientContext*, const Request&, Response*),
               const Request& request, Response* response);
  // Records a call in the current stats; `problem` empty means the outcome was as expected.
  void Finish(const std::string& op, const Outcome& outcome, const std::string& problem);

  void EnsureUser(int account);
  void CreateBucket(int slot);
  void GetBucket(int slot);
  void UpdateBucket(int slot);
  void DeleteBucket(int slot);
  void ListBuckets(int account);
  void GetUsage(int account);
  void ExpectMissing(const std::string& name);

  std::string AccountId(int account) const;
  std::string BucketName(int slot) const;
  const std::string& Owner(int slot) const;
  std::vector<std::string> NamesOf(int account) const;
  int RandomSlot(bool exists);
  int64_t RandomQuota();

  std::shared_ptr<osp::v1::ObjectStoreProvider::StubInterface> stub_;
  LoadClientOptions options_;
  std::mt19937_64 random_;
  std::vector<std::string> account_ids_;
  std::vector<std::string> access_keys_;  // from the first EnsureUser of each account
  std::vector<Slot> slots_;
  std::vector<std::string> deleted_;
  RpcStats setup_stats_;
  RpcStats stats_;
  RpcStats verify_stats_;
  RpcStats* recording_ = &stats_;
  std::vector<std::string> failures_;
  int64_t failure_count_ = 0;
};

}  // namespace osp::bench
