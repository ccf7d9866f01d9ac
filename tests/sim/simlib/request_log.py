"""Request log and counters of one simulator, read and reset through /_sim/log and
/_sim/counters. Thread-safe: one lock guards entries and counters."""

import collections
import threading


class RequestLog:
    """Keeps the last `capacity` requests (oldest dropped first) and named counters."""

    def __init__(self, capacity=10000):
        self._lock = threading.Lock()
        self._entries = collections.deque(maxlen=capacity)
        self._counters = collections.Counter()
        self._next_seq = 1

    def record(self, entry):
        """Appends `entry` (a dict), stamping it with a sequence number; counts its status."""
        with self._lock:
            entry["seq"] = self._next_seq
            self._next_seq += 1
            self._entries.append(entry)
            self._counters["requests"] += 1
            self._counters["status_%s" % entry.get("status")] += 1

    def count(self, name, amount=1):
        with self._lock:
            self._counters[name] += amount

    def entries(self, since=0):
        """Entries with seq > `since`, oldest first."""
        with self._lock:
            return [dict(e) for e in self._entries if e["seq"] > since]

    def counters(self):
        with self._lock:
            return dict(self._counters)

    def reset(self):
        """Forgets every entry and counter; sequence numbers keep increasing."""
        with self._lock:
            self._entries.clear()
            self._counters.clear()

