"""Minimal ECS management API client for the simulator's tests (and by-hand scripts): one
connection per call, explicit Accept and Content-Type, the token passed in by the caller.
Stateless apart from its configuration; safe to share between threads."""

import base64
import http.client
import json
import ssl
import urllib.parse
import xml.etree.ElementTree as ET


class EcsResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def content_type(self):
        return (self.headers.get("Content-Type") or "").split(";")[0]

    def json(self):
        return json.loads(self.body)

    def xml(self):
        return ET.fromstring(self.body)

    def error_code(self):
        """The ECS error code of an error document in either format."""
        if self.content_type == "application/json":
            return int(self.json()["code"])
        return int(self.xml().findtext("code"))


class EcsTestClient:
    def __init__(self, mgmt_url, ca_file=None, user="root", password="ChangeMe", timeout=30):
        split = urllib.parse.urlsplit(mgmt_url)
        self.https = split.scheme == "https"
        self.host, self.port = split.hostname, split.port
        self.ca_file = ca_file
        self.user, self.password = user, password
        self.timeout = timeout

    def _connection(self, timeout, context):
        if self.https:
            if context is None:
                context = ssl.create_default_context(cafile=self.ca_file)
            return http.client.HTTPSConnection(self.host, self.port, timeout=timeout,
                                               context=context)
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def call(self, method, path, body=None, token=None, accept="application/json",
             content_type=None, headers=None, timeout=None, context=None):
        """Sends one request. A dict `body` goes as JSON; str/bytes as given."""
        all_headers = dict(headers or {})
        if accept:
            all_headers["Accept"] = accept
        if token:
            all_headers["X-SDS-AUTH-TOKEN"] = token
        data = None
        if isinstance(body, dict):
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = content_type or "application/json"
        elif body is not None:
            data = body.encode() if isinstance(body, str) else body
            if content_type:
                all_headers["Content-Type"] = content_type
        conn = self._connection(timeout or self.timeout, context)
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            return EcsResponse(response.status, response.headers, response.read())
        finally:
            conn.close()

    def login_response(self, user=None, password=None, accept="application/xml"):
        credentials = "%s:%s" % (user or self.user, password or self.password)
        auth = "Basic " + base64.b64encode(credentials.encode()).decode()
        return self.call("GET", "/login", headers={"Authorization": auth}, accept=accept)

    def login(self, user=None, password=None):
        """A fresh token; raises AssertionError when the login is refused."""
        response = self.login_response(user, password)
        if response.status != 200:
            raise AssertionError("login failed: %d %s" % (response.status, response.body))
        return response.headers["X-SDS-AUTH-TOKEN"]
