#!/usr/bin/python3
"""End-to-end throughput benchmark: the same object uploaded and downloaded (a) through ospd with
the C++ client (ospd_transfer_client: ospctl's ObjectUploader / ObjectDownloader over a Unix
socket) and (b) straight to radosgw with curl --aws-sigv4, in the same run on the same machine,
alternating, ROUNDS times. ospd serves an ECS backend (the ECS simulator), whose S3 endpoint is
radosgw itself, so both paths end at the same server with the same user's keys.

Prints a table and writes a JSON report: the median MiB/s of each path and direction, the ratio
ospd/direct, and ospd's RSS (before, after, and the peak VmHWM while moving the object, reset
before each ospd transfer through /proc/PID/clear_refs). Numbers are reported, never asserted.

    tests/bench/throughput/throughput.py [--build-dir BUILD] [--size-mib 1024] [--rounds 3]
        [--json OUT] [--rgw-env ENV] [--unsized] [--check-json]

Without --rgw-env it starts (and stops) a throw-away radosgw with tests/sim/s3-server.sh.
Needs BUILD/bin/ospd and BUILD/bin/ospd_transfer_client, curl and radosgw-admin.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
sys.path.insert(0, os.path.join(ROOT, "tests", "daemon"))
# pylint: disable=wrong-import-position
from simlib.harness import RGW_ENV_VARIABLE, Radosgw, SimProcess  # noqa: E402

MIB = 1 << 20
BACKEND = "bench-ecs"
ECS_USER, ECS_PASSWORD = "root", "ChangeMe"
GOAL_RATIO = 0.90
GOAL_RSS_GROWTH_MIB = 32
REGION = "us-east-1"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--size-mib", type=int, default=1024, help="object size (default 1024)")
    parser.add_argument("--rounds", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--json", help="report file (default BUILD/throughput.json)")
    parser.add_argument("--rgw-env", help="env file of a running radosgw (s3-server.sh)")
    parser.add_argument("--unsized", action="store_true",
                        help="ospd upload without declared size and SHA-256 (multipart path)")
    parser.add_argument("--check-json", action="store_true",
                        help="re-read the report and fail unless it is complete (smoke test)")
    args = parser.parse_args()
    if args.size_mib < 1 or args.rounds < 1:
        parser.error("--size-mib and --rounds must be at least 1")
    args.json = args.json or os.path.join(args.build_dir, "throughput.json")
    return args


def proc_status_kib(pid):
    """{"VmRSS": KiB, "VmHWM": KiB} of process pid."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    return values


