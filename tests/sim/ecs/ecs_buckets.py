"""ECS buckets (reference §6): create, info, list, deactivate, quota, owner, retention, ACL and
policy, mirrored onto radosgw buckets. Handlers run under `EcsState.lock`, which also
serialises the matching radosgw calls."""

import json
import re
import threading

from ecs import ecs_codec
from ecs.ecs_backing import BucketNotEmpty, BucketTaken, InvalidBucketName
from ecs.ecs_codec import EcsError
from ecs.ecs_context import parse_tags
from ecs.ecs_state import Bucket, iso_time
from simlib.http_types import Response

_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,253}$")
_QUOTA_FIELDS = (("blockSize", "block_size"), ("notificationSize", "notification_size"),
                 ("blockSizeInCount", "block_count"),
                 ("notificationSizeInCount", "notification_count"))


def _quota_value(doc, name):
    value = ecs_codec.as_int(doc, name, -1)
    if value != -1 and value < 1:
        raise EcsError(1014, "%s must be -1 or a whole number >= 1, got %d" % (name, value))
    return value


def _find_bucket(ctx, name, namespace_doc):
    """The bucket `name` in the namespace given by `namespace_doc` (1004 when missing)."""
    ctx.request.annotations["bucket"] = name
    namespace = ctx.namespace_from(namespace_doc, required=False)
    if namespace is None:
        bucket = ctx.state.bucket_named(name)
        if bucket is not None:
            ctx.use_namespace(bucket.namespace)
    else:
        bucket = ctx.state.buckets.get((namespace.name, name))
    if bucket is None:
        raise ecs_codec.not_found_param(name)
    return bucket


def _owner_secret(ctx, bucket):
    user = ctx.state.users.get(bucket.rgw_owner) if bucket.rgw_owner else None
    return user.s3_secret() if user else None


def bucket_doc(ctx, bucket):
    doc = {"name": bucket.name, "id": bucket.id,
           "link": {"@rel": "self", "@href": "/object/bucket/%s" % bucket.id},
           "api_type": bucket.api_type, "owner": bucket.owner,
           "created": iso_time(bucket.created), "namespace": bucket.namespace,
           "vpool": bucket.vpool.id, "block_size": bucket.block_size,
           "notification_size": bucket.notification_size,
           "softquota": bucket.notification_size, "fs_access_enabled": bucket.fs_enabled,
           "is_encryption_enabled": bucket.encrypted, "is_stale_allowed": bucket.stale_allowed,
           "is_tso_read_only": bucket.tso_read_only, "locked": False,
           "default_retention": max(bucket.retention, 0), "retention": max(bucket.retention, 0),
           "auto_commit_period": 0, "audit_delete_expiration": -2,
           "min_max_governor": {"enforce_retention": False},
           "search_metadata": {"isEnabled": False, "maxKeys": 0},
           "TagSet": ctx.tag_list(bucket.tags, "TagSet", "Tag", ("Key", "Value"))}
    if bucket.block_count != -1 or bucket.notification_count != -1:
        doc.update(blockSizeInCount=bucket.block_count,
                   notificationSizeInCount=bucket.notification_count)
    if bucket.object_lock:
        doc["is_object_lock_enabled"] = True
    if bucket.empty_status is not None:
        doc["is_empty_bucket_in_progress"] = bucket.empty_status["status"] != "DONE"
    return doc


