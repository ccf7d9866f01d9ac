"""The control-plane benchmark: for each backend type (ECS and MinIO simulators on a radosgw),
a fresh ospd and the load driver with CLIENTS x RPCS mixed RPCs, without faults and with 5% of
the simulator's requests faulted. Prints each run's table and a summary, and writes all
reports as one JSON list to OUT. Numbers are printed, never asserted. run_control_plane_bench.sh
sets up the environment (binaries, Python stubs, PYTHONPATH).
  run_control_plane_bench.py CLIENTS RPCS OUT [BACKENDS (ecs,minio)] [FAULTS (off,on)] [ROUNDS (2)]
"""

import json
import sys

import backends
import load_run


def summary_line(report):
    load = report["load"]
    base, after = load_run.sample(report, "baseline"), load_run.sample(report, "after")
    errors = sum(load["errors"].values())
    retried = sum(load["retried"].values())
    return (f"{report['label']:<20} {load['calls']:>7} {errors:>6} {retried:>7} "
            f"{load['rps']:>7.0f} {load['p50_ms']:>8.1f} {load['p99_ms']:>8.1f} "
            f"{after['hwm_kib'] / 1024:>8.1f} {base['threads']:>4}->{after['threads']:<4} "
            f"{base['fds']:>4}->{after['fds']:<4} {report['faults_injected']:>6}")


def main():
    clients, rpcs, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    kinds = (sys.argv[4] if len(sys.argv) > 4 else "ecs,minio").split(",")
    fault_modes = (sys.argv[5] if len(sys.argv) > 5 else "off,on").split(",")
    rounds = int(sys.argv[6]) if len(sys.argv) > 6 else 2
    site = backends.Site()
    reports = []
    try:
        for kind in kinds:
            for mode in fault_modes:
                # The full 64 x 1000 runs for tens of minutes on a small machine: allow down
                # to 10 RPS before giving up on the load driver.
                run = load_run.LoadRun(site, kind, clients, rpcs, faults=(mode == "on"),
                                       rounds=rounds, timeout=max(1800, clients * rpcs // 10))
                print(run.output, flush=True)
                if run.stderr:
                    print(run.stderr, file=sys.stderr, flush=True)
                run.report["exit_code"] = run.exit_code
                run.report["cleanup_exit_code"] = run.cleanup()
                reports.append(run.report)
                # Written after every run: a later run or the shutdown may still fail.
                with open(out, "w", encoding="utf-8") as f:
                    json.dump(reports, f, indent=2)
    finally:
        try:
            site.stop()
        except Exception as err:  # pylint: disable=broad-except
            print(f"stopping the simulators: {err}", file=sys.stderr)
    print(f"{'run':<20} {'calls':>7} {'errors':>6} {'retried':>7} {'RPS':>7} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'peak MiB':>8} {'threads':>10} {'fds':>10} {'faults':>6}")
    for report in reports:
        print(summary_line(report))
    print(f"report: {out}")
    return 0 if all(r["exit_code"] == 0 for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
