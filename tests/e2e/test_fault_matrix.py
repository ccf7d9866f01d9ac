"""The fault matrix (docs/reliability.md): each backend fault × each mutating RPC (and
GetBucket), on ECS and MinIO through their simulators' /_sim/faults. Per row: the gRPC code ospd
answers, that a retry of the same RPC converges to the full spec, and that nothing is left
half-made (witness.py reads the simulator state and radosgw).

Faults: a 500 burst and a connection-reset burst longer than the transport's retries, one
truncated answer (the backend acted; the body is cut short), one malformed 200 (the backend
acted; the body is garbage), latency past the caller's deadline (the request is held at the
backend until the caller gave up, then handled), and on ECS the session token expiring while the
call is in flight. Each row
targets the backend request that does the RPC's work (MATRIX_POINTS). Certificate switches
under a running ospd are in CertificateSwitch*.

Observed codes are also appended to OSP_E2E_OUT/fault_matrix.txt."""

import os
import re
import threading
import unittest

import grpc
from osp.v1 import provider_pb2

import backends
from drivers import RpcAssertions, RpcFailed
from witness import Witness

SITE = None
OSPD = None
GIB = 1 << 30
# Every option a bucket can be given at create on both backends.
SPEC = {"quota_bytes": 2 * GIB, "versioning": "enabled", "policy": "public-read",
        "encryption": "sse-s3"}
BURST = 50  # longer than any retry loop: the fault outlasts the RPC
# The caller's deadlines in latency rows, tried in turn (with new objects) until the RPC reaches
# the held request before its deadline: on a busy machine MinIO's EnsureUser, which encrypts two
# bodies with Argon2 before it attaches the policy, needs the longer ones.
DEADLINES_S = (0.7, 2.0, 5.0, 12.0)
TLS_HINT = "TLS certificate not trusted: use ca_file or insecure_skip_verify"

OK = "OK"
UNAVAILABLE = grpc.StatusCode.UNAVAILABLE.name
DEADLINE = grpc.StatusCode.DEADLINE_EXCEEDED.name
INTERNAL = grpc.StatusCode.INTERNAL.name

FAULTS = ("500_burst", "reset_burst", "truncate", "garbage", "latency")

# (backend type, rpc) -> (method, path regex) of the backend request a row's fault hits; the
# regex gets the user (u) and bucket (b) names.
MATRIX_POINTS = {
    ("ecs", "EnsureUser"): ("POST", "^/object/users$"),
    ("ecs", "EnsureUser/key"): ("POST", "^/object/user-secret-keys/{u}$"),
    ("ecs", "CreateBucket"): ("POST", "^/object/bucket$"),
    ("ecs", "GetBucket"): ("GET", "^/object/bucket/{b}/info$"),
    ("ecs", "DeleteBucket"): ("POST", "^/object/bucket/{b}/deactivate$"),
    ("minio", "EnsureUser"): ("PUT", "^/minio/admin/v3/add-user$"),
    ("minio", "EnsureUser/key"): ("POST", "^/minio/admin/v3/idp/builtin/policy/attach$"),
    ("minio", "CreateBucket"): ("PUT", "^/{b}$"),
    ("minio", "GetBucket"): ("GET", "^/{b}$"),
    ("minio", "DeleteBucket"): ("DELETE", "^/{b}$"),
}

# The code each row answers before the caller's retry, by fault, and where a point differs.
EXPECTED = {
    "500_burst": UNAVAILABLE,
    "reset_burst": UNAVAILABLE,
    # A cut answer is sent again by the transport when the request may be repeated (GET, PUT,
    # DELETE, and ECS's create user/bucket and deactivate, whose repeat says "exists"/"gone").
    "truncate": OK,
    # A garbled 200 is harmless where ospd does not read the body.
    "garbage": OK,
    "latency": DEADLINE,
}
EXPECTED_BY_POINT = {
    # POSTs that must not run twice (a second key; a policy attach) are not repeated.
    ("ecs", "EnsureUser/key", "truncate"): UNAVAILABLE,
    ("minio", "EnsureUser/key", "truncate"): UNAVAILABLE,
    # A body ospd must read and cannot parse (docs/errors.md: INTERNAL).
    ("ecs", "EnsureUser/key", "garbage"): INTERNAL,
    ("ecs", "GetBucket", "garbage"): INTERNAL,
    ("minio", "GetBucket", "garbage"): INTERNAL,
}


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    SITE, OSPD = backends.start_site(("ecs", "ecs", {}), ("minio", "minio", {}), minio_tls=True)


