"""ECS simulator: fault switches (503 burst, path/method filters, latency, connection reset,
startup --fault), the request log and counters, TLS trust, and clean shutdown."""

import http.client
import os
import socket
import ssl
import tempfile
import unittest

from ecs.ecs_test_base import SIM_SCRIPT, EcsSimTestCase, unique
from ecs.ecs_test_client import EcsTestClient
from simlib.control_client import ControlClient
from simlib.harness import SimProcess


class Faults(EcsSimTestCase):
    def test_503_burst_then_recovery(self):
        self.control.add_fault(action="fail", status=503, count=3)
        for _ in range(3):
            response = self.call("GET", "/object/namespaces")
            self.assertEcsError(response, 503, 6000)
            self.assertIs(response.json()["retryable"], True)
        self.ok("GET", "/object/namespaces")
        self.assertEqual(self.control.call("GET", "/faults")["rules"], [])

    def test_500_in_xml_with_path_and_method_filter(self):
        self.control.add_fault(action="fail", status=500, path="^/object/bucket$",
                               method="POST", count=1)
        self.ok("GET", "/object/namespaces")
        self.ok("GET", "/object/bucket?namespace=ns1")
        response = self.call("POST", "/object/bucket", {"name": unique("b"),
                                                        "namespace": "ns1"},
                             accept="application/xml")
        self.assertEqual(response.status, 500)
        self.assertEqual(response.xml().findtext("code"), "30024")

    def test_fail_after_skips_first_calls(self):
        self.control.add_fault(action="fail", status=503, after=2, count=1,
                               path="/object/namespaces")
        self.ok("GET", "/object/namespaces")
        self.ok("GET", "/object/namespaces")
        self.assertEqual(self.call("GET", "/object/namespaces").status, 503)
        self.ok("GET", "/object/namespaces")

    def test_faults_also_hit_login(self):
        self.control.add_fault(action="fail", status=503, path="^/login")
        self.assertEcsError(self.client.login_response(), 503, 6000)
        self.client.login()

    def test_latency_outlasts_a_short_client_timeout(self):
        self.control.add_fault(action="latency", ms=3000, path="/object/namespaces")
        with self.assertRaises(socket.timeout):
            self.call("GET", "/object/namespaces", timeout=0.3)
        rules = self.control.call("GET", "/faults")["rules"]
        self.assertEqual([(r["action"], r["hits"], r["count"]) for r in rules],
                         [("latency", 1, None)])
        self.control.clear_faults()
        self.ok("GET", "/object/namespaces")

    def test_reset_closes_without_response(self):
        self.control.add_fault(action="reset", count=1)
        with self.assertRaises((ConnectionError, http.client.RemoteDisconnected, ssl.SSLError)):
            self.call("GET", "/object/namespaces")
        self.ok("GET", "/object/namespaces")
        self.assertEqual(self.control.log()[-2]["fault"], "reset")

    def test_bad_rule_is_refused(self):
        with self.assertRaises(RuntimeError):
            self.control.add_fault(action="explode")
        with self.assertRaises(RuntimeError):
            self.control.add_fault(action="fail", path="(")


class RequestLog(EcsSimTestCase):
    def test_log_records_namespace_token_and_status(self):
        self.control.reset_log()
        uid, _ = self.make_user("ns2")
        self.call("GET", "/object/bucket/none/info?namespace=ns1")
        self.call("GET", "/object/namespaces", token="")
        entries = self.control.log()
        self.assertEqual([e["path"] for e in entries],
                         ["/object/users", "/object/user-secret-keys/" + uid,
                          "/object/bucket/none/info", "/object/namespaces"])
        self.assertEqual([e["namespace"] for e in entries[:3]], ["ns2", "ns2", "ns1"])
        self.assertEqual([e["token"] for e in entries], [True, True, True, False])
        self.assertEqual([e["status"] for e in entries], [200, 200, 400, 401])
        self.assertEqual(entries[2]["query"], "namespace=ns1")
        self.assertEqual(entries[0]["op"], "create_user")
        self.assertTrue(all(e["time"] > 0 for e in entries))
        since = entries[1]["seq"]
        self.assertEqual(len(self.control.log(since)), 2)

    def test_reset_clears_log_and_counters(self):
        self.client.login()
        self.control.reset_log()
        self.assertEqual(self.control.log(), [])
        counters = self.control.counters()
        self.assertNotIn("logins", counters)
        self.client.login()
        self.assertEqual(self.control.counters()["logins"], 1)

    def test_control_calls_are_not_logged(self):
        self.control.reset_log()
        self.control.counters()
        self.control.call("GET", "/state")
        self.assertEqual(self.control.log(), [])


class Tls(EcsSimTestCase):
    def test_untrusted_without_ca_and_trusted_with_it(self):
        untrusted = ssl.create_default_context()
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.client.call("GET", "/login", context=untrusted)
        insecure = ssl._create_unverified_context()  # pylint: disable=protected-access
        self.assertEqual(self.client.call("GET", "/login", context=insecure).status, 401)
        self.assertEqual(self.client.login_response().status, 200)

    def test_localhost_name_is_valid(self):
        client = EcsTestClient(self.info["mgmt_url"].replace("127.0.0.1", "localhost"),
                               self.info["ca_file"])
        self.assertEqual(client.login_response().status, 200)


class StartupAndShutdown(unittest.TestCase):
    def test_plain_http_startup_fault_ready_file_and_sigterm(self):
        with tempfile.TemporaryDirectory() as tmp:
            ready = os.path.join(tmp, "ready.json")
            sim = SimProcess(SIM_SCRIPT, [
                "--no-rgw", "--plain-http", "--ready-file", ready,
                "--fault", '{"action":"fail","status":503,"count":1}'])
            try:
                self.assertTrue(sim.info["mgmt_url"].startswith("http://127.0.0.1:"))
                self.assertIsNone(sim.info["s3_url"])
                self.assertIsNone(sim.info["ca_file"])
                with open(ready, encoding="utf-8") as f:
                    self.assertIn(sim.info["mgmt_url"], f.read())
                client = EcsTestClient(sim.info["mgmt_url"])
                self.assertEqual(client.login_response().status, 503)
                self.assertEqual(client.login_response().status, 200)
                control = ControlClient(sim.info["control_url"])
                self.assertEqual(control.call("GET", "/info")["mgmt_url"], sim.info["mgmt_url"])
            finally:
                code = sim.stop()
            self.assertEqual(code, 0)
            self.assertFalse(os.path.exists(ready))


if __name__ == "__main__":
    unittest.main()
