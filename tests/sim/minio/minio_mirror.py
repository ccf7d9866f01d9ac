"""Makes radosgw enforce what it can of MinIO's canned policies: for every bucket a user's
attached policies name explicitly (arn:aws:s3:::b, arn:aws:s3:::b/...), the bucket's radosgw
policy gets those statements with the user as principal, after the client's own bucket policy
statements. Wildcard bucket patterns ("*", "b*") and NotAction/NotResource statements are not
mirrored; Deny statements are mirrored only where the same user also has an Allow (radosgw
denies non-owners by default) and never for the bucket owner; users whose grant is gone are
denied explicitly. Thread-safe: PolicyMirror.sync takes each bucket's Iam.resources lock and
Iam.lock itself (callers must not hold Iam.lock); the functions need Iam.lock held."""

import json
import sys
import threading

from botocore.exceptions import BotoCoreError, ClientError

from minio import minio_policy
from simlib.rgw import RgwError

SID_PREFIX = "MinioSimUser"


def _explicit_bucket(pattern):
    bucket = pattern.split("/", 1)[0]
    return None if not bucket or "*" in bucket or "?" in bucket else bucket


def buckets_in(docs):
    """Buckets the policy documents `docs` name without wildcards."""
    names = set()
    for doc in docs:
        for statement in doc["Statement"]:
            for pattern in minio_policy.resource_patterns(statement):
                bucket = _explicit_bucket(pattern)
                if bucket:
                    names.add(bucket)
    return names


def named_buckets(iam):
    """Buckets some user's attached policies name without wildcards."""
    return set().union(*(buckets_in(iam.user_docs(uid)) for uid in iam.users))


def user_buckets(iam, uid):
    """Buckets whose mirrored policy depends on user `uid`: named by its policies, or granted to
    it before (where a Deny may revoke it)."""
    return buckets_in(iam.user_docs(uid)) | {b for b, users in iam.granted.items()
                                             if uid in users}


def _statements_for(uid, docs, bucket, owner):
    allows, denies = [], []
    for doc in docs:
        for statement in doc["Statement"]:
            if any(k in statement for k in ("NotAction", "NotResource", "NotPrincipal")):
                continue
            resources = [minio_policy.ARN_PREFIX + p
                         for p in minio_policy.resource_patterns(statement)
                         if _explicit_bucket(p) == bucket]
            actions = sorted({"s3:*" if a == "*" else a for a in statement.get("Action", [])
                              if a == "*" or a.startswith("s3:")})
            if not resources or not actions:
                continue
            out = {"Effect": statement["Effect"], "Principal": _principal(uid),
                   "Action": actions, "Resource": resources}
            if "Condition" in statement:
                out["Condition"] = statement["Condition"]
            (allows if statement["Effect"] == "Allow" else denies).append(out)
    # A Deny on the owner would lock the mirror (which writes as the owner) out of the policy.
    return allows + denies if allows and uid != owner else allows


def _principal(*uids):
    return {"AWS": ["arn:aws:iam:::user/%s" % uid for uid in uids]}


def merged_policy(iam, bucket, owner):
    """(policy text radosgw should hold for `bucket` ("" for none), users it grants). Users
    granted before and not any more are denied explicitly: radosgw would otherwise still let
    them reach the objects they own."""
    generated, granted = [], set()
    for uid in sorted(iam.users):
        statements = _statements_for(uid, iam.user_docs(uid), bucket, owner)
        if statements:
            granted.add(uid)
        generated += statements
    revoked = sorted(iam.granted.get(bucket, set()) - granted - {owner})
    if revoked:
        generated.append({"Effect": "Deny", "Principal": _principal(*revoked),
                          "Action": ["s3:*"], "Resource": [
                              minio_policy.ARN_PREFIX + bucket,
                              minio_policy.ARN_PREFIX + bucket + "/*"]})
    client = iam.bucket_policies.get(bucket, "")
    if not generated:
        return client, granted
    for i, statement in enumerate(generated):
        statement["Sid"] = "%s%d" % (SID_PREFIX, i)
    doc = json.loads(client) if client else {"Version": "2012-10-17", "Statement": []}
    statements = doc.get("Statement") or []
    doc["Statement"] = ([statements] if isinstance(statements, dict) else statements) + generated
    return json.dumps(doc), granted


