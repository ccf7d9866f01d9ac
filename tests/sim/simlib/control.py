"""The /_sim/ control endpoint of a simulator: request log, counters, fault rules (and the
calls hold rules caught), the clock, certificate switches, and the personality's own routes.
Answers JSON; thread-safe (each piece it drives has its own lock)."""

import json
import os
import re
import ssl
import tempfile

from simlib import tls
from simlib.faults import FaultError
from simlib.http_types import Response

CONTROL_PREFIX = "/_sim"


class Control:
    """Routes /_sim/ requests for one SimServer (`sim`) listening on `http_server`."""

    def __init__(self, sim, http_server, cert_file, tls_dir):
        """tls_dir: where certificates made by POST /_sim/tls go; when it holds ca.pem and
        ca.key (the simulator made its own CA there), "issuer":"same" can sign with them."""
        self._sim = sim
        self._server = http_server
        self._tls_dir = tls_dir
        self._tls_current = {"generation": 0, "issuer": "initial", "cert_file": cert_file}
        faults = sim.faults
        self._routes = {
            ("GET", CONTROL_PREFIX): self._index,
            ("GET", CONTROL_PREFIX + "/info"): lambda _r: (200, sim.info),
            ("GET", CONTROL_PREFIX + "/log"): self._get_log,
            ("DELETE", CONTROL_PREFIX + "/log"): self._reset_log,
            ("GET", CONTROL_PREFIX + "/counters"): self._counters,
            ("GET", CONTROL_PREFIX + "/faults"): lambda _r: (200, {"rules": faults.describe()}),
            ("POST", CONTROL_PREFIX + "/faults"): self._add_fault,
            ("DELETE", CONTROL_PREFIX + "/faults"): self._clear_faults,
            ("GET", CONTROL_PREFIX + "/clock"): self._get_clock,
            ("POST", CONTROL_PREFIX + "/clock"): self._advance_clock,
            ("GET", CONTROL_PREFIX + "/tls"): lambda _r: (200, dict(self._tls_current)),
            ("POST", CONTROL_PREFIX + "/tls"): self._switch_tls,
        }
        for key, fn in sim.personality.control_routes().items():
            self._routes[key] = lambda request, fn=fn: fn(_json_body(request))

    def answer(self, request):
        """Answers a /_sim/... request with JSON; never logged, never faulted."""
        path = request.raw_path.rstrip("/") or CONTROL_PREFIX
        fn = self._routes.get((request.method, path))
        if fn is None:
            fn = self._rule_route(request.method, path)
        if fn is None:
            status, doc = 404, {"error": "no control endpoint %s %s" % (request.method, path)}
        else:
            try:
                status, doc = fn(request)
            except (ValueError, FaultError) as exc:
                status, doc = 400, {"error": str(exc)}
        return Response(status, (json.dumps(doc, indent=1) + "\n").encode(), "application/json")

    def _rule_route(self, method, path):
        """The handler of /_sim/faults/{id}[/release], or None."""
        match = _RULE_PATH.match(path)
        if match is None:
            return None
        routes = {("DELETE", None): self._remove_fault, ("GET", None): self._get_fault,
                  ("POST", "/release"): self._release_fault}
        return routes.get((method, match.group(2)))

    def _index(self, _request):
        return 200, {"endpoints": sorted("%s %s" % key for key in self._routes) +
                     ["DELETE %s/faults/{id}" % CONTROL_PREFIX,
                      "GET %s/faults/{id}[?wait_held=SECONDS]" % CONTROL_PREFIX,
                      "POST %s/faults/{id}/release" % CONTROL_PREFIX]}

    def _get_log(self, request):
        since = int(request.arg("since", "0"))
        entries = self._sim.log.entries(since)
        return 200, {"entries": entries, "last_seq": entries[-1]["seq"] if entries else since}

    def _reset_log(self, _request):
        self._sim.log.reset()
        return 200, {"reset": True}

    def _counters(self, _request):
        counters = self._sim.log.counters()
        counters.update(self._sim.personality.counters())
        return 200, counters

    def _add_fault(self, request):
        return 200, self._sim.faults.add(_json_body(request))

    def _clear_faults(self, _request):
        self._sim.faults.clear()
        return 200, {"rules": []}

    def _remove_fault(self, request):
        rule_id = _rule_id(request)
        if not self._sim.faults.remove(rule_id):
            return 404, {"error": "no fault rule %d" % rule_id}
        return 200, {"removed": rule_id}

    def _get_fault(self, request):
        """A rule; with ?wait_held=S (at most 60) first waits until a hold rule caught a call,
        answering 408 when none came in time."""
        rule_id = _rule_id(request)
        wait = request.arg("wait_held")
        if wait is None:
            found = self._sim.faults.find(rule_id)
            return (200, found) if found else (404, {"error": "no fault rule %d" % rule_id})
        held = self._sim.faults.wait_held(rule_id, min(float(wait), _MAX_CONTROL_WAIT_S))
        if held is None:
            return 408, {"error": "hold rule %d caught no call within %s s" % (rule_id, wait)}
        return 200, held

    def _release_fault(self, request):
        """{"then": "proceed" | "reset", "wait_s": S}: with wait_s (at most 60), answers once
        the released calls are through."""
        doc = _json_body(request)
        wait_s = min(float(doc.get("wait_s", 0)), _MAX_CONTROL_WAIT_S)
        return 200, self._sim.faults.release(_rule_id(request), doc.get("then", "proceed"),
                                             wait_s)

    def _switch_tls(self, request):
        """Serves a new certificate from now on: {"issuer":"same"} (signed by the simulator's
        own CA), {"issuer":"other"} (from a new CA), or {"cert_file","key_file"[,"ca_file"]}."""
        if not self._server.tls:
            raise ValueError("this simulator serves plain HTTP: no certificate to switch")
        doc = _json_body(request)
        if "cert_file" in doc:
            issuer, ca_file = "given", doc.get("ca_file")
            cert_file, key_file = doc["cert_file"], doc.get("key_file")
            if not key_file:
                raise ValueError("key_file goes with cert_file")
        else:
            issuer = doc.get("issuer", "same")
            ca_file, cert_file, key_file = self._make_certificate(issuer)
        try:
            context = server_context(cert_file, key_file)
        except (OSError, ssl.SSLError) as exc:
            raise ValueError("cannot load %s: %s" % (cert_file, exc)) from exc
        generation = self._server.switch_tls(context)
        self._tls_current = {"generation": generation, "issuer": issuer, "cert_file": cert_file,
                             "ca_file": ca_file}
        return 200, dict(self._tls_current)

    def _make_certificate(self, issuer):
        if self._tls_dir is None:
            raise ValueError("no directory for new certificates: give cert_file and key_file")
        directory = tempfile.mkdtemp(prefix="switch-", dir=self._tls_dir)
        if issuer == "other":
            return tls.make_certificate(directory)
        if issuer != "same":
            raise ValueError('issuer must be "same" or "other"')
        ca_file = os.path.join(self._tls_dir, "ca.pem")
        ca_key = os.path.join(self._tls_dir, "ca.key")
        if not os.path.exists(ca_key):
            raise ValueError('the simulator runs with a given certificate: no CA of its own '
                             'for "issuer":"same"')
        cert_file, key_file = tls.make_leaf(directory, ca_file, ca_key)
        return ca_file, cert_file, key_file

    def _get_clock(self, _request):
        return 200, {"now": self._sim.clock.now(), "offset_seconds": self._sim.clock.offset()}

    def _advance_clock(self, request):
        seconds = float(_json_body(request).get("advance_seconds", 0))
        self._sim.clock.advance(seconds)
        self._sim.personality.tick()
        return self._get_clock(request)


_RULE_PATH = re.compile("^" + re.escape(CONTROL_PREFIX) + r"/faults/(\d+)(/release)?$")
# Longest a control call waits for something to happen (a held call).
_MAX_CONTROL_WAIT_S = 60


def _rule_id(request):
    return int(_RULE_PATH.match(request.raw_path.rstrip("/")).group(1))


def server_context(cert_file, key_file):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def _json_body(request):
    if not request.body:
        return {}
    try:
        doc = json.loads(request.body)
    except ValueError as exc:
        raise ValueError("control body is not JSON: %s" % exc) from exc
    if not isinstance(doc, dict):
        raise ValueError("control body must be a JSON object")
    return doc
