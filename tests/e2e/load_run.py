"""Runs the control-plane load driver (tests/bench/control_plane, OSP_LOAD_BIN) against a fresh
ospd with one backend of a backends.Site, optionally with 5% of the simulator's requests
faulted, and reads its JSON report; then checks the end state on the simulator side (the
independent witness) and removes what the run created. Shared by test_load.py (CI) and
tests/bench/control_plane/run_control_plane_bench.py (the benchmark). Used from one thread.
"""

import json
import os
import re
import subprocess
import tempfile

import backends
import drivers
import harness

# 5% of the simulator's requests: 4% answered 503 (ospd retries these itself, up to 3
# attempts) and 1% reset without an answer, on calls that never coincide (12 + 100k is never a
# multiple of 25).
FAULT_RULES = (
    {"action": "fail", "status": 503, "every": 25},
    {"action": "reset", "every": 100, "after": 12},
)
FAULT_PERCENT = 5
RETRYABLE = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED", "RESOURCE_EXHAUSTED"}
GIB = 1 << 30


def load_bin():
    path = harness.env_path("OSP_LOAD_BIN")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{path} missing: build control_plane_load")
    return path


def sample(report, name):
    """ospd's /proc sample `name` (start, baseline, round N, after) of a driver report."""
    found = [s for s in report["ospd"] if s["name"] == name]
    if not found:
        raise AssertionError(f"no ospd sample {name!r} in the report")
    return found[0]


class LoadRun:
    """One driver run: `report` (the driver's JSON plus the simulator's request and fault
    counts), `exit_code`, `output` (the table) and `stderr`."""

    def __init__(self, site, kind, clients, rpcs, faults, rounds=2, thread_slack=4, fd_slack=32,
                 timeout=1800):
        self.kind = kind
        self.backend_id = f"load-{kind}"
        self.ospd = site.start_ospd((kind, self.backend_id, {}))
        self.backend = site.backends[self.backend_id]
        self.sim = self.backend.sim
        self.prefix = "ld" + os.urandom(3).hex()
        label = f"{kind}, {FAULT_PERCENT}% faults" if faults else f"{kind}, no faults"
        out = tempfile.mkdtemp(prefix="ospd-load-")
        json_path = os.path.join(out, "report.json")
        before = self.sim.counters()
        if faults:
            for rule in FAULT_RULES:
                self.sim.add_fault(**rule)
        try:
            done = subprocess.run(
                [load_bin(), f"--target={self.ospd.target}", f"--backend={self.backend_id}",
                 f"--clients={clients}", f"--rpcs={rpcs}", f"--rounds={rounds}",
                 f"--ospd-pid={self.ospd.daemon.proc.pid}", f"--json={json_path}",
                 f"--label={label}", f"--prefix={self.prefix}",
                 f"--thread-slack={thread_slack}", f"--fd-slack={fd_slack}"],
                capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                check=False)
        finally:
            self.sim.clear_faults()
        after = self.sim.counters()
        self.exit_code = done.returncode
        self.output = done.stdout
        self.stderr = done.stderr
        if not os.path.exists(json_path):
            raise AssertionError(f"control_plane_load wrote no report (exit {done.returncode})"
                                 f"\n{done.stdout}\n{done.stderr}")
        with open(json_path, encoding="utf-8") as f:
            self.report = json.load(f)
        self.report["sim_requests"] = after.get("requests", 0) - before.get("requests", 0)
        self.report["faults_injected"] = (after.get("faults_injected", 0)
                                          - before.get("faults_injected", 0))
        os.remove(json_path)
        os.rmdir(out)

    # -- the simulator's view ------------------------------------------------------------------

    def backend_buckets(self):
        """{name: quota bytes (0: none)} of this run's buckets as the backend holds them: the
        ECS simulator's bucket list, or the MinIO simulator's S3 bucket list (as its root user)
        and its quotas. A name listed twice raises AssertionError."""
        pattern = re.compile("^" + re.escape(self.prefix) + "-")
        if self.backend.profile is backends.ECS:
            found = {}
            for bucket in self.sim.state()["buckets"]:
                if not pattern.match(bucket["name"]):
                    continue
                if bucket["name"] in found:
                    raise AssertionError(f"bucket {bucket['name']} listed twice by ECS")
                block_size = bucket["block_size"]
                found[bucket["name"]] = 0 if block_size < 0 else block_size * GIB
            return found
        quotas = self.sim.state()["quotas"]
        root = self.backend.s3(backends.MINIO_ACCESS_KEY, backends.MINIO_SECRET_KEY)
        names = [b["Name"] for b in root.list_buckets()["Buckets"]]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise AssertionError(f"buckets listed twice by MinIO: {sorted(duplicates)}")
        return {n: (quotas.get(n) or {}).get("quota", 0) for n in names if pattern.match(n)}

    def backend_owners(self):
        """{name: account id} of this run's buckets as the ECS simulator records their owners
        (object user <user_prefix><account>); {} on MinIO, whose owners live in user policies
        and are checked through ospd by the driver."""
        if self.backend.profile is not backends.ECS:
            return {}
        prefix = self.backend.profile.user_prefix
        return {b["name"]: b["owner"][len(prefix):] for b in self.sim.state()["buckets"]
                if b["name"].startswith(self.prefix + "-")}

    # -- clean-up --------------------------------------------------------------------------------

    def cleanup(self):
        """Deletes this run's buckets (every bucket ospd lists for the run's accounts, so also
        those of a create the client gave up on) and users through ospd (faults are off by
        now) and stops the daemon; returns its exit code."""
        rpc = drivers.GrpcDriver(self.ospd.channel(), self.backend_id)
        for account in self.report["accounts"]:
            for bucket in rpc.list_buckets(owner=account):
                rpc.delete_bucket(bucket.spec.name, force_empty=True)
            rpc.delete_user(account)
        return self.ospd.stop()
