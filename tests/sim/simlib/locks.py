"""Concurrency helpers for the simulators' request threads: KeyedLocks (one reentrant lock per
name, e.g. per user or bucket, made on demand and dropped when unused) and SharedCall (one slow
read shared by the callers that ask while it runs). Both thread-safe."""

import contextlib
import threading


class KeyedLocks:
    """Serialises work on one resource (a key such as ("bucket", name)) while work on others
    runs. Reentrant per thread; an entry lives only while a thread holds or waits for it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = {}  # key -> [RLock, threads holding or waiting]

    @contextlib.contextmanager
    def hold(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = [threading.RLock(), 0]
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._lock:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._entries[key]

    def __len__(self):
        """Keys held or waited for now."""
        with self._lock:
            return len(self._entries)


class SharedCall:
    """Calls `fetch()` for many threads at most once at a time. Every caller gets the outcome
    (value or exception) of a call that started after it asked, never an older one: the answer
    is as fresh as a call of its own, while N concurrent callers cost about two calls."""

    def __init__(self, fetch):
        self._fetch = fetch
        self._cond = threading.Condition()
        self._running = False
        self._done = 0           # calls finished so far
        self._outcome = None     # (value, exception) of the last one

    def __call__(self):
        with self._cond:
            # A call running now may have read its answer before we asked: wait for the next.
            wanted = self._done + (2 if self._running else 1)
            while self._done < wanted and self._running:
                self._cond.wait()
            if self._done >= wanted:
                return _unwrap(self._outcome)
            self._running = True
        outcome = (None, RuntimeError("shared call interrupted"))
        try:
            outcome = (self._fetch(), None)
        except Exception as exc:  # pylint: disable=broad-except
            outcome = (None, exc)
        finally:
            # Even a BaseException must not leave the waiters (and every later caller) blocked.
            with self._cond:
                self._done += 1
                self._outcome = outcome
                self._running = False
                self._cond.notify_all()
        return _unwrap(outcome)


def _unwrap(outcome):
    value, exc = outcome
    if exc is not None:
        raise exc
    return value