def tearDownModule():
    SITE.stop()


def record(line):
    out = os.environ.get("OSP_E2E_OUT")
    if out:
        with open(os.path.join(out, "fault_matrix.txt"), "a", encoding="utf-8") as f:
            f.write(line + "\n")


class Matrix(RpcAssertions, unittest.TestCase):
    """Subclasses set BACKEND; test_<rpc>_<fault> methods are added below the class."""

    BACKEND = None

    @classmethod
    def setUpClass(cls):
        cls.backend = SITE.backends[cls.BACKEND]
        cls.sim = cls.backend.sim
        cls.witness = Witness(cls.backend)
        cls.rpc = SITE.driver("grpc", OSPD, cls.BACKEND)
        cls.owner = backends.new_account()
        cls.rpc.ensure_user(cls.owner)
        cls.accounts, cls.buckets = [cls.owner], []

    @classmethod
    def tearDownClass(cls):
        cls.sim.clear_faults()
        for account in cls.accounts:
            for bucket in cls.rpc.list_buckets(owner=account):
                cls.rpc.delete_bucket(bucket.spec.name, force_empty=True)
            cls.rpc.delete_user(account)
        leftovers = cls.witness.leftovers(cls.accounts, cls.buckets)
        if leftovers:
            raise AssertionError(f"{cls.BACKEND}: left behind after clean-up: {leftovers}")

    def setUp(self):
        self.sim.clear_faults()
        self.addCleanup(self.sim.clear_faults)

    # --- one row -----------------------------------------------------------------------------

    def new_account(self):
        account = backends.new_account()
        self.accounts.append(account)
        return account

    def new_bucket(self):
        bucket = backends.unique_bucket("fm")
        self.buckets.append(bucket)
        return bucket

    def prepare(self, rpc):
        """New objects for one row: (account, bucket, method, path regex, call)."""
        account, bucket = self.owner, self.new_bucket()
        if rpc.startswith("EnsureUser"):
            account = self.new_account()
        if rpc in ("GetBucket", "DeleteBucket"):
            self.rpc.create_bucket(bucket, self.owner, **SPEC)
        method, path = MATRIX_POINTS[(self.backend.profile.type, rpc)]
        path = path.format(u=re.escape(self.witness.user_name(account)), b=re.escape(bucket))
        return account, bucket, method, path, self.call_for(rpc, account, bucket)

    def row(self, rpc, fault):
        """Prepares the row's objects, injects `fault` at the RPC's point, calls the RPC, then
        retries it without the fault and checks the end state. Returns the first code."""
        account, bucket, method, path, call = self.prepare(rpc)
        seq = self.sim.last_seq()
        if fault == "latency":
            late = None
            for deadline_s in DEADLINES_S:
                late = self.late(call, method, path, deadline_s)
                if late is not None:
                    break
                account, bucket, method, path, call = self.prepare(rpc)
            self.assertIsNotNone(late, f"{rpc} never reached {method} {path} in time")
            code, message = late
        else:
            rule = {"500_burst": {"action": "fail", "status": 500, "count": BURST},
                    "reset_burst": {"action": "reset", "count": BURST},
                    "truncate": {"action": "truncate"},
                    "garbage": {"action": "garbage"}}[fault]
            self.sim.add_fault(method=method, path=path, **rule)
            code, message = self.outcome(call, None)
        hit = [e for e in self.sim.log_since(seq) if e.get("fault")]
        self.sim.clear_faults()
        record(f"{self.BACKEND} {rpc} {fault} {code} {message[:160]!r}")
        self.assertTrue(hit, f"the fault never hit {method} {path}")

        retried = call(None)
        self.check_converged(rpc, account, bucket, retried)
        return code

    def late(self, call, method, path, deadline_s):
        """Calls with a deadline while the request at (method, path) is held at the backend;
        once the caller gave up, the backend handles it. Returns (code, message), or None when
        the deadline passed before the RPC got to that request."""
        hold = self.sim.add_fault(action="hold", method=method, path=path)
        code, message = self.outcome(call, deadline_s)  # returns at the deadline
        if self.sim.control.call("GET", f"/faults/{hold['id']}")["held"] == 0:
            self.sim.control.call("DELETE", f"/faults/{hold['id']}")
            return None
        self.sim.release(hold)  # answers once the backend handled it
        return code, message

    def outcome(self, call, timeout):
        try:
            call(timeout)
            return OK, ""
        except RpcFailed as failure:
            return failure.code.name, failure.message

    def call_for(self, rpc, account, bucket):
        """fn(timeout or None) that makes the RPC once and returns its answer."""
        def driver(timeout):
            if timeout is None:
                return self.rpc
            return SITE.driver("grpc", OSPD, self.BACKEND, timeout=timeout)
        if rpc.startswith("EnsureUser"):
            return lambda t: driver(t).ensure_user(account)
        if rpc == "CreateBucket":
            return lambda t: driver(t).create_bucket(bucket, account, **SPEC)
        if rpc == "GetBucket":
            return lambda t: driver(t).get_bucket(bucket)
        return lambda t: driver(t).delete_bucket(bucket)

    # --- end states ----------------------------------------------------------------------------

    def check_converged(self, rpc, account, bucket, retried):
        if rpc.startswith("EnsureUser"):
            self.check_user(account, retried.credentials)
        elif rpc == "DeleteBucket":
            self.check_deleted(bucket)
        else:
            self.check_bucket(bucket)

    def check_user(self, account, credentials):
        """One user with one key, the one returned, working on S3."""
        self.assertEqual(self.witness.key_count(account), 1, self.witness.user(account))
        user = self.witness.user_name(account)
        self.assertEqual(self.witness.rgw_keys(user), [user])
        if not self.witness.is_ecs:
            self.assertEqual(self.witness.user(account)["policies"], [user])
        s3 = self.backend.s3(credentials.access_key_id, credentials.secret_access_key)
        self.addCleanup(s3.close)
        self.assertIn("Buckets", s3.list_buckets())

    def check_bucket(self, bucket):
        """The bucket with the full SPEC, owned by self.owner, on the backend."""
        got = self.rpc.get_bucket(bucket).spec
        self.assertEqual(got.owner, self.owner)
        self.assertEqual(got.quota.max_bytes, SPEC["quota_bytes"])
        self.assertEqual(got.versioning, provider_pb2.VERSIONING_STATE_ENABLED)
        self.assertEqual(got.policy.kind, provider_pb2.POLICY_KIND_PUBLIC_READ)
        self.assertEqual(got.encryption, provider_pb2.ENCRYPTION_SSE_S3)
        self.assertEqual(self.backend.quota_bytes(bucket), SPEC["quota_bytes"])
        self.assertEqual(self.witness.rgw_buckets([bucket]), {bucket})
        self.assertEqual(self.rpc.create_bucket(bucket, self.owner, **SPEC).spec.name, bucket)

    def check_deleted(self, bucket):
        self.assertFails(grpc.StatusCode.NOT_FOUND, self.rpc.get_bucket, bucket)
        self.assertEqual(self.witness.rgw_buckets([bucket]), set())
        self.assertEqual(self.witness.sim_buckets([bucket]), set())
        self.assertNotIn(bucket, [b.spec.name for b in self.rpc.list_buckets(owner=self.owner)])
        self.rpc.delete_bucket(bucket)  # and again: still OK

    # --- ECS session token expiring mid-flight -----------------------------------------------

    def token_row(self, rpc):
        """The token expires while the RPC's request is held at the backend: the request is
        refused with 401, ospd logs in once and sends it again. Returns the code."""
        account, bucket = self.owner, self.new_bucket()
        if rpc.startswith("EnsureUser"):
            account = self.new_account()
        if rpc in ("GetBucket", "DeleteBucket"):
            self.rpc.create_bucket(bucket, self.owner, **SPEC)
        method, path = MATRIX_POINTS[("ecs", rpc)]
        path = path.format(u=re.escape(self.witness.user_name(account)), b=re.escape(bucket))
        call = self.call_for(rpc, account, bucket)
        hold = self.sim.add_fault(action="hold", method=method, path=path)
        logins = self.sim.counters()["logins"]
        result = {}
        caller = threading.Thread(target=lambda: result.update(zip(
            ("code", "message"), self.outcome(call, None))))
        caller.start()
        self.sim.wait_held(hold)
        self.sim.expire_tokens()
        self.sim.release(hold)
        caller.join()
        record(f"{self.BACKEND} {rpc} token_expiry {result['code']} {result['message'][:160]!r}")
        self.assertEqual(self.sim.counters()["logins"], logins + 1)
        self.check_converged(rpc, account, bucket, call(None))
        return result["code"]

    # --- certificate switches ----------------------------------------------------------------

    def test_certificate_switches_under_a_running_ospd(self):
        """The simulator changes its certificate under a running ospd (which trusts the
        simulator's CA through ca_file): a new one from the same CA keeps working, one from
        another CA fails with the hint, and going back converges without restarting ospd."""
        kept, refused = self.new_bucket(), self.new_bucket()
        self.rpc.create_bucket(kept, self.owner, **SPEC)
        pid = OSPD.daemon.proc.pid
        self.assertEqual(self.sim.switch_tls(issuer="same")["ca_file"], self.sim.ca_file)
        self.assertEqual(self.rpc.get_bucket(kept).spec.name, kept)

        self.sim.switch_tls(issuer="other")
        self.addCleanup(self.sim.switch_tls, issuer="same")
        failed = self.assertFails(grpc.StatusCode.UNAVAILABLE, self.rpc.create_bucket, refused,
                                  self.owner, **SPEC)
        self.assertIn(TLS_HINT, failed.message)
        record(f"{self.BACKEND} CreateBucket tls_other_ca UNAVAILABLE {failed.message[:160]!r}")
        check = self.rpc.check()
        self.assertFalse(check.ok)
        self.assertTrue(any(TLS_HINT in c.message for c in check.checks if not c.ok), check)
        self.assertEqual(self.witness.rgw_buckets([refused]), set())

        self.sim.switch_tls(issuer="same")
        self.assertTrue(self.rpc.check().ok)
        self.rpc.create_bucket(refused, self.owner, **SPEC)
        self.check_bucket(refused)
        self.assertEqual(OSPD.daemon.proc.pid, pid)
        self.assertIsNone(OSPD.daemon.proc.poll())


def _rows(tokens):
    """Adds test_<rpc>_<fault> to a Matrix subclass (and test_<rpc>_token_expiry with
    tokens)."""
    def add(cls):
        for rpc in ("EnsureUser", "EnsureUser/key", "CreateBucket", "GetBucket",
                    "DeleteBucket"):
            name = rpc.replace("/", "_").lower()
            for fault in FAULTS:
                def test(self, rpc=rpc, fault=fault):
                    code = self.row(rpc, fault)
                    want = EXPECTED_BY_POINT.get((self.backend.profile.type, rpc, fault),
                                                 EXPECTED.get(fault))
                    self.assertEqual(code, want, f"{rpc} under {fault}")
                setattr(cls, f"test_{name}_{fault}", test)
            if tokens:
                setattr(cls, f"test_{name}_token_expiry",
                        lambda self, rpc=rpc: self.assertEqual(self.token_row(rpc), OK))
        return cls
    return add


@_rows(tokens=True)
class EcsFaultMatrixTest(Matrix):
    BACKEND = "ecs"


@_rows(tokens=False)
class MinioFaultMatrixTest(Matrix):
    BACKEND = "minio"


del Matrix  # run only through the subclasses

if __name__ == "__main__":
    unittest.main()
