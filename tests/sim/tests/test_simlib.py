"""simlib without a network: fault rules, the request log, the clock, TLS material, the radosgw
client's S3 client cache."""

import os
import ssl
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from simlib import tls
from simlib.clock import SimClock
from simlib.faults import FaultError, Faults
from simlib.request_log import RequestLog
from simlib.rgw import RgwClient


class FaultsTest(unittest.TestCase):
    def test_fail_counts_down_and_retires(self):
        faults = Faults()
        faults.add({"action": "fail", "status": 503, "count": 2})
        self.assertEqual(faults.decide("GET", "/a").fail_status, 503)
        self.assertEqual(faults.decide("GET", "/a").fail_status, 503)
        self.assertIsNone(faults.decide("GET", "/a").fail_status)
        self.assertEqual(faults.describe(), [])

    def test_path_method_and_after(self):
        faults = Faults()
        faults.add({"action": "fail", "status": 500, "code": 30026, "path": "^/object/bucket",
                    "method": "post", "after": 1})
        self.assertIsNone(faults.decide("GET", "/object/bucket").fail_status)
        self.assertIsNone(faults.decide("POST", "/login").fail_status)
        self.assertIsNone(faults.decide("POST", "/object/bucket").fail_status)
        decision = faults.decide("POST", "/object/bucket/x/quota")
        self.assertEqual((decision.fail_status, decision.fail_code), (500, 30026))

    def test_latency_is_persistent_and_adds_up(self):
        faults = Faults()
        faults.add({"action": "latency", "ms": 100})
        faults.add({"action": "latency", "ms": 50, "count": 1})
        self.assertEqual(faults.decide("GET", "/").latency_ms, 150)
        self.assertEqual(faults.decide("GET", "/").latency_ms, 100)
        self.assertEqual(faults.describe()[0]["hits"], 2)

    def test_only_one_fail_rule_is_used_per_request(self):
        faults = Faults()
        faults.add({"action": "fail", "status": 500})
        faults.add({"action": "fail", "status": 503})
        self.assertEqual(faults.decide("GET", "/").fail_status, 500)
        self.assertEqual(faults.decide("GET", "/").fail_status, 503)

    def test_reset_and_remove(self):
        faults = Faults()
        rule = faults.add({"action": "reset", "count": 5})
        self.assertTrue(faults.decide("GET", "/").reset)
        self.assertTrue(faults.remove(rule["id"]))
        self.assertFalse(faults.remove(rule["id"]))
        self.assertFalse(faults.decide("GET", "/").reset)

    def test_every_nth_call_fails_until_removed(self):
        faults = Faults()
        rule = faults.add({"action": "fail", "status": 503, "every": 4, "path": "^/a"})
        failed = [faults.decide("GET", "/a").fail_status == 503 for _ in range(12)]
        self.assertEqual(failed, [False, False, False, True] * 3)
        self.assertIsNone(faults.decide("GET", "/b").fail_status)
        self.assertEqual(faults.describe()[0]["applied"], 3)
        self.assertTrue(faults.remove(rule["id"]))

    def test_every_with_after_and_count(self):
        faults = Faults()
        faults.add({"action": "reset", "every": 3, "after": 1, "count": 2})
        reset = [faults.decide("GET", "/").reset for _ in range(10)]
        self.assertEqual(reset, [False, False, False, True, False, False, True, False, False,
                                 False])
        self.assertEqual(faults.describe(), [])

    def test_every_spared_by_an_earlier_rule_acts_on_the_next_call(self):
        faults = Faults()
        faults.add({"action": "fail", "status": 500, "every": 2})
        faults.add({"action": "fail", "status": 503, "every": 2})
        statuses = [faults.decide("GET", "/").fail_status for _ in range(5)]
        self.assertEqual(statuses, [None, 500, 503, 500, 503])
    def test_one_answer_fault_per_request(self):
        faults = Faults()
        faults.add({"action": "truncate"})
        faults.add({"action": "garbage", "body": "<x"})
        first = faults.decide("GET", "/")
        self.assertTrue(first.truncate)
        self.assertIsNone(first.garbage)
        self.assertEqual(faults.decide("GET", "/").garbage, "<x")
        self.assertEqual(faults.describe(), [])

    def test_hold_is_waited_for_and_released(self):
        faults = Faults()
        rule = faults.add({"action": "hold", "stage": "after", "path": "^/b$"})
        self.assertIsNone(faults.wait_held(rule["id"], timeout_s=0))
        decision = faults.decide("PUT", "/b")
        self.assertEqual(decision.hold.stage, "after")
        self.assertEqual(faults.describe(), [])  # count used up, but still releasable
        outcome = []
        waiter = threading.Thread(target=lambda: outcome.append(
            faults.wait_released(decision.hold)))
        waiter.start()
        self.assertEqual(faults.wait_held(rule["id"], timeout_s=30)["held"], 1)
        self.assertTrue(faults.release(rule["id"], then="reset")["released"])
        waiter.join()
        self.assertEqual(outcome, ["reset"])
        with self.assertRaises(FaultError):
            faults.release(rule["id"])

    def test_invalid_rules(self):
        faults = Faults()
        for doc in ({"action": "boom"}, {"action": "fail", "status": 200},
                    {"action": "latency"}, {"action": "fail", "count": 0},
                    {"action": "hold", "stage": "during"}, {"action": "garbage", "body": 1},
                    {"action": "fail", "path": "("}, {"action": "fail", "count": "x"},
                    {"action": "fail", "every": 0}, []):
            with self.assertRaises(FaultError, msg=str(doc)):
                faults.add(doc)


