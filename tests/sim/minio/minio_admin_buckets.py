"""MinIO admin handlers for bucket quota, data usage and server info (minio-admin-api.md 5.4,
5.5): quota becomes the radosgw bucket quota, usage is radosgw's live bucket stats. Each takes
a Ctx and calls radosgw without Iam.lock, taking it for the model only; set_bucket_quota holds
the bucket's resource lock throughout."""

import os
import time
import uuid

from minio.minio_errors import MinioError
from minio.minio_iam import iso_time
from simlib.http_types import Response

_DEPLOYMENT_ID = str(uuid.uuid4())
_STARTED = time.time()


def _existing_bucket(ctx):
    bucket = ctx.arg("bucket")
    stats = ctx.backing.bucket_stats(bucket) if bucket else None
    if stats is None:
        raise MinioError("NoSuchBucket", bucket=bucket)
    return bucket, stats


def _bytes_field(doc, name):
    value = doc.get(name, 0) or 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MinioError("XMinioAdminConfigBadJSON", "%s must be a non-negative integer" % name)
    return value


def set_bucket_quota(ctx):
    with ctx.iam.resources.hold(("bucket", ctx.arg("bucket"))):
        bucket, stats = _existing_bucket(ctx)
        doc = ctx.plain_json()
        quota, size = _bytes_field(doc, "quota"), _bytes_field(doc, "size")
        limit = size or quota
        quota_type = doc.get("quotatype") or ""
        if limit and quota_type != "hard":
            raise MinioError("XMinioAdminConfigBadJSON",
                             "a quota needs \"quotatype\":\"hard\" (fifo quotas are gone)")
        ctx.backing.set_quota(bucket, stats.get("owner"), limit)
        with ctx.iam.lock:
            if limit:
                ctx.iam.quotas[bucket] = {"quota": quota, "size": size, "rate": 0,
                                          "requests": 0, "quotatype": "hard"}
            else:
                ctx.iam.quotas.pop(bucket, None)
    return Response(200)


def get_bucket_quota(ctx):
    bucket, stats = _existing_bucket(ctx)
    with ctx.iam.lock:
        config = ctx.iam.quotas.get(bucket)
    if config is None:
        # Set before a simulator restart: radosgw only knows KiB.
        rgw_quota = stats.get("bucket_quota") or {}
        if rgw_quota.get("enabled") and rgw_quota.get("max_size", -1) > 0:
            size = rgw_quota["max_size"]
            config = {"quota": size, "size": size, "rate": 0, "requests": 0,
                      "quotatype": "hard"}
    if config is None:
        raise MinioError("XMinioAdminNoSuchQuotaConfiguration", bucket=bucket)
    return ctx.reply_json(config)


def _bucket_usage(stats):
    main = (stats.get("usage") or {}).get("rgw.main") or {}
    size, count = int(main.get("size", 0)), int(main.get("num_objects", 0))
    return {"size": size, "objectsCount": count, "versionsCount": count,
            "deleteMarkersCount": 0, "objectsSizesHistogram": {},
            "objectsVersionsHistogram": {}, "objectsPendingReplicationTotalSize": 0,
            "objectsFailedReplicationTotalSize": 0, "objectsReplicatedTotalSize": 0,
            "objectReplicaTotalSize": 0, "objectsPendingReplicationCount": 0,
            "objectsFailedReplicationCount": 0}


def data_usage_info(ctx):
    usage = {stats["bucket"]: _bucket_usage(stats) for stats in ctx.backing.all_bucket_stats()}
    doc = {"lastUpdate": iso_time(ctx.iam.now()),
           "objectsCount": sum(u["objectsCount"] for u in usage.values()),
           "objectsTotalSize": sum(u["size"] for u in usage.values()),
           "versionsCount": sum(u["versionsCount"] for u in usage.values()),
           "deleteMarkersCount": 0,
           "bucketsCount": len(usage),
           "bucketsUsageInfo": usage,
           "bucketsSizes": {name: u["size"] for name, u in usage.items()}}
    if ctx.arg("capacity") == "true":
        doc.update(capacity=0, freeCapacity=0, usedCapacity=doc["objectsTotalSize"])
    return ctx.reply_json(doc)


def server_info(ctx):
    """A single online node (madmin InfoMessage, the fields a health check reads)."""
    usage = [_bucket_usage(s) for s in ctx.backing.all_bucket_stats()]
    host = ctx.request.headers.get("Host") or "127.0.0.1"
    return ctx.reply_json({
        "mode": "online", "deploymentID": _DEPLOYMENT_ID, "region": "us-east-1",
        "buckets": {"count": len(usage)},
        "objects": {"count": sum(u["objectsCount"] for u in usage)},
        "usage": {"size": sum(u["size"] for u in usage)},
        "backend": {"backendType": "Erasure", "onlineDisks": 1, "offlineDisks": 0},
        "servers": [{"state": "online", "endpoint": host, "version": "ospd-minio-sim",
                     "uptime": int(time.time() - _STARTED), "pid": os.getpid()}]})
