"""ECS object users and their two secret-key slots (reference §5). Every handler runs under
`EcsState.lock`, which also serialises the matching radosgw calls."""

import re
import secrets
import string

from ecs import ecs_codec
from ecs.ecs_codec import EcsError
from ecs.ecs_context import parse_tags
from ecs.ecs_state import KeySlot, ObjectUser, key_time, user_time

_USER_ID = re.compile(r"^[A-Za-z0-9@._=+,-]{1,255}$")
_KEY_CHARS = string.ascii_letters + string.digits


def _generated_secret():
    return "".join(secrets.choice(_KEY_CHARS) for _ in range(40))


def _find_user(ctx, uid, namespace=None):
    """The user `uid` named in the URL (2000 when missing or in another namespace)."""
    ctx.request.annotations["user"] = uid
    user = ctx.state.users.get(uid)
    if user is None or (namespace is not None and user.namespace != namespace):
        raise ecs_codec.not_found_url(uid)
    ctx.use_namespace(user.namespace)
    return user


def _sync_secret(ctx, user, before):
    after = user.s3_secret()
    if after != before:
        ctx.backing.set_secret(user.uid, after)


def expire_keys(state, backing, now):
    """Frees expired key slots of every user and updates radosgw. Caller holds state.lock."""
    for user in state.users.values():
        before = user.s3_secret()
        if user.expire_keys(now) and user.s3_secret() != before:
            backing.set_secret(user.uid, user.s3_secret())


def create_user(ctx):
    doc = ctx.body(("user_create_param",))
    uid = ecs_codec.as_str(doc, "user", required=True)
    namespace = ctx.namespace_from(doc, required=True)
    if not _USER_ID.match(uid):
        raise EcsError(1008, "Invalid user id %s" % uid)
    ctx.request.annotations["user"] = uid
    tags = parse_tags(doc.get("tags"), "tag", "name", "value")
    with ctx.state.lock:
        if uid in ctx.state.users:
            raise EcsError(1015, "User %s already exists" % uid)
        ctx.backing.create_user(uid)
        ctx.state.users[uid] = ObjectUser(uid, namespace.name, ctx.clock.now(), tags)
    return ctx.render("user_secret_key", {
        "link": {"@rel": "self", "@href": "/object/user-secret-keys/%s" % uid}})


def user_info(ctx, uid):
    namespace = ctx.namespace_from(ctx.query_doc(), required=False)
    with ctx.state.lock:
        user = _find_user(ctx, uid, namespace.name if namespace else None)
        return ctx.render("user_info", {
            "namespace": user.namespace, "name": user.uid, "locked": user.locked,
            "created": user_time(user.created),
            "tag": ctx.tag_list(user.tags, "tags", "tag", ("name", "value"))})


def _list_users(ctx, namespace):
    query = ctx.query_doc()
    limit = ecs_codec.as_int(query, "limit", 1000)
    if limit < 1:
        raise EcsError(1014, "limit must be at least 1")
    marker = ecs_codec.as_str(query, "marker")
    prefix = ecs_codec.as_str(query, "userid")
    with ctx.state.lock:
        uids = sorted(uid for uid, user in ctx.state.users.items()
                      if (namespace is None or user.namespace == namespace)
                      and (ctx.user.namespace is None or user.namespace == ctx.user.namespace)
                      and uid.startswith(prefix) and uid > marker)
        page = [ctx.state.users[uid] for uid in uids[:limit]]
    doc = {"blobuser": [{"namespace": u.namespace, "userid": u.uid} for u in page],
           "Filter": "userid=%s*" % prefix if prefix else "*", "MaxUsers": limit}
    if len(uids) > limit:
        doc["NextMarker"] = page[-1].uid
    return ctx.render("users", doc)


def list_users(ctx):
    return _list_users(ctx, None)


def list_namespace_users(ctx, namespace):
    return _list_users(ctx, ctx.use_namespace(namespace).name)


def deactivate_user(ctx):
    doc = ctx.body(("user_delete_param",))
    uid = ecs_codec.as_str(doc, "user", required=True)
    namespace = ctx.namespace_from(doc, required=True)
    ctx.request.annotations["user"] = uid
    with ctx.state.lock:
        user = ctx.state.users.get(uid)
        if user is None or user.namespace != namespace.name:
            raise ecs_codec.not_found_param(uid)
        ctx.backing.delete_user(uid)
        del ctx.state.users[uid]


