"""The ECS simulator's model: namespaces, replication groups, object users with their two
secret-key slots, and buckets. Not thread-safe by itself: callers hold `EcsState.lock`."""

import hashlib
import threading
import time
import uuid


def key_time(epoch):
    """ECS secret-key timestamp format, e.g. 2015-02-25 11:16:50.632."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch)) + ".%03d" % (
        int(epoch * 1000) % 1000)


def user_time(epoch):
    """ECS user `created` format, e.g. Wed Feb 25 11:16:48 UTC 2015."""
    return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(epoch))


def iso_time(epoch):
    """ECS bucket `created` format, e.g. 2017-07-11T16:26:13.357Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + ".%03dZ" % (
        int(epoch * 1000) % 1000)


class Vpool:
    """A replication group; `id` is the urn the bucket-create `vpool` field takes."""

    def __init__(self, name, created):
        self.name = name
        self.id = "urn:storageos:ReplicationGroupInfo:%s:global" % uuid.uuid5(
            uuid.NAMESPACE_URL, "ospd-sim/" + name)
        self.created = created


class Namespace:
    def __init__(self, name, default_vpool, allowed_vpools):
        self.name = name
        self.default_vpool = default_vpool
        self.allowed_vpools = allowed_vpools


class KeySlot:
    def __init__(self, secret, created, expiry=None):
        self.secret = secret
        self.created = created
        self.expiry = expiry

    @property
    def key_id(self):
        return hashlib.sha256(self.secret.encode()).hexdigest()


class ObjectUser:
    def __init__(self, uid, namespace, created, tags):
        self.uid = uid
        self.namespace = namespace
        self.created = created
        self.tags = tags
        self.locked = False
        self.slots = [None, None]

    def expire_keys(self, now):
        """Frees slots whose expiry has passed; returns True when any was freed."""
        changed = False
        for i, slot in enumerate(self.slots):
            if slot is not None and slot.expiry is not None and slot.expiry <= now:
                self.slots[i] = None
                changed = True
        return changed

    def s3_secret(self):
        """The secret radosgw should hold: the newest valid key (radosgw has one secret per
        access key, so the older slot is not usable over S3)."""
        live = [slot for slot in self.slots if slot is not None]
        return max(live, key=lambda slot: slot.created).secret if live else None


class Bucket:
    """`owner` is what ECS reports (the object user, or the creating management user);
    `rgw_owner` the radosgw user owning it (None: the radosgw admin user)."""

    def __init__(self, name, namespace, owner, vpool, created):
        self.name = name
        self.namespace = namespace
        self.owner = owner
        self.rgw_owner = owner
        self.vpool = vpool
        self.created = created
        self.api_type = "S3"
        self.encrypted = False
        self.stale_allowed = False
        self.tso_read_only = False
        self.fs_enabled = False
        self.block_size = -1
        self.notification_size = -1
        self.block_count = -1
        self.notification_count = -1
        self.retention = 0
        self.object_lock = False
        self.tags = []
        self.acl = None
        self.empty_status = None

    @property
    def id(self):
        return "%s.%s" % (self.namespace, self.name)


class EcsState:
    """Everything the management API knows. Users are unique system-wide (ECS's default
    GLOBAL user scope, and radosgw access keys are global); buckets are keyed by
    (namespace, name), and radosgw makes names unique across namespaces too."""

    def __init__(self, namespaces, vpool_names, clock):
        self.lock = threading.RLock()
        now = clock.now()
        self.vpools = [Vpool(name, now) for name in vpool_names]
        by_name = {vp.name: vp for vp in self.vpools}
        self.namespaces = {}
        for name, default in namespaces:
            vpool = by_name[default] if default else self.vpools[0]
            self.namespaces[name] = Namespace(name, vpool, list(self.vpools))
        self.users = {}
        self.buckets = {}

    def vpool_by_id(self, vpool_id):
        return next((vp for vp in self.vpools if vp.id == vpool_id), None)

    def bucket_named(self, name):
        """The bucket called `name` in any namespace, or None."""
        return next((b for b in self.buckets.values() if b.name == name), None)
