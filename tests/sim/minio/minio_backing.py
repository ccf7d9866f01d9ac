"""What the MinIO simulator keeps in radosgw: MinIO users become radosgw users whose uid and
access key are the MinIO access key (same secret), service accounts become extra keys of the
parent, bucket quotas become radosgw bucket quotas, usage comes from bucket stats, and canned
policies are mirrored into bucket policies. RgwBacking talks to a real radosgw; NullBacking
(--no-rgw) keeps nothing. Both thread-safe (no state beyond the radosgw client and the shared
every-bucket stats read)."""

import os
import subprocess
import sys

from botocore.exceptions import ClientError

from simlib.locks import SharedCall
from simlib.rgw import RgwError


class RgwBacking:
    def __init__(self, rgw, ceph_conf=None):
        self.rgw = rgw
        self.s3_url = rgw.endpoint
        self._ceph_conf = ceph_conf
        # Every bucket's stats take radosgw ~0.1-0.3 s with a few hundred buckets, and ospd
        # asks for them (datausageinfo) in most bucket calls: concurrent askers share one read.
        self._all_stats = SharedCall(
            lambda: self.rgw.admin("GET", "bucket", {"stats": "true"}) or [])

    def check(self):
        """Raises RgwError when radosgw is unreachable or refuses the admin key."""
        self.rgw.admin("GET", "user", {"uid": "ospd-sim-probe"}, ok=(200, 404))

    def ensure_root(self, access_key, secret):
        """Makes the MinIO root credentials a radosgw user and, when radosgw-admin can reach
        the cluster (CEPH_CONF), flags it admin so it reaches every bucket as MinIO's root
        does. Returns whether the flag is set."""
        self.put_user(access_key, secret, True)
        if not self._ceph_conf:
            return False
        done = subprocess.run(["radosgw-admin", "user", "modify", "--uid", access_key,
                               "--admin"], env=dict(os.environ, CEPH_CONF=self._ceph_conf),
                              check=False, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write("minio_sim: radosgw-admin could not flag %s admin: %s\n" %
                             (access_key, done.stderr.strip()))
        return done.returncode == 0

    def put_user(self, uid, secret, enabled):
        """Creates the user with key (uid, secret), or re-keys and re-enables an existing one
        (a removed MinIO user that still owned buckets was only suspended)."""
        # Simulators sharing one radosgw may create the same user (their root) at the same
        # moment, and radosgw then briefly answers "no such user" for it, or 500 UnknownError
        # when the two writes of the user's record collide (seen under ASan): start again.
        for attempt in range(5):
            try:
                self._create_or_rekey(uid, secret)
                self.set_enabled(uid, enabled)
                return
            except RgwError as exc:
                if exc.code not in ("NoSuchUser", "UnknownError") or attempt == 4:
                    raise

    def _create_or_rekey(self, uid, secret):
        try:
            self.rgw.admin("PUT", "user", {"uid": uid, "display-name": uid, "access-key": uid,
                                           "secret-key": secret})
        except RgwError as exc:
            if exc.code != "UserAlreadyExists":
                raise
            self.add_key(uid, uid, secret)

    def set_enabled(self, uid, enabled):
        self.rgw.admin("POST", "user", {"uid": uid, "suspended": "false" if enabled else "true"})

    def remove_user(self, uid):
        """Deletes the user and its keys; one that owns buckets (MinIO buckets outlive users)
        is stripped of its keys and suspended instead. A missing user is fine."""
        try:
            self.rgw.admin("DELETE", "user", {"uid": uid}, ok=(200, 404))
        except RgwError as exc:
            if exc.status != 409:
                raise
            info = self.rgw.admin("GET", "user", {"uid": uid})
            for key in info.get("keys", []):
                self.remove_key(uid, key["access_key"])
            self.set_enabled(uid, False)

    def add_key(self, uid, access_key, secret):
        """Adds (or re-keys) S3 key `access_key` of `uid`."""
        self.rgw.admin("PUT", "user", {"key": "", "uid": uid, "key-type": "s3",
                                       "access-key": access_key, "secret-key": secret})

    def remove_key(self, uid, access_key):
        self.rgw.remove_key(uid, access_key)

    def lookup_key(self, access_key):
        """(uid, secret) of an S3 key radosgw knows, or None."""
        try:
            info = self.rgw.admin("GET", "user", {"access-key": access_key})
        except RgwError as exc:
            if exc.status in (403, 404):
                return None
            raise
        for key in info.get("keys", []):
            if key.get("access_key") == access_key:
                return info.get("user_id"), key.get("secret_key")
        return None

    def bucket_stats(self, bucket):
        """radosgw's bucket stats (owner, usage, bucket_quota), or None when missing."""
        try:
            return self.rgw.admin("GET", "bucket", {"bucket": bucket, "stats": "true"})
        except RgwError as exc:
            if exc.status == 404:
                return None
            raise

    def all_bucket_stats(self):
        """Every bucket's stats, read after this call began (shared with concurrent calls)."""
        return self._all_stats()

    def bucket_names(self):
        return self.rgw.admin("GET", "bucket", {}) or []

    def set_quota(self, bucket, owner, size):
        """Hard quota of `size` bytes (rounded up to KiB, radosgw's unit); 0 clears it."""
        kib = -(-size // 1024) if size > 0 else -1
        self.rgw.admin("PUT", "bucket", {"quota": "", "uid": owner, "bucket": bucket,
                                         "enabled": "true" if size > 0 else "false",
                                         "max-size-kb": str(kib), "max-objects": "-1"})

    def get_bucket_policy(self, bucket, owner, owner_secret):
        """The bucket's policy text ("" for none), read as its owner."""
        with self.rgw.user_s3(owner, owner_secret) as s3:
            try:
                return s3.get_bucket_policy(Bucket=bucket)["Policy"]
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") == "NoSuchBucketPolicy":
                    return ""
                raise

    def put_bucket_policy(self, bucket, owner, owner_secret, text):
        """Writes bucket policy `text` as the bucket's owner (its secret when known, else a
        temporary key); "" deletes it."""
        with self.rgw.user_s3(owner, owner_secret) as s3:
            if text:
                s3.put_bucket_policy(Bucket=bucket, Policy=text)
            else:
                s3.delete_bucket_policy(Bucket=bucket)


class NullBacking:
    """--no-rgw: the admin API alone. No bucket exists; nothing is kept outside the model."""

    s3_url = None

    def check(self):
        pass

    def ensure_root(self, access_key, secret):
        return False

    def put_user(self, uid, secret, enabled):
        pass

    def set_enabled(self, uid, enabled):
        pass

    def remove_user(self, uid):
        pass

    def add_key(self, uid, access_key, secret):
        pass

    def remove_key(self, uid, access_key):
        pass

    def lookup_key(self, access_key):
        return None

    def bucket_stats(self, bucket):
        return None

    def all_bucket_stats(self):
        return []

    def bucket_names(self):
        return []

    def set_quota(self, bucket, owner, size):
        pass

    def get_bucket_policy(self, bucket, owner, owner_secret):
        return ""

    def put_bucket_policy(self, bucket, owner, owner_secret, text):
        pass
