"""The object plane through the real ospd, once per backend type (ECS and MinIO simulators on
radosgw), with the Python stubs: uploads of every size class checked by SHA-256 (and by their
ETag: one PUT or how many parts), a wrong SHA-256 that leaves nothing behind, ranged reads,
folders and pagination, versions, presigned URLs used by curl and their TTL bounds, cancelled
uploads that leave nothing behind, and DeleteObjects with missing keys. radosgw itself, reached
with the owner's keys through boto3 and awscli (not through the simulators' S3 front), witnesses
stored objects and multipart uploads in progress."""

import dataclasses
import datetime
import hashlib
import json
import os
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

import grpc
from google.protobuf import duration_pb2
from osp.v1 import provider_pb2

import backends
import drivers
from drivers import RpcAssertions, RpcFailed, remove_account

SITE = None
OSPD = None
# S3ClientOptions::part_size (providers/s3/s3_types.h): an upload of up to this many bytes is
# one PUT, a larger one of unknown size is a multipart upload of parts of this size.
PART = 8 << 20
# Upload chunk size, odd so that chunks straddle part boundaries.
CHUNK = (1 << 20) - 3
# The backends' configured max_presign_ttl_seconds.
MAX_TTL_S = 3600
# Bound on waiting for the backend to reach an expected state (polled, not slept).
WAIT_S = 30
POLL_S = 0.1


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    extra = {"extra": {"max_presign_ttl_seconds": MAX_TTL_S}}
    SITE, OSPD = backends.start_site(("ecs", "ecs", extra), ("minio", "minio", extra))


