"""What the ECS simulator does on the S3 side: object users become radosgw users whose access
key is the user id, buckets become radosgw buckets owned by them, quotas become radosgw bucket
quotas. RgwBacking talks to a real radosgw; NullBacking (--no-rgw) keeps nothing. Both are
thread-safe (no state of their own beyond the radosgw client)."""

from botocore.exceptions import ClientError

from simlib.rgw import RgwError

GIB = 1024 ** 3


class BucketNotEmpty(Exception):
    pass


class BucketTaken(Exception):
    """The name is used by a bucket this simulator does not manage (or another owner's)."""


class InvalidBucketName(Exception):
    pass


class RgwBacking:
    def __init__(self, rgw):
        self.rgw = rgw
        self.s3_url = rgw.endpoint

    def check(self):
        """Raises RgwError when radosgw is unreachable or refuses the admin key."""
        self.rgw.admin("GET", "user", {"uid": "ospd-sim-probe"}, ok=(200, 404))

    def create_user(self, uid):
        """Creates the radosgw user without keys; an existing one (a deleted ECS user whose
        buckets kept it alive) is re-enabled and stripped of its keys."""
        try:
            self.rgw.admin("PUT", "user", {"uid": uid, "display-name": uid,
                                           "generate-key": "false"})
        except RgwError as exc:
            if exc.code != "UserAlreadyExists":
                raise
            info = self.rgw.admin("POST", "user", {"uid": uid, "suspended": "false"})
            for key in info.get("keys", []):
                self.rgw.remove_key(uid, key["access_key"])

    def set_secret(self, uid, secret):
        """Makes `secret` the S3 secret of access key `uid`; None removes the key."""
        if secret is None:
            self.rgw.remove_key(uid, uid)
        else:
            self.rgw.admin("PUT", "user", {"key": "", "uid": uid, "key-type": "s3",
                                           "access-key": uid, "secret-key": secret})

    def delete_user(self, uid):
        """Removes the user; one that still owns buckets is suspended instead (ECS keeps the
        buckets of a deleted user, radosgw cannot)."""
        self.set_secret(uid, None)
        try:
            self.rgw.admin("DELETE", "user", {"uid": uid}, ok=(200, 404))
        except RgwError as exc:
            if exc.status != 409:
                raise
            self.rgw.admin("POST", "user", {"uid": uid, "suspended": "true"})

    def lock_user(self, uid, locked):
        self.rgw.admin("POST", "user", {"uid": uid, "suspended": "true" if locked else "false"})

    def create_bucket(self, name, owner, secret, object_lock):
        """Creates `name` as `owner` (None: the admin user). Raises BucketTaken or
        InvalidBucketName."""
        args = {"Bucket": name}
        if object_lock:
            args["ObjectLockEnabledForBucket"] = True
        try:
            if owner is None:
                self.rgw.admin_s3().create_bucket(**args)
            else:
                with self.rgw.user_s3(owner, secret) as s3:
                    s3.create_bucket(**args)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("BucketAlreadyExists", "BucketAlreadyOwnedByYou"):
                raise BucketTaken(name) from exc
            if code == "InvalidBucketName":
                raise InvalidBucketName(name) from exc
            raise

    def set_quota(self, name, owner, block_gb, block_count):
        """Hard quota: `block_gb` GiB and/or `block_count` objects; None/-1 means unlimited."""
        size = block_gb * GIB // 1024 if block_gb and block_gb > 0 else -1
        count = block_count if block_count and block_count > 0 else -1
        enabled = size > 0 or count > 0
        params = {"quota": "", "bucket": name, "enabled": "true" if enabled else "false",
                  "max-size-kb": str(size), "max-objects": str(count)}
        if owner:
            params["uid"] = owner
        self.rgw.admin("PUT", "bucket", params)

    def usage(self, name):
        """(bytes, objects) stored in the bucket, or None when radosgw has no such bucket."""
        try:
            stats = self.rgw.admin("GET", "bucket", {"bucket": name, "stats": "true"})
        except RgwError as exc:
            if exc.status == 404:
                return None
            raise
        main = (stats.get("usage") or {}).get("rgw.main") or {}
        return int(main.get("size", 0)), int(main.get("num_objects", 0))

    def delete_bucket(self, name):
        """Deletes an empty bucket (missing is fine). Raises BucketNotEmpty."""
        try:
            self.rgw.admin("DELETE", "bucket", {"bucket": name}, ok=(200, 404))
        except RgwError as exc:
            if exc.status == 409:
                raise BucketNotEmpty(name) from exc
            raise

    def purge_bucket(self, name):
        self.rgw.admin("DELETE", "bucket", {"bucket": name, "purge-objects": "true"},
                       ok=(200, 404))

    def change_owner(self, name, uid):
        self.rgw.admin("PUT", "bucket", {"bucket": name, "uid": uid})

    def get_policy(self, name, owner, secret):
        """The bucket policy JSON text, or None when none is set."""
        with self._owner_s3(owner, secret) as s3:
            try:
                return s3.get_bucket_policy(Bucket=name)["Policy"]
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") == "NoSuchBucketPolicy":
                    return None
                raise

    def put_policy(self, name, owner, secret, policy):
        """Stores `policy`; returns radosgw's error code when it refuses it, else None."""
        with self._owner_s3(owner, secret) as s3:
            try:
                s3.put_bucket_policy(Bucket=name, Policy=policy)
            except ClientError as exc:
                if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 400:
                    return exc.response.get("Error", {}).get("Code") or "MalformedPolicy"
                raise
        return None

    def delete_policy(self, name, owner, secret):
        with self._owner_s3(owner, secret) as s3:
            s3.delete_bucket_policy(Bucket=name)

    def _owner_s3(self, owner, secret):
        if owner is None:
            return _Borrowed(self.rgw.admin_s3())
        return self.rgw.user_s3(owner, secret)


class _Borrowed:
    def __init__(self, client):
        self._client = client

    def __enter__(self):
        return self._client

    def __exit__(self, *_):
        return False


class NullBacking:
    """--no-rgw: the management API alone; buckets are always empty, policies kept in memory."""

    s3_url = None

    def __init__(self):
        self._policies = {}

    def check(self):
        pass

    def create_user(self, uid):
        pass

    def set_secret(self, uid, secret):
        pass

    def delete_user(self, uid):
        pass

    def lock_user(self, uid, locked):
        pass

    def create_bucket(self, name, owner, secret, object_lock):
        pass

    def set_quota(self, name, owner, block_gb, block_count):
        pass

    def usage(self, name):
        return 0, 0

    def delete_bucket(self, name):
        self._policies.pop(name, None)

    def purge_bucket(self, name):
        self._policies.pop(name, None)

    def change_owner(self, name, uid):
        pass

    def get_policy(self, name, owner, secret):
        return self._policies.get(name)

    def put_policy(self, name, owner, secret, policy):
        self._policies[name] = policy

    def delete_policy(self, name, owner, secret):
        self._policies.pop(name, None)