def lock_user(ctx):
    doc = ctx.body(None)
    uid = ecs_codec.as_str(doc, "user", required=True)
    namespace = ctx.namespace_from(doc, required=True)
    locked = ecs_codec.as_bool(doc, "isLocked")
    with ctx.state.lock:
        user = ctx.state.users.get(uid)
        if user is None or user.namespace != namespace.name:
            raise ecs_codec.not_found_param(uid)
        ctx.backing.lock_user(uid, locked)
        user.locked = locked


def get_lock(ctx, uid, namespace=None):
    with ctx.state.lock:
        user = _find_user(ctx, uid, namespace)
        return ctx.render("user_lock", {"user_name": user.uid, "isLocked": user.locked})


def get_keys(ctx, uid, namespace=None):
    with ctx.state.lock:
        user = _find_user(ctx, uid, namespace)
        expire_keys(ctx.state, ctx.backing, ctx.clock.now())
        doc = {}
        for number, slot in enumerate(user.slots, start=1):
            hidden = ctx.options.hide_secret_keys
            doc["secret_key_%d" % number] = slot.secret if slot and not hidden else ""
            doc["secret_key_%d_exist" % number] = slot is not None
            doc["key_timestamp_%d" % number] = key_time(slot.created) if slot else ""
            doc["key_expiry_timestamp_%d" % number] = (
                key_time(slot.expiry) if slot and slot.expiry is not None else "")
            if hidden:
                doc["secret_key_%d_id" % number] = slot.key_id if slot else ""
        doc["link"] = {"@rel": "self", "@href": "/object/secret-keys"}
        return ctx.render("user_secret_keys", doc)


def create_key(ctx, uid):
    doc = ctx.body(("user_secret_key_create",), required=False)
    namespace = ctx.namespace_from(doc, required=False)
    secret = ecs_codec.as_str(doc, "secretkey")
    expiry_mins = ecs_codec.as_int(doc, "existing_key_expiry_time_mins")
    if expiry_mins is not None and expiry_mins < 0:
        raise EcsError(1014, "existing_key_expiry_time_mins must not be negative")
    if secret and (len(secret) > 255 or any(c.isspace() for c in secret)):
        raise EcsError(1008, "Invalid secret key")
    with ctx.state.lock:
        user = _find_user(ctx, uid, namespace.name if namespace else None)
        now = ctx.clock.now()
        expire_keys(ctx.state, ctx.backing, now)
        before = user.s3_secret()
        if None not in user.slots:
            raise EcsError(1008, "User %s already has 2 valid keys" % uid)
        if expiry_mins is not None:
            for slot in user.slots:
                if slot is not None:
                    slot.expiry = now + expiry_mins * 60
        new = KeySlot(secret or _generated_secret(), now)
        user.slots[user.slots.index(None)] = new
        user.expire_keys(now)
        _sync_secret(ctx, user, before)
        return ctx.render("user_secret_key", {
            "secret_key": new.secret, "key_timestamp": key_time(new.created),
            "key_expiry_timestamp": "",
            "link": {"@rel": "self", "@href": "/object/user-secret-keys/%s" % uid}})


def delete_key(ctx, uid):
    doc = ctx.body(("user_secret_key_delete",), required=False)
    namespace = ctx.namespace_from(doc, required=False)
    secret = ecs_codec.as_str(doc, "secret_key")
    key_id = ecs_codec.as_str(doc, "secret_key_id")
    with ctx.state.lock:
        user = _find_user(ctx, uid, namespace.name if namespace else None)
        expire_keys(ctx.state, ctx.backing, ctx.clock.now())
        before = user.s3_secret()
        if not secret and not key_id:
            user.slots = [None, None]
        else:
            matches = [i for i, slot in enumerate(user.slots) if slot is not None and (
                slot.secret == secret if secret else slot.key_id == key_id)]
            if not matches:
                raise ecs_codec.not_found_param("secret key of user %s" % uid)
            user.slots[matches[0]] = None
        _sync_secret(ctx, user, before)