def tearDownModule():
    SITE.stop()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def payload(size, seed):
    """`size` bytes, different for every seed."""
    block = hashlib.sha256(seed.encode()).digest() * 2048  # 64 KiB
    return (block * (size // len(block) + 1))[:size]


def wait_until(predicate, what):
    """Polls predicate() until it returns a true value, which it returns; fails after WAIT_S."""
    deadline = time.monotonic() + WAIT_S
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT_S}s: {what}")
        time.sleep(POLL_S)


class ObjectPlane(RpcAssertions, unittest.TestCase):
    """Subclasses set BACKEND. One account with a plain and a versioned bucket per class."""

    BACKEND = None

    @classmethod
    def setUpClass(cls):
        cls.backend = SITE.backends[cls.BACKEND]
        cls.rpc = SITE.driver("grpc", OSPD, cls.BACKEND)
        cls.stub = cls.rpc.stub
        cls.account = backends.new_account()
        cls.keys = cls.rpc.ensure_user(cls.account).credentials
        cls.bucket = backends.unique_bucket("obj")
        cls.rpc.create_bucket(cls.bucket, cls.account)
        cls.versioned = backends.unique_bucket("ver")
        cls.rpc.create_bucket(cls.versioned, cls.account, versioning="enabled")
        # boto3 on radosgw with the owner's keys (the simulator's S3 front left out).
        cls.rgw = dataclasses.replace(cls.backend, s3_url=cls.rgw_url()).s3(
            cls.keys.access_key_id, cls.keys.secret_access_key)

    @classmethod
    def tearDownClass(cls):
        cls.rgw.close()
        remove_account(cls.rpc, cls.account)

    # -- calls -----------------------------------------------------------------------------

    def header(self, bucket, key, data, declare_size=True, sha=None):
        header = provider_pb2.PutObjectHeader(
            backend=self.BACKEND, bucket=bucket, key=key,
            sha256=sha256(data) if sha is None else sha)
        if declare_size:
            header.size = len(data)
        return header

    def put(self, bucket, key, data, declare_size=True, sha=None):
        """PutObject of data in CHUNK-sized messages; the PutObjectResponse or RpcFailed."""
        def requests():
            yield provider_pb2.PutObjectRequest(
                header=self.header(bucket, key, data, declare_size, sha))
            for offset in range(0, len(data), CHUNK):
                yield provider_pb2.PutObjectRequest(chunk=data[offset:offset + CHUNK])
        try:
            return self.stub.PutObject(requests(), timeout=drivers.CALL_TIMEOUT_S)
        except grpc.RpcError as err:
            raise RpcFailed(err.code(), err.details()) from None

    def get(self, bucket, key, version_id="", offset=None, length=0):
        """GetObject (of a range when offset is given): (ObjectInfo, bytes) or RpcFailed."""
        request = provider_pb2.GetObjectRequest(backend=self.BACKEND, bucket=bucket, key=key,
                                                version_id=version_id)
        if offset is not None:
            request.range.offset = offset
            request.range.length = length
        info, data = None, bytearray()
        try:
            for message in self.stub.GetObject(request, timeout=drivers.CALL_TIMEOUT_S):
                if message.WhichOneof("part") == "info":
                    self.assertIsNone(info, "a second info message")
                    info = message.info
                else:
                    self.assertIsNotNone(info, "data before the info message")
                    data += message.chunk
        except grpc.RpcError as err:
            raise RpcFailed(err.code(), err.details()) from None
        return info, bytes(data)

    def unary(self, method, request):
        try:
            return getattr(self.stub, method)(request, timeout=drivers.CALL_TIMEOUT_S)
        except grpc.RpcError as err:
            raise RpcFailed(err.code(), err.details()) from None

    def list_pages(self, bucket, prefix="", delimiter="", page_size=0, versions=False):
        """Every page of a listing, following page tokens."""
        pages, token = [], ""
        while True:
            page = self.unary("ListObjects", provider_pb2.ListObjectsRequest(
                backend=self.BACKEND, bucket=bucket, prefix=prefix, delimiter=delimiter,
                page_size=page_size, page_token=token, versions=versions))
            pages.append(page)
            token = page.next_page_token
            if not token:
                return pages
            self.assertLess(len(pages), 100, "page tokens do not end")

    def delete(self, bucket, *objects):
        """DeleteObjects of keys or (key, version id) pairs."""
        ids = [provider_pb2.ObjectIdentifier(key=o) if isinstance(o, str)
               else provider_pb2.ObjectIdentifier(key=o[0], version_id=o[1]) for o in objects]
        return self.unary("DeleteObjects", provider_pb2.DeleteObjectsRequest(
            backend=self.BACKEND, bucket=bucket, objects=ids))

    def presign(self, key, method, ttl_s=None):
        request = provider_pb2.PresignObjectRequest(backend=self.BACKEND, bucket=self.bucket,
                                                    key=key, method=method)
        if ttl_s is not None:
            request.ttl.CopyFrom(duration_pb2.Duration(seconds=ttl_s))
        return self.unary("PresignObject", request)

    # -- witnesses -------------------------------------------------------------------------

    @classmethod
    def rgw_url(cls):
        """radosgw itself, not the simulator's S3 front."""
        info = cls.backend.sim.info
        return info["rgw_url"] if cls.backend.profile is backends.MINIO else info["s3_url"]

    def rgw_aws(self, *args):
        """awscli straight to radosgw with the owner's keys; the parsed JSON output."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir(),
               "AWS_ACCESS_KEY_ID": self.keys.access_key_id,
               "AWS_SECRET_ACCESS_KEY": self.keys.secret_access_key,
               "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
        done = subprocess.run([backends.AWS, "--endpoint-url", self.rgw_url(), "--output",
                               "json", *args], env=env, capture_output=True, text=True,
                              check=False, stdin=subprocess.DEVNULL, timeout=60)
        self.assertEqual(done.returncode, 0, f"aws {' '.join(args)}: {done.stderr}")
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def multipart_uploads(self, bucket, awscli=False):
        """Keys of the multipart uploads in progress in bucket, as radosgw lists them to boto3
        (quick to ask repeatedly) or, with awscli=True, to awscli."""
        if awscli:
            listed = self.rgw_aws("s3api", "list-multipart-uploads", "--bucket", bucket)
        else:
            listed = self.rgw.list_multipart_uploads(Bucket=bucket)
        return [u["Key"] for u in listed.get("Uploads") or []]

    def assertNoObject(self, bucket, key):
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.get, bucket, key)
        listed = self.rgw.list_objects_v2(Bucket=bucket, Prefix=key)
        self.assertEqual([o["Key"] for o in listed.get("Contents") or []], [])

    def curl(self, *args):
        """curl (no signing of its own); (HTTP status, stderr)."""
        done = subprocess.run(["curl", "-sS", "-o", os.devnull, "-w", "%{http_code}", *args],
                              capture_output=True, text=True, check=False, timeout=60,
                              stdin=subprocess.DEVNULL)
        self.assertEqual(done.returncode, 0, done.stderr)
        return int(done.stdout)

    # -- uploads and downloads -------------------------------------------------------------

    def test_round_trip_of_every_size_class(self):
        # (name, size, declare size, parts: 0 = one PUT, else the multipart upload's parts)
        cases = [("empty", 0, True, 0), ("one-byte", 1, True, 0), ("one-part", PART, True, 0),
                 ("one-part-size-unknown", PART, False, 0),
                 ("part-plus-one-streamed", PART + 1, True, 0),
                 ("part-plus-one", PART + 1, False, 2), ("two-and-a-half", PART * 5 // 2, False, 3)]
        for name, size, declare, parts in cases:
            with self.subTest(name):
                data = payload(size, name)
                key = f"sizes/{name}"
                put = self.put(self.bucket, key, data, declare_size=declare)
                self.assertEqual((put.key, put.size), (key, size))
                info, got = self.get(self.bucket, key)
                self.assertEqual(sha256(got), sha256(data))
                self.assertEqual((info.key, info.size), (key, size))
                # radosgw's ETag: the MD5 of a single PUT, "<md5 of md5s>-<parts>" of a
                # multipart upload.
                if parts:
                    self.assertTrue(info.etag.endswith(f"-{parts}"), info.etag)
                else:
                    self.assertEqual(info.etag, hashlib.md5(data).hexdigest())
                self.assertEqual(put.etag, info.etag)
        self.assertEqual(self.multipart_uploads(self.bucket), [])

    def test_content_type_and_metadata_round_trip(self):
        data = b"<p>hi</p>"
        header = self.header(self.bucket, "meta.html", data)
        header.content_type = "text/html"
        header.metadata["origin"] = "e2e test"
        self.stub.PutObject(iter([provider_pb2.PutObjectRequest(header=header),
                                  provider_pb2.PutObjectRequest(chunk=data)]),
                            timeout=drivers.CALL_TIMEOUT_S)
        info, got = self.get(self.bucket, "meta.html")
        self.assertEqual(got, data)
        self.assertEqual(info.content_type, "text/html")
        self.assertEqual(dict(info.metadata), {"origin": "e2e test"})
        head = self.rgw.head_object(Bucket=self.bucket, Key="meta.html")
        self.assertEqual((head["ContentType"], head["Metadata"]),
                         ("text/html", {"origin": "e2e test"}))

    def test_keys_that_need_encoding(self):
        # Every call signs and sends the key in a URL path (or an XML body, for deletes).
        keys = ["sp ace/a b.txt", "plus+sign", "pct%20x", "uni/\u00fcn\u00ef\U0001f600",
                "q?x=1&y#z", "tilde~star*(x)", "semi;colon,comma=eq", "a//b", "back\\slash"]
        for key in keys:
            with self.subTest(key):
                data = key.encode() * 3
                self.put(self.bucket, key, data)
                self.assertEqual(self.get(self.bucket, key)[1], data)
                self.assertEqual([o.key for p in self.list_pages(self.bucket, key)
                                  for o in p.objects], [key])
                url = self.presign(key, provider_pb2.PRESIGN_METHOD_GET).url
                self.assertEqual(self.curl(url), 200)
                self.assertEqual(list(self.delete(self.bucket, key).errors), [])
                self.assertNoObject(self.bucket, key)

    def test_wrong_sha256_is_refused_and_leaves_nothing(self):
        for name, size, declare in (("small", 1000, True), ("multipart", PART + 1, False),
                                    ("streamed", PART + 1, True)):
            with self.subTest(name):
                data = payload(size, name)
                key = f"badsum/{name}"
                refused = self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, self.put,
                                           self.bucket, key, data, declare_size=declare,
                                           sha=sha256(data + b"x"))
                self.assertIn("sha256", refused.message)
                self.assertNoObject(self.bucket, key)
        # The failed upload returned after its abort: nothing to wait for.
        self.assertEqual(self.multipart_uploads(self.bucket), [])

        # A refused overwrite keeps the object it would have replaced.
        key = "badsum/kept"
        old = payload(1000, "old")
        self.put(self.bucket, key, old)
        new = payload(PART + 1, "new")
        self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, self.put, self.bucket, key, new,
                         sha=sha256(old))
        self.assertEqual(self.get(self.bucket, key)[1], old)

    def test_ranged_reads(self):
        size = (1 << 20) + 17
        data = payload(size, "ranges")
        self.put(self.bucket, "ranged", data)
        # (name, offset, length; 0 = to the end)
        for name, offset, length in (("start", 0, 1000), ("middle", 200_000, 400_000),
                                     ("to the end", size - 5000, 0), ("one byte", size // 2, 1),
                                     ("last byte", size - 1, 1), ("past the end", size - 10, 100),
                                     ("whole", 0, 0)):
            with self.subTest(name):
                info, got = self.get(self.bucket, "ranged", offset=offset, length=length)
                end = size if length == 0 else min(offset + length, size)
                self.assertEqual(sha256(got), sha256(data[offset:end]))
                self.assertEqual(info.size, size)
        for offset in (size, size + 100):
            with self.subTest("unsatisfiable", offset=offset):
                self.assertFails(grpc.StatusCode.OUT_OF_RANGE, self.get, self.bucket, "ranged",
                                 offset=offset, length=1)
        # From the start to the end of an empty object is all of it; any byte of it is not.
        self.put(self.bucket, "ranged-empty", b"")
        info, got = self.get(self.bucket, "ranged-empty", offset=0, length=0)
        self.assertEqual((info.size, got), (0, b""))
        self.assertFails(grpc.StatusCode.OUT_OF_RANGE, self.get, self.bucket, "ranged-empty",
                         offset=0, length=1)

    def cancelled_puts(self):
        """How many PutObject calls to self.bucket ospd logged as CANCELLED."""
        return sum(1 for e in OSPD.daemon.log_entries()
                   if e.get("rpc") == "PutObject" and e.get("bucket") == self.bucket
                   and e.get("code") == "CANCELLED")

    def cancel_upload(self, key, declare_size, before_cancel=lambda: None):
        """Uploads 3 parts' worth as `key`, cancels the call once more than a part has been sent
        and before_cancel() returned, and waits for ospd to log the call's end."""
        data = payload(3 * PART, key)
        sent_past_first_part = threading.Event()
        release = threading.Event()

        def requests():
            yield provider_pb2.PutObjectRequest(
                header=self.header(self.bucket, key, data, declare_size=declare_size))
            for offset in range(0, len(data), CHUNK):
                if offset > PART:
                    sent_past_first_part.set()
                    release.wait(WAIT_S)  # Held until the call is cancelled.
                    return
                yield provider_pb2.PutObjectRequest(chunk=data[offset:offset + CHUNK])

        cancelled_before = self.cancelled_puts()
        call = self.stub.PutObject.future(requests(), timeout=drivers.CALL_TIMEOUT_S)
        try:
            self.assertTrue(sent_past_first_part.wait(WAIT_S))
            before_cancel()
            call.cancel()
        finally:
            release.set()
        with self.assertRaises(grpc.FutureCancelledError):
            call.result()
        wait_until(lambda: self.cancelled_puts() > cancelled_before,
                   "ospd logs the cancelled PutObject")

    def test_cancelled_upload_leaves_no_multipart_upload(self):
        key = "cancelled/multipart"
        # ospd starts the multipart upload once the first part is full.
        self.cancel_upload(key, declare_size=False, before_cancel=lambda: wait_until(
            lambda: self.multipart_uploads(self.bucket) == [key],
            "the multipart upload is in progress"))
        # The call ends after the abort.
        self.assertEqual(self.multipart_uploads(self.bucket, awscli=True), [])
        self.assertNoObject(self.bucket, key)

    def test_cancelled_streamed_upload_stores_nothing(self):
        key = "cancelled/streamed"
        self.cancel_upload(key, declare_size=True)  # One PUT, its body cut short.
        self.assertNoObject(self.bucket, key)
        self.assertEqual(self.multipart_uploads(self.bucket), [])

    # -- listings --------------------------------------------------------------------------

    def test_folders_and_pages(self):
        keys = ["tree/a.txt", "tree/d1/x", "tree/d1/y", "tree/d1/sub/z", "tree/d2/w",
                "tree/z.txt"]
        for key in keys:
            self.put(self.bucket, key, key.encode())

        top = self.list_pages(self.bucket, "tree/", "/")
        self.assertEqual(len(top), 1)
        self.assertEqual([o.key for o in top[0].objects], ["tree/a.txt", "tree/z.txt"])
        self.assertEqual(list(top[0].common_prefixes), ["tree/d1/", "tree/d2/"])
        self.assertEqual([o.size for o in top[0].objects], [len(b"tree/a.txt")] * 2)
        d1 = self.list_pages(self.bucket, "tree/d1/", "/")
        self.assertEqual([o.key for o in d1[0].objects], ["tree/d1/x", "tree/d1/y"])
        self.assertEqual(list(d1[0].common_prefixes), ["tree/d1/sub/"])

        # Small pages, objects and folders mixed: every entry exactly once, in order.
        for page_size in (1, 2, 4):
            with self.subTest(page_size=page_size):
                pages = self.list_pages(self.bucket, "tree/", "/", page_size=page_size)
                entries = [e for p in pages for e in [o.key for o in p.objects]
                           + list(p.common_prefixes)]
                self.assertEqual(sorted(entries), ["tree/a.txt", "tree/d1/", "tree/d2/",
                                                   "tree/z.txt"])
                self.assertEqual(len(pages), -(-4 // page_size))
                self.assertTrue(all(len(p.objects) + len(p.common_prefixes) <= page_size
                                    for p in pages))
                flat = self.list_pages(self.bucket, "tree/", page_size=page_size)
                self.assertEqual([o.key for p in flat for o in p.objects], sorted(keys))
                self.assertEqual(len(flat), -(-len(keys) // page_size))

    def test_versions(self):
        key = "doc.txt"
        bodies = [f"version {i}\n".encode() for i in range(3)]
        ids = [self.put(self.versioned, key, body).version_id for body in bodies]
        self.assertEqual(len(set(ids)), 3, ids)
        self.assertNotIn("", ids)

        def versions():
            pages = self.list_pages(self.versioned, key, versions=True)
            return [(v.version_id, v.is_latest, v.delete_marker, v.size)
                    for p in pages for v in p.objects if v.key == key]

        self.assertEqual(sorted(versions()), sorted(
            (vid, vid == ids[2], False, len(body)) for vid, body in zip(ids, bodies)))
        # The current listing shows the key once.
        self.assertEqual([o.key for o in self.list_pages(self.versioned, key)[0].objects], [key])

        for vid, body in zip(ids, bodies):
            info, got = self.get(self.versioned, key, version_id=vid)
            self.assertEqual((got, info.version_id), (body, vid))
        info, got = self.get(self.versioned, key)
        self.assertEqual((got, info.version_id, info.is_latest), (bodies[2], ids[2], True))

        # A plain delete adds a delete marker; the versions stay.
        self.assertEqual(list(self.delete(self.versioned, key).errors), [])
        listed = versions()
        markers = [v for v in listed if v[2]]
        self.assertEqual(len(markers), 1, listed)
        self.assertTrue(markers[0][1], "the delete marker is the latest")
        self.assertEqual(sorted(v[0] for v in listed if not v[2]), sorted(ids))
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.get, self.versioned, key)
        self.assertEqual(self.get(self.versioned, key, version_id=ids[0])[1], bodies[0])

        # One version deleted by id is gone; the others and the marker stay.
        deleted = self.delete(self.versioned, (key, ids[1]))
        self.assertEqual(list(deleted.errors), [])
        self.assertEqual([(d.key, d.version_id) for d in deleted.deleted], [(key, ids[1])])
        listed = versions()
        self.assertEqual(sorted(v[0] for v in listed if not v[2]), sorted([ids[0], ids[2]]))
        self.assertEqual(len([v for v in listed if v[2]]), 1)
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.get, self.versioned, key,
                         version_id=ids[1])

        # Versions across pages of one entry: the same entries as one page.
        paged = [(v.key, v.version_id) for p in self.list_pages(
            self.versioned, key, versions=True, page_size=1) for v in p.objects]
        self.assertEqual(len(paged), 3)
        self.assertEqual(paged, [(v.key, v.version_id) for v in self.list_pages(
            self.versioned, key, versions=True)[0].objects])

    # -- presigned URLs --------------------------------------------------------------------

    def test_presigned_put_and_get_with_curl(self):
        key = "shared/file.bin"
        data = payload(100_000, "presigned")
        with tempfile.TemporaryDirectory() as tmp:
            upload, download = os.path.join(tmp, "up"), os.path.join(tmp, "down")
            with open(upload, "wb") as f:
                f.write(data)
            put = self.presign(key, provider_pb2.PRESIGN_METHOD_PUT, ttl_s=300)
            self.assertGreater(put.expires_at.seconds, time.time())
            self.assertEqual(self.curl("-T", upload, put.url), 200)
            self.assertEqual(self.get(self.bucket, key)[1], data)

            get = self.presign(key, provider_pb2.PRESIGN_METHOD_GET)  # default TTL
            status = subprocess.run(["curl", "-sS", "-o", download, "-w", "%{http_code}",
                                     get.url], capture_output=True, text=True, check=False,
                                    timeout=60, stdin=subprocess.DEVNULL)
            self.assertEqual(status.stdout, "200", status.stderr)
            with open(download, "rb") as f:
                self.assertEqual(sha256(f.read()), sha256(data))
            # The URL is for that key only.
            self.assertEqual(self.curl(get.url.replace("file.bin", "other.bin", 1)), 403)

    def test_presign_ttl_bounds(self):
        self.put(self.bucket, "ttl.txt", b"ttl")
        for method in (provider_pb2.PRESIGN_METHOD_GET, provider_pb2.PRESIGN_METHOD_PUT):
            with self.subTest(method=method):
                refused = self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, self.presign,
                                           "ttl.txt", method, ttl_s=MAX_TTL_S + 1)
                self.assertIn("ttl", refused.message)
                self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, self.presign, "ttl.txt",
                                 method, ttl_s=0)
                self.assertSignedFor(self.presign("ttl.txt", method, ttl_s=MAX_TTL_S),
                                     MAX_TTL_S)
        # A URL past its TTL is refused by the backend (a URL that works is tested above).
        presigned = self.presign("ttl.txt", provider_pb2.PRESIGN_METHOD_GET, ttl_s=1)
        self.assertSignedFor(presigned, 1)
        wait_until(lambda: self.curl(presigned.url) == 403, "the 1 s presigned URL expires")

    def assertSignedFor(self, presigned, ttl_s):
        """The URL is signed for ttl_s seconds, and expires_at says when that ends."""
        query = urllib.parse.parse_qs(urllib.parse.urlparse(presigned.url).query)
        self.assertEqual(query["X-Amz-Expires"], [str(ttl_s)])
        signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
        signed_at = signed_at.replace(tzinfo=datetime.timezone.utc).timestamp()
        self.assertEqual(presigned.expires_at.seconds, signed_at + ttl_s)

    # -- deletes ---------------------------------------------------------------------------

    def test_delete_objects_with_missing_keys(self):
        for key in ("del/a", "del/b"):
            self.put(self.bucket, key, key.encode())
        result = self.delete(self.bucket, "del/a", "del/missing", "del/b", "never/there")
        self.assertEqual(list(result.errors), [])
        self.assertEqual(sorted(d.key for d in result.deleted),
                         ["del/a", "del/b", "del/missing", "never/there"])
        self.assertEqual(list(self.list_pages(self.bucket, "del/")[0].objects), [])
        # Again: all missing now, still no error.
        self.assertEqual(list(self.delete(self.bucket, "del/a", "del/b").errors), [])


class EcsObjectPlaneTest(ObjectPlane):
    BACKEND = "ecs"


class MinioObjectPlaneTest(ObjectPlane):
    BACKEND = "minio"


del ObjectPlane  # run only through the subclasses


if __name__ == "__main__":
    unittest.main()
