"""No secret leaves ospd: a full flow on ECS and MinIO (both clients) with known secrets, then a
scan of everything ospd said for any of them: its stderr (at log level debug, so every RPC's
redacted request and response and every backend HTTP call is there) and stdout, every error
message a client saw, the Prometheus metrics page and GetProviderInfo. The secrets are the
management password (also as its HTTP Basic form), the MinIO root secret and seed, wrong
credentials of two misconfigured backends, every secret key EnsureUser and CreateAccessKey
returned and the signatures of presigned URLs. Also: the fields marked (osp.v1.secret) are
redacted in the RPC log lines, by that option.

Every other e2e module gets the log and error-message part of this scan at teardown
(harness.Daemon.scan_for_secrets); this module adds the metrics page, GetProviderInfo, debug
logs and backends that fail to log in."""

import base64
import json
import unittest
import urllib.request
import uuid

import grpc
from google.protobuf import duration_pb2, json_format, text_format
from osp.v1 import provider_pb2 as pb
from osp.v1 import provider_pb2_grpc

import backends
import drivers
import harness
from drivers import RpcAssertions

SITE = None
OSPD = None
METRICS = None
REDACTED = "[redacted]"
WRONG_ECS_PASSWORD = "wrong-ecs-password-" + uuid.uuid4().hex
WRONG_MINIO_SECRET = "wrong-minio-secret-" + uuid.uuid4().hex
SEEN = {"provider_info": []}


def _sections(workdir):
    wrong_ecs = backends.ecs_section("ecs-wrong-password", SITE.ecs_sim, workdir)
    wrong_ecs["ecs"]["password_file"] = backends.write_secret(workdir, "wrong.pass",
                                                              WRONG_ECS_PASSWORD)
    wrong_minio = backends.minio_section("minio-wrong-secret", SITE.minio_sim, workdir)
    wrong_minio["minio"]["secret_key_file"] = backends.write_secret(workdir, "wrong.secret",
                                                                    WRONG_MINIO_SECRET)
    return [backends.ecs_section("ecs", SITE.ecs_sim, workdir),
            backends.minio_section("minio", SITE.minio_sim, workdir), wrong_ecs, wrong_minio]


def setUpModule():
    global SITE, OSPD, METRICS  # pylint: disable=global-statement
    for user, password in ((backends.ECS_USER, backends.ECS_PASSWORD),
                           (backends.ECS_USER, WRONG_ECS_PASSWORD)):
        harness.register_secret(base64.b64encode(f"{user}:{password}".encode()).decode())
    SITE = backends.Site()
    try:
        OSPD = backends.Ospd(_sections, log={"level": "debug"},
                             metrics={"listen": "127.0.0.1:0"})
    except Exception:
        SITE.stop()
        raise
    SITE.daemons.append(OSPD)
    SITE.backends["ecs"] = backends.ecs_backend("ecs", SITE.ecs_sim)
    SITE.backends["minio"] = backends.minio_backend("minio", SITE.minio_sim)
    METRICS = OSPD.daemon.wait_for_log(lambda e: e.get("msg") == "metrics serving")["listen"]


def tearDownModule():
    SITE.stop()  # fails on any leak in the logs or error messages, too


def scrape_metrics():
    with urllib.request.urlopen(f"http://{METRICS}/metrics", timeout=30) as response:
        return response.read().decode()


def provider_info():
    stub = provider_pb2_grpc.ObjectStoreProviderStub(OSPD.channel())
    info = stub.GetProviderInfo(pb.GetProviderInfoRequest(), timeout=30)
    return [text_format.MessageToString(info), json_format.MessageToJson(info)]


