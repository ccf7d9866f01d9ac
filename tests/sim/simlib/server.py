"""SimServer: the threaded HTTP(S) server every simulator runs. It applies the fault rules,
records each API request in the RequestLog, serves the /_sim/ control endpoint, and hands
everything else to a Personality, with the body read in full or, when the personality asks,
streamed both ways. Thread-safe; one thread per connection."""

import http.server
import json
import socket
import ssl
import struct
import sys
import threading
import time

from simlib.faults import FaultError
from simlib.http_types import Request, Response, StreamResponse

CONTROL_PREFIX = "/_sim"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ospd-sim"
    sys_version = ""
    timeout = 300
    # Headers and body go out in separate writes; with Nagle on, each response would wait for
    # the client's delayed ACK (~40 ms).
    disable_nagle_algorithm = True

    def do_GET(self):
        self._serve()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    def log_message(self, fmt, *args):
        if self.server.sim.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def _serve(self):
        sim = self.server.sim
        body = _BodyStream(self.rfile, self.headers)
        request = Request(self.command, self.path, self.headers, None)
        path = request.raw_path
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            request.body = body.read_all()
            self._send(sim.control(request))
            return
        streamed = sim.personality.streams(request)
        if streamed:
            request.body_stream = body
        else:
            request.body = body.read_all()
        started = time.time()
        entry = {"time": started, "method": request.method, "path": path,
                 "query": request.query_string}
        entry.update(sim.personality.log_fields(request))
        decision = sim.faults.decide(request.method, path)
        if decision.rule_ids:
            sim.log.count("faults_injected")
        if decision.latency_ms:
            entry["latency_ms"] = decision.latency_ms
            time.sleep(decision.latency_ms / 1000.0)
        if decision.reset:
            entry.update(status=None, fault="reset", duration_ms=_ms_since(started))
            sim.log.record(entry)
            self._reset_connection()
            return
        if decision.fail_status is not None:
            entry["fault"] = "fail"
            response = sim.personality.fault_response(request, decision.fail_status,
                                                      decision.fail_code)
        else:
            try:
                response = sim.personality.handle(request)
            except Exception as exc:  # pylint: disable=broad-except
                sys.stderr.write("simulator: %s %s failed: %r\n" % (request.method, path, exc))
                response = sim.personality.internal_error(request, exc)
        # What the personality left of a streamed body is read first, so the connection stays
        # in step; a client that went away gets nothing.
        delivered = not streamed or self._drain(body)
        entry.update(request.annotations)
        entry.update(status=response.status, duration_ms=_ms_since(started))
        sim.log.record(entry)
        if delivered:
            self._send(response)
        elif isinstance(response, StreamResponse):
            response.close()

    def _drain(self, body):
        """Reads the rest of `body`; False (and the connection closed) when the client went
        away."""
        try:
            body.drain()
            return True
        except (OSError, ValueError):
            self.close_connection = True
            return False

    def _send(self, response):
        if isinstance(response, StreamResponse):
            self._send_stream(response)
            return
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    def _send_stream(self, response):
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            has_body = self.command != "HEAD" and response.status not in (204, 304)
            chunked = response.length is None and has_body
            if response.length is not None:
                self.send_header("Content-Length", str(response.length))
            elif chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            for chunk in response.chunks:
                if not chunk or not has_body:
                    continue
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                else:
                    self.wfile.write(chunk)
                sent += len(chunk)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
            elif has_body and sent != response.length:
                self.close_connection = True
        except Exception as exc:  # pylint: disable=broad-except
            # Headers may be out already: the only honest signal left is closing the connection.
            self.close_connection = True
            if self.server.sim.verbose:
                sys.stderr.write("simulator: streaming %s failed: %r\n" % (self.path, exc))
        finally:
            response.close()

    def _reset_connection(self):
        """Closes the socket with an RST and no response, like a crashed node or a proxy."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            raw = self.connection
            if isinstance(raw, ssl.SSLSocket):
                raw = socket.socket(fileno=raw.detach())
            raw.close()
        except OSError:
            pass


class _BodyStream:
    """One request body as it arrives: Content-Length bytes or the chunked transfer coding,
    never read past its end. Used by one handler thread."""

    def __init__(self, rfile, headers):
        self._rfile = rfile
        self.chunked = "chunked" in (headers.get("Transfer-Encoding") or "").lower()
        self._left = 0 if self.chunked else int(headers.get("Content-Length") or 0)
        self.exhausted = not self.chunked and self._left == 0

    def read(self, size):
        """The next at most `size` bytes; b"" at the end. Raises ConnectionError when the
        client closes the connection before the end."""
        if self.exhausted:
            return b""
        if self.chunked and self._left == 0:
            self._left = int(self._rfile.readline().split(b";")[0].strip() or b"0", 16)
            if self._left == 0:
                while self._rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                self.exhausted = True
                return b""
        data = self._rfile.read(min(size, self._left))
        if not data:
            raise ConnectionError("client closed the connection inside the request body")
        self._left -= len(data)
        if self._left == 0:
            if self.chunked:
                self._rfile.readline()
            else:
                self.exhausted = True
        return data

    def read_all(self):
        parts = []
        while True:
            chunk = self.read(1 << 20)
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)

    def drain(self):
        while self.read(1 << 20):
            pass


def _ms_since(started):
    return round((time.time() - started) * 1000.0, 1)


class _HttpServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, sim, tls_context):
        self.sim = sim
        self._tls_context = tls_context
        super().__init__(address, _Handler)

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, on the connection's own thread, so one slow or failing
        # client never stalls the accept loop.
        if self._tls_context is not None:
            try:
                request = self._tls_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                if self.sim.verbose:
                    sys.stderr.write("simulator: TLS handshake failed: %s\n" % exc)
                return
            try:
                super().finish_request(request, client_address)
            finally:
                request.close()
            return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        if self.sim.verbose:
            super().handle_error(request, client_address)


class SimServer:
    """Owns the listening socket, the log, the fault rules and the clock of one simulator."""

    def __init__(self, personality, log, faults, clock, host="127.0.0.1", port=0,
                 cert_file=None, key_file=None, verbose=False):
        self.personality = personality
        self.log = log
        self.faults = faults
        self.clock = clock
        self.verbose = verbose
        self.info = {}
        context = None
        if cert_file:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert_file, key_file)
        self._httpd = _HttpServer((host, port), self, context)
        scheme = "https" if context else "http"
        host_name, bound_port = self._httpd.server_address[:2]
        self.base_url = "%s://%s:%d" % (scheme, host_name, bound_port)
        self._thread = None
        self._routes = {
            ("GET", CONTROL_PREFIX): self._index,
            ("GET", CONTROL_PREFIX + "/info"): lambda _r: (200, self.info),
            ("GET", CONTROL_PREFIX + "/log"): self._get_log,
            ("DELETE", CONTROL_PREFIX + "/log"): self._reset_log,
            ("GET", CONTROL_PREFIX + "/counters"): self._counters,
            ("GET", CONTROL_PREFIX + "/faults"): lambda _r: (200, {"rules": faults.describe()}),
            ("POST", CONTROL_PREFIX + "/faults"): self._add_fault,
            ("DELETE", CONTROL_PREFIX + "/faults"): self._clear_faults,
            ("GET", CONTROL_PREFIX + "/clock"): self._get_clock,
            ("POST", CONTROL_PREFIX + "/clock"): self._advance_clock,
        }
        for key, fn in personality.control_routes().items():
            self._routes[key] = lambda request, fn=fn: fn(_json_body(request))

    def start(self):
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sim-accept",
                                        daemon=True)
        self._thread.start()

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def control(self, request):
        """Answers a /_sim/... request with JSON; never logged, never faulted."""
        path = request.raw_path.rstrip("/") or CONTROL_PREFIX
        fn = self._routes.get((request.method, path))
        if fn is None and request.method == "DELETE" and path.startswith(
                CONTROL_PREFIX + "/faults/"):
            fn = self._remove_fault
        if fn is None:
            status, doc = 404, {"error": "no control endpoint %s %s" % (request.method, path)}
        else:
            try:
                status, doc = fn(request)
            except (ValueError, FaultError) as exc:
                status, doc = 400, {"error": str(exc)}
        return Response(status, (json.dumps(doc, indent=1) + "\n").encode(), "application/json")

    def _index(self, _request):
        return 200, {"endpoints": sorted("%s %s" % key for key in self._routes) +
                     ["DELETE %s/faults/{id}" % CONTROL_PREFIX]}

    def _get_log(self, request):
        since = int(request.arg("since", "0"))
        entries = self.log.entries(since)
        return 200, {"entries": entries, "last_seq": entries[-1]["seq"] if entries else since}

    def _reset_log(self, _request):
        self.log.reset()
        return 200, {"reset": True}

    def _counters(self, _request):
        counters = self.log.counters()
        counters.update(self.personality.counters())
        return 200, counters

    def _add_fault(self, request):
        return 200, self.faults.add(_json_body(request))

    def _clear_faults(self, _request):
        self.faults.clear()
        return 200, {"rules": []}

    def _remove_fault(self, request):
        rule_id = int(request.raw_path.rstrip("/").rsplit("/", 1)[1])
        if not self.faults.remove(rule_id):
            return 404, {"error": "no fault rule %d" % rule_id}
        return 200, {"removed": rule_id}

    def _get_clock(self, _request):
        return 200, {"now": self.clock.now(), "offset_seconds": self.clock.offset()}

    def _advance_clock(self, request):
        seconds = float(_json_body(request).get("advance_seconds", 0))
        self.clock.advance(seconds)
        self.personality.tick()
        return self._get_clock(request)


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
