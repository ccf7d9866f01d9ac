"""kill -9 of ospd inside EnsureUser, CreateBucket and DeleteBucket, at points made deterministic
by the simulators' hold faults: the backend request at the point is held (before or after the
backend acted on it), ospd is killed while it waits, the request is released (handled, or reset
as if it never arrived), ospd is started again with the same config, and the caller's retry of
the same RPC must converge to the full spec with nothing leaked: no second key, no extra user,
bucket or ownership record (witness.py reads the simulator state and radosgw).

The points (CASES) are listed in docs/reliability.md, "Crash and restart"."""

import re
import threading
import unittest

from osp.v1 import provider_pb2

import backends
from drivers import RpcAssertions, RpcFailed
from witness import Witness

SITE = None
OSPD = None
GIB = 1 << 30
SPEC = {"quota_bytes": 3 * GIB, "versioning": "enabled", "policy": "public-read",
        "encryption": "sse-s3"}

# name -> (backend id, RPC, method, path regex with {u} user and {b} bucket, stage, then):
# the request held at `stage` ("before": not yet handled; "after": the backend acted and the
# answer waits), and what becomes of it once ospd is dead ("proceed": the backend handles it /
# the answer goes nowhere; "reset": it never arrives).
CASES = {
    "ecs_ensure_user_after_create_user":
        ("ecs", "EnsureUser", "POST", "^/object/users$", "after", "proceed"),
    "ecs_ensure_user_after_create_key":
        ("ecs", "EnsureUser", "POST", "^/object/user-secret-keys/{u}$", "after", "proceed"),
    "ecs_create_bucket_after_create_before_s3_settings":
        ("ecs", "CreateBucket", "POST", "^/object/bucket$", "after", "proceed"),
    "ecs_delete_bucket_after_deactivate":
        ("ecs", "DeleteBucket", "POST", "^/object/bucket/{b}/deactivate$", "after", "proceed"),
    "ecs_delete_bucket_emptied_before_deactivate":
        ("ecs", "DeleteBucket", "POST", "^/object/bucket/{b}/deactivate$", "before", "reset"),
    "minio_ensure_user_after_add_user":
        ("minio", "EnsureUser", "PUT", "^/minio/admin/v3/add-user$", "after", "proceed"),
    "minio_ensure_user_before_attach":
        ("minio", "EnsureUser", "POST", "^/minio/admin/v3/idp/builtin/policy/attach$",
         "before", "reset"),
    "minio_create_bucket_owned_before_create":
        ("minio", "CreateBucket", "PUT", "^/{b}$", "before", "reset"),
    "minio_create_bucket_after_create_before_settings":
        ("minio", "CreateBucket", "PUT", "^/{b}$", "after", "proceed"),
    "minio_create_bucket_before_quota":
        ("minio", "CreateBucket", "PUT", "^/minio/admin/v3/set-bucket-quota$", "before",
         "reset"),
    "minio_delete_bucket_after_delete_before_ownership":
        ("minio", "DeleteBucket", "DELETE", "^/{b}$", "after", "proceed"),
}


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    SITE, OSPD = backends.start_site(("ecs", "ecs", {}), ("minio", "minio", {}))


def tearDownModule():
    SITE.stop()


