"""EcsPersonality: routes ECS management API requests to the handlers, enforces the
X-SDS-AUTH-TOKEN rules, and answers /login, /logout, namespaces and replication groups itself.
Thread-safe: token state lives in TokenStore, the model behind EcsState.lock."""

import base64
import binascii
import http.cookies
import re
import urllib.parse

from ecs import ecs_billing, ecs_buckets, ecs_codec, ecs_users
from ecs.ecs_auth import LoginRefused
from ecs.ecs_codec import EcsError
from ecs.ecs_context import Ctx
from simlib.http_types import Response
from simlib.personality import Personality

TOKEN_HEADER = "X-SDS-AUTH-TOKEN"
_SEG = r"([^/]+)"
_ROUTES = [
    ("GET", r"/user/whoami", "whoami"),
    ("GET", r"/object/namespaces", "list_namespaces"),
    ("GET", r"/object/namespaces/namespace/" + _SEG, "get_namespace"),
    ("GET", r"/vdc/data-service/vpools", "list_vpools"),
    ("GET", r"/vdc/data-service/vpools/" + _SEG, "get_vpool"),
    ("POST", r"/object/users", ecs_users.create_user),
    ("GET", r"/object/users", ecs_users.list_users),
    ("POST", r"/object/users/deactivate", ecs_users.deactivate_user),
    ("PUT", r"/object/users/lock", ecs_users.lock_user),
    ("GET", r"/object/users/lock/" + _SEG, ecs_users.get_lock),
    ("GET", r"/object/users/lock/" + _SEG + "/" + _SEG, ecs_users.get_lock),
    ("GET", r"/object/users/" + _SEG + "/info", ecs_users.user_info),
    ("GET", r"/object/users/" + _SEG, ecs_users.list_namespace_users),
    ("GET", r"/object/user-secret-keys/" + _SEG, ecs_users.get_keys),
    ("GET", r"/object/user-secret-keys/" + _SEG + "/" + _SEG, ecs_users.get_keys),
    ("POST", r"/object/user-secret-keys/" + _SEG + "/deactivate", ecs_users.delete_key),
    ("POST", r"/object/user-secret-keys/" + _SEG, ecs_users.create_key),
    ("POST", r"/object/bucket", ecs_buckets.create_bucket),
    ("GET", r"/object/bucket", ecs_buckets.list_buckets),
    ("GET", r"/object/bucket/" + _SEG + "/info", ecs_buckets.bucket_info),
    ("POST", r"/object/bucket/" + _SEG + "/deactivate", ecs_buckets.deactivate_bucket),
    ("GET", r"/object/bucket/" + _SEG + "/empty-bucket-status", ecs_buckets.empty_status),
    ("GET", r"/object/bucket/" + _SEG + "/quota", ecs_buckets.get_quota),
    ("PUT", r"/object/bucket/" + _SEG + "/quota", ecs_buckets.put_quota),
    ("DELETE", r"/object/bucket/" + _SEG + "/quota", ecs_buckets.delete_quota),
    ("POST", r"/object/bucket/" + _SEG + "/owner", ecs_buckets.set_owner),
    ("GET", r"/object/bucket/" + _SEG + "/retention", ecs_buckets.get_retention),
    ("PUT", r"/object/bucket/" + _SEG + "/retention", ecs_buckets.put_retention),
    ("GET", r"/object/bucket/" + _SEG + "/acl", ecs_buckets.get_acl),
    ("PUT", r"/object/bucket/" + _SEG + "/acl", ecs_buckets.put_acl),
    ("GET", r"/object/bucket/" + _SEG + "/policy", ecs_buckets.get_policy),
    ("PUT", r"/object/bucket/" + _SEG + "/policy", ecs_buckets.put_policy),
    ("DELETE", r"/object/bucket/" + _SEG + "/policy", ecs_buckets.delete_policy),
    ("GET", r"/object/billing/buckets/" + _SEG + "/" + _SEG + "/info", ecs_billing.bucket_info),
    ("POST", r"/object/billing/buckets/" + _SEG + "/info", ecs_billing.buckets_info),
    ("GET", r"/object/billing/namespace/" + _SEG + "/info", ecs_billing.namespace_info),
]
_COMPILED = [(method, re.compile("^" + pattern + "$"), handler)
             for method, pattern, handler in _ROUTES]


