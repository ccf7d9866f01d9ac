#include "tests/bench/control_plane/load_report.h"

#include "absl/strings/str_format.h"

namespace osp::bench {
namespace {

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

nlohmann::json StatsJson(const RpcStats& stats) {
  const LatencySummary summary = stats.Summary();
  nlohmann::json ops = nlohmann::json::object();
  for (const std::string& op : stats.Ops()) {
    const LatencySummary s = stats.SummaryOf(op);
    ops[op] = {{"calls", s.count},
               {"errors", stats.ErrorsOf(op)},
               {"p50_ms", Ms(s.p50)},
               {"p99_ms", Ms(s.p99)},
               {"max_ms", Ms(s.max)}};
  }
  return {{"calls", stats.calls()},    {"attempts", stats.attempts()}, {"p50_ms", Ms(summary.p50)},
          {"p99_ms", Ms(summary.p99)}, {"max_ms", Ms(summary.max)},    {"codes", stats.codes()},
          {"errors", stats.errors()},  {"retried", stats.retried()},   {"ops", ops}};
}

nlohmann::json SampleJson(const ProcessSample& s) {
  return {{"rss_kib", s.rss_kib}, {"hwm_kib", s.hwm_kib}, {"threads", s.threads}, {"fds", s.fds}};
}

int64_t Count(const std::map<std::string, int64_t>& counts) {
  int64_t total = 0;
  for (const auto& entry : counts) total += entry.second;
  return total;
}

std::string Counts(const std::map<std::string, int64_t>& counts) {
  if (counts.empty()) return "none";
  std::string out;
  for (const auto& [code, count] : counts) {
    absl::StrAppendFormat(&out, "%s%s %d", out.empty() ? "" : ", ", code, count);
  }
  return out;
}

}  // namespace

bool LoadReport::ok() const {
  return failures == 0 && load.errors().empty() && verify.errors().empty() &&
         setup.errors().empty();
}

void LoadReport::PrintTable(std::ostream& out) const {
  const double seconds = absl::ToDoubleSeconds(load_time);
  out << absl::StrFormat("control-plane load: %s (backend %s), %d clients x %d RPCs in %d rounds\n",
                         label, backend, clients, rpcs_per_client, rounds);
  out << absl::StrFormat("%-14s %8s %7s %9s %9s %9s\n", "rpc", "calls", "errors", "p50 ms",
                         "p99 ms", "max ms");
  for (const std::string& op : load.Ops()) {
    const LatencySummary s = load.SummaryOf(op);
    out << absl::StrFormat("%-14s %8d %7d %9.1f %9.1f %9.1f\n", op, s.count, load.ErrorsOf(op),
                           Ms(s.p50), Ms(s.p99), Ms(s.max));
  }
  const LatencySummary total = load.Summary();
  out << absl::StrFormat("%-14s %8d %7d %9.1f %9.1f %9.1f\n", "all", total.count,
                         Count(load.errors()), Ms(total.p50), Ms(total.p99), Ms(total.max));
  out << absl::StrFormat("%.1f s, %.0f RPS; %d attempts; retried: %s; errors: %s\n", seconds,
                         seconds > 0 ? static_cast<double>(total.count) / seconds : 0.0,
                         load.attempts(), Counts(load.retried()), Counts(load.errors()));
  out << absl::StrFormat("verification: %d calls, errors: %s; model mismatches: %d\n",
                         verify.calls(), Counts(verify.errors()), failures);
  for (const std::string& failure : failure_samples) out << "  " << failure << "\n";
  if (!samples.empty()) {
    out << absl::StrFormat("%-14s %9s %9s %8s %6s\n", "ospd", "RSS MiB", "peak MiB", "threads",
                           "fds");
    for (const auto& [name, s] : samples) {
      out << absl::StrFormat("%-14s %9.1f %9.1f %8d %6d\n", name, s.rss_kib / 1024.0,
                             s.hwm_kib / 1024.0, s.threads, s.fds);
    }
    out << absl::StrFormat("threads and fds settled %.1f s after the verification\n",
                           absl::ToDoubleSeconds(settle_time));
  }
}

nlohmann::json LoadReport::ToJson() const {
  const double seconds = absl::ToDoubleSeconds(load_time);
  nlohmann::json load_json = StatsJson(load);
  load_json["seconds"] = seconds;
  load_json["rps"] = seconds > 0 ? static_cast<double>(load.calls()) / seconds : 0.0;
  nlohmann::json ospd = nlohmann::json::array();
  for (const auto& [name, s] : samples) {
    nlohmann::json entry = SampleJson(s);
    entry["name"] = name;
    ospd.push_back(entry);
  }
  nlohmann::json existing_json = nlohmann::json::array();
  for (const ExpectedBucket& b : existing) {
    existing_json.push_back({{"name", b.name}, {"owner", b.owner}, {"quota_bytes", b.quota_bytes}});
  }
  return {{"label", label},
          {"backend", backend},
          {"clients", clients},
          {"rpcs_per_client", rpcs_per_client},
          {"rounds", rounds},
          {"ok", ok()},
          {"setup", StatsJson(setup)},
          {"load", load_json},
          {"verify", StatsJson(verify)},
          {"failures", failures},
          {"failure_samples", failure_samples},
          {"ospd", ospd},
          {"settle_seconds", absl::ToDoubleSeconds(settle_time)},
          {"accounts", accounts},
          {"existing", existing_json},
          {"deleted", deleted},
          {"cleanup_failures", cleanup_failures}};
}

}  // namespace osp::bench
