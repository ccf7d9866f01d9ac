"""MinIO admin handlers for users, canned policies and policy attachment
(minio-admin-api.md 5.1-5.3). Each takes a Ctx; add_user, remove_user and set_user_status
call radosgw under the user's resource lock and take Iam.lock for the model, the others run
with Iam.lock held. Policy changes mark the buckets to mirror (Ctx.touch)."""

import json

from minio import minio_mirror, minio_policy
from minio.minio_errors import MinioError
from minio.minio_iam import CannedPolicy, User, iso_time
from simlib.http_types import Response

MAX_POLICY_BYTES = 20 * 1024
_STATUSES = ("enabled", "disabled")


def _check_name(name, what):
    if not name or name != name.strip():
        raise MinioError("XMinioInvalidResource", "%s must not be empty or begin or end with a "
                                                  "space" % what)


def _not_root_or_service(ctx, access_key):
    iam = ctx.iam
    if access_key == iam.root_access_key or access_key in iam.service_accounts:
        raise MinioError("XMinioInvalidIAMCredentials",
                         "The administrator key is not eligible for this operation")


# --- users --------------------------------------------------------------------------------
def add_user(ctx):
    access_key = ctx.arg("accessKey")
    _check_name(access_key, "access key")
    with ctx.iam.lock:
        _not_root_or_service(ctx, access_key)
    if len(access_key) < 3:
        raise MinioError("XMinioAdminInvalidAccessKey")
    doc = ctx.encrypted_json()
    secret = doc.get("secretKey")
    status = doc.get("status") or "enabled"
    if not isinstance(secret, str) or len(secret) < 8:
        raise MinioError("XMinioAdminInvalidSecretKey")
    if status not in _STATUSES:
        raise MinioError("XMinioAdminInvalidArgument", "status must be enabled or disabled")
    iam = ctx.iam
    with iam.resources.hold(("user", access_key)):
        ctx.backing.put_user(access_key, secret, status == "enabled")
        with iam.lock:
            user = iam.users.get(access_key)
            if user is None:
                user = iam.users[access_key] = User(access_key, secret, status, iam.now())
            user.secret, user.status, user.updated = secret, status, iam.now()
            if doc.get("policy"):
                set_policies(ctx, user, _policy_names(ctx, doc["policy"]))
    return Response(200)


def user_info(ctx):
    return ctx.reply_json(ctx.require_user(ctx.arg("accessKey")).info())


def list_users(ctx):
    bucket = ctx.arg("bucket")
    iam = ctx.iam
    users = {ak: user.info() for ak, user in sorted(iam.users.items())
             if not bucket or any(minio_policy.matches_bucket(doc, bucket)
                                  for doc in iam.user_docs(ak))}
    return ctx.reply_encrypted(users)


def remove_user(ctx):
    access_key = ctx.arg("accessKey")
    iam = ctx.iam
    with iam.lock:
        _not_root_or_service(ctx, access_key)
    if access_key == ctx.caller.access_key:
        raise MinioError("XMinioIAMActionNotAllowed", "a user cannot remove itself")
    with iam.resources.hold(("user", access_key)):
        ctx.backing.remove_user(access_key)
        with iam.lock:
            if access_key in iam.users:
                ctx.touch(minio_mirror.user_buckets(iam, access_key))
                iam.forget_user(access_key)
    return Response(200)


def set_user_status(ctx):
    access_key, status = ctx.arg("accessKey"), ctx.arg("status")
    iam = ctx.iam
    with iam.resources.hold(("user", access_key)):
        with iam.lock:
            _not_root_or_service(ctx, access_key)
            if status not in _STATUSES:
                raise MinioError("XMinioAdminInvalidArgument",
                                 "status must be enabled or disabled")
            ctx.require_user(access_key)
        ctx.backing.set_enabled(access_key, status == "enabled")
        with iam.lock:
            # Still there: remove_user waits for the user's lock.
            user = ctx.require_user(access_key)
            user.status, user.updated = status, iam.now()
    return Response(200)