class FullFlow(RpcAssertions, unittest.TestCase):
    """Subclasses set BACKEND and WRONG (the same backend with a wrong admin secret)."""

    BACKEND = None
    WRONG = None

    def test_full_flow(self):
        stub = provider_pb2_grpc.ObjectStoreProviderStub(OSPD.channel())
        for kind in ("grpc", "ospctl"):
            rpc = SITE.driver(kind, OSPD, self.BACKEND)
            with self.subTest(client=kind):
                self.flow(rpc, stub)
        self.misconfigured(SITE.driver("grpc", OSPD, self.WRONG))
        SEEN["provider_info"] += provider_info()

    def flow(self, rpc, stub):
        account = backends.new_account()
        first = rpc.ensure_user(account)
        self.addCleanup(drivers.remove_account, rpc, account)
        self.assertEqual(rpc.ensure_user(account).credentials.secret_access_key,
                         first.credentials.secret_access_key)
        rpc.check()
        rpc.capabilities()
        bucket = backends.unique_bucket("secret")
        rpc.create_bucket(bucket, account)
        rpc.put(bucket, "dir/a.txt", b"secret-scan")
        self.assertEqual(rpc.get(bucket, "dir/a.txt"), b"secret-scan")
        rpc.list_objects(bucket)
        rpc.usage([bucket])
        for method in (pb.PRESIGN_METHOD_GET, pb.PRESIGN_METHOD_PUT):
            drivers.register_secrets(stub.PresignObject(pb.PresignObjectRequest(
                backend=self.BACKEND, bucket=bucket, key="dir/a.txt", method=method,
                ttl=duration_pb2.Duration(seconds=600)), timeout=30))
        second = rpc.create_key(account)
        self.assertFails(grpc.StatusCode.NOT_FOUND, rpc.get_bucket, bucket + "-missing")
        rpc.delete_key(account, second.access_key_id)
        rpc.delete_objects(bucket, ["dir/a.txt"])
        rpc.delete_bucket(bucket)

    def misconfigured(self, rpc):
        """A backend whose admin secret is wrong: its check and calls fail, naming no secret."""
        self.assertFalse(rpc.check().ok)
        with self.assertRaises(drivers.RpcFailed):
            rpc.ensure_user(backends.new_account())


class EcsFlowTest(FullFlow):
    BACKEND, WRONG = "ecs", "ecs-wrong-password"


class MinioFlowTest(FullFlow):
    BACKEND, WRONG = "minio", "minio-wrong-secret"


del FullFlow


class ZzScanTest(unittest.TestCase):
    """Runs after the flows: unittest loads a module's test classes in name order."""

    def assertNoLeak(self, texts, where):  # pylint: disable=invalid-name
        self.assertEqual(harness.secret_leaks(texts, where), [])

    def test_the_scan_knows_the_secrets_and_can_fail(self):
        known = harness.secrets()
        for value in (backends.ECS_PASSWORD, backends.MINIO_SECRET_KEY, WRONG_ECS_PASSWORD,
                      WRONG_MINIO_SECRET):
            self.assertIn(value, known)
        # Config secrets (4 + seed + Basic forms) plus at least 2 users and 2 keys per backend
        # and 2 signatures per presign.
        self.assertGreaterEqual(len(known), 20)
        planted = "x" + sorted(known)[0] + "y"
        self.assertNotEqual(harness.secret_leaks([planted], "a planted line"), [])

    def test_no_secret_in_the_logs(self):
        self.assertGreater(len(OSPD.daemon.log_lines()), 50)
        self.assertNoLeak(OSPD.daemon.log_lines(), "ospd stderr")
        self.assertNoLeak(OSPD.daemon.stdout_text().splitlines(), "ospd stdout")

    def test_no_secret_in_error_messages(self):
        self.assertNotEqual(harness.errors_seen(), [])
        self.assertNoLeak(harness.errors_seen(), "an error message")
        logged = [e["error"] for e in OSPD.daemon.log_entries() if "error" in e]
        self.assertNotEqual(logged, [])
        self.assertNoLeak(logged, "a logged error")

    def test_no_secret_on_the_metrics_page(self):
        page = scrape_metrics()
        self.assertIn("EnsureUser", page)
        self.assertNoLeak(page.splitlines(), "the metrics page")

    def test_no_secret_in_provider_info(self):
        self.assertNotEqual(SEEN["provider_info"], [])
        self.assertNoLeak(SEEN["provider_info"] + provider_info(), "GetProviderInfo")

    def test_secret_fields_are_redacted_in_the_rpc_log(self):
        responses = {}
        for entry in OSPD.daemon.log_entries():
            if entry.get("msg") == "rpc" and "response" in entry:
                response = entry["response"]
                if isinstance(response, str):
                    response = json.loads(response)
                responses.setdefault(entry["rpc"], []).append(response)
        for rpc in ("EnsureUser", "CreateAccessKey"):
            for response in responses[rpc]:
                credentials = response["credentials"]
                self.assertTrue(credentials["access_key_id"])  # not a secret: logged
                self.assertEqual(credentials["secret_access_key"], REDACTED)
        self.assertEqual({r["url"] for r in responses["PresignObject"]}, {REDACTED})


if __name__ == "__main__":
    unittest.main()
