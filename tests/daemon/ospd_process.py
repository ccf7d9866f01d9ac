"""The real ospd for the daemon tests: writes its config (JSON) into a directory, starts it,
reads its JSON log from stderr on a thread of its own (so that a chatty debug log never blocks
the daemon), waits for the "serving" line, which carries the bound addresses, and stops it with
SIGTERM. Binary path from $OSPD_BIN (set by ctest)."""

import json
import os
import signal
import subprocess
import threading

# A bound on waiting for a log line, not a sleep: waits end as soon as the line arrives.
TIMEOUT_S = 60


class Ospd:
    def __init__(self, config, workdir, args=()):
        path = os.path.join(workdir, "ospd.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        binary = os.environ["OSPD_BIN"]
        self.version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                      check=True).stdout.split()[1]
        self.proc = subprocess.Popen([binary, "--config", path, *args], stderr=subprocess.PIPE,
                                     text=True)
        self._lines = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        serving = self.wait_for(lambda entry: entry.get("msg") == "serving")
        self.unix = serving.get("unix")
        self.tcp = serving.get("tcp")

    def _read(self):
        for line in self.proc.stderr:
            with self._changed:
                self._lines.append(json.loads(line))
                self._changed.notify_all()
        with self._changed:
            self._lines.append(None)  # end of the log
            self._changed.notify_all()

    def entries(self):
        """Every log entry so far, as dicts."""
        with self._changed:
            return [e for e in self._lines if e is not None]

    def wait_for(self, predicate):
        """The first log entry for which predicate(entry) is true; RuntimeError if the log ends
        or TIMEOUT_S passes first."""
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(e is None or predicate(e) for e in self._lines), TIMEOUT_S)
            match = next((e for e in self._lines if e is not None and predicate(e)), None)
        if not found or match is None:
            self.proc.kill()
            raise RuntimeError("ospd did not log what was expected: %s" % self.entries())
        return match

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=TIMEOUT_S)
        self._reader.join(timeout=TIMEOUT_S)
        # 86: the exit code sanitizer builds give ospd for a report (scripts/test.sh).
        if self.proc.returncode == 86:
            raise RuntimeError("sanitizer report from ospd (exit 86); see its stderr above")
