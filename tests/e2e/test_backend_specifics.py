"""What only one backend type has, through the real ospd: two ECS backends on one simulator with
different namespaces stay apart; ECS management requests and logins per CreateBucket (measured
from the simulator's request log) and during 64 concurrent CreateBucket calls on a cold daemon;
MinIO's hard quota enforced by the server (RESOURCE_EXHAUSTED) and usage after uploads."""

import collections
import sys
import time
import unittest

import grpc
from osp.v1 import provider_pb2

import backends
import harness
from backends import GIB
from drivers import GrpcDriver, RpcAssertions, remove_account

SITE = None
OSPD = None
CONCURRENT_CREATES = 64


def op_of(entry):
    """What a simulator log entry did: its op name, else method and path."""
    return entry.get("op") or f"{entry['method']} {entry['path']}"


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    SITE, OSPD = backends.start_site(("ecs", "ecs-ns1", {"namespace": "ns1"}),
                                     ("ecs", "ecs-ns2", {"namespace": "ns2"}),
                                     ("minio", "minio", {}))


def tearDownModule():
    SITE.stop()


class Case(RpcAssertions, unittest.TestCase):
    pass


class EcsNamespaceIsolationTest(Case):
    """ECS user names are unique across a cluster, buckets per namespace; a backend sees and
    touches only its own namespace."""

    def setUp(self):
        self.ns1 = SITE.driver("grpc", OSPD, "ecs-ns1")
        self.ns2 = SITE.driver("grpc", OSPD, "ecs-ns2")
        self.sim = SITE.ecs_sim

    def test_a_bucket_and_user_of_one_namespace_are_invisible_to_the_other(self):
        account = backends.new_account()
        user = self.ns1.ensure_user(account)
        self.addCleanup(remove_account, self.ns1, account)
        name = backends.unique_bucket("ns1")
        self.ns1.create_bucket(name, account, versioning="enabled")
        self.ns1.put(name, "k", b"ns1 data")
        seq = self.sim.last_seq()

        # Reads through ns2 do not find it.
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.ns2.get_bucket, name)
        self.assertNotIn(name, [b.spec.name for b in self.ns2.list_buckets()])
        self.assertEqual(self.ns2.list_buckets(owner=account), [])
        self.assertNotIn(name, [u.bucket for u in self.ns2.usage()])
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.ns2.list_objects, name)
        # ns2 cannot use ns1's user nor take the bucket name.
        self.assertFails(grpc.StatusCode.FAILED_PRECONDITION, self.ns2.ensure_user, account)
        self.assertFails(grpc.StatusCode.FAILED_PRECONDITION, self.ns2.create_bucket,
                         backends.unique_bucket("ns2"), account)
        other = backends.new_account()
        self.ns2.ensure_user(other)
        self.addCleanup(remove_account, self.ns2, other)
        self.assertFails(grpc.StatusCode.ALREADY_EXISTS, self.ns2.create_bucket, name, other)
        # Deletes through ns2 are no-ops for ns1's resources.
        self.ns2.delete_bucket(name, force_empty=True)
        self.ns2.delete_user(account)

        window = self.sim.log_since(seq)
        self.assertTrue(window)
        self.assertEqual({e["namespace"] for e in window if e.get("namespace")}, {"ns2"})

        self.assertEqual(self.ns1.get_bucket(name).spec.owner, account)
        self.assertEqual(self.ns1.get(name, "k"), b"ns1 data")
        again = self.ns1.ensure_user(account)
        self.assertFalse(again.created)
        self.assertEqual(again.credentials, user.credentials)


class EcsRequestCountTest(Case):
    """Management requests and logins per CreateBucket, from the simulator's request log."""

    def test_requests_and_logins_per_create_bucket(self):
        rpc = SITE.driver("grpc", OSPD, "ecs-ns1")
        sim = SITE.ecs_sim
        account = backends.new_account()
        rpc.ensure_user(account)
        self.addCleanup(remove_account, rpc, account)
        rpc.create_bucket(backends.unique_bucket("warm"), account)  # token and caches warm

        counts = {}
        for label, options in (("plain", {}),
                               ("versioned_public", {"versioning": "enabled",
                                                     "policy": "public-read"})):
            seq = sim.last_seq()
            rpc.create_bucket(backends.unique_bucket("count"), account, **options)
            ops = [op_of(e) for e in sim.log_since(seq)]
            counts[label] = ops
            self.assertNotIn("login", ops)
            self.assertEqual(ops.count("create_bucket"), 1, ops)
            # One read for what ECS's create answer lacks (created_at).
            self.assertEqual(ops.count("bucket_info"), 1, ops)
        for label, ops in counts.items():
            print(f"\nECS CreateBucket ({label}, warm daemon): {len(ops)} management "
                  f"request(s) {ops}, 0 logins", file=sys.stderr)
            harness.record_metric(f"ecs_create_bucket_{label}_mgmt_requests", len(ops))

    def test_64_concurrent_creates_on_a_cold_daemon_log_in_once(self):
        sim = SITE.ecs_sim
        warm = SITE.driver("grpc", OSPD, "ecs-ns1")
        account = backends.new_account()
        warm.ensure_user(account)
        self.addCleanup(remove_account, warm, account)

        # gRPC's sync server refuses calls beyond its thread pool (RESOURCE_EXHAUSTED): give
        # every call a thread so that all 64 reach the backend at once.
        cold = SITE.start_ospd(("ecs", "ecs-ns1", {"namespace": "ns1"}),
                               max_threads=CONCURRENT_CREATES + 8)
        stub = GrpcDriver(cold.channel(), "ecs-ns1").stub
        names = [backends.unique_bucket(f"c{i}") for i in range(CONCURRENT_CREATES)]
        logins_before = sim.counters().get("logins", 0)
        seq = sim.last_seq()
        started = time.monotonic()
        futures = [stub.CreateBucket.future(provider_pb2.CreateBucketRequest(
            backend="ecs-ns1", bucket=provider_pb2.BucketSpec(
                name=name, owner=account, versioning=provider_pb2.VERSIONING_STATE_ENABLED)),
            timeout=120) for name in names]
        created = sorted(f.result().bucket.spec.name for f in futures)
        elapsed = time.monotonic() - started
        logins = sim.counters().get("logins", 0) - logins_before
        ops = [op_of(e) for e in sim.log_since(seq)]
        self.assertEqual(cold.stop(), 0, cold.log_text())

        self.assertEqual(created, sorted(names))
        self.assertEqual(logins, 1, ops)
        self.assertEqual(ops.count("create_bucket"), CONCURRENT_CREATES)
        self.assertEqual(ops.count("get_keys"), 1, "the owner's key is read once")
        print(f"\nECS: {CONCURRENT_CREATES} concurrent CreateBucket (versioning on) on a cold "
              f"daemon: {logins} login(s), {len(ops)} management requests "
              f"{dict(collections.Counter(ops))}, {elapsed:.2f} s", file=sys.stderr)
        harness.record_metric("ecs_concurrent_create_bucket_logins", logins)
        harness.record_metric("ecs_concurrent_create_bucket_mgmt_requests", len(ops))


