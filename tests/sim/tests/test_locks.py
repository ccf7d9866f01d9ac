"""simlib.locks without a network: per-key locks and the shared slow read."""

import itertools
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from simlib.locks import KeyedLocks, SharedCall


class KeyedLocksTest(unittest.TestCase):
    def test_one_key_excludes_others_on_it_but_not_other_keys(self):
        locks = KeyedLocks()
        inside, release = threading.Event(), threading.Event()
        got_other_key, got_same_key = threading.Event(), threading.Event()

        def holder():
            with locks.hold(("bucket", "a")):
                inside.set()
                release.wait()

        def same_key():
            with locks.hold(("bucket", "a")):
                got_same_key.set()

        def other_key():
            with locks.hold(("bucket", "b")):
                got_other_key.set()

        threads = [threading.Thread(target=holder)]
        threads[0].start()
        inside.wait()
        threads += [threading.Thread(target=same_key), threading.Thread(target=other_key)]
        for thread in threads[1:]:
            thread.start()
        threads[2].join()
        self.assertTrue(got_other_key.is_set())
        self.assertFalse(got_same_key.is_set())
        release.set()
        for thread in threads:
            thread.join()
        self.assertTrue(got_same_key.is_set())
        self.assertEqual(len(locks), 0)

    def test_reentrant_and_forgotten_when_released(self):
        locks = KeyedLocks()
        with locks.hold("k"):
            with locks.hold("k"):
                self.assertEqual(len(locks), 1)
            self.assertEqual(len(locks), 1)
        self.assertEqual(len(locks), 0)
        with self.assertRaises(ValueError):
            with locks.hold("k"):
                raise ValueError("inside")
        self.assertEqual(len(locks), 0)


class SharedCallTest(unittest.TestCase):
    def test_calls_one_after_another_each_read_afresh(self):
        counter = itertools.count(1)
        shared = SharedCall(lambda: next(counter))
        self.assertEqual([shared(), shared(), shared()], [1, 2, 3])

    def test_an_exception_reaches_the_caller_and_the_next_call_runs_again(self):
        outcomes = iter([RuntimeError("radosgw down"), 7])

        def fetch():
            outcome = next(outcomes)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        shared = SharedCall(fetch)
        with self.assertRaisesRegex(RuntimeError, "radosgw down"):
            shared()
        self.assertEqual(shared(), 7)

    def test_concurrent_callers_never_get_an_answer_read_before_they_asked(self):
        lock = threading.Lock()
        started = [0]

        def fetch():
            with lock:
                started[0] += 1
                number = started[0]
            # Work long enough for other callers to arrive while this read runs.
            sum(range(20000))
            return number

        shared = SharedCall(fetch)
        stale = []

        def caller():
            for _ in range(100):
                with lock:
                    before = started[0]
                answer = shared()
                if answer <= before:
                    stale.append((before, answer))

        threads = [threading.Thread(target=caller) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(stale, [])


if __name__ == "__main__":
    unittest.main()
