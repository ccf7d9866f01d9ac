"""ECS billing (reference §7): bucket and namespace usage from radosgw bucket stats. The
simulator samples on every call, so figures are always up to date. Thread-safe through
`EcsState.lock`."""

from ecs import ecs_codec
from ecs.ecs_codec import EcsError
from ecs.ecs_context import as_list
from ecs.ecs_state import iso_time

_UNITS = {"BYTE": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "KiB": 1024,
          "MiB": 1024 ** 2, "GiB": 1024 ** 3}


def _unit(ctx):
    unit = ctx.request.arg("sizeunit") or "GB"
    if unit not in _UNITS:
        raise EcsError(1008, "Invalid sizeunit %s; use one of %s" % (unit, ", ".join(_UNITS)))
    return unit


def _bucket_billing(ctx, bucket, unit):
    size, objects = ctx.backing.usage(bucket.name) or (0, 0)
    now = iso_time(ctx.clock.now())
    return {"name": bucket.name, "namespace": bucket.namespace, "vpool_id": bucket.vpool.id,
            "total_size": round(size / _UNITS[unit], 6), "total_size_unit": unit,
            "total_objects": objects, "sample_time": now, "uptodate_till": now,
            "total_mpu_size": 0.0, "total_mpu_parts": 0}, size, objects


def _bucket(ctx, namespace, name):
    bucket = ctx.state.buckets.get((namespace, name))
    if bucket is None:
        raise ecs_codec.not_found_param(name)
    return bucket


def bucket_info(ctx, namespace, name):
    unit = _unit(ctx)
    ctx.request.annotations["bucket"] = name
    with ctx.state.lock:
        bucket = _bucket(ctx, ctx.use_namespace(namespace).name, name)
        doc, _, _ = _bucket_billing(ctx, bucket, unit)
    return ctx.render("bucket_billing_info", doc)


def buckets_info(ctx, namespace):
    unit = _unit(ctx)
    body = ctx.body(("bucket_list",))
    names = [ecs_codec.as_str({"id": n}, "id") for n in as_list(body.get("id"), "id")]
    with ctx.state.lock:
        ns = ctx.use_namespace(namespace).name
        infos = [_bucket_billing(ctx, ctx.state.buckets[(ns, n)], unit)[0]
                 for n in names if (ns, n) in ctx.state.buckets]
    if ctx.fmt == "json":
        return ctx.render("bucket_billing_infos", {"bucket_billing_infos": infos})
    return ctx.render("bucket_billing_infos", {"bucket_billing_info": infos})


def namespace_info(ctx, namespace):
    unit = _unit(ctx)
    detail = ecs_codec.as_bool(ctx.query_doc(), "include_bucket_detail")
    with ctx.state.lock:
        ns = ctx.use_namespace(namespace).name
        infos, total_size, total_objects = [], 0, 0
        for (bucket_ns, _), bucket in sorted(ctx.state.buckets.items()):
            if bucket_ns != ns:
                continue
            info, size, objects = _bucket_billing(ctx, bucket, unit)
            infos.append(info)
            total_size += size
            total_objects += objects
    now = iso_time(ctx.clock.now())
    doc = {"namespace": ns, "total_size": round(total_size / _UNITS[unit], 6),
           "total_size_unit": unit, "total_objects": total_objects, "sample_time": now,
           "uptodate_till": now}
    if detail:
        doc["bucket_billing_info"] = infos
    return ctx.render("namespace_billing_info", doc)