class MinioRequestCountTest(Case):
    """Admin and S3 requests per CreateBucket on MinIO, from the simulator's request log."""

    def test_requests_per_create_bucket(self):
        rpc = SITE.driver("grpc", OSPD, "minio")
        sim = SITE.minio_sim
        account = backends.new_account()
        rpc.ensure_user(account)
        self.addCleanup(remove_account, rpc, account)
        for label, options in (("plain", {}),
                               ("full", {"versioning": "enabled", "encryption": "sse-s3",
                                         "policy": "public-read", "quota_bytes": GIB})):
            seq = sim.last_seq()
            rpc.create_bucket(backends.unique_bucket("count"), account, **options)
            entries = sim.log_since(seq)
            calls = [f"{e.get('api')}:{e['method']} {op_of(e)}" for e in entries]
            print(f"\nMinIO CreateBucket ({label}): {len(entries)} requests {calls}",
                  file=sys.stderr)
            harness.record_metric(f"minio_create_bucket_{label}_requests", len(entries))
            self.assertTrue(any(e["method"] == "PUT" and e.get("api") == "s3" for e in entries),
                            calls)
            # The answer comes from what was written: nothing is read back after the create.
            made = next(i for i, e in enumerate(entries)
                        if e["method"] == "PUT" and e.get("api") == "s3")
            self.assertEqual([c for c in calls[made:] if ":GET " in c or ":HEAD " in c], [],
                             calls)


class MinioQuotaAndUsageTest(Case):
    """The hard quota is enforced by the server; ospd maps its refusal to RESOURCE_EXHAUSTED."""

    def test_upload_past_the_quota_is_resource_exhausted_for_both_clients(self):
        rpc = SITE.driver("grpc", OSPD, "minio")
        ctl = SITE.driver("ospctl", OSPD, "minio")
        backend = SITE.backends["minio"]
        account = backends.new_account()
        user = rpc.ensure_user(account)
        self.addCleanup(remove_account, rpc, account)
        s3 = backend.s3(user.credentials.access_key_id, user.credentials.secret_access_key)
        self.addCleanup(s3.close)
        name = backends.unique_bucket("quota")
        quota = 64 * 1024
        self.assertEqual(rpc.create_bucket(name, account, quota_bytes=quota).spec.quota.max_bytes,
                         quota)
        self.assertEqual(backend.quota_bytes(name), quota)

        fits = b"f" * 40_000
        too_big = b"x" * 100_000
        rpc.put(name, "fits.bin", fits)
        for client in (rpc, ctl):
            refused = self.assertFails(grpc.StatusCode.RESOURCE_EXHAUSTED, client.put, name,
                                       f"{client.name}.bin", too_big)
            self.assertIn("quota", refused.message.lower())
        self.assertEqual(ctl.run("put", "/dev/null", f"{name}/x").returncode, 0)
        self.assertEqual(
            sorted(o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]),
            ["fits.bin", "x"])
        self.assertEqual([(u.bytes, u.objects) for u in rpc.usage([name])], [(len(fits), 2)])

        # A larger quota lets the same upload through; usage follows.
        rpc.update_bucket(name, quota_bytes=GIB)
        self.assertEqual(backend.quota_bytes(name), GIB)
        ctl.put(name, "big.bin", too_big)
        self.assertEqual([(u.bucket, u.bytes, u.objects) for u in ctl.usage([name])],
                         [(name, len(fits) + len(too_big), 3)])
        self.assertEqual(s3.head_object(Bucket=name, Key="big.bin")["ContentLength"],
                         len(too_big))


if __name__ == "__main__":
    unittest.main()
