"""Two clients of ospd behind one interface, so that a flow is written once and run through
both: OspctlDriver runs the ospctl binary (--output json, parsed back into the osp.v1 messages)
and GrpcDriver calls the generated Python stubs. Both return osp.v1 messages and raise RpcFailed
with the gRPC status code; OspctlDriver derives it from ospctl's exit status (1-16 = the code)
and keeps that exit status too.

Bucket options are given as ospctl spells them: versioning "enabled"/"suspended"/"off",
encryption "sse-s3"/"none", policy "private"/"public-read"/a JSON document, cors a list of
osp.v1.CorsRule (ospctl: one rule of origins and methods allowing any header; [] removes the
rules).
"""

import hashlib
import os
import subprocess
import tempfile
import urllib.parse

import grpc
from google.protobuf import field_mask_pb2, json_format
from osp.v1 import options_pb2, provider_pb2, provider_pb2_grpc

import harness

CALL_TIMEOUT_S = 60
CHUNK = 64 * 1024
CODES_BY_NUMBER = {code.value[0]: code for code in grpc.StatusCode}

VERSIONING = {
    "enabled": provider_pb2.VERSIONING_STATE_ENABLED,
    "suspended": provider_pb2.VERSIONING_STATE_SUSPENDED,
    "off": provider_pb2.VERSIONING_STATE_OFF,
}
ENCRYPTION = {"sse-s3": provider_pb2.ENCRYPTION_SSE_S3, "none": provider_pb2.ENCRYPTION_NONE}
POLICY_KINDS = {"private": provider_pb2.POLICY_KIND_PRIVATE,
                "public-read": provider_pb2.POLICY_KIND_PUBLIC_READ}


class RpcFailed(Exception):
    """A call that ospd answered with an error. exit_code is ospctl's exit status (None for the
    Python client)."""

    def __init__(self, code, message, exit_code=None):
        harness.record_error_message(message)
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.exit_code = exit_code


class RpcAssertions:
    """A unittest.TestCase mixin for calls made through either driver."""

    def assertFails(self, code, call, *args, **kwargs):  # pylint: disable=invalid-name
        """Runs call(*args, **kwargs) and asserts that it fails with `code`; through ospctl also
        that the exit status is the code's number and stderr starts with its name. Returns the
        RpcFailed."""
        with self.assertRaises(RpcFailed) as caught:
            call(*args, **kwargs)
        failure = caught.exception
        self.assertEqual(failure.code, code, failure.message)
        if failure.exit_code is not None:
            self.assertEqual(failure.exit_code, code.value[0])
            self.assertTrue(failure.message.startswith(code.name + ":"), failure.message)
        return failure


def register_secrets(message):
    """Registers with the harness every value of a field marked (osp.v1.secret) in message and
    its sub-messages, and the signature of a presigned URL; returns message."""
    for field, value in message.ListFields():
        values = value if field.label == field.LABEL_REPEATED else [value]
        if field.GetOptions().Extensions[options_pb2.secret]:
            for secret in values:
                harness.register_secret(secret)
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(secret).query)
                for signature in query.get("X-Amz-Signature", []) + query.get("Signature", []):
                    harness.register_secret(signature)
        elif field.message_type is not None:
            if field.message_type.GetOptions().map_entry:
                if field.message_type.fields_by_name["value"].message_type is None:
                    continue
                values = value.values()
            for sub_message in values:
                register_secrets(sub_message)
    return message


def remove_account(rpc, account):
    """Test clean-up: deletes the account's buckets (emptied first) and its user."""
    for bucket in rpc.list_buckets(owner=account):
        rpc.delete_bucket(bucket.spec.name, force_empty=True)
    rpc.delete_user(account)


def _policy(value):
    if value in POLICY_KINDS:
        return provider_pb2.Policy(kind=POLICY_KINDS[value])
    return provider_pb2.Policy(kind=provider_pb2.POLICY_KIND_CUSTOM, json=value)


