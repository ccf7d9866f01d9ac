"""Bad input through the real ospd, for every RPC and both backend types (ECS and MinIO
simulators on radosgw). Every request of the table in bad_input_cases (one bad value each: empty,
too long, S3-invalid bucket names, '..' key segments, NUL, invalid UTF-8, out-of-range numbers,
unknown enum values, unknown backend, oversized metadata and policies, bad page sizes and
tokens, TTLs out of bounds, options the backend lacks) must fail with its code and a message
that starts with the field's path, and neither simulator may log a request meanwhile: ospd
refuses it before any backend call. A PutObject stream must start with a header.

Invalid UTF-8 travels in string fields by editing the serialized request (python protobuf
refuses to build it) and sending the bytes with grpcio's raw serializer. protobuf's parser
refuses it before ospd's code runs, so those messages name the request, not the field.

Limit of the witness: ECS object data goes from ospd straight to radosgw, which keeps no request
log; an ECS object call that got past validation would still show up as the management calls
for the owner's keys (test_the_baselines_reach_the_backend shows the witness can fail).

The table (RPC x bad value -> code, with counts) is written to OSP_E2E_OUT/bad_input_table.md.
"""

import collections
import os
import sys
import unittest

import grpc
from osp.v1 import provider_pb2 as pb

import backends
import bad_input_cases as cases
from drivers import RpcAssertions

SITE = None
OSPD = None
SERVICE = "/osp.v1.ObjectStoreProvider/"
CALL_TIMEOUT_S = 30
READ_METHODS = ("GET", "HEAD")
RESULTS = collections.defaultdict(collections.Counter)  # (rpc, what) -> {(backend, code): n}


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    SITE, OSPD = backends.start_site(("ecs", "ecs", {}), ("ecs", "ecs-ns2", {"namespace": "ns2"}),
                                     ("minio", "minio", {}))


def tearDownModule():
    try:
        write_table()
    finally:
        SITE.stop()