# --- canned policies ----------------------------------------------------------------------
def add_canned_policy(ctx):
    name = ctx.arg("name")
    _check_name(name, "policy name")
    if "," in name:
        raise MinioError("XMinioInvalidResource", "policy name must not contain ','")
    if name in minio_policy.BUILTIN:
        raise MinioError("XMinioIAMActionNotAllowed", "built-in policy %s cannot be replaced"
                         % name)
    body = ctx.request.body or b""
    if not body:
        raise MinioError("MissingContentLength")
    if len(body) > MAX_POLICY_BYTES:
        raise MinioError("EntityTooLarge", "policy is larger than 20 KiB")
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise MinioError("MalformedPolicy", "policy is not JSON") from exc
    doc = minio_policy.normalize(doc)
    iam = ctx.iam
    entry = iam.policies.get(name)
    before = minio_mirror.buckets_in([entry.doc]) if entry is not None else set()
    if entry is None:
        iam.policies[name] = CannedPolicy(doc, iam.now())
    else:
        entry.doc, entry.updated = doc, iam.now()
    if iam.policy_in_use(name):
        ctx.touch(before | minio_mirror.buckets_in([doc]))
    return Response(200)


def info_canned_policy(ctx):
    name = ctx.arg("name")
    doc = ctx.iam.policy(name)
    if doc is None:
        raise MinioError("XMinioAdminNoSuchPolicy")
    if ctx.arg("v") != "2":
        return ctx.reply_json(doc)
    entry = ctx.iam.policies.get(name)
    info = {"PolicyName": name, "Policy": doc}
    if entry is not None:
        info.update(CreateDate=iso_time(entry.created), UpdateDate=iso_time(entry.updated))
    return ctx.reply_json(info)


def list_canned_policies(ctx):
    """Matched outside Iam.lock: documents are replaced, never changed in place."""
    bucket = ctx.arg("bucket")
    with ctx.iam.lock:
        policies = ctx.iam.all_policies()
    return ctx.reply_json({name: doc for name, doc in sorted(policies.items())
                           if not bucket or minio_policy.matches_bucket(doc, bucket)})


def remove_canned_policy(ctx):
    name = ctx.arg("name")
    iam = ctx.iam
    if name in minio_policy.BUILTIN:
        raise MinioError("XMinioIAMActionNotAllowed", "built-in policy %s cannot be removed"
                         % name)
    if iam.policy_in_use(name):
        raise MinioError("XMinioIAMPolicyInUse")
    iam.policies.pop(name, None)
    return Response(200)


# --- attachment -----------------------------------------------------------------------------
def _policy_names(ctx, value):
    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(
            isinstance(n, str) and n.strip() for n in names):
        raise MinioError("XMinioAdminInvalidArgument", "policies must be non-empty names")
    names = [n.strip() for n in names]
    for name in names:
        if ctx.iam.policy(name) is None:
            raise MinioError("XMinioAdminNoSuchPolicy", "The canned policy %s does not exist."
                             % name)
    return names


def set_policies(ctx, user, names):
    """Attaches exactly `names` to `user` (Iam.lock held)."""
    before = minio_mirror.buckets_in(ctx.iam.user_docs(user.access_key))
    user.policies = list(dict.fromkeys(names))
    user.updated = ctx.iam.now()
    ctx.touch(before | minio_mirror.buckets_in(ctx.iam.user_docs(user.access_key)))


def _attach_target(ctx, doc):
    user_name, group = doc.get("user") or "", doc.get("group") or ""
    if bool(user_name) == bool(group):
        raise MinioError("XMinioAdminInvalidArgument", "give exactly one of user and group")
    if group:
        raise MinioError("XMinioAdminNoSuchGroup")
    return ctx.require_user(user_name)


def attach_policy(ctx):
    return _change_policies(ctx, attach=True)


def detach_policy(ctx):
    return _change_policies(ctx, attach=False)


def _change_policies(ctx, attach):
    if (ctx.request.headers.get("Content-Type") or "").split(";")[0].strip() != \
            "application/octet-stream":
        raise MinioError("XMinioAdminInvalidArgument",
                         "Content-Type must be application/octet-stream")
    doc = ctx.encrypted_json()
    user = _attach_target(ctx, doc)
    names = _policy_names(ctx, doc.get("policies"))
    if attach:
        changed = [n for n in names if n not in user.policies]
        remaining = user.policies + changed
    else:
        changed = [n for n in names if n in user.policies]
        remaining = [n for n in user.policies if n not in changed]
    if not changed:
        raise MinioError("XMinioAdminPolicyChangeAlreadyApplied")
    set_policies(ctx, user, remaining)
    key = "policiesAttached" if attach else "policiesDetached"
    return ctx.reply_encrypted({key: changed, "updatedAt": iso_time(user.updated)})


def set_user_or_group_policy(ctx):
    if ctx.arg("isGroup") == "true":
        raise MinioError("XMinioAdminNoSuchGroup")
    user = ctx.require_user(ctx.arg("userOrGroup"))
    value = ctx.arg("policyName")
    set_policies(ctx, user, _policy_names(ctx, value) if value else [])
    return Response(200)