def _generated(statement):
    return str(statement.get("Sid", "")).startswith(SID_PREFIX)


def _statements(text):
    statements = json.loads(text).get("Statement") or []
    return [statements] if isinstance(statements, dict) else statements


def client_part(text):
    """A radosgw bucket policy without the mirrored statements: `text` itself when it has
    none, "" when nothing else is left."""
    if not text:
        return ""
    try:
        statements = _statements(text)
    except (ValueError, AttributeError):
        return text
    kept = [st for st in statements if not _generated(st)]
    if len(kept) == len(statements):
        return text
    if not kept:
        return ""
    doc = json.loads(text)
    doc["Statement"] = kept
    return json.dumps(doc)


def _granted_in(text):
    users = set()
    for statement in _statements(text) if text else []:
        if _generated(statement) and statement.get("Effect") == "Allow":
            for arn in statement.get("Principal", {}).get("AWS", []):
                users.add(arn.rsplit("/", 1)[-1])
    return users


class PolicyMirror:
    def __init__(self, iam, backing, log):
        self._iam = iam
        self._backing = backing
        self._log = log
        self._failed = set()  # buckets whose last mirroring failed: retried by every sync
        self._failed_lock = threading.Lock()

    def sync(self, buckets):
        """Rewrites the radosgw policy of `buckets` (those whose mirrored policy a model change
        may have changed) and of those that failed before, one at a time (see sync_bucket).
        The caller holds no resource lock."""
        with self._failed_lock:
            names = set(buckets) | self._failed
        for bucket in sorted(names):
            self.sync_bucket(bucket)

    def sync_bucket(self, bucket):
        """Rewrites the radosgw policy of `bucket` where it differs from what was last written,
        under the bucket's resource lock (the caller may hold it, and no other), from the model
        as it is then: the last write follows the last change. A missing bucket is skipped;
        radosgw refusals are counted (policy_mirror_errors), reported on stderr and retried by
        the next sync."""
        # The failure record changes under the bucket's lock too: a success must not erase the
        # failure of a sync that ran after it.
        with self._iam.resources.hold(("bucket", bucket)):
            try:
                self._sync_one(bucket)
            except (RgwError, ClientError, BotoCoreError) as exc:
                self._log.count("policy_mirror_errors")
                sys.stderr.write("minio_sim: could not mirror policies onto bucket %s: %s\n"
                                 % (bucket, exc))
                with self._failed_lock:
                    self._failed.add(bucket)
                return
            with self._failed_lock:
                self._failed.discard(bucket)

    def _sync_one(self, bucket):
        iam = self._iam
        with iam.lock:
            owner = iam.owners.get(bucket)
        if owner is None:
            stats = self._backing.bucket_stats(bucket)
            with iam.lock:
                if stats is None:
                    iam.forget_bucket(bucket)
                    return
                owner = iam.owners[bucket] = stats.get("owner")
        with iam.lock:
            secret = (iam.root_secret if owner == iam.root_access_key
                      else getattr(iam.users.get(owner), "secret", None))
            adopted = bucket in iam.mirrored
        if not adopted:
            current = self._backing.get_bucket_policy(bucket, owner, secret)
            with iam.lock:
                _adopt(iam, bucket, current)
        with iam.lock:
            text, granted = merged_policy(iam, bucket, owner)
            if iam.mirrored.get(bucket) == text:
                return
        self._backing.put_bucket_policy(bucket, owner, secret, text)
        with iam.lock:
            iam.mirrored[bucket] = text
            # A user removed during the write is not granted any more.
            iam.granted[bucket] = (iam.granted.get(bucket, set()) | granted) & set(iam.users)


def _adopt(iam, bucket, current):
    """Takes over a bucket first seen: its radosgw policy `current` is the client's own plus
    what an earlier simulator mirrored (grants that later Deny statements must revoke)."""
    own = client_part(current)
    if own:
        iam.bucket_policies[bucket] = own
    iam.granted[bucket] = iam.granted.get(bucket, set()) | _granted_in(current)
    iam.mirrored[bucket] = current
