"""Minimal MinIO admin API client for the simulator's tests and by-hand scripts: SigV4 by
botocore (independent of the simulator's verifier), madmin body encryption, one connection per
call. Stateless apart from its configuration; safe to share between threads."""

import hashlib
import http.client
import json
import ssl
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from minio import madmin_crypto


class AdminResponse:
    def __init__(self, status, headers, body, secret):
        self.status = status
        self.headers = headers
        self.body = body
        self._secret = secret

    def json(self):
        return json.loads(self.body)

    def decrypted(self):
        """The body decrypted with the signing secret, parsed as JSON."""
        return json.loads(madmin_crypto.decrypt(self._secret, self.body))

    def error_code(self):
        return json.loads(self.body).get("Code")


class AdminClient:
    def __init__(self, endpoint, access_key, secret_key, ca_file=None, region="",
                 timeout=60):
        split = urllib.parse.urlsplit(endpoint)
        self.endpoint = endpoint.rstrip("/")
        self.https = split.scheme == "https"
        self.host, self.port = split.hostname, split.port
        self.access_key, self.secret_key = access_key, secret_key
        self.ca_file = ca_file
        self.region = region
        self.timeout = timeout

    def with_keys(self, access_key, secret_key):
        return AdminClient(self.endpoint, access_key, secret_key, self.ca_file, self.region,
                           self.timeout)

    def call(self, method, operation, query=None, body=b"", encrypt=False, content_type=None,
             headers=None, content_sha=True, version="v3", secret_for_signing=None):
        """Sends one signed admin call; a dict body is JSON (encrypted with `encrypt`)."""
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        if encrypt:
            body = madmin_crypto.encrypt(self.secret_key, body)
        query_string = urllib.parse.urlencode(sorted((query or {}).items()),
                                              quote_via=urllib.parse.quote)
        url = "%s/minio/admin/%s/%s%s" % (self.endpoint, version, operation,
                                          "?" + query_string if query_string else "")
        all_headers = dict(headers or {})
        if content_sha:
            all_headers["X-Amz-Content-Sha256"] = hashlib.sha256(body).hexdigest()
        if content_type:
            all_headers["Content-Type"] = content_type
        request = AWSRequest(method=method, url=url, data=body, headers=all_headers)
        SigV4Auth(Credentials(self.access_key, secret_for_signing or self.secret_key), "s3",
                  self.region).add_auth(request)
        prepared = request.prepare()
        return self.send(method, prepared.url, dict(prepared.headers), body)

    def send(self, method, url, headers, body=b""):
        split = urllib.parse.urlsplit(url)
        if self.https:
            conn = http.client.HTTPSConnection(
                self.host, self.port, timeout=self.timeout,
                context=ssl.create_default_context(cafile=self.ca_file))
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, split.path + ("?" + split.query if split.query else ""),
                         body=body, headers=headers)
            response = conn.getresponse()
            return AdminResponse(response.status, response.headers, response.read(),
                                 self.secret_key)
        finally:
            conn.close()

    # --- the calls a provisioner makes ------------------------------------------------------
    def add_user(self, access_key, secret, status="enabled"):
        return self.call("PUT", "add-user", {"accessKey": access_key},
                         {"secretKey": secret, "status": status}, encrypt=True)

    def add_policy(self, name, doc):
        return self.call("PUT", "add-canned-policy", {"name": name}, doc,
                         content_type="application/json")

    def attach(self, user, policies, detach=False):
        return self.call("POST", "idp/builtin/policy/" + ("detach" if detach else "attach"),
                         body={"policies": policies, "user": user}, encrypt=True,
                         content_type="application/octet-stream")

    def set_quota(self, bucket, size):
        doc = {"quota": size, "size": size, "quotatype": "hard"} if size else {}
        return self.call("PUT", "set-bucket-quota", {"bucket": bucket}, doc,
                         content_type="application/json")
