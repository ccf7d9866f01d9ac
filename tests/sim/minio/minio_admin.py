"""The MinIO admin API at /minio/admin/v3/: route table (method, operation, required query
keys, admin action), authentication and authorisation, JSON errors. An unknown route, method
or missing required key is 426 XMinioAdminVersionMismatch, as in MinIO's router. Thread-safe:
handlers that call radosgw (or work on a copy of the model) take their resource locks and
Iam.lock themselves, around model access only; the others run under Iam.lock. The policy mirror runs after either, unlocked."""

import urllib.parse

from minio import minio_admin_accounts as accounts
from minio import minio_admin_buckets as buckets
from minio import minio_admin_users as users
from minio import minio_errors
from minio.minio_auth import authenticate
from minio.minio_context import Ctx
from minio.minio_errors import MinioError

PREFIX = "/minio/admin/"
V3_PREFIX = PREFIX + "v3/"
MAX_BODY_BYTES = 262272


def _self(ctx, name):
    return ctx.arg(name) == ctx.caller.access_key


class _Route:
    """`body`: the call carries one (size-checked); `crypt`: "in" (encrypted request),
    "out" (encrypted response) or "both"; `own_lock`: the handler takes Iam.lock itself,
    around model access only (it calls radosgw or works on a copy)."""

    def __init__(self, handler, action, required=(), body=False, allow_self=None, crypt="",
                 own_lock=False):
        self.handler = handler
        self.action = action
        self.required = required
        self.body = body
        self.allow_self = allow_self
        self.decrypts = crypt in ("in", "both")
        self.encrypts = crypt in ("out", "both")
        self.own_lock = own_lock


_ROUTES = {
    ("PUT", "add-user"): _Route(users.add_user, "admin:CreateUser", ("accessKey",), True,
                                 crypt="in", own_lock=True),
    ("GET", "user-info"): _Route(users.user_info, "admin:GetUser", ("accessKey",),
                                 allow_self=lambda ctx: _self(ctx, "accessKey")),
    ("GET", "list-users"): _Route(users.list_users, "admin:ListUsers", crypt="out"),
    ("DELETE", "remove-user"): _Route(users.remove_user, "admin:DeleteUser", ("accessKey",),
                                      own_lock=True),
    ("PUT", "set-user-status"): _Route(users.set_user_status, "admin:EnableUser",
                                       ("accessKey", "status"), own_lock=True),
    ("PUT", "add-canned-policy"): _Route(users.add_canned_policy, "admin:CreatePolicy",
                                         ("name",), True),
    ("GET", "info-canned-policy"): _Route(users.info_canned_policy, "admin:GetPolicy",
                                          ("name",)),
    ("GET", "list-canned-policies"): _Route(users.list_canned_policies,
                                            "admin:ListUserPolicies", own_lock=True),
    ("DELETE", "remove-canned-policy"): _Route(users.remove_canned_policy,
                                               "admin:DeletePolicy", ("name",)),
    ("POST", "idp/builtin/policy/attach"): _Route(users.attach_policy,
                                                  "admin:AttachUserOrGroupPolicy", body=True,
                                                  crypt="both"),
    ("POST", "idp/builtin/policy/detach"): _Route(users.detach_policy,
                                                  "admin:AttachUserOrGroupPolicy", body=True,
                                                  crypt="both"),
    ("PUT", "set-user-or-group-policy"): _Route(users.set_user_or_group_policy,
                                                "admin:AttachUserOrGroupPolicy",
                                                ("policyName", "userOrGroup", "isGroup")),
    ("PUT", "set-bucket-quota"): _Route(buckets.set_bucket_quota, "admin:SetBucketQuota",
                                        ("bucket",), True, own_lock=True),
    ("GET", "get-bucket-quota"): _Route(buckets.get_bucket_quota, "admin:GetBucketQuota",
                                        ("bucket",), own_lock=True),
    ("GET", "datausageinfo"): _Route(buckets.data_usage_info, "admin:DataUsageInfo",
                                     own_lock=True),
    ("GET", "info"): _Route(buckets.server_info, "admin:ServerInfo", own_lock=True),
    # Service accounts check ownership themselves: users manage their own without admin rights.
    ("PUT", "add-service-account"): _Route(accounts.add_service_account, None, body=True,
                                           crypt="both"),
    ("POST", "update-service-account"): _Route(accounts.update_service_account, None,
                                               ("accessKey",), True, crypt="in"),
    ("GET", "info-service-account"): _Route(accounts.info_service_account, None,
                                            ("accessKey",), crypt="out"),
    ("GET", "list-service-accounts"): _Route(accounts.list_service_accounts, None,
                                             crypt="out"),
    ("DELETE", "delete-service-account"): _Route(accounts.delete_service_account, None,
                                                 ("accessKey",)),
}


class AdminApi:
    def __init__(self, iam, backing, mirror, encryptor):
        self._iam = iam
        self._backing = backing
        self._mirror = mirror
        self._encryptor = encryptor

    def handle(self, request):
        resource = request.raw_path
        try:
            route = self._route(request)
            caller = authenticate(request, self._iam, request.body, admin=True)
            request.annotations["caller"] = caller.kind
            ctx = Ctx(request, caller, self._iam, self._backing, self._mirror,
                      self._encryptor)
            self._check_body(request, route)
            if route.action and not caller.allows(route.action) and not (
                    route.allow_self and route.allow_self(ctx)):
                raise MinioError("AccessDenied")
            ctx.prepare(route.decrypts, route.encrypts)
            try:
                if route.own_lock:
                    return route.handler(ctx)
                with self._iam.lock:
                    return route.handler(ctx)
            finally:
                if ctx.touched:
                    self._mirror.sync(ctx.touched)
        except MinioError as error:
            return minio_errors.json_response(error, resource)

    def _route(self, request):
        operation = urllib.parse.unquote(request.raw_path[len(V3_PREFIX):]) \
            if request.raw_path.startswith(V3_PREFIX) else None
        route = _ROUTES.get((request.method, operation))
        request.annotations["op"] = operation if route else None
        if route is None or any(k not in request.query for k in route.required):
            raise MinioError("XMinioAdminVersionMismatch")
        return route

    @staticmethod
    def _check_body(request, route):
        if not route.body:
            return
        chunked = "chunked" in (request.headers.get("Transfer-Encoding") or "").lower()
        if chunked or len(request.body or b"") > MAX_BODY_BYTES:
            raise MinioError("XMinioAdminConfigTooLarge")