class RequestLogTest(unittest.TestCase):
    def test_entries_since_counters_and_reset(self):
        log = RequestLog(capacity=2)
        for status in (200, 401, 200):
            log.record({"status": status})
        self.assertEqual([e["seq"] for e in log.entries()], [2, 3])
        self.assertEqual([e["seq"] for e in log.entries(since=2)], [3])
        log.count("logins")
        self.assertEqual(log.counters(), {"requests": 3, "status_200": 2, "status_401": 1,
                                          "logins": 1})
        log.reset()
        self.assertEqual((log.entries(), log.counters()), ([], {}))
        log.record({"status": 200})
        self.assertEqual(log.entries()[0]["seq"], 4)


class RgwClientCacheTest(unittest.TestCase):
    def test_keeps_the_most_recently_used_clients_only(self):
        # Making a boto3 client opens no connection: the endpoint is never reached.
        rgw = RgwClient("http://127.0.0.1:9", "admin", "admin-secret", client_cache=2)
        first = rgw.s3("k1", "s1")
        self.assertIs(rgw.s3("k1", "s1"), first)
        second = rgw.s3("k2", "s2")
        self.assertIs(rgw.s3("k1", "s1"), first)  # k1 is now the most recently used
        rgw.s3("k3", "s3")  # drops k2
        self.assertIs(rgw.s3("k1", "s1"), first)
        self.assertIsNot(rgw.s3("k2", "s2"), second)
        self.assertIsNot(rgw.s3("k1", "s2"), first)  # a rotated secret is another client
        self.assertEqual(rgw.s3("k1", "s2").meta.endpoint_url, "http://127.0.0.1:9")


class ClockTest(unittest.TestCase):
    def test_advance_moves_forward_only(self):
        clock = SimClock()
        before = clock.now()
        clock.advance(3600)
        self.assertGreaterEqual(clock.now(), before + 3600)
        self.assertEqual(clock.offset(), 3600)
        with self.assertRaises(ValueError):
            clock.advance(-1)


class TlsTest(unittest.TestCase):
    def test_certificate_loads_and_is_signed_by_the_ca(self):
        with tempfile.TemporaryDirectory() as tmp:
            ca_file, cert, key = tls.make_certificate(tmp)
            server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            server.load_cert_chain(cert, key)
            client = ssl.create_default_context(cafile=ca_file)
            self.assertEqual(len(client.get_ca_certs()), 1)


if __name__ == "__main__":
    unittest.main()