def create_bucket(ctx):
    doc = ctx.body(("object_bucket_create",))
    name = ecs_codec.as_str(doc, "name", required=True)
    namespace = ctx.namespace_from(doc, required=True)
    ctx.request.annotations["bucket"] = name
    if not _NAME.match(name) or ".." in name or name.endswith("."):
        raise EcsError(40009, "Invalid bucket name %s" % name)
    head = ecs_codec.as_str(doc, "head_type") or "s3"
    if head.lower() != "s3":
        raise EcsError(1008, "head_type %s is not supported by the simulator" % head)
    vpool_id = ecs_codec.as_str(doc, "vpool")
    vpool = ctx.state.vpool_by_id(vpool_id) if vpool_id else namespace.default_vpool
    if vpool is None:
        raise ecs_codec.not_found_param(vpool_id)
    owner = ecs_codec.as_str(doc, "owner") or None
    quotas = {attr: _quota_value(doc, field) for field, attr in _QUOTA_FIELDS}
    retention = ecs_codec.as_int(doc, "retention", 0)
    if retention < 0:
        raise EcsError(1014, "retention must not be negative")
    with ctx.state.lock:
        user = ctx.state.users.get(owner) if owner else None
        if owner and (user is None or user.namespace != namespace.name):
            raise EcsError(40010, "Bucket owner %s is not a valid object user of namespace "
                                  "%s" % (owner, namespace.name))
        if ctx.state.bucket_named(name) is not None:
            raise EcsError(40008, "Bucket %s already exists" % name)
        bucket = Bucket(name, namespace.name, owner, vpool, ctx.clock.now())
        bucket.owner = owner or ctx.user.name
        bucket.encrypted = ecs_codec.as_bool(doc, "is_encryption_enabled")
        bucket.stale_allowed = ecs_codec.as_bool(doc, "is_stale_allowed")
        bucket.tso_read_only = ecs_codec.as_bool(doc, "is_tso_read_only")
        bucket.fs_enabled = ecs_codec.as_bool(doc, "filesystem_enabled")
        bucket.object_lock = ecs_codec.as_bool(doc, "is_object_lock_enabled")
        bucket.retention = retention
        bucket.tags = parse_tags(doc.get("TagSet"), "Tag", "Key", "Value")
        for attr, value in quotas.items():
            setattr(bucket, attr, value)
        try:
            ctx.backing.create_bucket(name, owner, user.s3_secret() if user else None,
                                      bucket.object_lock)
        except BucketTaken as exc:
            raise EcsError(40008, "Bucket %s already exists" % name) from exc
        except InvalidBucketName as exc:
            raise EcsError(40009, "Invalid bucket name %s" % name) from exc
        if bucket.block_size != -1 or bucket.block_count != -1:
            ctx.backing.set_quota(name, owner, bucket.block_size, bucket.block_count)
        ctx.state.buckets[(namespace.name, name)] = bucket
    return ctx.render("object_bucket", {"id": bucket.id, "inactive": False, "name": name,
                                        "tags": None})


def bucket_info(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        return ctx.render("bucket_info", bucket_doc(ctx, bucket))


def list_buckets(ctx):
    query = ctx.query_doc()
    namespace = ctx.namespace_from(query, required=True)
    limit = ecs_codec.as_int(query, "limit", 1000)
    if limit < 1:
        raise EcsError(1014, "limit must be at least 1")
    marker = ecs_codec.as_str(query, "marker")
    prefix = ecs_codec.as_str(query, "name").rstrip("*")
    with ctx.state.lock:
        names = sorted(b.name for (ns, _), b in ctx.state.buckets.items()
                       if ns == namespace.name and b.name.startswith(prefix) and b.name > marker)
        page = [ctx.state.buckets[(namespace.name, n)] for n in names[:limit]]
        doc = {"Filter": "namespace=%s&name=%s*" % (namespace.name, prefix),
               "object_bucket": [bucket_doc(ctx, b) for b in page], "MaxBuckets": limit}
    if len(names) > limit:
        doc["NextMarker"] = page[-1].name
        doc["NextPageLink"] = "/object/bucket?namespace=%s&limit=%d&marker=%s" % (
            namespace.name, limit, page[-1].name)
    return ctx.render("object_buckets", doc)


def deactivate_bucket(ctx, name):
    query = ctx.query_doc()
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, query)
        if bucket.empty_status is not None:
            raise EcsError(1008, "Bucket %s is already being emptied" % name)
        try:
            ctx.backing.delete_bucket(name)
        except BucketNotEmpty as exc:
            if not ecs_codec.as_bool(query, "emptyBucket"):
                raise EcsError(60019, "Unable to delete bucket %s: keypool not empty" %
                               name) from exc
            _start_emptying(ctx, bucket)
            return Response(202)
        del ctx.state.buckets[(bucket.namespace, name)]
    return None


def _start_emptying(ctx, bucket):
    now = ctx.clock.now()
    bucket.empty_status = {"status": "IN_PROGRESS", "created": int(now * 1000),
                           "last_updated": int(now * 1000), "entries_deleted": 0,
                           "failed_to_delete_due_to_retention": 0,
                           "failed_to_delete_due_to_permission": 0,
                           "failed_to_delete_due_to_other": 0, "message": ""}
    state, backing, clock = ctx.state, ctx.backing, ctx.clock

    def empty():
        backing.purge_bucket(bucket.name)
        with state.lock:
            bucket.empty_status.update(status="DONE",
                                       last_updated=int(clock.now() * 1000))
            state.buckets.pop((bucket.namespace, bucket.name), None)

    threading.Thread(target=empty, name="empty-" + bucket.name, daemon=True).start()


