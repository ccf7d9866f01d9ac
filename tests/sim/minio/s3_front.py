"""The MinIO simulator's S3 API: a streaming pass-through to radosgw (which verifies the client's
signature itself) that adds what MinIO does and Ceph 16 cannot: the bucket `?encryption`
subresource (SSE-S3 default encryption, served here with our own SigV4 check), the SSE response
header on objects of such buckets, MinIO's quota error, s3:CreateBucket checks, and canned
policies mirrored into bucket policies (the client's own `?policy` is kept apart). Path-style
URLs only. Thread-safe: model access under Iam.lock, one upstream connection per request;
creating or deleting a bucket or its policy holds the bucket's resource lock until the model
and the mirror have caught up, so they are never mirrored from a stale view."""

import re
import urllib.parse
import xml.etree.ElementTree as ET
import xml.sax.saxutils

from minio import minio_errors, minio_mirror
from minio.minio_auth import authenticate
from minio.minio_errors import MinioError
from simlib import proxy, sigv4
from simlib.http_types import Response, StreamResponse

SSE_HEADER = "x-amz-server-side-encryption"
_KMS_KEY_HEADER = "x-amz-server-side-encryption-aws-kms-key-id"
_S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"
_ALGORITHMS = ("AES256", "aws:kms")
# Query keys of requests that read or write object data (where MinIO reports SSE).
_OBJECT_DATA_KEYS = re.compile(r"^(partNumber|uploadId|uploads|versionId|response-.*|"
                               r"X-Amz-.*)$")
_QUOTA_EXCEEDED = b"<Code>QuotaExceeded</Code>"


def split_path(raw_path):
    """(bucket, key) of a path-style URL; either may be ""."""
    bucket, _, key = raw_path.lstrip("/").partition("/")
    return urllib.parse.unquote(bucket), urllib.parse.unquote(key)


