"""The simulator's clock: wall time plus an offset that tests move forward through
POST /_sim/clock, so token and key expiry can be tested without sleeping. Thread-safe."""

import threading
import time


class SimClock:
    def __init__(self):
        self._lock = threading.Lock()
        self._offset = 0.0

    def now(self):
        """Seconds since the epoch, shifted by every advance() so far."""
        with self._lock:
            return time.time() + self._offset

    def advance(self, seconds):
        """Moves the clock forward by `seconds` (>= 0); returns the new offset."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds
            return self._offset

    def offset(self):
        with self._lock:
            return self._offset