def cpu_seconds(pid):
    """User + system CPU seconds process pid has used so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reset_peak_rss(pid):
    """Sets VmHWM of pid back to its current RSS (Linux clear_refs, value 5)."""
    with open(f"/proc/{pid}/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def write_random_file(path, size):
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 8 * MIB)
            f.write(os.urandom(n))
            left -= n


class Ospd:
    """The real ospd with one ECS backend, on a Unix socket in workdir."""

    def __init__(self, binary, sim, workdir):
        password = os.path.join(workdir, "ecs.pass")
        with open(password, "w", encoding="utf-8") as f:
            f.write(ECS_PASSWORD + "\n")
        self.socket = os.path.join(workdir, "ospd.sock")
        config = {
            "listen": {"unix": self.socket},
            "log": {"level": "warn"},
            "backends": [{"id": BACKEND, "type": "ecs", "ecs": {
                "management_url": sim.info["mgmt_url"], "username": ECS_USER,
                "password_file": password, "namespace": "ns1", "replication_group": "rg1",
                "s3_private_url": sim.info["s3_url"], "ca_file": sim.info["ca_file"]}}],
        }
        path = os.path.join(workdir, "ospd.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        self.log = open(os.path.join(workdir, "ospd.log"), "w", encoding="utf-8")
        # --log-level info for the "serving" line; the RPC lines of a benchmark are few.
        self.proc = subprocess.Popen([binary, "--config", path, "--log-level", "info"],
                                     stderr=subprocess.PIPE, text=True)
        for line in self.proc.stderr:
            self.log.write(line)
            if json.loads(line).get("msg") == "serving":
                break
        else:
            raise RuntimeError(f"ospd exited ({self.proc.wait()}) before serving; "
                               f"log: {self.log.name}")
        # Whatever ospd logs from now on goes to the file, never blocking it on a full pipe.
        self.drain = threading.Thread(target=self._drain, daemon=True)
        self.drain.start()
        self.target = "unix:" + self.socket

    def _drain(self):
        for line in self.proc.stderr:
            self.log.write(line)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.drain.join(timeout=60)
        self.log.close()


class Bench:
    def __init__(self, args, rgw_env, sim, ospd, workdir):
        self.args = args
        self.rgw_env = rgw_env
        self.ospd = ospd
        self.client = os.path.join(args.build_dir, "bin", "ospd_transfer_client")
        self.size = args.size_mib * MIB
        self.data = os.path.join(workdir, "data")
        self.bucket = f"bench-{uuid.uuid4().hex[:12]}"
        self.s3_url = sim.info["s3_url"]
        keys = self.run_client("setup", f"bench-{uuid.uuid4().hex[:8]}", self.bucket)
        self.keys = (keys["access_key_id"], keys["secret_access_key"])
        write_random_file(self.data, self.size)
        run_dir = os.path.join(os.path.dirname(rgw_env["CEPH_CONF"]), "run")
        with open(os.path.join(run_dir, "client.rgw.a.pid"), encoding="ascii") as f:
            self.rgw_pid = int(f.read())
        # radosgw stores through the OSD: together they are the S3 server's cost.
        with open(os.path.join(run_dir, "osd.0.pid"), encoding="ascii") as f:
            self.osd_pid = int(f.read())
        self.runs = []
        self.rss_peaks = []

    def measured(self, fn):
        """fn()'s result and the CPU seconds the client (a child of ours), ospd, radosgw and its
        OSD spent meanwhile. CPU time does not depend on how busy the machine is the way wall time
        does: it shows where the bytes cost."""
        pids = (self.ospd.proc.pid, self.rgw_pid, self.osd_pid)
        before = (children_cpu_seconds(), *map(cpu_seconds, pids))
        result = fn()
        after = (children_cpu_seconds(), *map(cpu_seconds, pids))
        cpu = dict(zip(("client", "ospd", "radosgw", "osd"),
                       (round(b - a, 2) for a, b in zip(before, after))))
        return result, cpu

    def run_client(self, *args):
        done = subprocess.run([self.client, self.ospd.target, BACKEND, *args],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"ospd_transfer_client {args[0]} failed: {done.stderr.strip()}")
        return json.loads(done.stdout)

    def curl(self, *args, key):
        """curl --aws-sigv4 on bucket/key with the bucket owner's keys; returns stdout."""
        access, secret = self.keys
        command = ["curl", "-sS", "-f", "--aws-sigv4", f"aws:amz:{REGION}:s3",
                   "-u", f"{access}:{secret}", "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                   *args, f"{self.s3_url}/{self.bucket}/{key}"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"curl {args[:2]} exited {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def free(self, key):
        """Deletes key and lets radosgw's GC reclaim it now (memstore keeps objects in RAM)."""
        self.curl("-X", "DELETE", "-o", "/dev/null", key=key)
        subprocess.run(["radosgw-admin", "gc", "process", "--include-all"], check=False,
                       env={**os.environ, "CEPH_CONF": self.rgw_env["CEPH_CONF"]},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def record(self, round_no, path, direction, moved, seconds, cpu, rss=None):
        if moved != self.size:
            raise RuntimeError(f"{path} {direction} moved {moved} bytes, not {self.size}")
        if path == "direct":
            del cpu["ospd"]
        run = {"round": round_no, "path": path, "direction": direction, "bytes": moved,
               "seconds": round(seconds, 6), "mib_per_s": round(moved / MIB / seconds, 2),
               "cpu_seconds": cpu}
        if rss is not None:
            run["ospd_peak_rss_kib"] = rss
        self.runs.append(run)
        print(f"  round {round_no}  {path:<6} {direction:<8} {run['mib_per_s']:9.1f} MiB/s"
              f"  ({seconds:.2f} s; CPU s: "
              + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items()) + ")", flush=True)

    def through_ospd(self, round_no):
        key = f"ospd-{round_no}.bin"
        upload = ["upload", self.bucket, key, self.data] + (["--unsized"] if self.args.unsized
                                                            else [])
        for direction, args in (("upload", upload),
                                ("download", ["download", self.bucket, key, "/dev/null"])):
            reset_peak_rss(self.ospd.proc.pid)
            result, cpu = self.measured(lambda a=args: self.run_client(*a))
            # The client's own count leaves out its set-up (hashing the file before an upload).
            cpu["client"] = result["cpu_seconds"]
            peak = proc_status_kib(self.ospd.proc.pid)["VmHWM"]
            self.rss_peaks.append(peak)
            self.record(round_no, "ospd", direction, result["bytes"], result["seconds"], cpu,
                        peak)
        self.free(key)

    def direct(self, round_no):
        key = f"direct-{round_no}.bin"
        out, cpu = self.measured(lambda: self.curl(
            "-T", self.data, "-o", "/dev/null", "-w", "%{size_upload} %{time_total}", key=key))
        self.record(round_no, "direct", "upload", int(out.split()[0]), float(out.split()[1]), cpu)
        out, cpu = self.measured(lambda: self.curl(
            "-o", "/dev/null", "-w", "%{size_download} %{time_total}", key=key))
        self.record(round_no, "direct", "download", int(out.split()[0]), float(out.split()[1]),
                    cpu)
        self.free(key)

    def run(self):
        pid = self.ospd.proc.pid
        rss_before = proc_status_kib(pid)["VmRSS"]
        load_before = os.getloadavg()
        for round_no in range(1, self.args.rounds + 1):
            # Alternate which path goes first, so that neither always meets a warmer server.
            order = (self.through_ospd, self.direct) if round_no % 2 else (self.direct,
                                                                          self.through_ospd)
            for step in order:
                step(round_no)
        rss_after = proc_status_kib(pid)["VmRSS"]
        return self.report(rss_before, rss_after, load_before, os.getloadavg())

    def report(self, rss_before, rss_after, load_before, load_after):
        summary = {}
        for direction in ("upload", "download"):
            def median(path, value, direction=direction):
                return statistics.median(value(r) for r in self.runs
                                         if r["path"] == path and r["direction"] == direction)
            medians = {path: median(path, lambda r: r["mib_per_s"]) for path in ("ospd", "direct")}
            # The ospd path cannot take less wall time than its CPU seconds spread over every
            # core, so on this host the ratio cannot exceed cpus * direct seconds / those.
            ceiling = (os.cpu_count() * median("direct", lambda r: r["seconds"])
                       / median("ospd", lambda r: sum(r["cpu_seconds"].values())))
            summary[direction] = {"ospd_mib_per_s": round(medians["ospd"], 2),
                                  "direct_mib_per_s": round(medians["direct"], 2),
                                  "ratio": round(medians["ospd"] / medians["direct"], 3),
                                  "cpu_bound_ratio_ceiling": round(ceiling, 3)}
        peak = max(self.rss_peaks)
        growth_mib = (peak - rss_before) / 1024
        return {
            "benchmark": "throughput",
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "host": {"cpus": os.cpu_count(), "machine": platform.machine(),
                     "load_avg_before": [round(x, 2) for x in load_before],
                     "load_avg_after": [round(x, 2) for x in load_after]},
            "setup": {"size_bytes": self.size, "rounds": self.args.rounds,
                      "backend": "ecs simulator, S3 on radosgw (memstore) over loopback",
                      "ospd_client": "ospd_transfer_client over a Unix socket, 1 MiB messages, "
                                     + ("no declared size" if self.args.unsized
                                        else "declared size and SHA-256"),
                      "direct_client": "curl --aws-sigv4, one PUT (-T) / one GET to /dev/null"},
            "runs": self.runs,
            "summary": summary,
            "ospd_rss_kib": {"before": rss_before, "after": rss_after, "peak": peak,
                             "growth": peak - rss_before},
            "goals": {"ratio_min": GOAL_RATIO, "rss_growth_max_mib": GOAL_RSS_GROWTH_MIB,
                      "upload_ratio_met": summary["upload"]["ratio"] >= GOAL_RATIO,
                      "download_ratio_met": summary["download"]["ratio"] >= GOAL_RATIO,
                      "rss_growth_met": growth_mib < GOAL_RSS_GROWTH_MIB},
        }


def print_table(report):
    size_mib = report["setup"]["size_bytes"] / MIB
    print(f"\nobject {size_mib:g} MiB, {report['setup']['rounds']} round(s), median MiB/s, "
          f"{report['host']['cpus']} CPUs, load {report['host']['load_avg_before'][0]} -> "
          f"{report['host']['load_avg_after'][0]}")
    print(f"{'':<10}{'ospd':>10}{'direct':>10}{'ratio':>8}{'goal':>7}{'CPU-bound ceiling':>19}")
    for direction in ("upload", "download"):
        s = report["summary"][direction]
        met = "met" if report["goals"][f"{direction}_ratio_met"] else "MISSED"
        print(f"{direction:<10}{s['ospd_mib_per_s']:>10.1f}{s['direct_mib_per_s']:>10.1f}"
              f"{s['ratio']:>8.2f}{met:>7}{s['cpu_bound_ratio_ceiling']:>19.2f}")
    rss = {k: v / 1024 for k, v in report["ospd_rss_kib"].items()}
    met = "met" if report["goals"]["rss_growth_met"] else "MISSED"
    print(f"ospd RSS MiB: before {rss['before']:.1f}, after {rss['after']:.1f}, "
          f"peak {rss['peak']:.1f}, growth {rss['growth']:.1f} (goal < "
          f"{GOAL_RSS_GROWTH_MIB}: {met})")


def check_report(path, size, rounds):
    """Raises ValueError unless the report at path is complete and consistent."""
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    if len(report["runs"]) != 4 * rounds:
        raise ValueError(f"{len(report['runs'])} runs, expected {4 * rounds}")
    for run in report["runs"]:
        if run["bytes"] != size or not run["mib_per_s"] > 0:
            raise ValueError(f"bad run: {run}")
    for direction in ("upload", "download"):
        for field in ("ospd_mib_per_s", "direct_mib_per_s", "ratio", "cpu_bound_ratio_ceiling"):
            if not report["summary"][direction][field] > 0:
                raise ValueError(f"summary.{direction}.{field} is not positive")
    rss = report["ospd_rss_kib"]
    if not 0 < rss["before"] <= rss["peak"]:
        raise ValueError(f"implausible RSS: {rss}")
    for goal in ("upload_ratio_met", "download_ratio_met", "rss_growth_met"):
        if not isinstance(report["goals"][goal], bool):
            raise ValueError(f"goals.{goal} is not a boolean")


def main():
    args = parse_args()
    for tool in ("ospd", "ospd_transfer_client"):
        if not os.access(os.path.join(args.build_dir, "bin", tool), os.X_OK):
            sys.exit(f"throughput: build {tool} first (ninja -C {args.build_dir} ospd "
                     "ospd_transfer_client)")
    if args.rgw_env:
        os.environ[RGW_ENV_VARIABLE] = os.path.abspath(args.rgw_env)
    else:
        os.environ.pop(RGW_ENV_VARIABLE, None)
    cleanups = []
    try:
        with tempfile.TemporaryDirectory(prefix="ospd-throughput-") as workdir:
            rgw = Radosgw()
            cleanups.append(rgw.stop)
            sim = SimProcess(os.path.join(ROOT, "tests", "sim", "ecs", "ecs_sim.py"),
                             ["--rgw-env", rgw.env_file, "--namespace", "ns1",
                              "--replication-group", "rg1",
                              "--mgmt-user", f"{ECS_USER}:{ECS_PASSWORD}"])
            cleanups.append(sim.stop)
            ospd = Ospd(os.path.join(args.build_dir, "bin", "ospd"), sim, workdir)
            cleanups.append(ospd.stop)
            bench = Bench(args, rgw.env, sim, ospd, workdir)
            report = bench.run()
            while cleanups:
                cleanups.pop()()
    finally:
        for cleanup in reversed(cleanups):
            cleanup()
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print_table(report)
    print(f"report: {args.json}")
    if args.check_json:
        check_report(args.json, args.size_mib * MIB, args.rounds)
        print("report checked: complete")


if __name__ == "__main__":
    main()
