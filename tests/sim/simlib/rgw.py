"""Client for the local radosgw that backs the simulators' S3 side: Admin Ops REST calls
(SigV4-signed with botocore) and boto3 S3 clients per access key, made from one boto3 session
and the most recently used ones kept. Thread-safe: clients are made and cached under a lock,
and each admin call has a kept-alive connection of the pool to itself."""

import collections
import contextlib
import hashlib
import http.client
import json
import secrets
import threading
import urllib.parse

import boto3
import botocore.config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from simlib.proxy import UpstreamPool

_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_REGION = "us-east-1"
# S3 clients kept for reuse. A simulator acts as every user it creates and as each of their
# rotated keys, so a long load run meets thousands of key pairs; each kept client holds ~0.7 MiB.
DEFAULT_CLIENT_CACHE = 64


class RgwError(Exception):
    """radosgw refused or failed a call; `code` is its error code (e.g. BucketNotEmpty), or
    "Unreachable" when no HTTP answer came back."""

    def __init__(self, status, code, what):
        super().__init__("radosgw %s: %s %s" % (what, status, code))
        self.status = status
        self.code = code


def load_env(path):
    """Reads the KEY=VALUE file written by tests/sim/s3-server.sh into a dict."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                name, value = line.split("=", 1)
                values[name.strip()] = value.strip().strip('"').strip("'")
    return values


class RgwClient:
    """Admin Ops and S3 access to one radosgw with an admin key (caps users=*;buckets=*)."""

    def __init__(self, endpoint, access_key, secret_key, timeout=30,
                 client_cache=DEFAULT_CLIENT_CACHE):
        """client_cache: how many S3 clients (one per key pair) are kept, least recently used
        dropped first."""
        self.endpoint = endpoint.rstrip("/")
        # A connection per call costs a connect, a close and the GIL hand-offs of each under
        # load: admin calls keep theirs alive.
        self._pool = UpstreamPool(self.endpoint, timeout)
        self._admin_key = (access_key, secret_key)
        self._timeout = timeout
        self._lock = threading.Lock()
        # One session for every client: a session of its own per client loads the S3 service
        # model again (~8 MiB each). Used under _lock (boto3 sessions are not thread-safe).
        self._session = boto3.session.Session()
        self._client_cache = client_cache
        self._clients = collections.OrderedDict()

    def admin(self, method, path, params, ok=(200,)):
        """Calls /admin/<path> with `params` in the query string. Returns the parsed JSON body
        (None when empty). Raises RgwError unless the status is in `ok`."""
        query = urllib.parse.urlencode(sorted(params.items()), quote_via=urllib.parse.quote)
        url = "%s/admin/%s?%s" % (self.endpoint, path, query)
        request = AWSRequest(method=method, url=url, data=b"",
                             headers={"x-amz-content-sha256": _EMPTY_SHA256})
        SigV4Auth(Credentials(*self._admin_key), "s3", _REGION).add_auth(request)
        prepared = request.prepare()
        target = urllib.parse.urlsplit(prepared.url)
        status, body = self._exchange(method, "%s?%s" % (target.path, target.query),
                                      dict(prepared.headers), "%s /admin/%s" % (method, path))
        doc = None
        if body:
            try:
                doc = json.loads(body)
            except ValueError:
                doc = None
        if status not in ok:
            code = doc.get("Code") if isinstance(doc, dict) else None
            raise RgwError(status, code, "%s /admin/%s" % (method, path))
        return doc

    def _exchange(self, method, target, headers, what):
        """(status, body) of one request on a pooled connection; a kept-alive one that radosgw
        closed meanwhile is replaced once, by a new connection (the other idle ones may be as
        stale). Raises RgwError (Unreachable)."""
        for attempt in range(2):
            conn, reused = self._pool.get(fresh=attempt > 0)
            try:
                conn.request(method, target, body=b"", headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                if reused and attempt == 0:
                    continue
                raise RgwError(None, "Unreachable", what) from exc
            if response.will_close:
                conn.close()
            else:
                self._pool.put(conn)
            return response.status, body
        raise AssertionError("unreachable")

    def remove_key(self, uid, access_key):
        """Deletes one S3 key of `uid`; a key or user that does not exist is fine."""
        try:
            self.admin("DELETE", "user", {"key": "", "uid": uid, "access-key": access_key},
                       ok=(200, 404))
        except RgwError as exc:
            # radosgw answers 403 InvalidAccessKeyId for a key it does not know.
            if exc.code != "InvalidAccessKeyId":
                raise

    def s3(self, access_key, secret_key):
        """A cached boto3 S3 client (path-style, SigV4) for one key pair. A client dropped from
        the cache is not closed: another thread may still be using it."""
        key = (access_key, secret_key)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._new_client(access_key, secret_key)
                self._clients[key] = client
                while len(self._clients) > self._client_cache:
                    self._clients.popitem(last=False)
            else:
                self._clients.move_to_end(key)
            return client

    def _new_client(self, access_key, secret_key):
        config = botocore.config.Config(s3={"addressing_style": "path"},
                                        retries={"max_attempts": 1},
                                        connect_timeout=5, read_timeout=self._timeout)
        return self._session.client("s3", endpoint_url=self.endpoint, region_name=_REGION,
                                    aws_access_key_id=access_key,
                                    aws_secret_access_key=secret_key, config=config)

    def admin_s3(self):
        """S3 client with the admin key (owns buckets created without an owner)."""
        return self.s3(*self._admin_key)

    @contextlib.contextmanager
    def user_s3(self, uid, secret):
        """S3 client acting as `uid`: with `secret` (access key = uid) when given, else through
        a temporary extra key that is removed afterwards."""
        if secret is not None:
            yield self.s3(uid, secret)
            return
        temp_access = "simtmp" + secrets.token_hex(7)
        temp_secret = secrets.token_urlsafe(30)
        self.admin("PUT", "user", {"key": "", "uid": uid, "key-type": "s3",
                                   "access-key": temp_access, "secret-key": temp_secret})
        with self._lock:
            client = self._new_client(temp_access, temp_secret)
        try:
            yield client
        finally:
            self.remove_key(uid, temp_access)
            client.close()
