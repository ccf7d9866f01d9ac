#include "tests/bench/control_plane/load_client.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace osp::bench {
namespace {

constexpr int64_t kGib = int64_t{1} << 30;
constexpr size_t kMaxFailuresKept = 5;

// Relative weights of the operations in the mix.
enum class Op { kEnsureUser, kCreate, kGet, kUpdate, kDelete, kList, kUsage };
constexpr std::pair<Op, int> kMix[] = {
    {Op::kEnsureUser, 10}, {Op::kCreate, 20}, {Op::kGet, 25},   {Op::kUpdate, 15},
    {Op::kDelete, 10},     {Op::kList, 10},   {Op::kUsage, 10},
};

const char* CodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : "UNKNOWN";
}

// The codes an orchestrator retries: the call may succeed if made again.
bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(CodeName(status.error_code()), ": ", status.error_message());
}

// "" when `want` equals `got` (as sets), else what differs.
std::string CompareNames(std::vector<std::string> want, std::vector<std::string> got) {
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (want == got) return "";
  return absl::StrCat("expected [", absl::StrJoin(want, ","), "] got [", absl::StrJoin(got, ","),
                      "]");
}

}  // namespace

LoadClient::LoadClient(std::shared_ptr<osp::v1::ObjectStoreProvider::StubInterface> stub,
                       LoadClientOptions options)
    : stub_(std::move(stub)),
      options_(std::move(options)),
      random_(options_.seed * 1000003 + static_cast<uint64_t>(options_.index)),
      access_keys_(options_.accounts),
      slots_(options_.buckets) {
  for (int a = 0; a < options_.accounts; ++a) account_ids_.push_back(AccountId(a));
}

template <typename Request, typename Response>
LoadClient::Outcome LoadClient::Call(
    grpc::Status (osp::v1::ObjectStoreProvider::StubInterface::*method)(grpc::ClientContext*,
                                                                        const Request&, Response*),
    const Request& request, Response* response) {
  Outcome outcome;
  const absl::Time started = absl::Now();
  for (;;) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + options_.rpc_timeout));
    response->Clear();
    outcome.status = ((*stub_).*method)(&context, request, response);
    ++outcome.attempts;
    if (!Retryable(outcome.status.error_code()) || outcome.attempts >= options_.max_attempts) {
      break;
    }
    recording_->RecordRetry(CodeName(outcome.status.error_code()));
    // Backoff between attempts, as an orchestrator would do (not synchronisation).
    absl::SleepFor(std::min(absl::Milliseconds(20) * outcome.attempts, absl::Milliseconds(250)));
  }
  outcome.latency = absl::Now() - started;
  return outcome;
}

void LoadClient::Finish(const std::string& op, const Outcome& outcome, const std::string& problem) {
  recording_->Record(op, CodeName(outcome.status.error_code()), problem.empty(), outcome.attempts,
                     outcome.latency);
  if (problem.empty()) return;
  ++failure_count_;
  if (failures_.size() < kMaxFailuresKept) {
    failures_.push_back(absl::StrCat("client ", options_.index, " ", op, ": ", problem));
  }
}

std::string LoadClient::AccountId(int account) const {
  return absl::StrCat(options_.prefix, "-", options_.index, "-a", account);
}

std::string LoadClient::BucketName(int slot) const {
  return absl::StrCat(options_.prefix, "-", options_.index, "-", slot, "-",
                      slots_[slot].generation);
}

const std::string& LoadClient::Owner(int slot) const {
  return account_ids_[slot % options_.accounts];
}

std::vector<std::string> LoadClient::NamesOf(int account) const {
  std::vector<std::string> names;
  for (int s = 0; s < options_.buckets; ++s) {
    if (slots_[s].exists && s % options_.accounts == account) names.push_back(BucketName(s));
  }
  return names;
}

int LoadClient::RandomSlot(bool exists) {
  std::vector<int> candidates;
  for (int s = 0; s < options_.buckets; ++s) {
    if (slots_[s].exists == exists) candidates.push_back(s);
  }
  if (candidates.empty()) return -1;
  return candidates[random_() % candidates.size()];
}

int64_t LoadClient::RandomQuota() { return kGib * static_cast<int64_t>(1 + random_() % 8); }

void LoadClient::EnsureUsers() {
  recording_ = &setup_stats_;
  for (int a = 0; a < options_.accounts; ++a) EnsureUser(a);
  recording_ = &stats_;
}