class CrashRestartTest(RpcAssertions, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.owners, cls.accounts, cls.buckets = {}, {}, {}
        for backend_id in ("ecs", "minio"):
            cls.owners[backend_id] = backends.new_account()
            cls.accounts[backend_id] = [cls.owners[backend_id]]
            cls.buckets[backend_id] = []
            SITE.driver("grpc", OSPD, backend_id).ensure_user(cls.owners[backend_id])

    @classmethod
    def tearDownClass(cls):
        problems = []
        for backend_id in ("ecs", "minio"):
            SITE.backends[backend_id].sim.clear_faults()
            rpc = SITE.driver("grpc", OSPD, backend_id)
            for account in cls.accounts[backend_id]:
                for bucket in rpc.list_buckets(owner=account):
                    rpc.delete_bucket(bucket.spec.name, force_empty=True)
                rpc.delete_user(account)
            problems += Witness(SITE.backends[backend_id]).leftovers(
                cls.accounts[backend_id], cls.buckets[backend_id])
        if problems:
            raise AssertionError(f"left behind after clean-up: {problems}")

    def crash(self, name, own_account=False):
        """Runs case `name` up to the restarted ospd; returns (rpc driver, witness, account,
        bucket, fn(rpc driver) that retries the RPC). The account is new for EnsureUser or with
        own_account (then it has a user and nothing else)."""
        backend_id, rpc_name, method, path, stage, then = CASES[name]
        backend = SITE.backends[backend_id]
        witness = Witness(backend)
        sim = backend.sim
        sim.clear_faults()
        self.addCleanup(sim.clear_faults)
        account = self.owners[backend_id]
        if rpc_name == "EnsureUser" or own_account:
            account = backends.new_account()
            self.accounts[backend_id].append(account)
            if own_account:
                SITE.driver("grpc", OSPD, backend_id).ensure_user(account)
        bucket = backends.unique_bucket("crash")
        self.buckets[backend_id].append(bucket)
        rpc = SITE.driver("grpc", OSPD, backend_id)
        if rpc_name == "DeleteBucket":
            rpc.create_bucket(bucket, account, **SPEC)
            rpc.put(bucket, "data/one", b"one")
        call = {"EnsureUser": lambda r: r.ensure_user(account),
                "CreateBucket": lambda r: r.create_bucket(bucket, account, **SPEC),
                "DeleteBucket": lambda r: r.delete_bucket(bucket, force_empty=True)}[rpc_name]

        hold = sim.add_fault(action="hold", stage=stage, method=method, path=path.format(
            u=re.escape(witness.user_name(account)), b=re.escape(bucket)))
        failed = []

        def doomed():
            try:
                call(rpc)
            except RpcFailed as failure:
                failed.append(failure)
        caller = threading.Thread(target=doomed)
        caller.start()
        try:
            sim.wait_held(hold)
        finally:
            self.assertEqual(OSPD.kill(), -9)
            caller.join()
        self.assertEqual(len(failed), 1, "the RPC must die with ospd")
        released = sim.release(hold, then)
        self.assertEqual(released["finished"], 1, released)
        OSPD.restart()
        return SITE.driver("grpc", OSPD, backend_id), witness, account, bucket, call

    # --- end states ----------------------------------------------------------------------------

    def check_user(self, witness, account, credentials):
        self.assertEqual(witness.key_count(account), 1, witness.user(account))
        user = witness.user_name(account)
        self.assertEqual(witness.rgw_keys(user), [user])
        self.assertEqual(credentials.access_key_id, user)
        if not witness.is_ecs:
            self.assertEqual(witness.user(account)["policies"], [user])
        s3 = witness.backend.s3(credentials.access_key_id, credentials.secret_access_key)
        self.addCleanup(s3.close)
        self.assertIn("Buckets", s3.list_buckets())

    def check_bucket(self, rpc, witness, account, bucket):
        got = rpc.get_bucket(bucket).spec
        self.assertEqual(got.owner, account)
        self.assertEqual(got.quota.max_bytes, SPEC["quota_bytes"])
        self.assertEqual(got.versioning, provider_pb2.VERSIONING_STATE_ENABLED)
        self.assertEqual(got.policy.kind, provider_pb2.POLICY_KIND_PUBLIC_READ)
        self.assertEqual(got.encryption, provider_pb2.ENCRYPTION_SSE_S3)
        self.assertEqual(witness.backend.quota_bytes(bucket), SPEC["quota_bytes"])
        self.assertEqual(witness.rgw_buckets([bucket]), {bucket})
        self.assertEqual([b.spec.name for b in rpc.list_buckets(owner=account)].count(bucket), 1)

    def test_minio_create_bucket_abandoned_then_delete_user(self):
        """The caller gives up on a CreateBucket that died after recording the owner: the
        bucket never existed, so DeleteUser must not be refused because of it."""
        rpc, witness, account, bucket, _ = self.crash("minio_create_bucket_owned_before_create",
                                                      own_account=True)
        self.assertEqual(witness.rgw_buckets([bucket]), set())
        self.assertNotIn(bucket, [u.bucket for u in rpc.usage(owner=account)])
        rpc.delete_user(account)
        self.assertEqual(witness.leftovers([account], [bucket]), [])

    def check_deleted(self, rpc, witness, account, bucket):
        self.assertEqual(witness.rgw_buckets([bucket]), set())
        self.assertEqual(witness.sim_buckets([bucket]), set())
        self.assertNotIn(bucket, [b.spec.name for b in rpc.list_buckets(owner=account)])
        # No ownership record left (MinIO keeps it in the owner's policy; usage reads it).
        self.assertNotIn(bucket, [u.bucket for u in rpc.usage(owner=account)])


def _add_cases():
    for name, (_, rpc_name, *_rest) in CASES.items():
        def test(self, name=name, rpc_name=rpc_name):
            rpc, witness, account, bucket, retry = self.crash(name)
            answer = retry(rpc)
            if rpc_name == "EnsureUser":
                self.check_user(witness, account, answer.credentials)
            elif rpc_name == "CreateBucket":
                self.check_bucket(rpc, witness, account, bucket)
            else:
                self.check_deleted(rpc, witness, account, bucket)
        setattr(CrashRestartTest, f"test_{name}", test)


_add_cases()

if __name__ == "__main__":
    unittest.main()
