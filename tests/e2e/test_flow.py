"""The CloudStack flow through the real ospd, once per backend type (ECS and MinIO simulators on
radosgw) and per client (ospctl and the Python stubs): the same test code, with what differs
between backends taken from backends.Profile. awscli and boto3 with the user's own keys,
anonymous HTTP and the simulators' state are the witnesses. Also: idempotent retries of every
mutating RPC."""

import hashlib
import os
import unittest

import botocore.exceptions
import grpc
from osp.v1 import provider_pb2

import backends
from backends import GIB
from drivers import RpcAssertions, RpcFailed, remove_account

SITE = None
OSPD = None


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    SITE, OSPD = backends.start_site(("ecs", "ecs", {}), ("minio", "minio", {}))


def tearDownModule():
    SITE.stop()


class BackendTestCase(RpcAssertions, unittest.TestCase):
    """A test run against backend BACKEND through client DRIVER."""

    BACKEND = None
    DRIVER = None

    def setUp(self):
        self.backend = SITE.backends[self.BACKEND]
        self.profile = self.backend.profile
        self.rpc = SITE.driver(self.DRIVER, OSPD, self.BACKEND)

    def assertS3Error(self, code, call, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call(**kwargs)
        self.assertEqual(backends.error_code(caught.exception), code)

    def assertBucketGone(self, s3, name):
        self.assertS3Error("404", s3.head_bucket, Bucket=name)

    def witness(self, credentials):
        s3 = self.backend.s3(credentials.access_key_id, credentials.secret_access_key)
        self.addCleanup(s3.close)
        return s3

    def new_user(self):
        """A new account with its object user; deleted (with its buckets) after the test."""
        account = backends.new_account()
        user = self.rpc.ensure_user(account)
        self.addCleanup(remove_account, self.rpc, account)
        return account, user


class CloudStackFlow(BackendTestCase):
    """The CloudStack flow; subclasses pick backend and client."""

    def test_cloudstack_flow(self):
        # The first bucket of an account: EnsureUser creates <prefix><uuid> and its keys.
        account, user = self.new_user()
        self.assertTrue(user.created)
        self.assertEqual(user.user_name, self.profile.user_prefix + account)
        keys = user.credentials
        self.assertTrue(keys.access_key_id)
        self.assertTrue(keys.secret_access_key)
        s3 = self.witness(keys)

        first = backends.unique_bucket("first")
        bucket = self.rpc.create_bucket(first, account, encryption="sse-s3",
                                        versioning="enabled", quota_bytes=2 * GIB)
        self.assertEqual(bucket.spec.name, first)
        self.assertEqual(bucket.spec.owner, account)
        self.assertEqual(bucket.spec.encryption, provider_pb2.ENCRYPTION_SSE_S3)
        self.assertEqual(bucket.spec.versioning, provider_pb2.VERSIONING_STATE_ENABLED)
        self.assertEqual(bucket.spec.quota.max_bytes, 2 * GIB)
        self.assertEqual(bucket.spec.policy.kind, provider_pb2.POLICY_KIND_PRIVATE)
        self.assertTrue(bucket.public_url.endswith("/" + first), bucket.public_url)
        versioning = self.backend.aws(keys, "s3api", "get-bucket-versioning", "--bucket", first)
        self.assertEqual(versioning["Status"], "Enabled")
        self.assertTrue(self.backend.encrypted(first, s3))
        self.assertEqual(self.backend.quota_bytes(first), 2 * GIB)

        # A second bucket of the same account reuses the user and its keys.
        again = self.rpc.ensure_user(account)
        self.assertFalse(again.created)
        self.assertEqual(again.user_name, user.user_name)
        self.assertEqual(again.credentials, keys)
        second = backends.unique_bucket("second")
        self.rpc.create_bucket(second, account)
        for name in (first, second):  # the user's keys reach both
            s3.head_bucket(Bucket=name)
        self.assertEqual({b.spec.name for b in self.rpc.list_buckets(owner=account)},
                         {first, second})

        # Upload, list with a prefix, download.
        report = os.urandom(300 * 1024 + 7)
        readme = b"read me\n"
        for key, data in (("docs/report.bin", report), ("docs/readme.txt", readme),
                          ("top.txt", readme)):
            self.assertEqual(self.rpc.put(first, key, data).size, len(data))
        listed = self.rpc.list_objects(first, "docs/")
        self.assertEqual(sorted(o.key for o in listed.objects),
                         ["docs/readme.txt", "docs/report.bin"])
        seen = self.backend.aws(keys, "s3api", "list-objects-v2", "--bucket", first,
                                "--prefix", "docs/")["Contents"]
        self.assertEqual({o["Key"]: o["Size"] for o in seen},
                         {"docs/readme.txt": len(readme), "docs/report.bin": len(report)})
        self.assertEqual(hashlib.sha256(self.rpc.get(first, "docs/report.bin")).hexdigest(),
                         hashlib.sha256(report).hexdigest())

        # Usage is reported after the uploads.
        usage = self.rpc.usage([first])
        self.assertEqual([(u.bucket, u.bytes, u.objects) for u in usage],
                         [(first, len(report) + 2 * len(readme), 3)])

        # Public, then private again: anonymous readers get 200, then 403.
        url = f"{bucket.public_url}/top.txt"
        self.assertEqual(self.backend.anonymous_get(url), 403)
        public = self.rpc.update_bucket(first, policy="public-read")
        self.assertEqual(public.spec.policy.kind, provider_pb2.POLICY_KIND_PUBLIC_READ)
        self.assertEqual(self.backend.anonymous_get(url), 200)
        self.assertIn("s3:GetObject", s3.get_bucket_policy(Bucket=first)["Policy"])
        private = self.rpc.update_bucket(first, policy="private")
        self.assertEqual(private.spec.policy.kind, provider_pb2.POLICY_KIND_PRIVATE)
        self.assertEqual(self.backend.anonymous_get(url), 403)
        self.assertS3Error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=first)

        # Quota change; nothing else changes.
        changed = self.rpc.update_bucket(first, quota_bytes=5 * GIB)
        self.assertEqual(changed.spec.quota.max_bytes, 5 * GIB)
        self.assertEqual(changed.spec.versioning, provider_pb2.VERSIONING_STATE_ENABLED)
        self.assertEqual(self.rpc.get_bucket(first).spec.quota.max_bytes, 5 * GIB)
        self.assertEqual(self.backend.quota_bytes(first), 5 * GIB)

        # Delete an object; a missing key is not an error.
        deleted = self.rpc.delete_objects(first, ["top.txt", "no/such/key"])
        self.assertEqual(list(deleted.errors), [])
        self.assertEqual(sorted(o["Key"] for o in s3.list_objects_v2(Bucket=first)["Contents"]),
                         ["docs/readme.txt", "docs/report.bin"])

        # A bucket that is not empty is not deleted.
        refused = self.assertFails(grpc.StatusCode.FAILED_PRECONDITION, self.rpc.delete_bucket,
                                   first)
        self.assertIn(first, refused.message)
        s3.head_bucket(Bucket=first)

        # Emptied (an unversioned bucket), it is.
        self.rpc.put(second, "only.txt", readme)
        self.rpc.delete_objects(second, ["only.txt"])
        self.rpc.delete_bucket(second)
        self.assertBucketGone(s3, second)

        # force_empty removes every object version and delete marker first.
        self.rpc.delete_bucket(first, force_empty=True)
        self.assertBucketGone(s3, first)
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.rpc.get_bucket, first)
        self.assertEqual(self.rpc.list_buckets(owner=account), [])

    def test_object_lock_and_encryption_update_as_the_backend_allows(self):
        capabilities = self.rpc.capabilities()
        self.assertEqual(capabilities.object_lock, self.profile.object_lock)
        self.assertEqual(capabilities.encryption_update, self.profile.encryption_update)
        self.assertEqual(capabilities.max_access_keys, self.profile.max_access_keys)
        account, user = self.new_user()
        s3 = self.witness(user.credentials)

        locked = backends.unique_bucket("lock")
        if self.profile.object_lock:
            bucket = self.rpc.create_bucket(locked, account, object_lock=True)
            self.assertTrue(bucket.spec.object_lock)
            self.assertTrue(self.rpc.get_bucket(locked).spec.object_lock)
            config = s3.get_object_lock_configuration(Bucket=locked)
            self.assertEqual(config["ObjectLockConfiguration"]["ObjectLockEnabled"], "Enabled")
        else:
            refused = self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, self.rpc.create_bucket,
                                       locked, account, object_lock=True)
            self.assertIn("object lock", refused.message)
            self.assertBucketGone(s3, locked)

        plain = backends.unique_bucket("enc")
        self.rpc.create_bucket(plain, account)
        self.assertFalse(self.backend.encrypted(plain, s3))
        if self.profile.encryption_update:
            on = self.rpc.update_bucket(plain, encryption="sse-s3")
            self.assertEqual(on.spec.encryption, provider_pb2.ENCRYPTION_SSE_S3)
            self.assertTrue(self.backend.encrypted(plain, s3))
            off = self.rpc.update_bucket(plain, encryption="none")
            self.assertNotEqual(off.spec.encryption, provider_pb2.ENCRYPTION_SSE_S3)
            self.assertFalse(self.backend.encrypted(plain, s3))
        else:
            refused = self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, self.rpc.update_bucket,
                                       plain, encryption="sse-s3")
            self.assertIn("encryption can only be set when the bucket is created",
                          refused.message)
            self.assertFalse(self.backend.encrypted(plain, s3))


