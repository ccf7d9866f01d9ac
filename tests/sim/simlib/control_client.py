"""Tiny client for a simulator's /_sim/ control endpoint (tests and scripts). Each call opens
its own connection, so one instance may be shared between threads."""

import http.client
import json
import ssl
import urllib.parse


class ControlClient:
    def __init__(self, control_url, ca_file=None, timeout=90):
        split = urllib.parse.urlsplit(control_url)
        self._https = split.scheme == "https"
        self._host, self._port, self._prefix = split.hostname, split.port, split.path
        self._context = ssl.create_default_context(cafile=ca_file) if self._https else None
        self._timeout = timeout

    def call(self, method, path, doc=None):
        """Sends `doc` as JSON to <control_url><path>; returns the parsed answer. Raises
        RuntimeError on a non-200 status."""
        if self._https:
            conn = http.client.HTTPSConnection(self._host, self._port, timeout=self._timeout,
                                               context=self._context)
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        try:
            body = json.dumps(doc).encode() if doc is not None else None
            conn.request(method, self._prefix + path, body=body,
                         headers={"Content-Type": "application/json"} if body else {})
            response = conn.getresponse()
            answer = json.loads(response.read() or b"{}")
        finally:
            conn.close()
        if response.status != 200:
            raise RuntimeError("%s %s -> %d %s" % (method, path, response.status, answer))
        return answer

    def add_fault(self, **rule):
        return self.call("POST", "/faults", rule)

    def clear_faults(self):
        return self.call("DELETE", "/faults")

    def log(self, since=0):
        return self.call("GET", "/log?since=%d" % since)["entries"]

    def reset_log(self):
        return self.call("DELETE", "/log")

    def counters(self):
        return self.call("GET", "/counters")

    def advance_clock(self, seconds):
        return self.call("POST", "/clock", {"advance_seconds": seconds})

    def wait_held(self, rule_id, timeout_s=30):
        """Returns hold rule `rule_id` once it caught a call; RuntimeError (408) if no call
        came within timeout_s."""
        return self.call("GET", "/faults/%d?wait_held=%s" % (rule_id, timeout_s))

    def release(self, rule_id, then="proceed", wait_s=30):
        """Lets the calls a hold rule caught go on ("proceed") or resets them ("reset"), and
        returns once they are through (at most wait_s later)."""
        return self.call("POST", "/faults/%d/release" % rule_id,
                         {"then": then, "wait_s": wait_s})

    def switch_tls(self, **doc):
        """Serves a new certificate: issuer="same" or "other", or cert_file/key_file. This
        client trusts the new certificate's CA from then on too, so that it can switch back."""
        answer = self.call("POST", "/tls", doc)
        if self._context is not None and answer.get("ca_file"):
            self._context.load_verify_locations(answer["ca_file"])
        return answer
