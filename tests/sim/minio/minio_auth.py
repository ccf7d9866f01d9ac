"""Who sent a MinIO request: SigV4 verification against the credentials the simulator knows
(root, users, service accounts; for S3 calls also any key radosgw knows), with MinIO's admin
rules (X-Amz-Content-Sha256 mandatory, no presigned URLs). Thread-safe: reads the model under
Iam.lock, and asks radosgw for unknown keys without it."""

from minio.minio_errors import MinioError
from minio.minio_iam import Caller
from simlib import sigv4


def authenticate(request, iam, body, admin, lookup_key=None):
    """The Caller of a signed request. `body` (bytes or None when streamed) is checked against
    X-Amz-Content-Sha256. `lookup_key(access_key)` -> (uid, secret) or None finds keys outside
    the model. Raises MinioError: AccessDenied (anonymous; admin calls without
    X-Amz-Content-Sha256 or presigned), InvalidAccessKeyId, SignatureDoesNotMatch,
    RequestTimeTooSkewed, XAmzContentSHA256Mismatch, AuthorizationHeaderMalformed."""
    headers = request.headers
    if admin and headers.get("X-Amz-Content-Sha256") is None:
        raise MinioError("AccessDenied")
    try:
        credential = sigv4.parse(headers, request.query_string)
    except sigv4.SigV4Error as exc:
        raise MinioError(exc.code, str(exc), exc.status) from exc
    if credential is None or (admin and credential.presigned):
        raise MinioError("AccessDenied")
    request.annotations["access_key"] = credential.access_key
    with iam.lock:
        caller = iam.caller(credential.access_key)
    if caller is None and lookup_key is not None:
        found = lookup_key(credential.access_key)
        if found is not None:
            caller = Caller("rgw", credential.access_key, found[1], found[0])
    if caller is None:
        raise MinioError("InvalidAccessKeyId")
    if not caller.enabled:
        raise MinioError("InvalidAccessKeyId",
                         "Your account is disabled; please contact your administrator.")
    try:
        sigv4.verify(request.method, request.raw_path, request.query_string, headers,
                     credential, caller.secret, iam.now(), body)
    except sigv4.SigV4Error as exc:
        raise MinioError(exc.code, str(exc), exc.status) from exc
    return caller
