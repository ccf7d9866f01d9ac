"""The interface a simulator personality (ECS, MinIO admin) implements for SimServer.
Implementations must be thread-safe: handle() runs concurrently on many server threads."""


class Personality:
    """Base class with neutral defaults; override what the API needs."""

    name = "sim"

    def handle(self, request):
        """Answers one API request (simlib.http_types.Request) with a Response. Must not raise
        for client errors; an exception becomes internal_error()."""
        raise NotImplementedError

    def streams(self, request):
        """True when handle() reads the body itself from request.body_stream (request.body is
        then None) instead of getting it read in full first; decided from method, path, query
        and headers. handle() may then return a StreamResponse."""
        return False

    def fault_response(self, request, status, code):
        """The error the real server would send with `status` (and API error `code`, may be
        None) when a fail fault hits `request`."""
        raise NotImplementedError

    def internal_error(self, request, exc):
        """The response for an unexpected exception while handling `request`."""
        return self.fault_response(request, 500, None)

    def log_fields(self, request):
        """Fields for the request-log entry, read before handling (e.g. namespace, token)."""
        return {}

    def control_routes(self):
        """Extra control endpoints: {(METHOD, "/_sim/..."): fn(json_body) -> (status, doc)}."""
        return {}

    def counters(self):
        """Gauges to merge into GET /_sim/counters (e.g. active tokens)."""
        return {}

    def ready_info(self, base_url):
        """Fields to add to the ready line (e.g. the S3 endpoint)."""
        return {}

    def tick(self):
        """Called about once a second and after every clock advance (expiry sweeps)."""

    def close(self):
        """Releases resources at shutdown."""
