"""MinioPersonality: one listener like a MinIO server: /minio/admin/ (admin API, JSON errors),
/minio/health/ (liveness, no auth) and everything else as S3 (pass-through to radosgw, XML
errors). Thread-safe: the model is guarded by Iam.lock, the S3 front holds no state."""

from minio import minio_admin_accounts, minio_errors
from minio.minio_admin import PREFIX as ADMIN_PREFIX
from minio.minio_admin import V3_PREFIX
from minio.minio_errors import MinioError
from minio.minio_iam import iso_time
from simlib.http_types import Response
from simlib.personality import Personality

HEALTH_PREFIX = "/minio/health/"
_HEALTH_PATHS = ("live", "ready", "cluster", "cluster/read")


def _api(request):
    if request.raw_path.startswith(ADMIN_PREFIX):
        return "admin"
    if request.raw_path.startswith(HEALTH_PREFIX):
        return "health"
    return "s3"


class MinioPersonality(Personality):
    name = "minio"

    def __init__(self, iam, backing, admin, front, root_admin):
        self.iam = iam
        self.backing = backing
        self.admin = admin
        self.front = front
        self.root_admin = root_admin

    def streams(self, request):
        return _api(request) == "s3" and self.front.streams(request)

    def handle(self, request):
        api = _api(request)
        if api == "admin":
            return self.admin.handle(request)
        if api == "health":
            return self._health(request)
        return self.front.handle(request)

    def fault_response(self, request, status, code):
        error = MinioError(code or minio_errors.default_code(status),
                           "Injected fault: HTTP %d" % status, status=status)
        if _api(request) == "admin":
            return minio_errors.json_response(error, request.raw_path)
        return minio_errors.xml_response(error, request.raw_path)

    def log_fields(self, request):
        return {"api": _api(request)}

    def control_routes(self):
        return {("GET", "/_sim/state"): lambda _doc: (200, self._state())}

    def counters(self):
        with self.iam.lock:
            return {"users": len(self.iam.users),
                    "service_accounts": len(self.iam.service_accounts),
                    "canned_policies": len(self.iam.policies)}

    def ready_info(self, base_url):
        return {"endpoint": base_url, "admin_url": base_url + V3_PREFIX.rstrip("/"),
                "s3_url": base_url if self.backing.s3_url else None,
                "rgw_url": self.backing.s3_url, "root_access_key": self.iam.root_access_key,
                "root_is_rgw_admin": self.root_admin, "region": "us-east-1"}

    def tick(self):
        with self.iam.lock:
            minio_admin_accounts.expire(self.iam, self.backing)

    # --- internals --------------------------------------------------------------------------
    @staticmethod
    def _health(request):
        path = request.raw_path[len(HEALTH_PREFIX):].rstrip("/")
        if request.method not in ("GET", "HEAD") or path not in _HEALTH_PATHS:
            return Response(404)
        return Response(200)

    def _state(self):
        iam = self.iam
        with iam.lock:
            return {
                "users": {ak: dict(u.info(), policies=u.policies)
                          for ak, u in sorted(iam.users.items())},
                "service_accounts": {ak: {"parent": a.parent, "status": a.status,
                                          "inline_policy": a.policy is not None,
                                          "expiration": iso_time(a.expiration)
                                          if a.expiration else None}
                                     for ak, a in sorted(iam.service_accounts.items())},
                "canned_policies": sorted(iam.policies),
                "quotas": dict(iam.quotas),
                "encryption": {b: c[0] for b, c in iam.encryption.items()},
                "client_bucket_policies": sorted(iam.bucket_policies),
                "mirrored_buckets": sorted(b for b, t in iam.mirrored.items() if t)}