void LoadClient::Run(int rpcs) {
  recording_ = &stats_;
  int total_weight = 0;
  for (const auto& entry : kMix) total_weight += entry.second;
  for (int i = 0; i < rpcs; ++i) {
    int pick = static_cast<int>(random_() % static_cast<uint64_t>(total_weight));
    Op op = kMix[0].first;
    for (const auto& [candidate, weight] : kMix) {
      if (pick < weight) {
        op = candidate;
        break;
      }
      pick -= weight;
    }
    const int account = static_cast<int>(random_() % static_cast<uint64_t>(options_.accounts));
    const int any_slot = static_cast<int>(random_() % static_cast<uint64_t>(options_.buckets));
    // Create needs a free slot, update and delete an existing one; when there is none, the
    // other of the two keeps the mix going.
    if (op == Op::kCreate && RandomSlot(false) < 0) op = Op::kUpdate;
    if ((op == Op::kUpdate || op == Op::kDelete) && RandomSlot(true) < 0) op = Op::kCreate;
    switch (op) {
      case Op::kEnsureUser:
        EnsureUser(account);
        break;
      case Op::kCreate:
        CreateBucket(RandomSlot(false));
        break;
      case Op::kGet:
        GetBucket(any_slot);
        break;
      case Op::kUpdate:
        UpdateBucket(RandomSlot(true));
        break;
      case Op::kDelete:
        DeleteBucket(RandomSlot(true));
        break;
      case Op::kList:
        ListBuckets(account);
        break;
      case Op::kUsage:
        GetUsage(account);
        break;
    }
  }
}

void LoadClient::Verify() {
  recording_ = &verify_stats_;
  for (int a = 0; a < options_.accounts; ++a) ListBuckets(a);
  for (int s = 0; s < options_.buckets; ++s) {
    if (slots_[s].exists) GetBucket(s);
  }
  for (const std::string& name : deleted_) ExpectMissing(name);
  recording_ = &stats_;
}

int LoadClient::Cleanup() {
  RpcStats ignored;
  recording_ = &ignored;
  int failed = 0;
  for (int s = 0; s < options_.buckets; ++s) {
    if (!slots_[s].exists) continue;
    osp::v1::DeleteBucketRequest request;
    request.set_backend(options_.backend);
    request.set_name(BucketName(s));
    request.set_force_empty(true);
    osp::v1::DeleteBucketResponse response;
    if (!Call(&osp::v1::ObjectStoreProvider::StubInterface::DeleteBucket, request, &response)
             .status.ok()) {
      ++failed;
    }
  }
  for (const std::string& account : account_ids_) {
    osp::v1::DeleteUserRequest request;
    request.set_backend(options_.backend);
    request.set_account_id(account);
    osp::v1::DeleteUserResponse response;
    if (!Call(&osp::v1::ObjectStoreProvider::StubInterface::DeleteUser, request, &response)
             .status.ok()) {
      ++failed;
    }
  }
  recording_ = &stats_;
  return failed;
}

std::vector<ExpectedBucket> LoadClient::Existing() const {
  std::vector<ExpectedBucket> out;
  for (int s = 0; s < options_.buckets; ++s) {
    if (!slots_[s].exists) continue;
    out.push_back({BucketName(s), Owner(s), slots_[s].quota_known ? slots_[s].quota_bytes : -1});
  }
  return out;
}

void LoadClient::EnsureUser(int account) {
  osp::v1::EnsureUserRequest request;
  request.set_backend(options_.backend);
  request.set_account_id(account_ids_[account]);
  osp::v1::EnsureUserResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::EnsureUser, request, &response);
  std::string problem;
  if (!outcome.status.ok()) {
    problem = Describe(outcome.status);
  } else if (access_keys_[account].empty()) {
    access_keys_[account] = response.credentials().access_key_id();
  } else if (response.credentials().access_key_id() != access_keys_[account]) {
    problem = absl::StrCat(account_ids_[account], ": access key changed");
  }
  Finish("EnsureUser", outcome, problem);
}

void LoadClient::CreateBucket(int slot) {
  Slot& state = slots_[slot];
  osp::v1::CreateBucketRequest request;
  request.set_backend(options_.backend);
  osp::v1::BucketSpec& spec = *request.mutable_bucket();
  spec.set_name(BucketName(slot));
  spec.set_owner(Owner(slot));
  const int64_t quota = RandomQuota();
  spec.mutable_quota()->set_max_bytes(quota);
  osp::v1::CreateBucketResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::CreateBucket, request, &response);
  std::string problem;
  if (!outcome.status.ok()) {
    problem = absl::StrCat(spec.name(), ": ", Describe(outcome.status));
  } else if (response.bucket().spec().owner() != spec.owner()) {
    problem = absl::StrCat(spec.name(), ": owner ", response.bucket().spec().owner());
  }
  // A failed create is already an error; its name is abandoned (next generation) so that the
  // unknown outcome does not fail every later check of the slot too.
  if (outcome.status.ok()) {
    state.exists = true;
    state.quota_bytes = quota;
    state.quota_known = true;
  } else {
    ++state.generation;
  }
  Finish("CreateBucket", outcome, problem);
}

