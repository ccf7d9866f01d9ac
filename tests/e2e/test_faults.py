"""Backend faults through the real ospd, injected with the simulators' /_sim/faults, once per
backend type (both simulators serve TLS here): 503 bursts and connection resets retried within
the deadline, bursts that outlast the retries (UNAVAILABLE), latency past the caller's deadline
(DEADLINE_EXCEEDED without waiting for the backend), ECS token expiry mid-run (exactly one
re-login, also under concurrency), and certificates: ca_file and insecure_skip_verify work, an
untrusted certificate fails with a hint."""

import concurrent.futures
import re
import sys
import time
import unittest

import grpc
from osp.v1 import provider_pb2

import backends
import harness
from drivers import RpcAssertions

SITE = None
OSPD = None
TLS_HINT = "TLS certificate not trusted: use ca_file or insecure_skip_verify"
# Attempts the daemon makes for one idempotent backend request (1 + the transport's default
# max_retries of 2).
ATTEMPTS = 3
LATENCY_MS = 3000
CONCURRENT_CALLS = 12


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    specs = []
    for kind in ("ecs", "minio"):
        specs += [(kind, kind, {}), (kind, f"{kind}-insecure", {"tls": "insecure"}),
                  (kind, f"{kind}-untrusted", {"tls": "none"})]
    SITE, OSPD = backends.start_site(*specs, minio_tls=True)


def tearDownModule():
    SITE.stop()


