"""The real ospd's logs and metrics, with the ECS simulator as its backend: --log-level debug
overrides the config's level and adds one line per backend HTTP call (no query string, no
credentials); the Prometheus endpoint on metrics.listen (port 0, announced in the log) serves
an exposition that an independent parser (python3-prometheus-client) reads, with the RPCs,
backend calls and logins that just happened."""

import os
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

import ospd_process
from ecs_simulator import PASSWORD, EcsSimulator

BACKEND = "ecs-1"


def stubs():
    path = os.environ.get("OSP_PYTHON_STUBS")
    if not path:
        raise unittest.SkipTest("OSP_PYTHON_STUBS is not set: run through ctest")
    sys.path.insert(0, path)
    import grpc  # noqa: E402  (python3-grpcio)
    from osp.v1 import provider_pb2, provider_pb2_grpc  # noqa: E402  (generated)
    return grpc, provider_pb2, provider_pb2_grpc


class ObservabilityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.grpc, cls.pb, cls.pb_grpc = stubs()
        cls.tmp = tempfile.TemporaryDirectory(prefix="ospd-observability-")
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.sim = EcsSimulator()
        cls.addClassCleanup(cls.sim.stop)
        cls.sim.create_bucket("a1", "a1-data")
        config = {
            "listen": {"unix": os.path.join(cls.tmp.name, "ospd.sock")},
            "metrics": {"listen": "127.0.0.1:0"},
            "log": {"level": "warn"},
            "backends": [cls.sim.backend(BACKEND, cls.tmp.name)],
        }
        cls.ospd = ospd_process.Ospd(config, cls.tmp.name, args=["--log-level", "debug"])
        cls.addClassCleanup(cls.ospd.stop)
        cls.metrics = cls.ospd.wait_for(lambda e: e.get("msg") == "metrics serving")["listen"]
        channel = cls.grpc.insecure_channel("unix:" + cls.ospd.unix)
        stub = cls.pb_grpc.ObjectStoreProviderStub(channel)
        for _ in range(2):
            stub.ListBuckets(cls.pb.ListBucketsRequest(backend=BACKEND), timeout=60)
        with cls.assertRaises(cls, cls.grpc.RpcError):
            stub.GetBucket(cls.pb.GetBucketRequest(backend=BACKEND, name="missing-bucket"),
                           timeout=60)
        channel.close()

    def scrape(self, path="/metrics"):
        with urllib.request.urlopen(f"http://{self.metrics}{path}", timeout=30) as response:
            return response.headers["Content-Type"], response.read().decode()

    def samples(self):
        """{(name, frozenset(labels.items())): value} of one scrape, read by prometheus_client."""
        _, text = self.scrape()
        return {(s.name, frozenset(s.labels.items())): s.value
                for family in text_string_to_metric_families(text) for s in family.samples}

    def test_flag_level_overrides_the_config(self):
        # log.level is warn: only --log-level debug can have let these through.
        rpc = self.ospd.wait_for(lambda e: e.get("msg") == "rpc" and e.get("rpc") == "ListBuckets")
        self.assertEqual(rpc["level"], "info")
        self.assertEqual(rpc["backend"], BACKEND)
        self.assertIn("request", rpc)  # debug adds the (redacted) request

    def test_backend_calls_are_logged_at_debug_without_queries_or_credentials(self):
        call = self.ospd.wait_for(lambda e: e.get("msg") == "backend http"
                                  and e.get("operation") == "ecs.ListBuckets")
        self.assertEqual(call["level"], "debug")
        self.assertEqual(call["backend"], BACKEND)
        self.assertEqual(call["method"], "GET")
        self.assertEqual(call["status"], "200")
        self.assertTrue(call["url"].startswith(self.sim.info["mgmt_url"] + "/object/bucket"))
        self.assertNotIn("?", call["url"])  # the namespace query is not logged
        float(call["duration_ms"])
        login = self.ospd.wait_for(lambda e: e.get("msg") == "backend http"
                                   and e.get("operation") == "ecs.login")
        self.assertEqual(login["status"], "200")
        log = str(self.ospd.entries())
        self.assertNotIn(PASSWORD, log)
        self.assertNotIn(self.sim.token, log)
        self.assertNotIn("X-SDS-AUTH-TOKEN", log)

    def test_metrics_parse_and_count_what_happened(self):
        content_type, _ = self.scrape()
        self.assertEqual(content_type, "text/plain; version=0.0.4; charset=utf-8")
        samples = self.samples()

        def value(name, **labels):
            return samples.get((name, frozenset(labels.items())))

        self.assertEqual(value("osp_build_info", version=self.ospd.version), 1)
        self.assertEqual(value("osp_rpc_requests_total", method="ListBuckets", code="OK"), 2)
        self.assertEqual(value("osp_rpc_requests_total", method="GetBucket", code="NOT_FOUND"), 1)
        self.assertEqual(value("osp_rpc_duration_seconds_count", method="ListBuckets"), 2)
        self.assertEqual(value("osp_rpc_duration_seconds_bucket", method="ListBuckets", le="+Inf"),
                         2)
        self.assertEqual(value("osp_backend_logins_total", backend=BACKEND), 1)
        self.assertEqual(value("osp_backend_http_requests_total", backend=BACKEND,
                               operation="ecs.login", status="200"), 1)
        self.assertGreaterEqual(value("osp_backend_http_requests_total", backend=BACKEND,
                                      operation="ecs.ListBuckets", status="200"), 2)
        self.assertEqual(value("osp_streams_in_flight", method="GetObject"), 0)
        self.assertEqual(value("osp_object_bytes_total", direction="upload"), 0)
        # No per-tenant label anywhere: the bucket names never appear.
        _, text = self.scrape()
        self.assertNotIn("a1-data", text)
        self.assertNotIn("missing-bucket", text)

    def test_only_metrics_is_served(self):
        with self.assertRaises(urllib.error.HTTPError) as raised:
            self.scrape("/")
        self.assertEqual(raised.exception.code, 404)


if __name__ == "__main__":
    unittest.main()