class EcsPersonality(Personality):
    name = "ecs"

    def __init__(self, state, tokens, backing, clock, log, options, expired_redirect=False,
                 max_age_header=True):
        self.state = state
        self.tokens = tokens
        self.backing = backing
        self.clock = clock
        self.log = log
        self.options = options
        self.expired_redirect = expired_redirect
        self.max_age_header = max_age_header
        self.base_url = ""

    # --- Personality interface -------------------------------------------------------------
    def handle(self, request):
        path, suffix = ecs_codec.split_format(request.raw_path)
        fmt = ecs_codec.negotiate(request, suffix)
        try:
            if path == "/login":
                return self._login(request, fmt)
            handler, params = self._route(request.method, path)
            request.annotations["op"] = getattr(handler, "__name__", handler)
            user = self._authorize(request)
            if path == "/logout":
                return self._logout(request, fmt, user)
            ctx = Ctx(request, fmt, user, self.state, self.backing, self.clock, self.options)
            if isinstance(handler, str):
                handler = getattr(self, "_" + handler)
            result = handler(ctx, *params)
            return result if result is not None else Response(200)
        except EcsError as error:
            return ecs_codec.error_response(fmt, error, self._error_headers(request, error))

    def fault_response(self, request, status, code):
        fmt = ecs_codec.negotiate(request, ecs_codec.split_format(request.raw_path)[1])
        code = code if code is not None else ecs_codec.CODE_FOR_STATUS.get(status, 30024)
        error = EcsError(int(code), "Injected fault: HTTP %d" % status, status=status)
        return ecs_codec.error_response(fmt, error)

    def log_fields(self, request):
        return {"namespace": request.arg("namespace"),
                "token": bool(request.headers.get(TOKEN_HEADER) or _cookie_token(request))}

    def control_routes(self):
        return {("GET", "/_sim/tokens"): lambda _doc: (200, self.tokens.stats()),
                ("POST", "/_sim/tokens"): self._set_token_limits,
                ("POST", "/_sim/tokens/expire"): self._expire_tokens,
                ("GET", "/_sim/state"): lambda _doc: (200, self._dump_state())}

    def counters(self):
        return {"active_tokens": self.tokens.stats()["active_tokens"]}

    def ready_info(self, base_url):
        self.base_url = base_url
        return {"mgmt_url": base_url, "s3_url": self.backing.s3_url,
                "namespaces": sorted(self.state.namespaces),
                "replication_groups": [{"name": vp.name, "id": vp.id}
                                       for vp in self.state.vpools]}

    def tick(self):
        with self.state.lock:
            ecs_users.expire_keys(self.state, self.backing, self.clock.now())

    # --- routing and authentication --------------------------------------------------------
    def _route(self, method, path):
        if path == "/logout":
            if method != "GET":
                raise EcsError(1007, "Method %s is not supported on /logout" % method)
            return "logout", ()
        allowed = False
        for route_method, pattern, handler in _COMPILED:
            match = pattern.match(path)
            if match is None:
                continue
            if route_method == method:
                return handler, tuple(urllib.parse.unquote(p) for p in match.groups())
            allowed = True
        if allowed:
            raise EcsError(1007, "Method %s is not supported on %s" % (method, path))
        raise EcsError(2000, "Unable to find entity specified in URL %s" % path, status=404)

    def _authorize(self, request):
        token = request.headers.get(TOKEN_HEADER) or _cookie_token(request)
        user = self.tokens.check(token) if token else None
        if user is None:
            self.log.count("token_rejections")
            raise EcsError(4000, "Invalid or expired authentication token" if token
                           else "Authentication token is missing")
        request.annotations["mgmt_user"] = user.name
        return user

    def _error_headers(self, request, error):
        if error.code != 4000:
            return None
        if self.expired_redirect and request.raw_path not in ("/login", "/login.json"):
            error.status = 302
            host = request.headers.get("Host") or urllib.parse.urlsplit(self.base_url).netloc
            scheme = urllib.parse.urlsplit(self.base_url).scheme or "https"
            return [("Location", "%s://%s/login?using-cookies=true" % (scheme, host))]
        return [("WWW-Authenticate", 'Basic realm="ECS"')]

    def _login(self, request, fmt):
        if request.method != "GET":
            raise EcsError(1007, "Method %s is not supported on /login" % request.method)
        credentials = _basic_credentials(request)
        if credentials is None:
            user = self._authorize(request)
            token = request.headers.get(TOKEN_HEADER) or _cookie_token(request)
        else:
            request.annotations["mgmt_user"] = credentials[0]
            try:
                token, user = self.tokens.login(*credentials)
            except LoginRefused as refused:
                self.log.count("login_failures")
                if refused.reason == "token_limit":
                    raise EcsError(4000, "User %s has reached the maximum number of tokens "
                                         "(%d)" % (credentials[0], self.tokens.max_per_user))
                raise EcsError(4000, "Invalid username or password") from refused
            self.log.count("logins")
        headers = [(TOKEN_HEADER, token), ("X-SDS-AUTH-USERNAME", user.name)]
        if self.max_age_header:
            headers.append(("X-SDS-AUTH-MAX-AGE", str(int(self.tokens.max_age))))
        if (request.arg("using-cookies") or "").lower() == "true":
            headers.append(("Set-Cookie", "%s=%s; Path=/; Secure; HttpOnly" % (TOKEN_HEADER,
                                                                               token)))
        return ecs_codec.render(fmt, "loggedIn", {"user": user.name}, 200, headers)

    def _logout(self, request, fmt, user):
        token = request.headers.get(TOKEN_HEADER) or _cookie_token(request)
        username = request.arg("username")
        if username is not None and user.namespace is not None:
            raise EcsError(3000, "Only a system admin may end another user's sessions")
        force = (request.arg("force") or "").lower() == "true"
        ended = self.tokens.logout(token, force=force, username=username)
        self.log.count("logouts")
        self.log.count("tokens_logged_out", ended)
        return ecs_codec.render(fmt, "LoggedOut", {"user": username or user.name})

    # --- namespaces, replication groups, whoami -------------------------------------------
    def _namespace_doc(self, ctx, namespace):
        admins = [u for u in self.tokens.users() if u.namespace == namespace.name]
        return {"id": namespace.name, "inactive": False,
                "link": {"@rel": "self",
                         "@href": "/object/namespaces/namespace/%s" % namespace.name},
                "name": namespace.name, "default_bucket_block_size": -1,
                "is_compliance_enabled": False, "is_encryption_enabled": False,
                "is_stale_allowed": False,
                "allowed_vpools_list": [vp.id for vp in namespace.allowed_vpools],
                "disallowed_vpools_list": [],
                "namespace_admins": ",".join(u.name for u in admins) or "noadmin",
                "default_data_services_vpool": namespace.default_vpool.id,
                "blockSize": -1, "notificationSize": -1}

    def _list_namespaces(self, ctx):
        prefix = (ctx.request.arg("name") or "").rstrip("*")
        names = sorted(n for n in self.state.namespaces if n.startswith(prefix) and (
            ctx.user.namespace is None or ctx.user.namespace == n))
        return ctx.render("namespaces", {"namespace": [
            {"id": n, "link": {"@rel": "self", "@href": "/object/namespaces/namespace/" + n},
             "name": n} for n in names]})

    def _get_namespace(self, ctx, name):
        return ctx.render("namespace", self._namespace_doc(ctx, ctx.use_namespace(name)))

    @staticmethod
    def _vpool_doc(vpool):
        return {"creation_time": int(vpool.created * 1000), "id": vpool.id, "inactive": False,
                "tags": None, "isAllowAllNamespaces": True, "description": "",
                "name": vpool.name,
                "varrayMappings": {"name": "urn:storageos:VirtualDataCenterData:ospd-sim",
                                   "value": "urn:storageos:VirtualArray:ospd-sim"}}

    def _list_vpools(self, ctx):
        return ctx.render("data_service_vpools", {
            "data_service_vpool": [self._vpool_doc(vp) for vp in self.state.vpools]})

    def _get_vpool(self, ctx, vpool_id):
        vpool = self.state.vpool_by_id(vpool_id)
        if vpool is None:
            raise ecs_codec.not_found_url(vpool_id)
        return ctx.render("data_service_vpool", self._vpool_doc(vpool))

    def _whoami(self, ctx):
        roles = [ctx.user.role]
        return ctx.render("user", {"common_name": ctx.user.name, "distinguished_name": "",
                                   "namespace": ctx.user.namespace or "",
                                   "roles": roles if ctx.fmt == "json" else {"role": roles}})

    # --- control endpoints -----------------------------------------------------------------
    def _set_token_limits(self, doc):
        def number(name):
            value = doc.get(name)
            if value is None:
                return None
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError("%s must be a positive number" % name)
            return value
        self.tokens.set_limits(number("max_age"), number("idle_timeout"),
                               number("max_per_user"))
        return 200, self.tokens.stats()

    def _expire_tokens(self, _doc):
        return 200, {"expired": self.tokens.expire_all()}

    def _dump_state(self):
        with self.state.lock:
            users = [{"user": u.uid, "namespace": u.namespace, "locked": u.locked,
                      "keys": [{"slot": i + 1, "created": s.created, "expiry": s.expiry,
                                "key_id": s.key_id} for i, s in enumerate(u.slots) if s]}
                     for u in sorted(self.state.users.values(), key=lambda u: u.uid)]
            buckets = [{"name": b.name, "namespace": b.namespace, "owner": b.owner,
                        "vpool": b.vpool.name, "encrypted": b.encrypted,
                        "block_size": b.block_size, "notification_size": b.notification_size,
                        "block_count": b.block_count, "retention": b.retention,
                        "object_lock": b.object_lock, "emptying": b.empty_status}
                       for _, b in sorted(self.state.buckets.items())]
        return {"namespaces": sorted(self.state.namespaces), "users": users,
                "buckets": buckets}


def _basic_credentials(request):
    header = request.headers.get("Authorization") or ""
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    name, sep, password = decoded.partition(":")
    return (name, password) if sep else None


def _cookie_token(request):
    cookie = http.cookies.SimpleCookie()
    try:
        cookie.load(request.headers.get("Cookie") or "")
    except http.cookies.CookieError:
        return None
    morsel = cookie.get(TOKEN_HEADER)
    return morsel.value if morsel else None
