"""MinIO simulator: fault switches on the admin API (JSON errors) and the S3 front (XML errors),
latency, connection resets, the request log and counters, health endpoints, TLS trust, and
start-up flags with a clean SIGTERM exit."""

import http.client
import os
import socket
import ssl
import tempfile
import unittest

from minio.minio_test_base import (ROOT_ACCESS_KEY, ROOT_SECRET, SIM_SCRIPT, MinioSimTestCase,
                                   unique)
from minio.minio_test_client import AdminClient
from simlib.control_client import ControlClient
from simlib.harness import SimProcess


class FaultsTest(MinioSimTestCase):
    def test_503_burst_on_admin_then_recovery(self):
        self.control.add_fault(action="fail", status=503, count=2, path="^/minio/admin/")
        for _ in range(2):
            self.assertAdminError(self.admin.call("GET", "list-canned-policies"), 503,
                                  "ServiceUnavailable")
        self.ok(self.admin.call("GET", "list-canned-policies"))
        self.assertEqual(self.control.call("GET", "/faults")["rules"], [])

    def test_500_with_code_on_one_operation(self):
        self.control.add_fault(action="fail", status=500, code="XMinioServerNotInitialized",
                               path="/set-bucket-quota$", method="PUT")
        self.ok(self.admin.call("GET", "list-canned-policies"))
        self.assertAdminError(self.admin.set_quota(unique("b"), 1), 500,
                              "XMinioServerNotInitialized")

    def test_s3_faults_are_xml(self):
        bucket = self.make_bucket()
        self.control.add_fault(action="fail", status=503, count=1, path="^/" + bucket)
        error = self.assertS3Error("ServiceUnavailable", self.front().list_objects_v2,
                                   Bucket=bucket)
        self.assertEqual(error.response["ResponseMetadata"]["HTTPStatusCode"], 503)
        self.front().list_objects_v2(Bucket=bucket)

    def test_latency_outlasts_a_short_client_timeout(self):
        self.control.add_fault(action="latency", ms=3000, path="/list-users")
        quick = AdminClient(self.info["endpoint"], ROOT_ACCESS_KEY, ROOT_SECRET, self.ca_file,
                            timeout=0.3)
        with self.assertRaises(socket.timeout):
            quick.call("GET", "list-users")
        self.control.clear_faults()
        self.ok(self.admin.call("GET", "list-users"))

    def test_reset_closes_without_response(self):
        self.control.add_fault(action="reset", count=1)
        with self.assertRaises((ConnectionError, http.client.RemoteDisconnected, ssl.SSLError)):
            self.admin.call("GET", "list-users")
        self.ok(self.admin.call("GET", "list-users"))
        self.assertEqual(self.control.log()[-2]["fault"], "reset")


class RequestLogTest(MinioSimTestCase):
    def test_log_records_api_operation_caller_and_status(self):
        bucket = self.make_bucket()
        self.control.reset_log()
        self.ok(self.admin.call("GET", "list-canned-policies", {"bucket": bucket}))
        self.admin.call("GET", "no-such-call")
        self.admin.with_keys("nobody", "nobody-secret").call("GET", "list-users")
        self.front().put_object(Bucket=bucket, Key="k", Body=b"1")
        entries = self.control.log()
        self.assertEqual([(e["api"], e["method"], e["status"]) for e in entries],
                         [("admin", "GET", 200), ("admin", "GET", 426), ("admin", "GET", 403),
                          ("s3", "PUT", 200)])
        self.assertEqual(entries[0]["op"], "list-canned-policies")
        self.assertEqual(entries[0]["query"], "bucket=" + bucket)
        self.assertEqual(entries[0]["access_key"], ROOT_ACCESS_KEY)
        self.assertEqual(entries[0]["caller"], "root")
        self.assertIsNone(entries[1]["op"])
        self.assertEqual(entries[2]["access_key"], "nobody")
        self.assertEqual(entries[3]["bucket"], bucket)
        counters = self.control.counters()
        self.assertEqual((counters["requests"], counters["status_200"]), (4, 2))
        self.assertGreaterEqual(counters["users"], 0)

    def test_control_calls_are_not_logged_and_state_has_no_secrets(self):
        access_key, secret = self.make_user()
        self.control.reset_log()
        state = self.control.call("GET", "/state")
        self.assertIn(access_key, state["users"])
        self.assertNotIn(secret, str(state))
        self.assertEqual(self.control.log(), [])

    def test_health_endpoints_need_no_credentials(self):
        client = AdminClient(self.info["endpoint"], "", "", self.ca_file)
        for path in ("live", "ready", "cluster"):
            self.assertEqual(client.send("GET", "%s/minio/health/%s" % (self.info["endpoint"],
                                                                        path), {}).status, 200)
        self.assertEqual(client.send("GET", self.info["endpoint"] + "/minio/health/x",
                                     {}).status, 404)


class TlsTest(MinioSimTestCase):
    def test_untrusted_without_ca_and_trusted_with_it(self):
        self.assertTrue(self.info["endpoint"].startswith("https://"))
        host, port = self.info["endpoint"][len("https://"):].split(":")
        conn = http.client.HTTPSConnection(host, int(port), timeout=10,
                                           context=ssl.create_default_context())
        with self.assertRaises(ssl.SSLCertVerificationError):
            conn.request("GET", "/minio/health/live")
        conn.close()
        self.ok(self.admin.call("GET", "list-users"))


class StartupAndShutdownTest(unittest.TestCase):
    def test_admin_only_plain_http_startup_fault_ready_file_and_sigterm(self):
        with tempfile.TemporaryDirectory() as tmp:
            ready = os.path.join(tmp, "ready.json")
            sim = SimProcess(SIM_SCRIPT, [
                "--no-rgw", "--plain-http", "--ready-file", ready, "--root-user",
                "%s:%s" % (ROOT_ACCESS_KEY, ROOT_SECRET),
                "--fault", '{"action":"fail","status":503,"count":1}'])
            try:
                self.assertTrue(sim.info["endpoint"].startswith("http://127.0.0.1:"))
                self.assertEqual(sim.info["sim"], "minio")
                self.assertIsNone(sim.info["s3_url"])
                with open(ready, encoding="utf-8") as f:
                    self.assertIn(sim.info["endpoint"], f.read())
                admin = AdminClient(sim.info["endpoint"], ROOT_ACCESS_KEY, ROOT_SECRET)
                self.assertEqual(admin.call("GET", "list-users").status, 503)
                self.assertEqual(admin.call("GET", "list-users").status, 200)
                self.assertEqual(admin.set_quota("any", 1).status, 404)
                control = ControlClient(sim.info["control_url"])
                self.assertEqual(control.call("GET", "/info")["endpoint"], sim.info["endpoint"])
            finally:
                code = sim.stop()
            self.assertEqual(code, 0)
            self.assertFalse(os.path.exists(ready))


if __name__ == "__main__":
    unittest.main()
