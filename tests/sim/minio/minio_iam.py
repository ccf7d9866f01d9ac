"""The MinIO simulator's model: users, service accounts, canned policies and their mapping to
users, plus the per-bucket settings MinIO keeps and radosgw cannot (default encryption, the
client's own bucket policy, exact quota bytes). Thread-safe only under `Iam.lock`, which every
caller holds while reading or changing it, and only for that: never across a radosgw call.
Requests that change a user or bucket in radosgw and here hold its `Iam.resources` lock
(("user", access key), ("bucket", name)) around both. Lock order: a user, then buckets one at a
time, then `Iam.lock`."""

import json
import threading
import time

from minio import minio_policy
from simlib.locks import KeyedLocks


def iso_time(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class User:
    def __init__(self, access_key, secret, status, now):
        self.access_key = access_key
        self.secret = secret
        self.status = status
        self.policies = []
        self.updated = now

    def info(self):
        """madmin UserInfo (no secret: MinIO never returns it)."""
        doc = {"status": self.status, "updatedAt": iso_time(self.updated)}
        if self.policies:
            doc["policyName"] = ",".join(self.policies)
        return doc


class ServiceAccount:
    def __init__(self, access_key, secret, parent, policy, name, description, expiration, now):
        self.access_key = access_key
        self.secret = secret
        self.parent = parent
        self.policy = policy
        self.name = name
        self.description = description
        self.expiration = expiration
        self.status = "on"
        self.updated = now

    def expired(self, now):
        return self.expiration is not None and now >= self.expiration

    def describe(self, with_access_key):
        doc = {"parentUser": self.parent, "accountStatus": self.status,
               "impliedPolicy": self.policy is None, "name": self.name,
               "description": self.description}
        if self.expiration:
            doc["expiration"] = iso_time(self.expiration)
        if with_access_key:
            doc["accessKey"] = self.access_key
        else:
            doc["policy"] = json.dumps(self.policy) if self.policy is not None else ""
        return doc


class CannedPolicy:
    def __init__(self, doc, now):
        self.doc = doc
        self.created = now
        self.updated = now


class Caller:
    """Who signed a request: the root user, a user, or a service account of `uid`."""

    def __init__(self, kind, access_key, secret, uid, docs=(), inline=None, enabled=True):
        self.kind = kind
        self.access_key = access_key
        self.secret = secret
        self.uid = uid
        self.docs = list(docs)
        self.inline = inline
        self.enabled = enabled

    @property
    def is_root(self):
        return self.kind == "root"

    def allows(self, action, resource=None):
        """MinIO's check: root may do anything; others need an Allow and no Deny in their
        policies (a service account's inline policy must allow it too)."""
        if self.is_root:
            return True
        if not minio_policy.is_allowed(self.docs, action, resource):
            return False
        return self.inline is None or minio_policy.is_allowed([self.inline], action, resource)


class Iam:
    def __init__(self, root_access_key, root_secret, clock):
        self.lock = threading.RLock()
        self.resources = KeyedLocks()
        self.root_access_key = root_access_key
        self.root_secret = root_secret
        self.clock = clock
        self.users = {}
        self.service_accounts = {}
        self.policies = {}
        self.quotas = {}          # bucket -> bytes as set (radosgw keeps KiB)
        self.encryption = {}      # bucket -> ServerSideEncryptionConfiguration XML bytes
        self.bucket_policies = {}  # bucket -> the client's own bucket policy (JSON text)
        self.mirrored = {}        # bucket -> policy text last written to radosgw ("" = none)
        self.owners = {}          # bucket -> radosgw owner uid, as seen by the mirror
        self.granted = {}         # bucket -> users the mirror has granted access to

    def now(self):
        return self.clock.now()

    # --- policies ------------------------------------------------------------------------
    def policy(self, name):
        """The document of a canned policy (built-in or added), or None."""
        if name in minio_policy.BUILTIN:
            return minio_policy.BUILTIN[name]
        entry = self.policies.get(name)
        return entry.doc if entry else None

    def all_policies(self):
        docs = dict(minio_policy.BUILTIN)
        docs.update((name, entry.doc) for name, entry in self.policies.items())
        return docs

    def policy_in_use(self, name):
        return any(name in user.policies for user in self.users.values())

    def user_docs(self, access_key):
        user = self.users.get(access_key)
        names = user.policies if user else []
        return [doc for doc in (self.policy(n) for n in names) if doc is not None]

    # --- credentials ---------------------------------------------------------------------
    def caller(self, access_key):
        """The Caller owning `access_key`, or None when the simulator does not know it."""
        if access_key == self.root_access_key:
            return Caller("root", access_key, self.root_secret, access_key)
        user = self.users.get(access_key)
        if user is not None:
            return Caller("user", access_key, user.secret, access_key,
                          self.user_docs(access_key), enabled=user.status == "enabled")
        account = self.service_accounts.get(access_key)
        if account is None:
            return None
        enabled = account.status == "on" and not account.expired(self.now())
        if account.parent == self.root_access_key:
            # A root service account is root, narrowed by its inline policy when it has one.
            if account.policy is None:
                return Caller("root", access_key, account.secret, account.parent,
                              enabled=enabled)
            return Caller("service", access_key, account.secret, account.parent,
                          [account.policy], enabled=enabled)
        parent = self.users.get(account.parent)
        enabled = enabled and parent is not None and parent.status == "enabled"
        return Caller("service", access_key, account.secret, account.parent,
                      self.user_docs(account.parent), account.policy, enabled=enabled)

    def accounts_of(self, parent):
        return sorted((a for a in self.service_accounts.values() if a.parent == parent),
                      key=lambda a: a.access_key)

    def forget_bucket(self, bucket):
        for table in (self.quotas, self.encryption, self.bucket_policies, self.mirrored,
                      self.owners, self.granted):
            table.pop(bucket, None)

    def forget_user(self, access_key):
        """Drops a removed user with its service accounts and mirror grants."""
        self.users.pop(access_key, None)
        for account in self.accounts_of(access_key):
            del self.service_accounts[account.access_key]
        for users in self.granted.values():
            users.discard(access_key)