class EcsOspctlFlowTest(CloudStackFlow):
    BACKEND, DRIVER = "ecs", "ospctl"


class EcsGrpcFlowTest(CloudStackFlow):
    BACKEND, DRIVER = "ecs", "grpc"


class MinioOspctlFlowTest(CloudStackFlow):
    BACKEND, DRIVER = "minio", "ospctl"


class MinioGrpcFlowTest(CloudStackFlow):
    BACKEND, DRIVER = "minio", "grpc"


class IdempotentRetries(BackendTestCase):
    """Every mutating RPC sent twice with the same arguments returns the same result."""

    DRIVER = "grpc"

    def test_ensure_create_update_delete_objects_delete_bucket_delete_user(self):
        account = backends.new_account()
        first = self.rpc.ensure_user(account)
        self.addCleanup(self.rpc.delete_user, account)
        retry = self.rpc.ensure_user(account)
        self.assertTrue(first.created)
        self.assertFalse(retry.created)  # the one field that says which call did the work
        self.assertEqual((retry.user_name, retry.credentials), (first.user_name, first.credentials))

        name = backends.unique_bucket("idem")
        options = dict(quota_bytes=GIB, versioning="enabled", encryption="sse-s3",
                       policy="public-read")
        created = self.rpc.create_bucket(name, account, **options)
        self.addCleanup(self._delete_bucket_quietly, name)
        self.assertSameBucket(self.rpc.create_bucket(name, account, **options), created)
        got = self.rpc.get_bucket(name)
        # A create answers what GetBucket reads (ECS: created_at too; MinIO reports none).
        self.assertEqual((got.spec, got.created_at), (created.spec, created.created_at))

        update = dict(quota_bytes=2 * GIB, versioning="suspended", policy="private")
        updated = self.rpc.update_bucket(name, **update)
        self.assertEqual(updated.spec.versioning, provider_pb2.VERSIONING_STATE_SUSPENDED)
        self.assertEqual(self.rpc.update_bucket(name, **update), updated)

        first_put = self.rpc.put(name, "a", b"same bytes")
        retried_put = self.rpc.put(name, "a", b"same bytes")
        self.assertEqual((retried_put.key, retried_put.size, retried_put.etag),
                         (first_put.key, first_put.size, first_put.etag))
        self.rpc.put(name, "b", b"b")
        keys = ["a", "b", "never-there"]
        deleted = self.rpc.delete_objects(name, keys)
        self.assertEqual(list(deleted.errors), [])
        self.assertEqual(sorted(o.key for o in deleted.deleted), sorted(keys))
        again = self.rpc.delete_objects(name, keys)
        self.assertEqual(list(again.errors), [])
        self.assertEqual(sorted(o.key for o in again.deleted), sorted(keys))
        self.assertEqual(list(self.rpc.list_objects(name).objects), [])

        self.assertEqual(self.rpc.delete_bucket(name, force_empty=True),
                         provider_pb2.DeleteBucketResponse())
        self.assertEqual(self.rpc.delete_bucket(name, force_empty=True),
                         provider_pb2.DeleteBucketResponse())
        self.assertEqual(self.rpc.delete_bucket(name), provider_pb2.DeleteBucketResponse())
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.rpc.get_bucket, name)

        self.rpc.delete_user(account)
        self.rpc.delete_user(account)
        self.assertTrue(self.rpc.ensure_user(account).created)

    def test_create_with_a_custom_policy_retries(self):
        account, _ = self.new_user()
        name = backends.unique_bucket("custom")
        # Single values and the "*" principal: MinIO stores them as arrays and {"AWS": ["*"]}.
        listing = ('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*",'
                   '"Action":"s3:ListBucket","Resource":"arn:aws:s3:::%s"}}' % name)
        created = self.rpc.create_bucket(name, account, policy=listing)
        self.assertEqual(created.spec.policy.kind, provider_pb2.POLICY_KIND_CUSTOM)
        self.assertEqual(self.rpc.create_bucket(name, account, policy=listing).spec.policy.kind,
                         provider_pb2.POLICY_KIND_CUSTOM)
        # A custom document that is the public-read one reads back as public-read.
        public = backends.unique_bucket("custom-public")
        public_read = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
                       '"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::%s/*"]}]}' % public)
        self.rpc.create_bucket(public, account, policy=public_read)
        self.assertEqual(self.rpc.create_bucket(public, account, policy=public_read).spec.policy.kind,
                         provider_pb2.POLICY_KIND_PUBLIC_READ)

    def test_access_key_rotation_retries(self):
        account, user = self.new_user()
        old = user.credentials
        name = backends.unique_bucket("keys")
        self.rpc.create_bucket(name, account)
        new = self.rpc.create_key(account)
        self.assertNotEqual(new.secret_access_key, old.secret_access_key)
        self.witness(new).head_bucket(Bucket=name)

        if self.profile.max_access_keys == 2:
            # ECS: both keys live in the user's two slots under one access key id (the user
            # name); deleting "that key" removes the older slot, and a retry keeps the newer.
            self.assertEqual(new.access_key_id, old.access_key_id)
            retired = old
        else:
            # MinIO: the new key is a service account of its own; deleting it leaves the user's.
            self.assertNotEqual(new.access_key_id, old.access_key_id)
            retired = new
        for _ in range(2):
            self.assertEqual(self.rpc.delete_key(account, retired.access_key_id),
                             provider_pb2.DeleteAccessKeyResponse())
        kept = new if retired is old else old
        self.witness(kept).head_bucket(Bucket=name)
        self.assertEqual(self.rpc.ensure_user(account).credentials, kept)
        with self.assertRaises(botocore.exceptions.ClientError):
            self.witness(retired).head_bucket(Bucket=name)

    def assertSameBucket(self, retry, first):
        for field in ("spec", "usage", "public_url", "private_url", "created_at"):
            self.assertEqual(getattr(retry, field), getattr(first, field), field)

    def _delete_bucket_quietly(self, name):
        try:
            self.rpc.delete_bucket(name, force_empty=True)
        except RpcFailed:
            pass


class EcsIdempotentRetriesTest(IdempotentRetries):
    BACKEND = "ecs"


class MinioIdempotentRetriesTest(IdempotentRetries):
    BACKEND = "minio"


del CloudStackFlow  # run only through the subclasses
del IdempotentRetries


if __name__ == "__main__":
    unittest.main()
