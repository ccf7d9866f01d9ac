"""The real ospd for the example tests: writes its config (JSON) into a directory, starts it,
reads its JSON log on stderr up to the "serving" line (which carries the bound TCP address),
and stops it with SIGTERM. Binary path from $OSPD_BIN (set by ctest)."""

import json
import os
import select
import signal
import subprocess
import time

START_TIMEOUT_S = 60


class Ospd:
    def __init__(self, config, workdir):
        path = os.path.join(workdir, "ospd.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        binary = os.environ["OSPD_BIN"]
        self.version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                      check=True).stdout.split()[1]
        self.proc = subprocess.Popen([binary, "--config", path], stderr=subprocess.PIPE,
                                     text=True)
        self.lines = []
        serving = self._wait_for("serving")
        self.unix = serving.get("unix")
        self.tcp = serving.get("tcp")

    def _wait_for(self, message):
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.proc.stderr], [], [],
                                           max(deadline - time.monotonic(), 0))
            if not readable:
                break
            line = self.proc.stderr.readline()
            if not line:
                raise RuntimeError("ospd exited: " + "".join(self.lines))
            self.lines.append(line)
            entry = json.loads(line)
            if entry.get("msg") == message:
                return entry
        self.proc.kill()
        raise RuntimeError(f"ospd did not log {message!r}: " + "".join(self.lines))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.communicate(timeout=START_TIMEOUT_S)
