"""MinIO admin handlers for service accounts (minio-admin-api.md 5.6): extra key pairs of a
parent user, kept in radosgw as extra keys of the parent. Each takes a Ctx and runs with
Iam.lock held, also across its radosgw calls: they are rare, and a new key's uniqueness check
and its creation stay one step."""

import calendar
import json
import re
import secrets
import string
import time

from minio import minio_policy
from minio.minio_errors import MinioError
from minio.minio_iam import ServiceAccount, iso_time
from simlib.http_types import Response

_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
_NO_EXPIRY = "1970-01-01T00:00:00Z"


def _parse_time(text):
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return calendar.timegm(time.strptime(text, fmt))
        except ValueError:
            continue
    raise MinioError("XMinioAdminInvalidArgument", "expiration is not an RFC 3339 UTC time")


def _expiration(ctx, value):
    if not value or value in (_NO_EXPIRY, "0001-01-01T00:00:00Z"):
        return None
    expiration = _parse_time(value)
    if expiration <= ctx.iam.now():
        raise MinioError("XMinioAdminInvalidArgument", "expiration must be in the future")
    return expiration


def _inline_policy(value):
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise MinioError("MalformedPolicy", "policy is not JSON") from exc
    return minio_policy.normalize(value)


def _check_fields(name, description):
    if name and not _NAME_RE.match(name):
        raise MinioError("XMinioAdminInvalidArgument",
                         "name must start with a letter and hold at most 32 letters, digits, "
                         "'_' or '-'")
    if description and len(description.encode()) > 256:
        raise MinioError("XMinioAdminInvalidArgument", "description exceeds 256 bytes")


def _parent_of(ctx, target):
    """The parent a caller may create or list service accounts for."""
    caller, iam = ctx.caller, ctx.iam
    parent = target or caller.uid
    if parent != caller.uid and not caller.allows("admin:CreateServiceAccount"):
        raise MinioError("AccessDenied")
    if parent != iam.root_access_key and parent not in iam.users:
        raise MinioError("XMinioAdminNoSuchUser")
    return parent


def _generated(alphabet, length):
    return "".join(secrets.choice(alphabet) for _ in range(length))


def add_service_account(ctx):
    iam = ctx.iam
    doc = ctx.encrypted_json()
    if ctx.caller.kind == "service":
        raise MinioError("XMinioIAMActionNotAllowed",
                         "a service account cannot create service accounts")
    parent = _parent_of(ctx, doc.get("targetUser"))
    access_key = doc.get("accessKey") or _generated(string.ascii_uppercase + string.digits, 20)
    secret = doc.get("secretKey") or _generated(string.ascii_letters + string.digits + "+/",
                                                40)
    if len(access_key) < 3 or access_key != access_key.strip():
        raise MinioError("XMinioAdminInvalidAccessKey")
    if len(secret) < 8:
        raise MinioError("XMinioAdminInvalidSecretKey")
    if iam.caller(access_key) is not None or ctx.backing.lookup_key(access_key) is not None:
        raise MinioError("XMinioAdminInvalidArgument", "access key %s is already in use"
                         % access_key)
    name, description = doc.get("name") or "", doc.get("description") or ""
    _check_fields(name, description)
    account = ServiceAccount(access_key, secret, parent, _inline_policy(doc.get("policy")),
                             name, description, _expiration(ctx, doc.get("expiration")),
                             iam.now())
    ctx.backing.add_key(parent, access_key, secret)
    iam.service_accounts[access_key] = account
    return ctx.reply_encrypted({"credentials": {
        "accessKey": access_key, "secretKey": secret, "sessionToken": "",
        "expiration": iso_time(account.expiration) if account.expiration else _NO_EXPIRY}})


def _own_account(ctx, action):
    account = ctx.iam.service_accounts.get(ctx.arg("accessKey"))
    if account is None:
        raise MinioError("XMinioInvalidIAMCredentials",
                         "The specified service account is not found", status=404)
    if account.parent != ctx.caller.uid and not ctx.caller.allows(action):
        raise MinioError("AccessDenied")
    return account


def info_service_account(ctx):
    return ctx.reply_encrypted(_own_account(ctx, "admin:ListServiceAccounts").describe(False))


def list_service_accounts(ctx):
    caller, iam = ctx.caller, ctx.iam
    parent = ctx.arg("user") or caller.uid
    if parent != caller.uid and not caller.allows("admin:ListServiceAccounts"):
        raise MinioError("AccessDenied")
    return ctx.reply_encrypted({"accounts": [a.describe(True) for a in iam.accounts_of(parent)]})


def update_service_account(ctx):
    account = _own_account(ctx, "admin:UpdateServiceAccount")
    doc = ctx.encrypted_json()
    name = doc.get("newName") or ""
    description = doc.get("newDescription") or ""
    _check_fields(name, description)
    status = doc.get("newStatus") or ""
    if status and status not in ("on", "off", "enabled", "disabled"):
        raise MinioError("XMinioAdminInvalidArgument", "newStatus must be on or off")
    if doc.get("newSecretKey"):
        if len(doc["newSecretKey"]) < 8:
            raise MinioError("XMinioAdminInvalidSecretKey")
        ctx.backing.add_key(account.parent, account.access_key, doc["newSecretKey"])
        account.secret = doc["newSecretKey"]
    if status:
        account.status = "on" if status in ("on", "enabled") else "off"
    if "newPolicy" in doc:
        account.policy = _inline_policy(doc["newPolicy"])
    if name:
        account.name = name
    if description:
        account.description = description
    if doc.get("newExpiration"):
        account.expiration = _expiration(ctx, doc["newExpiration"])
    account.updated = ctx.iam.now()
    return Response(204)


def delete_service_account(ctx):
    account = _own_account(ctx, "admin:RemoveServiceAccount")
    ctx.backing.remove_key(account.parent, account.access_key)
    del ctx.iam.service_accounts[account.access_key]
    return Response(204)


def expire(iam, backing):
    """Forgets expired service accounts and removes their radosgw keys, as MinIO purges
    expired credentials."""
    now = iam.now()
    for account in [a for a in iam.service_accounts.values() if a.expired(now)]:
        backing.remove_key(account.parent, account.access_key)
        del iam.service_accounts[account.access_key]