def empty_status(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        status = bucket.empty_status or {"status": "NOT_FOUND"}
        return ctx.render("empty_bucket_status", dict(status))


def get_quota(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        doc = {"blockSize": bucket.block_size, "bucketname": bucket.name,
               "namespace": bucket.namespace, "notificationSize": bucket.notification_size}
        if bucket.block_count != -1 or bucket.notification_count != -1:
            doc.update(blockSizeInCount=bucket.block_count,
                       notificationSizeInCount=bucket.notification_count)
        return ctx.render("bucket_quota_details", doc)


def put_quota(ctx, name):
    doc = ctx.body(("bucket_quota_param",))
    for field in ("namespace", "blockSize", "notificationSize"):
        ecs_codec.as_str(doc, field, required=True)
    quotas = {attr: _quota_value(doc, field) for field, attr in _QUOTA_FIELDS}
    if quotas["block_size"] == -1 and quotas["notification_size"] == -1:
        raise EcsError(1008, "blockSize and notificationSize cannot both be -1; delete the "
                             "quota instead")
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, doc)
        ctx.backing.set_quota(name, bucket.rgw_owner, quotas["block_size"],
                              quotas["block_count"])
        for attr, value in quotas.items():
            setattr(bucket, attr, value)


def delete_quota(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        ctx.backing.set_quota(name, bucket.rgw_owner, -1, -1)
        for _, attr in _QUOTA_FIELDS:
            setattr(bucket, attr, -1)


def set_owner(ctx, name):
    doc = ctx.body(None)
    new_owner = ecs_codec.as_str(doc, "new_owner", required=True)
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, doc)
        user = ctx.state.users.get(new_owner)
        if user is None or user.namespace != bucket.namespace:
            raise EcsError(40010, "Bucket owner %s is not a valid object user of namespace "
                                  "%s" % (new_owner, bucket.namespace))
        ctx.backing.change_owner(name, new_owner)
        bucket.owner = bucket.rgw_owner = new_owner


def get_retention(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        return ctx.render("default_bucket_retention",
                          {"period": bucket.retention if bucket.retention > 0 else -1})


def put_retention(ctx, name):
    doc = ctx.body(("default_bucket_retention_update",))
    period = ecs_codec.as_int(doc, "period")
    if period is None or period < 0:
        raise EcsError(1008, "period must be a number of seconds >= 0")
    with ctx.state.lock:
        _find_bucket(ctx, name, doc).retention = period


def get_acl(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        acl = bucket.acl or {"owner": bucket.owner, "user_acl": [
            {"user": bucket.owner, "permission": ["full_control"]}]}
        return ctx.render("bucket_acl", {"bucket": bucket.name, "namespace": bucket.namespace,
                                         "acl": acl})


def put_acl(ctx, name):
    doc = ctx.body(("bucket_acl",))
    acl = doc.get("acl")
    if not isinstance(acl, dict):
        raise EcsError(1005, "Required parameter acl is missing or empty")
    with ctx.state.lock:
        _find_bucket(ctx, name, doc).acl = acl


def get_policy(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        policy = ctx.backing.get_policy(name, bucket.rgw_owner, _owner_secret(ctx, bucket))
    return Response(200, policy.encode() if policy else b"", "application/json")


def put_policy(ctx, name):
    try:
        policy = json.loads(ctx.request.body or b"null")
    except ValueError as exc:
        raise EcsError(1013, "The bucket policy is not valid JSON") from exc
    if not isinstance(policy, dict) or not policy.get("Statement"):
        raise EcsError(1008, "Missing required field Statement")
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        refused = ctx.backing.put_policy(name, bucket.rgw_owner, _owner_secret(ctx, bucket),
                                         ctx.request.body.decode())
    if refused:
        raise EcsError(1008, "Invalid bucket policy (%s)" % refused)


def delete_policy(ctx, name):
    with ctx.state.lock:
        bucket = _find_bucket(ctx, name, ctx.query_doc())
        ctx.backing.delete_policy(name, bucket.rgw_owner, _owner_secret(ctx, bucket))
