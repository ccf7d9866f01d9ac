"""Plain request/response values passed between the simulator server and a personality.
A Request belongs to one handler thread; a Response or StreamResponse is not changed once
returned."""

import urllib.parse


class Request:
    """One HTTP request as the personality sees it.

    `path` is percent-decoded per segment by the personality as needed; `raw_path` is what the
    client sent before the query. `annotations` is filled by the personality (namespace seen,
    token present, ...) and copied into the request log. `body` is the whole body, or None for
    a request the personality streams (Personality.streams): then `body_stream.read(n)` returns
    the next at most n body bytes (b"" at the end).
    """

    def __init__(self, method, target, headers, body, body_stream=None):
        self.method = method
        split = urllib.parse.urlsplit(target)
        self.raw_path = split.path
        self.query_string = split.query
        self.query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        self.headers = headers
        self.body = body
        self.body_stream = body_stream
        self.annotations = {}

    def arg(self, name, default=None):
        """First value of query parameter `name`, or `default` when absent."""
        values = self.query.get(name)
        return values[0] if values else default

    def header_values(self, name):
        """Every value of header `name` (case-insensitive), in the order received."""
        return self.headers.get_all(name) or []


class Response:
    """Status, headers (list of pairs) and body bytes to send back."""

    def __init__(self, status, body=b"", content_type=None, headers=None):
        self.status = status
        self.body = body
        self.headers = list(headers or [])
        if content_type and body:
            self.headers.append(("Content-Type", content_type))


class StreamResponse:
    """A response whose body is produced while it is sent: `chunks` is an iterable of bytes.
    `length` is the exact body size (sent as Content-Length; for HEAD, the size a GET would
    return), or None for chunked transfer coding. `close()` runs once sending has ended, even
    when it failed; an exception from `chunks` aborts the connection."""

    def __init__(self, status, headers, chunks, length=None, close=None):
        self.status = status
        self.headers = list(headers)
        self.chunks = chunks
        self.length = length
        self.close = close or (lambda: None)