class Faults(RpcAssertions, unittest.TestCase):
    """Subclasses set BACKEND (the id of the backend trusted through ca_file)."""

    BACKEND = None

    @classmethod
    def setUpClass(cls):
        cls.backend = SITE.backends[cls.BACKEND]
        cls.sim = cls.backend.sim
        rpc = SITE.driver("grpc", OSPD, cls.BACKEND)
        cls.account = backends.new_account()
        rpc.ensure_user(cls.account)
        cls.bucket = backends.unique_bucket("fault")
        rpc.create_bucket(cls.bucket, cls.account)

    @classmethod
    def tearDownClass(cls):
        SITE.backends[cls.BACKEND].sim.clear_faults()
        rpc = SITE.driver("grpc", OSPD, cls.BACKEND)
        rpc.delete_bucket(cls.bucket, force_empty=True)
        rpc.delete_user(cls.account)

    def setUp(self):
        self.sim.clear_faults()
        self.addCleanup(self.sim.clear_faults)
        self.rpc = SITE.driver("grpc", OSPD, self.BACKEND)

    def bucket_read_path(self, bucket=None):
        """Regex of the path of the first backend request GetBucket makes for a bucket
        (default self.bucket; an idempotent GET): ECS's bucket info, or the first S3 call on
        MinIO."""
        name = re.escape(bucket or self.bucket)
        if self.backend.profile is backends.ECS:
            return f"^/object/bucket/{name}/info$"
        return f"^/{name}$"

    def requests_to(self, path_regex, seq):
        pattern = re.compile(path_regex)
        return [e for e in self.sim.log_since(seq) if pattern.search(e["path"])]

    # --- 5xx and resets ------------------------------------------------------------------

    def test_503_burst_shorter_than_the_retries_succeeds(self):
        path = self.bucket_read_path()
        self.sim.add_fault(action="fail", status=503, count=ATTEMPTS - 1, path=path)
        seq = self.sim.last_seq()
        self.assertEqual(self.rpc.get_bucket(self.bucket).spec.name, self.bucket)
        statuses = [e["status"] for e in self.requests_to(path, seq)]
        self.assertEqual(statuses[:ATTEMPTS], [503] * (ATTEMPTS - 1) + [200])

    def test_503_burst_longer_than_the_retries_is_unavailable(self):
        path = self.bucket_read_path()
        self.sim.add_fault(action="fail", status=503, count=100, path=path)
        seq = self.sim.last_seq()
        self.assertFails(grpc.StatusCode.UNAVAILABLE, self.rpc.get_bucket, self.bucket)
        self.assertEqual([e["status"] for e in self.requests_to(path, seq)], [503] * ATTEMPTS)
        self.sim.clear_faults()
        self.assertEqual(self.rpc.get_bucket(self.bucket).spec.name, self.bucket)

    def test_create_bucket_through_a_503_burst(self):
        """A burst within the retries is absorbed; one past them is UNAVAILABLE, after which
        the caller's retry of the same CreateBucket completes the bucket."""
        method, path = self.bucket_create_request()
        absorbed = backends.unique_bucket("burst")
        self.sim.add_fault(action="fail", status=503, count=ATTEMPTS - 1, method=method,
                           path=path(absorbed))
        self.assertEqual(self.rpc.create_bucket(absorbed, self.account).spec.name, absorbed)
        self.assertEqual(self.rpc.get_bucket(absorbed).spec.owner, self.account)

        refused = backends.unique_bucket("burst")
        self.sim.add_fault(action="fail", status=503, count=100, method=method,
                           path=path(refused))
        self.assertFails(grpc.StatusCode.UNAVAILABLE, self.rpc.create_bucket, refused,
                         self.account, versioning="enabled")
        self.sim.clear_faults()
        self.rpc.create_bucket(refused, self.account, versioning="enabled")
        self.assertEqual(self.rpc.get_bucket(refused).spec.versioning,
                         provider_pb2.VERSIONING_STATE_ENABLED)
        for name in (absorbed, refused):
            self.rpc.delete_bucket(name)

    def bucket_create_request(self):
        """(method, path regex for a bucket name) of the request that creates a bucket."""
        if self.backend.profile is backends.ECS:
            return "POST", lambda name: "^/object/bucket$"
        return "PUT", lambda name: f"^/{re.escape(name)}$"

    def test_connection_reset_is_retried(self):
        self.sim.add_fault(action="reset", count=1, path=self.bucket_read_path())
        self.assertEqual(self.rpc.get_bucket(self.bucket).spec.name, self.bucket)
        self.assertGreaterEqual(self.sim.counters().get("faults_injected", 0), 1)

    # --- deadlines -----------------------------------------------------------------------

    def test_latency_past_the_callers_deadline_is_deadline_exceeded(self):
        # A name of its own, so that the daemon's log line for this call is unmistakable; the
        # backend's answer (bucket or no bucket) comes too late to matter.
        slow = backends.unique_bucket("slow")
        self.sim.add_fault(action="latency", ms=LATENCY_MS, path=self.bucket_read_path(slow))
        self.sim.add_fault(action="latency", ms=LATENCY_MS, path=self.bucket_read_path())
        ctl = SITE.driver("ospctl", OSPD, self.BACKEND)
        started = time.monotonic()
        done = ctl.run("bucket", "get", slow, timeout="1s")
        elapsed = time.monotonic() - started
        self.assertEqual(done.returncode, grpc.StatusCode.DEADLINE_EXCEEDED.value[0],
                         done.stderr)
        self.assertIn(b"DEADLINE_EXCEEDED", done.stderr)
        logged = OSPD.daemon.wait_for_log(
            lambda e: e.get("msg") == "rpc" and e.get("rpc") == "GetBucket"
            and e.get("backend") == self.BACKEND and e.get("bucket") == slow)
        self.assertEqual(logged["code"], "DEADLINE_EXCEEDED", logged)
        print(f"\n{self.BACKEND}: GetBucket with a 1 s deadline against {LATENCY_MS} ms of "
              f"backend latency: ospctl returned after {elapsed:.2f} s; ospd logged "
              f"{logged.get('duration_ms')} ms", file=sys.stderr)
        harness.record_metric(f"{self.BACKEND}_deadline_1s_latency_{LATENCY_MS}ms_return_s",
                              f"{elapsed:.2f}")

        short = SITE.driver("grpc", OSPD, self.BACKEND, timeout=1)
        self.assertFails(grpc.StatusCode.DEADLINE_EXCEEDED, short.get_bucket, self.bucket)
        self.sim.clear_faults()
        self.assertEqual(short.get_bucket(self.bucket).spec.name, self.bucket)

    # --- tokens --------------------------------------------------------------------------

    def test_token_expiry_mid_run_logs_in_exactly_once(self):
        if not self.backend.profile.logs_in:
            self.skipTest(f"{self.backend.profile.type} signs every request: no token")
        self.rpc.get_bucket(self.bucket)  # holds a token now
        logins = self.sim.counters()["logins"]
        self.sim.expire_tokens()
        self.assertEqual(self.rpc.get_bucket(self.bucket).spec.name, self.bucket)
        self.assertEqual(self.rpc.list_buckets(owner=self.account)[0].spec.name, self.bucket)
        self.assertEqual(self.sim.counters()["logins"], logins + 1)

        self.sim.expire_tokens()
        with concurrent.futures.ThreadPoolExecutor(CONCURRENT_CALLS) as pool:
            names = list(pool.map(lambda _: self.rpc.get_bucket(self.bucket).spec.name,
                                  range(CONCURRENT_CALLS)))
        self.assertEqual(names, [self.bucket] * CONCURRENT_CALLS)
        self.assertEqual(self.sim.counters()["logins"], logins + 2)

    # --- certificates --------------------------------------------------------------------

    def test_ca_file_and_insecure_skip_verify_both_work(self):
        for backend_id in (self.BACKEND, f"{self.BACKEND}-insecure"):
            with self.subTest(backend=backend_id):
                ctl = SITE.driver("ospctl", OSPD, backend_id)
                check = ctl.check()
                self.assertTrue(check.ok, check)
                self.assertIn(self.bucket, [b.spec.name for b in ctl.list_buckets()])
                self.assertEqual(ctl.get_bucket(self.bucket).spec.owner, self.account)

    def test_untrusted_certificate_fails_with_the_hint(self):
        backend_id = f"{self.BACKEND}-untrusted"
        for kind in ("ospctl", "grpc"):
            with self.subTest(client=kind):
                client = SITE.driver(kind, OSPD, backend_id)
                check = client.check()
                self.assertFalse(check.ok)
                failed = [c for c in check.checks if not c.ok]
                self.assertTrue(any(TLS_HINT in c.message for c in failed), check)
                refused = self.assertFails(grpc.StatusCode.UNAVAILABLE, client.get_bucket,
                                           self.bucket)
                self.assertIn(TLS_HINT, refused.message)


class EcsFaultsTest(Faults):
    BACKEND = "ecs"


class MinioFaultsTest(Faults):
    BACKEND = "minio"


del Faults  # run only through the subclasses


if __name__ == "__main__":
    unittest.main()