class GrpcDriver:
    """The Python stubs over a channel; one backend."""

    name = "grpc"

    def __init__(self, channel, backend, timeout=CALL_TIMEOUT_S):
        self.stub = provider_pb2_grpc.ObjectStoreProviderStub(channel)
        self.backend = backend
        self.timeout = timeout

    def _call(self, method, request):
        try:
            return register_secrets(getattr(self.stub, method)(request, timeout=self.timeout))
        except grpc.RpcError as err:
            raise RpcFailed(err.code(), err.details()) from None

    def capabilities(self):
        return self._call("GetCapabilities", provider_pb2.GetCapabilitiesRequest(
            backend=self.backend)).capabilities

    def check(self):
        return self._call("CheckBackend", provider_pb2.CheckBackendRequest(backend=self.backend))

    def ensure_user(self, account):
        return self._call("EnsureUser", provider_pb2.EnsureUserRequest(
            backend=self.backend, account_id=account))

    def delete_user(self, account):
        return self._call("DeleteUser", provider_pb2.DeleteUserRequest(
            backend=self.backend, account_id=account))

    def create_key(self, account):
        return self._call("CreateAccessKey", provider_pb2.CreateAccessKeyRequest(
            backend=self.backend, account_id=account)).credentials

    def delete_key(self, account, access_key_id):
        return self._call("DeleteAccessKey", provider_pb2.DeleteAccessKeyRequest(
            backend=self.backend, account_id=account, access_key_id=access_key_id))

    @staticmethod
    def spec(name, owner="", quota_bytes=None, versioning=None, encryption=None, policy=None,
             object_lock=False, cors=None):
        """A BucketSpec and the update mask naming the fields given."""
        spec = provider_pb2.BucketSpec(name=name, owner=owner, object_lock=object_lock)
        paths = []
        if quota_bytes is not None:
            spec.quota.max_bytes = quota_bytes
            paths.append("quota")
        if versioning is not None:
            spec.versioning = VERSIONING[versioning]
            paths.append("versioning")
        if encryption is not None:
            spec.encryption = ENCRYPTION[encryption]
            paths.append("encryption")
        if policy is not None:
            spec.policy.CopyFrom(_policy(policy))
            paths.append("policy")
        if cors is not None:
            spec.cors_rules.extend(cors)
            paths.append("cors_rules")
        return spec, field_mask_pb2.FieldMask(paths=paths)

    def create_bucket(self, name, owner, **options):
        spec, _ = self.spec(name, owner, **options)
        return self._call("CreateBucket", provider_pb2.CreateBucketRequest(
            backend=self.backend, bucket=spec)).bucket

    def get_bucket(self, name):
        return self._call("GetBucket", provider_pb2.GetBucketRequest(
            backend=self.backend, name=name)).bucket

    def list_buckets(self, owner=""):
        buckets, token = [], ""
        while True:
            page = self._call("ListBuckets", provider_pb2.ListBucketsRequest(
                backend=self.backend, owner=owner, page_token=token))
            buckets.extend(page.buckets)
            token = page.next_page_token
            if not token:
                return buckets

    def update_bucket(self, name, **options):
        spec, mask = self.spec(name, **options)
        return self._call("UpdateBucket", provider_pb2.UpdateBucketRequest(
            backend=self.backend, bucket=spec, update_mask=mask)).bucket

    def delete_bucket(self, name, force_empty=False):
        return self._call("DeleteBucket", provider_pb2.DeleteBucketRequest(
            backend=self.backend, name=name, force_empty=force_empty))

    def usage(self, buckets=(), owner=""):
        return list(self._call("GetUsage", provider_pb2.GetUsageRequest(
            backend=self.backend, buckets=list(buckets), owner=owner)).usage)

    def put(self, bucket, key, data):
        def requests():
            yield provider_pb2.PutObjectRequest(header=provider_pb2.PutObjectHeader(
                backend=self.backend, bucket=bucket, key=key, size=len(data),
                sha256=hashlib.sha256(data).hexdigest()))
            for offset in range(0, len(data), CHUNK):
                yield provider_pb2.PutObjectRequest(chunk=data[offset:offset + CHUNK])
        try:
            return self.stub.PutObject(requests(), timeout=self.timeout)
        except grpc.RpcError as err:
            raise RpcFailed(err.code(), err.details()) from None

    def get(self, bucket, key):
        data = bytearray()
        try:
            stream = self.stub.GetObject(provider_pb2.GetObjectRequest(
                backend=self.backend, bucket=bucket, key=key), timeout=self.timeout)
            for message in stream:
                if message.WhichOneof("part") == "chunk":
                    data += message.chunk
        except grpc.RpcError as err:
            raise RpcFailed(err.code(), err.details()) from None
        return bytes(data)

    def list_objects(self, bucket, prefix=""):
        return self._call("ListObjects", provider_pb2.ListObjectsRequest(
            backend=self.backend, bucket=bucket, prefix=prefix))

    def delete_objects(self, bucket, keys):
        return self._call("DeleteObjects", provider_pb2.DeleteObjectsRequest(
            backend=self.backend, bucket=bucket,
            objects=[provider_pb2.ObjectIdentifier(key=k) for k in keys]))