void LoadClient::GetBucket(int slot) {
  const Slot& state = slots_[slot];
  if (!state.exists) {
    ExpectMissing(BucketName(slot));
    return;
  }
  osp::v1::GetBucketRequest request;
  request.set_backend(options_.backend);
  request.set_name(BucketName(slot));
  osp::v1::GetBucketResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::GetBucket, request, &response);
  std::string problem;
  const osp::v1::BucketSpec& got = response.bucket().spec();
  if (!outcome.status.ok()) {
    problem = absl::StrCat(request.name(), ": ", Describe(outcome.status));
  } else if (got.owner() != Owner(slot) ||
             (state.quota_known && got.quota().max_bytes() != state.quota_bytes)) {
    problem =
        absl::StrCat(request.name(), ": owner ", got.owner(), " quota ", got.quota().max_bytes(),
                     ", expected ", Owner(slot), " quota ", state.quota_bytes);
  }
  Finish("GetBucket", outcome, problem);
}

void LoadClient::ExpectMissing(const std::string& name) {
  osp::v1::GetBucketRequest request;
  request.set_backend(options_.backend);
  request.set_name(name);
  osp::v1::GetBucketResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::GetBucket, request, &response);
  std::string problem;
  if (outcome.status.error_code() != grpc::StatusCode::NOT_FOUND) {
    problem = absl::StrCat(name, ": expected NOT_FOUND, got ", Describe(outcome.status));
  }
  Finish("GetBucket", outcome, problem);
}

void LoadClient::UpdateBucket(int slot) {
  Slot& state = slots_[slot];
  osp::v1::UpdateBucketRequest request;
  request.set_backend(options_.backend);
  request.mutable_bucket()->set_name(BucketName(slot));
  const int64_t quota = RandomQuota();
  request.mutable_bucket()->mutable_quota()->set_max_bytes(quota);
  request.mutable_update_mask()->add_paths("quota");
  osp::v1::UpdateBucketResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::UpdateBucket, request, &response);
  std::string problem;
  if (!outcome.status.ok()) {
    problem = absl::StrCat(request.bucket().name(), ": ", Describe(outcome.status));
  } else if (response.bucket().spec().quota().max_bytes() != quota) {
    problem = absl::StrCat(request.bucket().name(), ": quota ",
                           response.bucket().spec().quota().max_bytes(), ", expected ", quota);
  }
  // A failed update (already an error) may or may not have happened: the quota is unknown
  // until the next successful update.
  state.quota_bytes = quota;
  state.quota_known = outcome.status.ok();
  Finish("UpdateBucket", outcome, problem);
}

void LoadClient::DeleteBucket(int slot) {
  Slot& state = slots_[slot];
  osp::v1::DeleteBucketRequest request;
  request.set_backend(options_.backend);
  request.set_name(BucketName(slot));
  osp::v1::DeleteBucketResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::DeleteBucket, request, &response);
  std::string problem;
  if (!outcome.status.ok()) {
    problem = absl::StrCat(request.name(), ": ", Describe(outcome.status));
  } else {
    deleted_.push_back(request.name());
    state.exists = false;
    ++state.generation;
  }
  Finish("DeleteBucket", outcome, problem);
}

void LoadClient::ListBuckets(int account) {
  osp::v1::ListBucketsRequest request;
  request.set_backend(options_.backend);
  request.set_owner(account_ids_[account]);
  request.set_page_size(1000);
  osp::v1::ListBucketsResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::ListBuckets, request, &response);
  std::string problem;
  if (!outcome.status.ok()) {
    problem = Describe(outcome.status);
  } else {
    std::vector<std::string> got;
    for (const osp::v1::Bucket& bucket : response.buckets()) got.push_back(bucket.spec().name());
    problem = CompareNames(NamesOf(account), got);
    if (!problem.empty()) problem = absl::StrCat(account_ids_[account], ": ", problem);
  }
  Finish("ListBuckets", outcome, problem);
}

void LoadClient::GetUsage(int account) {
  osp::v1::GetUsageRequest request;
  request.set_backend(options_.backend);
  request.set_owner(account_ids_[account]);
  osp::v1::GetUsageResponse response;
  const Outcome outcome =
      Call(&osp::v1::ObjectStoreProvider::StubInterface::GetUsage, request, &response);
  std::string problem;
  if (!outcome.status.ok()) {
    problem = Describe(outcome.status);
  } else {
    std::vector<std::string> got;
    for (const osp::v1::BucketUsage& usage : response.usage()) got.push_back(usage.bucket());
    problem = CompareNames(NamesOf(account), got);
    if (!problem.empty()) problem = absl::StrCat(account_ids_[account], ": ", problem);
  }
  Finish("GetUsage", outcome, problem);
}

}  // namespace osp::bench
