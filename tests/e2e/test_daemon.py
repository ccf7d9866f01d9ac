"""ospd end to end on plaintext listeners: health, reflection, the Python client, ospctl over the
Unix socket, request validation, and the process lifecycle (signals, socket file)."""

import json
import os
import signal
import socket
import stat
import statistics
import sys
import tempfile
import time
import unittest

import grpc
from grpc_health_v1 import health_pb2, health_pb2_grpc
from osp.v1 import provider_pb2, provider_pb2_grpc

import harness

# The contract: every RPC of osp.v1.ObjectStoreProvider (issue: "The contract").
EXPECTED_METHODS = sorted(
    "osp.v1.ObjectStoreProvider/" + m for m in [
        "GetProviderInfo", "GetCapabilities", "CheckBackend", "EnsureUser", "DeleteUser",
        "CreateAccessKey", "DeleteAccessKey", "CreateBucket", "GetBucket", "ListBuckets",
        "UpdateBucket", "DeleteBucket", "GetUsage", "ListObjects", "PutObject", "GetObject",
        "DeleteObjects", "PresignObject",
    ])
RPC_TIMEOUT_S = 10


class ServingDaemonTest(unittest.TestCase):
    """One daemon shared by tests that only read from it."""

    @classmethod
    def setUpClass(cls):
        cls.daemon = harness.Daemon().start()
        cls.channel = cls.daemon.unix_channel()

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        try:
            cls.daemon.stop_cleanly()
        finally:
            cls.daemon.cleanup()

    def test_serving_line_carries_bound_addresses(self):
        self.assertEqual(self.daemon.unix_path, self.daemon.config["listen"]["unix"])
        host, _, port = self.daemon.tcp_address.rpartition(":")
        self.assertEqual(host, "127.0.0.1")
        self.assertGreater(int(port), 0, "port 0 must be replaced by the bound port")

    def test_health_overall_serving_on_both_listeners(self):
        with grpc.insecure_channel(self.daemon.tcp_address) as tcp_channel:
            for channel in (self.channel, tcp_channel):
                reply = health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(service=""), timeout=RPC_TIMEOUT_S)
                self.assertEqual(reply.status, health_pb2.HealthCheckResponse.SERVING)

    def test_health_of_service_and_backend_serving(self):
        stub = health_pb2_grpc.HealthStub(self.channel)
        for service in ("osp.v1.ObjectStoreProvider",
                        "osp.v1.ObjectStoreProvider/" + harness.BACKEND_ID):
            with self.subTest(service=service):
                reply = stub.Check(health_pb2.HealthCheckRequest(service=service),
                                   timeout=RPC_TIMEOUT_S)
                self.assertEqual(reply.status, health_pb2.HealthCheckResponse.SERVING)

    def test_health_of_unknown_service_is_not_found(self):
        with self.assertRaises(grpc.RpcError) as err:
            health_pb2_grpc.HealthStub(self.channel).Check(
                health_pb2.HealthCheckRequest(service="no-such-backend"), timeout=RPC_TIMEOUT_S)
        self.assertEqual(err.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_buf_curl_lists_every_method_by_reflection(self):
        result = harness.buf_curl("--list-methods", f"http://{self.daemon.tcp_address}")
        self.assertEqual(result.returncode, 0, result.stderr)
        methods = sorted(line for line in result.stdout.split()
                         if line.startswith("osp.v1.ObjectStoreProvider/"))
        self.assertEqual(methods, EXPECTED_METHODS)
        self.assertEqual(len(methods), 18)

    def test_buf_curl_health_over_unix_socket_by_reflection(self):
        result = harness.buf_curl("--unix-socket", self.daemon.unix_path, "-d", "{}",
                                  "http://localhost/grpc.health.v1.Health/Check")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), {"status": "SERVING"})

    def test_python_client_get_provider_info(self):
        stub = provider_pb2_grpc.ObjectStoreProviderStub(self.channel)
        info = stub.GetProviderInfo(provider_pb2.GetProviderInfoRequest(), timeout=RPC_TIMEOUT_S)
        self.assertEqual(info.name, "ospd")
        version = harness.run([harness.ospd_bin(), "--version"])
        self.assertIn(info.version, version.stdout + version.stderr)
        self.assertEqual([(b.id, b.type) for b in info.backends], [(harness.BACKEND_ID, "ecs")])

    def test_unknown_backend_is_not_found(self):
        stub = provider_pb2_grpc.ObjectStoreProviderStub(self.channel)
        with self.assertRaises(grpc.RpcError) as err:
            stub.GetCapabilities(provider_pb2.GetCapabilitiesRequest(backend="nope"),
                                 timeout=RPC_TIMEOUT_S)
        self.assertEqual(err.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("nope", err.exception.details())

    def test_ospctl_over_unix_socket(self):
        result = harness.ospctl("--target", self.daemon.unix_target(), "--output", "json", "info")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["name"], "ospd")

    def test_ospctl_prints_code_and_message_on_error(self):
        result = harness.ospctl("--target", self.daemon.unix_target(), "--backend", "nope",
                                "capabilities")
        self.assertNotEqual(result.returncode, 0)
        self.assertRegex(result.stderr, r"NOT_FOUND: .*nope")

    def test_each_rpc_is_logged_as_one_json_line(self):
        result = harness.ospctl("--target", self.daemon.unix_target(), "--backend",
                                harness.BACKEND_ID, "bucket", "get", "logged-bucket")
        self.assertNotEqual(result.returncode, 64, result.stderr)  # not a usage error
        entry = self.daemon.wait_for_log(
            lambda e: e.get("msg") == "rpc" and e.get("bucket") == "logged-bucket")
        self.assertEqual(entry["rpc"], "GetBucket")
        self.assertEqual(entry["backend"], harness.BACKEND_ID)
        self.assertIn("code", entry)
        self.assertIn("duration_ms", entry)

    def test_socket_file_mode_is_0660(self):
        mode = os.stat(self.daemon.unix_path).st_mode
        self.assertTrue(stat.S_ISSOCK(mode))
        self.assertEqual(stat.S_IMODE(mode), 0o660)


