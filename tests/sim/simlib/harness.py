"""Test harness for the simulators: a radosgw for the S3 side (from the ctest fixture, or
started with tests/sim/s3-server.sh) and a simulator child process read up to its ready line.
For test code only; each object is used from one thread."""

import atexit
import json
import os
import select
import signal
import subprocess
import tempfile
import time

SIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
S3_SERVER = os.path.join(SIM_DIR, "s3-server.sh")
# Set by the ctest fixture s3_server (or by hand) to reuse a running radosgw.
RGW_ENV_VARIABLE = "OSP_S3_SERVER_ENV"


class Radosgw:
    """A radosgw to back a simulator: the one named by $OSP_S3_SERVER_ENV, else a private one
    started with tests/sim/s3-server.sh and stopped by stop()."""

    def __init__(self):
        self._dir = None
        self.env_file = os.environ.get(RGW_ENV_VARIABLE)
        if not self.env_file:
            if not os.path.exists(S3_SERVER):
                raise RuntimeError("no radosgw: set %s or provide %s" % (RGW_ENV_VARIABLE,
                                                                         S3_SERVER))
            self._dir = tempfile.mkdtemp(prefix="ospd-rgw-")
            subprocess.run([S3_SERVER, "start", self._dir], check=True,
                           stdout=subprocess.DEVNULL)
            self.env_file = os.path.join(self._dir, "env")
        self.env = {}
        with open(self.env_file, encoding="utf-8") as f:
            for line in f:
                name, sep, value = line.strip().partition("=")
                if sep:
                    self.env[name] = value

    def stop(self):
        if self._dir:
            subprocess.run([S3_SERVER, "stop", self._dir], check=False,
                           stdout=subprocess.DEVNULL)
            self._dir = None


_SHARED = []


def shared_radosgw():
    """One Radosgw for the whole test process, stopped at exit."""
    if not _SHARED:
        _SHARED.append(Radosgw())
        atexit.register(_SHARED[0].stop)
    return _SHARED[0]


class SimProcess:
    """Runs a simulator script with `args`; `info` is its parsed ready line."""

    def __init__(self, script, args, ready_timeout=60):
        self.proc = subprocess.Popen(["/usr/bin/python3", script] + list(args),
                                     stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + ready_timeout
        line = ""
        while not line.endswith("\n"):
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([self.proc.stdout], [], [], max(remaining, 0))
            if not readable:
                self.proc.kill()
                raise RuntimeError("simulator printed no ready line in %ds" % ready_timeout)
            chunk = self.proc.stdout.readline()
            if not chunk:
                raise RuntimeError("simulator exited with %s before its ready line" %
                                   self.proc.wait())
            line += chunk
        self.info = json.loads(line)

    def stop(self, timeout=20):
        """SIGTERM, then waits; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            self.proc.stdout.close()
