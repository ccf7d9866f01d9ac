"""Runs the real ospd for end-to-end tests: writes its config into a temporary directory, starts
it on a Unix socket in that directory and on TCP 127.0.0.1:0, waits for the "serving" log line
that carries the bound addresses, and stops it with SIGTERM.

Paths of the binaries come from the environment that CMake sets for each e2e test (OSPD_BIN,
OSPCTL_BIN, OSP_BUF, OSP_PROTO_DIR, OSP_E2E_OUT).

Secrets: whatever writes a secret into a config (register_secret) or receives one from ospd
(drivers register every field marked (osp.v1.secret)) registers it here, and every error message
a driver sees is recorded. A Daemon that stops scans its stderr and stdout and those messages;
secret_leaks() tells, and Daemon.__exit__ and backends.stop_all fail the test on any leak.
"""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import grpc

# How long a daemon may take to report "serving" or to exit before a test fails. A bound on a
# wait, not a sleep: the harness wakes up as soon as the event happens.
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30

# Sanitizer builds (scripts/test.sh) run ospd with ASAN_OPTIONS/UBSAN_OPTIONS exitcode=86, so a
# report (a leak found at exit included) changes its exit code; the report's first line is
# also looked for on stderr, in case the process was stopped another way.
SANITIZER_EXIT_CODE = 86
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: ThreadSanitizer")


