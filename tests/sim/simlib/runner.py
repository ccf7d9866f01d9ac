"""Command-line plumbing shared by the simulators: common flags, TLS set-up, the ready line,
the expiry tick and a clean shutdown on SIGTERM/SIGINT. Used from a simulator's main only."""

import json
import os
import shutil
import signal
import sys
import tempfile
import threading

from simlib import tls
from simlib.clock import SimClock
from simlib.faults import FaultError, Faults
from simlib.request_log import RequestLog
from simlib.server import CONTROL_PREFIX, SimServer


def add_common_arguments(parser):
    """Adds the flags every simulator understands to an argparse parser."""
    group = parser.add_argument_group("server")
    group.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1)")
    group.add_argument("--port", type=int, default=0,
                       help="port to listen on; 0 picks a free port (default 0)")
    group.add_argument("--plain-http", action="store_true",
                       help="serve plain HTTP instead of HTTPS")
    group.add_argument("--tls-cert", metavar="PEM",
                       help="server certificate to use instead of a generated one")
    group.add_argument("--tls-key", metavar="PEM", help="private key for --tls-cert")
    group.add_argument("--tls-ca", metavar="PEM",
                       help="CA file to report in the ready line with --tls-cert "
                            "(default: the certificate itself)")
    group.add_argument("--ready-file", metavar="PATH",
                       help="also write the ready line to PATH (atomically; removed at exit)")
    group.add_argument("--log-capacity", type=int, default=10000,
                       help="request-log entries kept, oldest dropped first (default 10000)")
    group.add_argument("--verbose", action="store_true",
                       help="log every HTTP request and TLS failure to stderr")
    faults = parser.add_argument_group("faults (same rules as POST %s/faults)" % CONTROL_PREFIX)
    faults.add_argument("--fault", action="append", default=[], metavar="JSON",
                        help='fault rule, repeatable, e.g. \'{"action":"fail","count":3,'
                             '"status":503,"path":"^/object/bucket"}\'; actions fail '
                             '(status, code, count=1), latency (ms, count=forever), reset '
                             '(count=1), truncate and garbage (handled, then the answer is '
                             'cut short or replaced by a malformed 200; count=1), hold '
                             '(stage before/after handling, until released; count=1); all '
                             'take method, path (regex), after (skip N first)')
    faults.add_argument("--latency-ms", type=int, default=0,
                        help="add this delay to every API call (default 0)")


def _build_faults(args):
    faults = Faults()
    try:
        for text in args.fault:
            faults.add(json.loads(text))
        if args.latency_ms:
            faults.add({"action": "latency", "ms": args.latency_ms})
    except (ValueError, FaultError) as exc:
        raise SystemExit("bad --fault/--latency-ms: %s" % exc) from exc
    return faults


def _write_ready_file(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    os.replace(tmp, path)


def run(args, make_personality):
    """Builds the personality with `make_personality(clock, log)`, serves until SIGTERM or
    SIGINT, and returns the process exit code."""
    if bool(args.tls_cert) != bool(args.tls_key):
        raise SystemExit("--tls-cert and --tls-key go together")
    workdir = tempfile.mkdtemp(prefix="ospd-sim-")
    try:
        cert = key = ca_file = None
        if args.tls_cert:
            cert, key, ca_file = args.tls_cert, args.tls_key, args.tls_ca or args.tls_cert
        elif not args.plain_http:
            ca_file, cert, key = tls.make_certificate(workdir)
        clock, log = SimClock(), RequestLog(args.log_capacity)
        personality = make_personality(clock, log)
        server = SimServer(personality, log, _build_faults(args), clock, args.host, args.port,
                           cert, key, args.verbose, tls_dir=workdir)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        server.start()
        info = {"sim": personality.name, "url": server.base_url,
                "control_url": server.base_url + CONTROL_PREFIX, "tls": cert is not None,
                "ca_file": os.path.abspath(ca_file) if ca_file else None, "pid": os.getpid()}
        info.update(personality.ready_info(server.base_url))
        server.info = info
        line = json.dumps(info, sort_keys=True)
        if args.ready_file:
            _write_ready_file(args.ready_file, line)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        while not stop.wait(1.0):
            personality.tick()
        server.stop()
        personality.close()
        if args.ready_file and os.path.exists(args.ready_file):
            os.remove(args.ready_file)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