class LifecycleTest(unittest.TestCase):
    """Each test runs its own daemon."""

    def test_sigterm_exits_zero_and_removes_the_socket(self):
        with harness.Daemon() as daemon:
            self.assertEqual(daemon.stop(signal.SIGTERM), 0, daemon.log_text())
            self.assertFalse(os.path.exists(daemon.unix_path))
            lines = daemon.log_lines()
            self.assertTrue(lines)
            for line in lines:
                self.assertIsNotNone(harness.parse_log_line(line), f"not a JSON object: {line}")
            self.assertEqual(harness.parse_log_line(lines[-1]).get("msg"), "stopped")

    def test_sigint_exits_zero(self):
        with harness.Daemon() as daemon:
            self.assertEqual(daemon.stop(signal.SIGINT), 0, daemon.log_text())

    def test_stale_socket_file_is_replaced(self):
        with tempfile.TemporaryDirectory(prefix="ospd-e2e-") as workdir:
            stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            stale.bind(os.path.join(workdir, "ospd.sock"))
            stale.close()  # leaves the socket file behind, like a crashed daemon
            with harness.Daemon(workdir=workdir) as daemon:
                reply = health_pb2_grpc.HealthStub(daemon.unix_channel()).Check(
                    health_pb2.HealthCheckRequest(), timeout=RPC_TIMEOUT_S)
                self.assertEqual(reply.status, health_pb2.HealthCheckResponse.SERVING)
                self.assertEqual(daemon.stop(), 0, daemon.log_text())

    def test_start_to_serving_time(self):
        """Measured and printed, never asserted: from exec to the "serving" log line and to the
        first SERVING health answer."""
        to_log, to_health = [], []
        for _ in range(3):
            with harness.Daemon() as daemon:
                to_log.append(daemon.start_to_serving_s)
                with daemon.unix_channel() as channel:
                    reply = health_pb2_grpc.HealthStub(channel).Check(
                        health_pb2.HealthCheckRequest(), timeout=RPC_TIMEOUT_S)
                to_health.append(time.monotonic() - daemon.started_at)
                self.assertEqual(reply.status, health_pb2.HealthCheckResponse.SERVING)
                self.assertEqual(daemon.stop(), 0, daemon.log_text())
        log_ms = statistics.median(to_log) * 1000
        health_ms = statistics.median(to_health) * 1000
        print(f"\nospd start-to-SERVING over {len(to_log)} starts (median): {log_ms:.0f} ms to the "
              f"serving log line, {health_ms:.0f} ms to a SERVING health answer", file=sys.stderr)
        harness.record_metric("ospd_start_to_serving_log_ms", f"{log_ms:.0f}")
        harness.record_metric("ospd_start_to_serving_health_ms", f"{health_ms:.0f}")


if __name__ == "__main__":
    unittest.main()