def env_path(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run the e2e tests through ctest")
    return value


def ospd_bin():
    return env_path("OSPD_BIN")


def ospctl_bin():
    return env_path("OSPCTL_BIN")


def buf_bin():
    path = env_path("OSP_BUF")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{path} missing: run scripts/install-deps.sh")
    return path


# -- secrets that must never leave ospd -----------------------------------------------------

# Shorter values could occur by chance (a count, a word of a message).
MIN_SECRET_LENGTH = 8
_secrets_lock = threading.Lock()
_secrets = set()
_errors_seen = []


def register_secret(value):
    """Remembers a secret value that ospd must never write to a log, error or metric."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value)


def secrets():
    with _secrets_lock:
        return set(_secrets)


def record_error_message(message):
    """Remembers the message of an error ospd returned (scanned for secrets at every stop)."""
    with _secrets_lock:
        _errors_seen.append(message)


def errors_seen():
    with _secrets_lock:
        return list(_errors_seen)


def secret_leaks(texts, where):
    """One line per registered secret found in texts (strings), naming where and masking the
    secret; empty if none."""
    leaks = []
    known = secrets()
    for text in texts:
        for secret in known:
            if secret in text:
                leaks.append(f"secret {secret[:3]}... ({len(secret)} chars) in {where}: "
                             f"{text.replace(secret, '<SECRET>')[:300]}")
    return leaks


BACKEND_ID = "e2e-ecs"
E2E_ECS_PASSWORD = "e2e-password"


def ecs_backend(workdir, backend_id=BACKEND_ID):
    """An ECS backend section. Loading it makes no backend call, so its endpoints (the discard
    port) need not answer; its password file is written into workdir."""
    password_file = os.path.join(workdir, "ecs.pass")
    register_secret(E2E_ECS_PASSWORD)
    with open(password_file, "w", encoding="utf-8") as f:
        f.write(E2E_ECS_PASSWORD + "\n")
    return {
        "id": backend_id,
        "type": "ecs",
        "ecs": {
            "management_url": "https://127.0.0.1:9",
            "username": "e2e-admin",
            "password_file": password_file,
            "namespace": "ns1",
            "s3_private_url": "http://127.0.0.1:9",
        },
    }


def base_config(workdir):
    """The smallest config: UDS in workdir, plaintext TCP on a free port, one ECS backend."""
    return {
        "listen": {"unix": os.path.join(workdir, "ospd.sock"), "tcp": "127.0.0.1:0"},
        "log": {"level": "info"},
        "backends": [ecs_backend(workdir)],
    }


def write_config(workdir, config, name="ospd.json"):
    """Writes config (a dict, as JSON, or a str written as is) to workdir/name; returns the path."""
    path = os.path.join(workdir, name)
    with open(path, "w", encoding="utf-8") as f:
        if isinstance(config, str):
            f.write(config)
        else:
            json.dump(config, f, indent=2)
    return path


def run(args, timeout=STOP_TIMEOUT_S, **kwargs):
    """Runs a command to completion, capturing text output; a sanitizer report from it (ospd or
    ospctl of a sanitizer build) raises DaemonError."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL, **kwargs)
    if result.returncode == SANITIZER_EXIT_CODE:
        raise DaemonError(f"sanitizer report from {args[0]}\n{result.stderr}")
    return result


def ospctl(*args, timeout=STOP_TIMEOUT_S):
    return run([ospctl_bin(), *args], timeout=timeout)


def buf_curl(*args, timeout=STOP_TIMEOUT_S):
    return run([buf_bin(), "curl", "--protocol", "grpc", *args], timeout=timeout)


class DaemonError(Exception):
    pass


class Daemon:
    """One ospd process. Use as a context manager, or call start() and stop()."""

    def __init__(self, config=None, workdir=None, extra_args=()):
        self._own_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="ospd-e2e-")
        self.config = base_config(self.workdir) if config is None else config
        self.config_path = write_config(self.workdir, self.config)
        self.extra_args = list(extra_args)
        self.proc = None
        self.unix_path = None
        self.tcp_address = None
        self.serving_line = None
        self.started_at = None  # time.monotonic() when the process was started
        self.start_to_serving_s = None
        self._lines = []
        self._lines_changed = threading.Condition()
        self._serving = threading.Event()
        self._reader = None
        self.sanitizer_report = False
        self._stdout_paths = []
        self.leaks = []  # secret_leaks() of every stop so far

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.stop()
        finally:
            self.cleanup()
        if exc_type is None:
            self.assert_no_secret_leaked()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self):
        """Starts ospd and returns once it logged "serving"; raises DaemonError otherwise. May be
        called again after the process exited (a restart with the same config and workdir)."""
        self.serving_line = None
        self._serving = threading.Event()
        self.started_at = time.monotonic()
        self.stdout_path = os.path.join(self.workdir, f"ospd.{len(self._stdout_paths)}.stdout")
        self._stdout_paths.append(self.stdout_path)
        with open(self.stdout_path, "w", encoding="utf-8") as stdout:
            self.proc = subprocess.Popen(
                [ospd_bin(), "--config", self.config_path, *self.extra_args],
                stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, text=True)
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        if not self._serving.wait(START_TIMEOUT_S):
            self._kill()
            raise DaemonError(f"no 'serving' log line within {START_TIMEOUT_S}s\n{self.log_text()}")
        if self.serving_line is None:
            code = self.proc.wait(STOP_TIMEOUT_S)
            raise DaemonError(f"ospd exited with {code} before serving\n{self.log_text()}")
        self.start_to_serving_s = time.monotonic() - self.started_at
        self.unix_path = self.serving_line.get("unix") or None
        self.tcp_address = self.serving_line.get("tcp") or None
        return self

    def stop_cleanly(self):
        """Stops ospd with SIGTERM; raises AssertionError carrying its log unless it exited 0."""
        code = self.stop()
        if code != 0:
            raise AssertionError(f"ospd exited with {code} on SIGTERM\n{self.log_text()}")

    def stop(self, sig=signal.SIGTERM):
        """Sends sig and waits for the exit; returns the exit code."""
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._kill()
            raise DaemonError(f"ospd did not exit within {STOP_TIMEOUT_S}s of {sig.name}\n"
                              f"{self.log_text()}")
        self._reader.join(STOP_TIMEOUT_S)
        self.leaks = self.scan_for_secrets()
        if code == SANITIZER_EXIT_CODE or self.sanitizer_report:
            raise DaemonError(f"sanitizer report from ospd (exit {code})\n{self.log_text()}")
        return code

    def stdout_text(self):
        """What ospd wrote to stdout, over all its starts."""
        parts = []
        for path in self._stdout_paths:
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    parts.append(f.read())
        return "".join(parts)

    def scan_for_secrets(self):
        """secret_leaks() of this daemon's stderr and stdout and of every error message seen."""
        return (secret_leaks(self.log_lines(), "ospd stderr")
                + secret_leaks(self.stdout_text().splitlines(), "ospd stdout")
                + secret_leaks(errors_seen(), "an error message"))

    def assert_no_secret_leaked(self):
        if self.leaks:
            raise AssertionError("ospd leaked secrets:\n" + "\n".join(self.leaks))

    def cleanup(self):
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _kill(self):
        self.proc.kill()
        self.proc.wait()

    def _read_stderr(self):
        for raw in self.proc.stderr:
            line = raw.rstrip("\n")
            with self._lines_changed:
                self._lines.append(line)
                self._lines_changed.notify_all()
            entry = parse_log_line(line)
            if entry is None and any(marker in line for marker in SANITIZER_MARKERS):
                self.sanitizer_report = True
            if entry is not None and entry.get("msg") == "serving" and self.serving_line is None:
                self.serving_line = entry
                self._serving.set()
        # EOF: the process exited (or closed stderr); wake up start() if it still waits.
        self.proc.stderr.close()
        self._serving.set()

    # -- what the daemon logged --------------------------------------------------------------

    def log_lines(self):
        with self._lines_changed:
            return list(self._lines)

    def wait_for_log(self, predicate, timeout=START_TIMEOUT_S):
        """The first JSON log entry for which predicate(entry) is true, waiting for it to be
        written (bounded by timeout); raises DaemonError if it does not come."""
        def find():
            for line in self._lines:
                entry = parse_log_line(line)
                if entry is not None and predicate(entry):
                    return entry
            return None
        with self._lines_changed:
            entry = self._lines_changed.wait_for(find, timeout)
        if entry is None:
            raise DaemonError(f"expected log line not written within {timeout}s\n"
                              f"{self.log_text()}")
        return entry

    def log_entries(self):
        return [e for e in map(parse_log_line, self.log_lines()) if e is not None]

    def log_text(self):
        return "ospd stderr:\n" + "\n".join(self.log_lines())

    # -- clients ---------------------------------------------------------------------------

    def unix_target(self):
        """gRPC target of the Unix socket (ospctl and grpcio accept unix:///abs/path)."""
        return "unix://" + self.unix_path

    def unix_channel(self):
        return grpc.insecure_channel("unix:" + self.unix_path)


def parse_log_line(line):
    """The JSON object of one log line, or None for anything else."""
    if not line.startswith("{"):
        return None
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def record_metric(name, value):
    """Appends "name value" to OSP_E2E_OUT/metrics.txt, which scripts/test.sh prints."""
    out = os.environ.get("OSP_E2E_OUT")
    if out:
        with open(os.path.join(out, "metrics.txt"), "a", encoding="utf-8") as f:
            f.write(f"{name} {value}\n")