class S3Front:
    def __init__(self, iam, backing, mirror, pool):
        self._iam = iam
        self._backing = backing
        self._mirror = mirror
        self._pool = pool

    def streams(self, request):
        bucket, key = split_path(request.raw_path)
        return not (bucket and not key and ("encryption" in request.query or
                                            "policy" in request.query))

    def handle(self, request):
        bucket, key = split_path(request.raw_path)
        request.annotations.update(bucket=bucket or None)
        try:
            if self._pool is None:
                raise MinioError("ServiceUnavailable", "the simulator runs without radosgw")
            if bucket and not key and "encryption" in request.query:
                return self._encryption(request, bucket)
            if bucket and not key and "policy" in request.query:
                return self._policy(request, bucket)
            if request.method == "PUT" and bucket and not key and not request.query:
                self._check_create(request, bucket)
            if request.method in ("PUT", "DELETE") and bucket and not key and not request.query:
                with self._iam.resources.hold(("bucket", bucket)):
                    if request.method == "PUT":
                        return self._create(request, bucket)
                    return self._proxy(request, bucket, key)
            return self._proxy(request, bucket, key)
        except MinioError as error:
            return minio_errors.xml_response(error, request.raw_path)

    # --- pass-through -----------------------------------------------------------------------
    def _forward(self, request, body=None):
        try:
            return proxy.forward(self._pool, request, body)
        except proxy.UpstreamError as exc:
            raise MinioError("ServiceUnavailable", "radosgw did not answer: %s" % exc) from exc

    def _proxy(self, request, bucket, key):
        upstream = self._forward(request)
        try:
            if upstream.status >= 300 and upstream.length is not None and \
                    upstream.length <= 65536:
                return self._buffered_error(upstream, bucket, key)
            self._after_success(request, upstream.status, bucket, key)
        except BaseException:
            upstream.close()
            raise
        headers = upstream.headers + self._sse_headers(request, upstream, bucket, key)
        return StreamResponse(upstream.status, headers, upstream.chunks(), upstream.length,
                              upstream.close)

    def _buffered_error(self, upstream, bucket, key):
        body = upstream.read_all()
        upstream.close()
        if upstream.status == 403 and _QUOTA_EXCEEDED in body:
            raise MinioError("XMinioAdminBucketQuotaExceeded", bucket=bucket, key=key or None)
        return Response(upstream.status, body, headers=upstream.headers)

    def _after_success(self, request, status, bucket, key):
        if status >= 300 or not bucket or key or request.query:
            return
        if request.method == "PUT":
            self._mirror.sync_bucket(bucket)
        elif request.method == "DELETE":
            with self._iam.lock:
                self._iam.forget_bucket(bucket)

    def _sse_headers(self, request, upstream, bucket, key):
        if (upstream.status >= 300 or not key or request.method not in ("GET", "HEAD", "PUT",
                                                                          "POST")
                or any(not _OBJECT_DATA_KEYS.match(k) for k in request.query)
                or upstream.header(SSE_HEADER)):
            return []
        with self._iam.lock:
            config = self._iam.encryption.get(bucket)
        if config is not None:
            algorithm, kms_key = config
        elif request.method in ("PUT", "POST") and request.headers.get(SSE_HEADER) == "AES256":
            algorithm, kms_key = "AES256", None
        else:
            return []
        headers = [(SSE_HEADER, algorithm)]
        if kms_key:
            headers.append((_KMS_KEY_HEADER, kms_key))
        return headers

    def _check_create(self, request, bucket):
        """MinIO needs s3:CreateBucket; radosgw lets any user create buckets."""
        try:
            credential = sigv4.parse(request.headers, request.query_string)
        except sigv4.SigV4Error:
            return  # radosgw answers the malformed request itself
        if credential is None:
            return
        with self._iam.lock:
            caller = self._iam.caller(credential.access_key)
        if caller is not None and not caller.allows("s3:CreateBucket", bucket):
            raise MinioError("AccessDenied", bucket=bucket)

    def _create(self, request, bucket):
        """MinIO has no bucket owners: creating any existing bucket is "already owned by you",
        once radosgw authenticated the request (it answers its owner's repeat with 200 and
        anyone else with 409 BucketAlreadyExists)."""
        existed = self._backing.bucket_stats(bucket) is not None
        response = self._proxy(request, bucket, "")
        if existed and (response.status < 300 or response.status == 409):
            if isinstance(response, StreamResponse):
                response.close()
            raise MinioError("BucketAlreadyOwnedByYou", bucket=bucket)
        return response

    # --- served here ------------------------------------------------------------------------
    def _authorize(self, request, bucket, action):
        caller = authenticate(request, self._iam, request.body, admin=False,
                              lookup_key=self._backing.lookup_key)
        stats = self._backing.bucket_stats(bucket)
        if stats is None:
            raise MinioError("NoSuchBucket", bucket=bucket)
        with self._iam.lock:
            if not (caller.uid == stats.get("owner") or caller.allows(action, bucket)):
                raise MinioError("AccessDenied", bucket=bucket)

    def _encryption(self, request, bucket):
        method = request.method
        if method not in ("GET", "PUT", "DELETE"):
            raise MinioError("MethodNotAllowed", status=405)
        self._authorize(request, bucket, "s3:GetEncryptionConfiguration" if method == "GET"
                        else "s3:PutEncryptionConfiguration")
        with self._iam.lock:
            if method == "PUT":
                self._iam.encryption[bucket] = _parse_sse_config(request.body)
                return Response(200)
            if method == "DELETE":
                self._iam.encryption.pop(bucket, None)
                return Response(204)
            config = self._iam.encryption.get(bucket)
        if config is None:
            raise MinioError("ServerSideEncryptionConfigurationNotFoundError", bucket=bucket)
        return Response(200, _render_sse_config(*config), "application/xml")

    def _policy(self, request, bucket):
        """Forwarded (radosgw checks signature, permission and syntax); the model then keeps
        the client's document apart from the mirrored canned-policy statements."""
        if request.method in ("PUT", "DELETE"):
            with self._iam.resources.hold(("bucket", bucket)):
                return self._change_policy(request, bucket)
        response = self._forward_buffered(request)
        if response.status >= 300 or request.method != "GET":
            return response
        stored = response.body.decode()
        own = minio_mirror.client_part(stored)
        if own == stored:
            return response
        with self._iam.lock:
            own = self._iam.bucket_policies.get(bucket) or own
        if not own:
            raise MinioError("NoSuchBucketPolicy", bucket=bucket)
        return Response(200, own.encode(), "application/json")

    def _change_policy(self, request, bucket):
        """PUT or DELETE ?policy, under the bucket's resource lock."""
        response = self._forward_buffered(request)
        if response.status >= 300:
            return response
        iam = self._iam
        with iam.lock:
            if request.method == "PUT":
                iam.bucket_policies[bucket] = iam.mirrored[bucket] = request.body.decode()
            else:
                iam.bucket_policies.pop(bucket, None)
                iam.mirrored[bucket] = ""
        self._mirror.sync_bucket(bucket)
        return response

    def _forward_buffered(self, request):
        upstream = self._forward(request, request.body or b"")
        body = upstream.read_all()
        upstream.close()
        return Response(upstream.status, body, headers=upstream.headers)


def _local(tag):
    return tag.split("}", 1)[-1]


def _parse_sse_config(body):
    """(algorithm, KMS key id or None) of a ServerSideEncryptionConfiguration; MalformedXML."""
    try:
        root = ET.fromstring(body or b"")
    except ET.ParseError as exc:
        raise MinioError("MalformedXML") from exc
    if _local(root.tag) != "ServerSideEncryptionConfiguration":
        raise MinioError("MalformedXML")
    rules = [r for r in root if _local(r.tag) == "Rule"]
    if len(rules) != 1:
        raise MinioError("MalformedXML", "exactly one Rule is supported")
    default = next((e for e in rules[0] if _local(e.tag) == "ApplyServerSideEncryptionByDefault"),
                   None)
    fields = {_local(e.tag): (e.text or "").strip() for e in (default if default is not None
                                                           else [])}
    algorithm = fields.get("SSEAlgorithm")
    if algorithm not in _ALGORITHMS:
        raise MinioError("MalformedXML", "SSEAlgorithm must be AES256 or aws:kms")
    return algorithm, fields.get("KMSMasterKeyID") or None


def _render_sse_config(algorithm, kms_key):
    key = ("<KMSMasterKeyID>%s</KMSMasterKeyID>" % xml.sax.saxutils.escape(kms_key)
           if kms_key else "")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ServerSideEncryptionConfiguration '
            'xmlns="%s"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>%s'
            '</SSEAlgorithm>%s</ApplyServerSideEncryptionByDefault></Rule>'
            '</ServerSideEncryptionConfiguration>' % (_S3_NS, algorithm, key)).encode()
