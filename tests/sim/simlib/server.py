"""SimServer: the threaded HTTP(S) server every simulator runs. It applies the fault rules,
records each API request in the RequestLog, serves the /_sim/ control endpoint, and hands
everything else to a Personality, with the body read in full or, when the personality asks,
streamed both ways. Its TLS certificate can be switched while it runs. Thread-safe; one thread
per connection."""

import http.server
import socket
import ssl
import struct
import sys
import threading
import time

from simlib.control import CONTROL_PREFIX, Control, server_context
from simlib.http_types import Request, StreamResponse
from simlib.mangle import Truncated, mangle


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ospd-sim"
    sys_version = ""
    timeout = 300
    # Headers and body go out in separate writes; with Nagle on, each response would wait for
    # the client's delayed ACK (~40 ms).
    disable_nagle_algorithm = True

    def do_GET(self):
        self.server.connection_busy(self.request, True)
        try:
            self._serve()
        finally:
            # A connection made with a certificate switched away since is not reused.
            if not self.server.connection_busy(self.request, False):
                self.close_connection = True

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
        try:
            self._handle(request, body, streamed, decision, entry, started)
        finally:
            if decision.hold is not None:
                sim.faults.finished(decision.hold)

    def _handle(self, request, body, streamed, decision, entry, started):
        """Applies the decision's hold, reset or fail, else lets the personality answer (and
        spoils the answer for truncate and garbage); records the call and sends the answer."""
        sim = self.server.sim
        path = request.raw_path
        hold = decision.hold
        if hold is not None:
            entry["fault"] = "hold"
            if hold.stage == "before" and sim.faults.wait_released(hold) == "reset":
                self._record_reset(entry, started, "hold")
                return
        if decision.reset:
            self._record_reset(entry, started, "reset")
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
        if hold is not None and hold.stage == "after" and \
                sim.faults.wait_released(hold) == "reset":
            if isinstance(response, StreamResponse):
                response.close()
            entry["handled_status"] = response.status
            self._record_reset(entry, started, "hold")
            return
        if decision.truncate or decision.garbage is not None:
            entry["fault"] = "truncate" if decision.truncate else "garbage"
            entry["handled_status"] = response.status
            response = mangle(response, decision, self.command == "HEAD")
        entry.update(status=response.status, duration_ms=_ms_since(started))
        sim.log.record(entry)
        if delivered:
            self._send(response)
        elif isinstance(response, StreamResponse):
            response.close()

    def _record_reset(self, entry, started, fault):
        entry.update(status=None, fault=fault, duration_ms=_ms_since(started))
        self.server.sim.log.record(entry)
        self._reset_connection()

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
        if isinstance(response, Truncated):
            # Promise the whole body, send a part, hang up: a proxy or node dying mid-answer.
            self.send_header("Content-Length", str(response.promised))
            self.end_headers()
            if self.command != "HEAD" and response.body:
                self.wfile.write(response.body)
            self.wfile.flush()
            self.close_connection = True
            return
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


class _Connection:
    def __init__(self, generation):
        self.generation = generation
        self.busy = False


class _HttpServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, sim, tls_context):
        self.sim = sim
        self._tls_context = tls_context
        self._conn_lock = threading.Lock()
        self._connections = {}
        self.tls_generation = 0
        super().__init__(address, _Handler)

    @property
    def tls(self):
        return self._tls_context is not None

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, on the connection's own thread, so one slow or failing
        # client never stalls the accept loop.
        with self._conn_lock:
            context, generation = self._tls_context, self.tls_generation
        if context is not None:
            try:
                request = context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                if self.sim.verbose:
                    sys.stderr.write("simulator: TLS handshake failed: %s\n" % exc)
                return
        with self._conn_lock:
            self._connections[request] = _Connection(generation)
        try:
            super().finish_request(request, client_address)
        finally:
            with self._conn_lock:
                self._connections.pop(request, None)
            if context is not None:
                request.close()

    def connection_busy(self, sock, busy):
        """Marks a connection as serving a request or idle; False when it was made with a
        certificate that has been switched away since."""
        with self._conn_lock:
            connection = self._connections.get(sock)
            if connection is None:
                return True
            connection.busy = busy
            return connection.generation == self.tls_generation

    def switch_tls(self, context):
        """New connections get `context`; idle kept-alive ones are shut down now (as a server
        restarted with a new certificate would), busy ones after their answer. Returns the new
        generation number."""
        with self._conn_lock:
            self._tls_context = context
            self.tls_generation += 1
            idle = [sock for sock, c in self._connections.items() if not c.busy]
            generation = self.tls_generation
        for sock in idle:
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass
        return generation

    def handle_error(self, request, client_address):
        if self.sim.verbose:
            super().handle_error(request, client_address)


class SimServer:
    """Owns the listening socket, the log, the fault rules and the clock of one simulator."""

    def __init__(self, personality, log, faults, clock, host="127.0.0.1", port=0,
                 cert_file=None, key_file=None, verbose=False, tls_dir=None):
        """tls_dir: where certificates made by POST /_sim/tls go; when it holds ca.pem and
        ca.key (the simulator made its own CA there), "issuer":"same" can sign with them."""
        self.personality = personality
        self.log = log
        self.faults = faults
        self.clock = clock
        self.verbose = verbose
        self.info = {}
        context = None
        if cert_file:
            context = server_context(cert_file, key_file)
        self._httpd = _HttpServer((host, port), self, context)
        self._control = Control(self, self._httpd, cert_file, tls_dir)
        scheme = "https" if context else "http"
        host_name, bound_port = self._httpd.server_address[:2]
        self.base_url = "%s://%s:%d" % (scheme, host_name, bound_port)
        self._thread = None
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
        return self._control.answer(request)