def write_table():
    out = os.environ.get("OSP_E2E_OUT")
    if not out or not RESULTS:
        return
    lines = ["| RPC | bad value | ECS | MinIO |", "|---|---|---|---|"]
    per_rpc = collections.Counter()
    for (rpc, what), seen in sorted(RESULTS.items()):
        cells = []
        for kind in ("ecs", "minio"):
            codes = sorted({code for (backend, code) in seen if backend == kind})
            cells.append(", ".join(codes) or "-")
        per_rpc[rpc] += sum(seen.values())
        lines.append(f"| {rpc} | {what} | {cells[0]} | {cells[1]} |")
    lines += ["", "| RPC | requests |", "|---|---|"]
    lines += [f"| {rpc} | {n} |" for rpc, n in sorted(per_rpc.items())]
    lines.append(f"| all | {sum(per_rpc.values())} |")
    with open(os.path.join(out, "bad_input_table.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def call(channel, rpc, request, raw=None, chunks=(cases.DATA,)):
    """Sends request (a PutObjectRequest for PutObject, then `chunks`) as raw bytes, with
    cases.PLACEHOLDER replaced by `raw` if given; returns (code, details)."""
    data = request.SerializeToString()
    if raw is not None:
        placeholder = cases.PLACEHOLDER.encode()
        assert len(raw) == len(placeholder) and placeholder in data, (raw, data)
        data = data.replace(placeholder, raw)
    try:
        if rpc == "PutObject":
            messages = [data] + [pb.PutObjectRequest(chunk=c).SerializeToString() for c in chunks]
            channel.stream_unary(SERVICE + rpc)(iter(messages), timeout=CALL_TIMEOUT_S)
        elif rpc == "GetObject":
            list(channel.unary_stream(SERVICE + rpc)(data, timeout=CALL_TIMEOUT_S))
        else:
            channel.unary_unary(SERVICE + rpc)(data, timeout=CALL_TIMEOUT_S)
    except grpc.RpcError as err:
        return err.code(), err.details() or ""
    return grpc.StatusCode.OK, ""


def expected_field(case):
    """The path an error message starts with. Invalid UTF-8 fails protobuf's parse before ospd
    sees a field: the message can name only the request (or, in a PutObject stream, the
    header)."""
    if case.raw is None:
        return case.field
    return "header" if case.rpc == "PutObject" else "request"


class BadInput(RpcAssertions, unittest.TestCase):
    """Subclasses set BACKEND (the backend id, which is also its type)."""

    BACKEND = None

    @classmethod
    def setUpClass(cls):
        cls.backend = SITE.backends[cls.BACKEND]
        cls.sims = (SITE.ecs_sim, SITE.minio_sim)
        cls.rpc = SITE.driver("grpc", OSPD, cls.BACKEND)
        cls.account = backends.new_account()
        cls.rpc.ensure_user(cls.account)
        cls.bucket = backends.unique_bucket("badin")
        cls.rpc.create_bucket(cls.bucket, cls.account)
        cls.rpc.put(cls.bucket, cases.KEY, cases.DATA)
        cls.target = cases.Target(cls.BACKEND, cls.account, cls.bucket)

    @classmethod
    def tearDownClass(cls):
        cls.rpc.delete_bucket(cls.bucket, force_empty=True)
        cls.rpc.delete_user(cls.account)

    def marks(self):
        return [sim.last_seq() for sim in self.sims]

    def requests_since(self, marks):
        return [e for sim, seq in zip(self.sims, marks) for e in sim.log_since(seq)]

    def call(self, rpc, request, raw=None, **kwargs):
        return call(OSPD.channel(), rpc, request, raw, **kwargs)

    def assertRefused(self, rpc, what, request, code, field, raw=None, **kwargs):
        """Sends the request and asserts code, a message starting with field, and no backend
        request."""
        marks = self.marks()
        got, details = self.call(rpc, request, raw, **kwargs)
        RESULTS[(rpc, what)][(self.backend.profile.type, got.name)] += 1
        self.assertEqual(got, code, details)
        self.assertTrue(details.startswith(field), f"{details!r} does not name {field}")
        self.assertEqual(self.requests_since(marks), [])

    def test_every_bad_value_is_refused_before_any_backend_call(self):
        table = [c for c in cases.CASES if c.backend in (None, self.backend.profile.type)]
        for case in table:
            with self.subTest(case.label()):
                self.assertRefused(case.rpc, case.what, cases.build(case, self.target),
                                   case.code, expected_field(case), case.raw)
        print(f"\n{self.BACKEND}: {len(table)} bad requests over "
              f"{len({c.rpc for c in table})} RPCs refused without a backend call",
              file=sys.stderr)

    def test_put_object_stream_must_start_with_a_header(self):
        chunk = pb.PutObjectRequest(chunk=cases.DATA)
        self.assertRefused("PutObject", "first message a chunk", chunk, cases.IA, "header")
        self.assertRefused("PutObject", "first message empty", pb.PutObjectRequest(), cases.IA,
                           "header")

    def test_the_baselines_reach_the_backend(self):
        """The witness can fail: the valid requests the cases start from do make backend
        calls (management reads on both backend types)."""
        for rpc in ("GetBucket", "ListBuckets", "GetUsage", "CheckBackend"):
            with self.subTest(rpc):
                marks = self.marks()
                code, details = self.call(rpc, cases.BASELINES[rpc](self.target))
                self.assertEqual(code, grpc.StatusCode.OK, details)
                self.assertNotEqual(self.requests_since(marks), [])


class ForeignAndMissing(RpcAssertions, unittest.TestCase):
    """Resources of another account or namespace, and missing ones: only a backend read can
    tell, so backend reads are allowed. Reads and updates get NOT_FOUND and make no mutating
    backend request; creates and deletes may send their own (backend-scoped) request, which the
    backend refuses: a taken bucket name is ALREADY_EXISTS, a missing owner FAILED_PRECONDITION
    ("call EnsureUser first"), a key or bucket that is not the caller's is "missing" (OK). The
    other account's bucket, object and keys stay as they were."""

    # RPCs whose own request is a backend write: only these may make one.
    WRITES = ("CreateBucket", "DeleteBucket", "DeleteObjects", "CreateAccessKey",
              "DeleteAccessKey", "DeleteUser")

    BACKEND = None

    @classmethod
    def setUpClass(cls):
        cls.backend = SITE.backends[cls.BACKEND]
        cls.rpc = SITE.driver("grpc", OSPD, cls.BACKEND)
        cls.other = backends.new_account()
        cls.other_user = cls.rpc.ensure_user(cls.other)
        cls.other_key = cls.rpc.create_key(cls.other)
        cls.other_bucket = backends.unique_bucket("other")
        cls.rpc.create_bucket(cls.other_bucket, cls.other, quota_bytes=backends.GIB)
        cls.rpc.put(cls.other_bucket, cases.KEY, cases.DATA)
        cls.account = backends.new_account()
        cls.rpc.ensure_user(cls.account)

    @classmethod
    def tearDownClass(cls):
        cls.rpc.delete_bucket(cls.other_bucket, force_empty=True)
        cls.rpc.delete_user(cls.other)
        cls.rpc.delete_user(cls.account)

    def check(self, rpc, what, request, code, backend_id=None):
        """Sends request; asserts code and that no backend request but reads was made."""
        sims = (SITE.ecs_sim, SITE.minio_sim)
        marks = [sim.last_seq() for sim in sims]
        got, details = call(OSPD.channel(), rpc, request)
        RESULTS[(rpc, what)][(self.backend.profile.type, got.name)] += 1
        self.assertEqual(got, code, details)
        writes = [f"{e['method']} {e['path']}" for sim, seq in zip(sims, marks)
                  for e in sim.log_since(seq) if e["method"] not in READ_METHODS]
        if rpc not in self.WRITES:
            self.assertEqual(writes, [], f"{rpc} {what}")

    def assertUntouched(self):  # pylint: disable=invalid-name
        bucket = self.rpc.get_bucket(self.other_bucket)
        self.assertEqual(bucket.spec.owner, self.other)
        self.assertEqual(bucket.spec.quota.max_bytes, backends.GIB)
        keys = [self.other_key]
        # On ECS both keys share the user's access key id, and radosgw behind the simulator
        # knows only the newest secret; MinIO's second key is a service account of its own.
        if self.other_key.access_key_id != self.other_user.credentials.access_key_id:
            keys.append(self.other_user.credentials)
        for credentials in keys:
            s3 = self.backend.s3(credentials.access_key_id, credentials.secret_access_key)
            self.addCleanup(s3.close)
            body = s3.get_object(Bucket=self.other_bucket, Key=cases.KEY)["Body"].read()
            self.assertEqual(body, cases.DATA)

    def test_another_accounts_bucket_and_key(self):
        mine = cases.Target(self.BACKEND, self.account, self.other_bucket)
        self.check("CreateBucket", "bucket name of another account",
                   cases.BASELINES["CreateBucket"](mine), grpc.StatusCode.ALREADY_EXISTS)
        for key in (self.other_user.credentials, self.other_key):
            self.check("DeleteAccessKey", "key of another account", pb.DeleteAccessKeyRequest(
                backend=self.BACKEND, account_id=self.account, access_key_id=key.access_key_id),
                grpc.StatusCode.OK)
        self.assertUntouched()

    def test_missing_resources(self):
        missing = cases.Target(self.BACKEND, backends.new_account(),
                               backends.unique_bucket("missing"))
        for rpc in ("GetBucket", "UpdateBucket", "GetUsage", "ListObjects", "GetObject",
                    "DeleteObjects", "CreateAccessKey"):
            with self.subTest(rpc):
                self.check(rpc, "missing bucket / user", cases.BASELINES[rpc](missing),
                           grpc.StatusCode.NOT_FOUND)
        self.check("CreateBucket", "missing owner", cases.BASELINES["CreateBucket"](missing),
                   grpc.StatusCode.FAILED_PRECONDITION)
        for rpc in ("DeleteBucket", "DeleteUser"):
            self.check(rpc, "missing bucket / user", cases.BASELINES[rpc](missing),
                       grpc.StatusCode.OK)
        in_bucket = cases.Target(self.BACKEND, self.other, self.other_bucket)
        self.check("GetObject", "missing key", pb.GetObjectRequest(
            backend=self.BACKEND, bucket=in_bucket.bucket, key="no/such/key"),
            grpc.StatusCode.NOT_FOUND)
        self.assertUntouched()


class EcsForeignAndMissingTest(ForeignAndMissing):
    BACKEND = "ecs"

    def test_a_bucket_of_another_namespace(self):
        """ecs-ns2 is the same ECS in namespace ns2: its bucket does not exist for "ecs"."""
        ns2 = SITE.driver("grpc", OSPD, "ecs-ns2")
        owner = backends.new_account()
        ns2.ensure_user(owner)
        self.addCleanup(ns2.delete_user, owner)
        name = backends.unique_bucket("ns2")
        ns2.create_bucket(name, owner)
        self.addCleanup(ns2.delete_bucket, name, True)
        target = cases.Target(self.BACKEND, self.account, name)
        for rpc in ("GetBucket", "UpdateBucket", "GetUsage", "ListObjects", "GetObject",
                    "DeleteObjects", "PresignObject"):
            with self.subTest(rpc):
                self.check(rpc, "bucket of another namespace", cases.BASELINES[rpc](target),
                           grpc.StatusCode.NOT_FOUND)
        self.check("DeleteBucket", "bucket of another namespace",
                   cases.BASELINES["DeleteBucket"](target), grpc.StatusCode.OK)
        self.check("CreateBucket", "bucket name of another namespace",
                   cases.BASELINES["CreateBucket"](target), grpc.StatusCode.ALREADY_EXISTS)
        self.assertEqual(ns2.get_bucket(name).spec.owner, owner)


class MinioForeignAndMissingTest(ForeignAndMissing):
    BACKEND = "minio"

    def test_a_bucket_of_another_application(self):
        """A bucket made on the same MinIO without ospd (here with the root keys): ospd's admin
        key could reach it, but ospd sees no such bucket and changes nothing in it."""
        root = self.backend.s3(backends.MINIO_ACCESS_KEY, backends.MINIO_SECRET_KEY)
        self.addCleanup(root.close)
        name = backends.unique_bucket("app")
        root.create_bucket(Bucket=name)
        self.addCleanup(root.delete_bucket, Bucket=name)
        root.put_object(Bucket=name, Key=cases.KEY, Body=cases.DATA)
        self.addCleanup(root.delete_object, Bucket=name, Key=cases.KEY)
        target = cases.Target(self.BACKEND, self.account, name)
        for rpc in ("GetBucket", "UpdateBucket", "GetUsage", "ListObjects", "GetObject",
                    "DeleteObjects", "PresignObject"):
            with self.subTest(rpc):
                self.check(rpc, "bucket of another application", cases.BASELINES[rpc](target),
                           grpc.StatusCode.NOT_FOUND)
        delete = cases.BASELINES["DeleteBucket"](target)
        delete.force_empty = True
        self.check("DeleteBucket", "bucket of another application", delete,
                   grpc.StatusCode.FAILED_PRECONDITION)
        self.check("CreateBucket", "bucket name of another application",
                   cases.BASELINES["CreateBucket"](target), grpc.StatusCode.ALREADY_EXISTS)
        self.assertEqual(root.get_object(Bucket=name, Key=cases.KEY)["Body"].read(), cases.DATA)
        self.assertNotIn(name, [b.spec.name for b in self.rpc.list_buckets()])


del ForeignAndMissing


class EcsBadInputTest(BadInput):
    BACKEND = "ecs"


class MinioBadInputTest(BadInput):
    BACKEND = "minio"


del BadInput  # run only through the subclasses


if __name__ == "__main__":
    unittest.main()
