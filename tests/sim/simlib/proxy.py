"""Streaming HTTP pass-through to an upstream server (radosgw behind the MinIO simulator's S3
front): the request line, headers (Host included) and body bytes go upstream unchanged, so the
upstream verifies the client's own signature; bodies move in CHUNK-sized pieces both ways and
are never held whole. Thread-safe: the pool is locked, each forwarded request owns its
connection until its response is closed."""

import http.client
import select
import socket
import threading
import time
import urllib.parse

CHUNK = 256 * 1024
# Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded; the framing is redone per hop.
HOP_BY_HOP = frozenset(("connection", "keep-alive", "proxy-connection", "te", "trailer",
                        "transfer-encoding", "upgrade"))
_IDLE_SECONDS = 15


class UpstreamError(Exception):
    """No HTTP answer from upstream (refused, reset, timed out)."""


class UpstreamPool:
    """Keep-alive connections to one upstream URL; idle ones are dropped after 15 s."""

    def __init__(self, url, timeout=300, size=16):
        split = urllib.parse.urlsplit(url)
        self._https = split.scheme == "https"
        self._host, self._port = split.hostname, split.port
        self._timeout = timeout
        self._size = size
        self._lock = threading.Lock()
        self._idle = []

    def get(self, fresh=False):
        """(connection, whether it was kept alive); `fresh` skips the idle ones."""
        with self._lock:
            while self._idle and not fresh:
                conn, since = self._idle.pop()
                if time.monotonic() - since < _IDLE_SECONDS:
                    return conn, True
                conn.close()
        conn_class = (http.client.HTTPSConnection if self._https
                      else http.client.HTTPConnection)
        return conn_class(self._host, self._port, timeout=self._timeout), False

    def put(self, conn):
        with self._lock:
            if len(self._idle) < self._size:
                self._idle.append((conn, time.monotonic()))
                return
        conn.close()


class Forwarded:
    """The upstream's answer: status, headers without hop-by-hop ones and Content-Length,
    `length` (None when unknown), and the body through chunks()/read_all(). close() must be
    called once; it returns the connection to the pool when the exchange ended cleanly."""

    def __init__(self, pool, conn, response, reusable):
        self.status = response.status
        self.headers = [(k, v) for k, v in response.getheaders()
                        if k.lower() not in HOP_BY_HOP and k.lower() != "content-length"]
        length = response.getheader("Content-Length")
        self.length = int(length) if length and length.isdigit() else None
        self._pool, self._conn, self._response = pool, conn, response
        self._reusable = reusable

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def chunks(self):
        while True:
            data = self._response.read1(CHUNK)
            if not data:
                return
            yield data

    def read_all(self):
        return b"".join(self.chunks())

    def close(self):
        if self._conn is None:
            return
        if self._response.length == 0:
            self._response.read()  # HEAD, 204, or every byte read: marks the response done
        if self._reusable and self._response.isclosed() and not self._response.will_close:
            self._pool.put(self._conn)
        else:
            self._conn.close()
        self._conn = None


def _target(request):
    return request.raw_path + ("?" + request.query_string if request.query_string else "")


def _signed_headers(request):
    auth = request.headers.get("Authorization") or ""
    marker = "SignedHeaders="
    if marker not in auth:
        return set()
    return set(auth.split(marker, 1)[1].split(",")[0].strip().lower().split(";"))


def forward(pool, request, body=None):
    """Sends `request` upstream: `body` bytes when given, else request.body_stream as it
    arrives. An Expect header the client did not sign is dropped (the simulator already
    answered 100 Continue). If upstream answers before the body is through (an early error),
    sending stops there. Returns a Forwarded; raises UpstreamError."""
    retry = body is not None or request.body_stream is None
    for attempt in range(2):
        conn, reused = pool.get()
        try:
            return _exchange(pool, conn, request, body)
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            # A kept-alive connection the upstream closed meanwhile: once more, if the body
            # can be sent again.
            if not (reused and retry and attempt == 0):
                raise UpstreamError(str(exc) or type(exc).__name__) from exc
    raise AssertionError("unreachable")


def _exchange(pool, conn, request, body):
    signed = _signed_headers(request)
    conn.putrequest(request.method, _target(request), skip_host=True,
                    skip_accept_encoding=True)
    streamed = body is None and request.body_stream is not None
    chunked = streamed and request.body_stream.chunked
    expect = False
    for name, value in request.headers.items():
        lower = name.lower()
        if lower in HOP_BY_HOP or (lower == "expect" and lower not in signed):
            continue
        expect = expect or lower == "expect"
        conn.putheader(name, value)
    if chunked:
        conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    if expect:
        _skip_continue(conn.sock)
    complete = True
    if body:
        conn.send(body)
    elif streamed:
        complete = _send_stream(conn, request.body_stream, chunked)
    response = conn.getresponse()
    return Forwarded(pool, conn, response, reusable=complete)


def _send_stream(conn, stream, chunked):
    """Copies the client's body upstream; False when upstream answered (or hung up) first."""
    while True:
        if select.select([conn.sock], [], [], 0)[0]:
            return False
        data = stream.read(CHUNK)
        try:
            if not data:
                if chunked:
                    conn.send(b"0\r\n\r\n")
                return True
            conn.send(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
        except (BrokenPipeError, ConnectionResetError):
            return False


def _skip_continue(sock, wait_seconds=5):
    """Consumes an interim "100 Continue" the upstream sends for a signed Expect header, so
    that only a final response makes the socket readable afterwards."""
    if not select.select([sock], [], [], wait_seconds)[0]:
        return
    head = sock.recv(4096, socket.MSG_PEEK)
    if not head.startswith(b"HTTP/1.1 100") and not head.startswith(b"HTTP/1.0 100"):
        return
    end = head.find(b"\r\n\r\n")
    if end >= 0:
        sock.recv(end + 4)