class OspctlDriver:
    """The ospctl binary against ospd's Unix socket; one backend."""

    name = "ospctl"

    def __init__(self, target, backend, timeout="60s"):
        self.target = target
        self.backend = backend
        self.timeout = timeout
        self._tmp = tempfile.TemporaryDirectory(prefix="ospctl-e2e-")

    def close(self):
        self._tmp.cleanup()

    def run(self, *args, timeout=None):
        """Runs ospctl; returns the CompletedProcess (bytes) whatever the exit status, except
        for a sanitizer report (harness.DaemonError)."""
        done = subprocess.run(
            [harness.ospctl_bin(), "--target", self.target, "--backend", self.backend,
             "--output", "json", "--timeout", timeout or self.timeout, *args],
            capture_output=True, stdin=subprocess.DEVNULL, timeout=harness.STOP_TIMEOUT_S * 4,
            check=False)
        if done.returncode == harness.SANITIZER_EXIT_CODE:
            raise harness.DaemonError("sanitizer report from ospctl\n" +
                                      done.stderr.decode(errors="replace"))
        return done

    def _call(self, message, *args, timeout=None):
        done = self.run(*args, timeout=timeout)
        if done.returncode != 0:
            code = CODES_BY_NUMBER.get(done.returncode, grpc.StatusCode.UNKNOWN)
            raise RpcFailed(code, done.stderr.decode(errors="replace").strip(), done.returncode)
        if message is None:
            return None
        return register_secrets(json_format.Parse(done.stdout, message))

    @staticmethod
    def _option_flags(quota_bytes=None, versioning=None, encryption=None, policy=None,
                      object_lock=False, cors=None):
        flags = []
        if quota_bytes is not None:
            flags += ["--quota-bytes", str(quota_bytes)]
        if versioning is not None:
            flags += ["--versioning", versioning]
        if encryption is not None:
            flags += ["--encryption", encryption]
        if policy is not None:
            flags += ["--policy", policy]
        if object_lock:
            flags.append("--object-lock")
        if cors == []:
            flags.append("--clear-cors")
        elif cors is not None:
            (rule,) = cors
            if list(rule.allowed_headers) != ["*"] or rule.expose_headers or rule.max_age_seconds:
                raise ValueError("ospctl sets CORS rules of origins and methods allowing any "
                                 "header only")
            for origin in rule.allowed_origins:
                flags += ["--cors-origin", origin]
            for method in rule.allowed_methods:
                flags += ["--cors-method", method]
        return flags

    def capabilities(self):
        return self._call(provider_pb2.GetCapabilitiesResponse(), "capabilities").capabilities

    def check(self):
        """CheckBackend's answer; ospctl exits 9 when a check failed but still prints it."""
        done = self.run("check")
        if done.returncode not in (0, 9) or not done.stdout.strip():
            code = CODES_BY_NUMBER.get(done.returncode, grpc.StatusCode.UNKNOWN)
            raise RpcFailed(code, done.stderr.decode(errors="replace").strip(), done.returncode)
        return json_format.Parse(done.stdout, provider_pb2.CheckBackendResponse())

    def ensure_user(self, account):
        return self._call(provider_pb2.EnsureUserResponse(), "user", "ensure",
                          "--account", account)

    def delete_user(self, account):
        return self._call(provider_pb2.DeleteUserResponse(), "user", "delete",
                          "--account", account)

    def create_key(self, account):
        return self._call(provider_pb2.CreateAccessKeyResponse(), "key", "create",
                          "--account", account).credentials

    def delete_key(self, account, access_key_id):
        return self._call(provider_pb2.DeleteAccessKeyResponse(), "key", "delete",
                          "--account", account, "--access-key", access_key_id)

    def create_bucket(self, name, owner, **options):
        return self._call(provider_pb2.CreateBucketResponse(), "bucket", "create", name,
                          "--owner", owner, *self._option_flags(**options)).bucket

    def get_bucket(self, name):
        return self._call(provider_pb2.GetBucketResponse(), "bucket", "get", name).bucket

    def list_buckets(self, owner=""):
        args = ["--owner", owner] if owner else []
        return list(self._call(provider_pb2.ListBucketsResponse(), "bucket", "list",
                               *args).buckets)

    def update_bucket(self, name, **options):
        return self._call(provider_pb2.UpdateBucketResponse(), "bucket", "update", name,
                          *self._option_flags(**options)).bucket

    def delete_bucket(self, name, force_empty=False):
        flags = ["--force-empty"] if force_empty else []
        return self._call(provider_pb2.DeleteBucketResponse(), "bucket", "delete", name, *flags)

    def usage(self, buckets=(), owner=""):
        args = ["--owner", owner] if owner else []
        return list(self._call(provider_pb2.GetUsageResponse(), "usage", *buckets,
                               *args).usage)

    def put(self, bucket, key, data):
        path = os.path.join(self._tmp.name, "upload")
        with open(path, "wb") as f:
            f.write(data)
        return self._call(provider_pb2.PutObjectResponse(), "put", path, f"{bucket}/{key}")

    def get(self, bucket, key):
        path = os.path.join(self._tmp.name, "download")
        self._call(provider_pb2.ObjectInfo(), "get", f"{bucket}/{key}", path)
        with open(path, "rb") as f:
            data = f.read()
        os.unlink(path)
        return data

    def list_objects(self, bucket, prefix=""):
        return self._call(provider_pb2.ListObjectsResponse(), "ls", f"{bucket}/{prefix}",
                          "--recursive")

    def delete_objects(self, bucket, keys):
        return self._call(provider_pb2.DeleteObjectsResponse(), "rm",
                          *[f"{bucket}/{k}" for k in keys])
