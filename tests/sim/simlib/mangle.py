"""How the truncate and garbage faults change an answer the personality produced: cut short
after a promise of the whole length, or replaced by a malformed 200 of the same content type.
Stateless; safe from any thread."""

from simlib.http_types import Response, StreamResponse

class Truncated(Response):
    """An answer cut short: `promised` bytes announced, `body` (fewer) sent."""

    def __init__(self, status, headers, body, promised):
        super().__init__(status, body, headers=headers)
        self.promised = promised


_GARBAGE_XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<Garbage><Unclosed>not xml &'
_GARBAGE_JSON = b'{"garbage": [1, 2, "unterminated'
_GARBAGE_BYTES = b"\x00\xffgarbage\xfe"


def _content_type(headers):
    return next((v for k, v in headers if k.lower() == "content-type"), "")


def mangle(response, decision, head):
    """The answer a truncate or garbage fault sends instead of `response` (which the
    personality produced, so the backend acted on the request)."""
    headers = [(k, v) for k, v in response.headers if k.lower() != "content-length"]
    if isinstance(response, StreamResponse):
        try:
            body = b"" if head else b"".join(response.chunks)
        finally:
            response.close()
    else:
        body = response.body
    if decision.truncate:
        return Truncated(response.status, headers, body[:len(body) // 2], max(len(body), 1))
    content_type = _content_type(headers)
    if isinstance(decision.garbage, str):
        garbage = decision.garbage.encode()
    elif "json" in content_type:
        garbage = _GARBAGE_JSON
    elif "xml" in content_type or not content_type:
        garbage = _GARBAGE_XML
    else:
        garbage = _GARBAGE_BYTES
    if not content_type:
        headers.append(("Content-Type", "application/xml"))
    return Response(200, garbage, headers=headers)

