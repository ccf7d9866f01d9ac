"""Server-side AWS Signature V4 verification (header and presigned-URL forms) as S3 servers do
it: the canonical request is rebuilt from the request as received, the path is not normalised,
the payload hash is the X-Amz-Content-Sha256 header as sent. Stateless; thread-safe."""

import calendar
import hashlib
import hmac
import re
import time
import urllib.parse

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
MAX_SKEW_SECONDS = 15 * 60
_AUTH_RE = re.compile(r"^AWS4-HMAC-SHA256\s+(.*)$", re.S)


class SigV4Error(Exception):
    """A request that fails authentication: `code` is the S3 error code, `status` the HTTP
    status S3 servers answer with."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code


class Credential:
    """What a request claims: access key, scope parts, signed headers and the signature."""

    def __init__(self, access_key, date, region, service, signed_headers, signature,
                 presigned=False, expires=None):
        self.access_key = access_key
        self.date = date
        self.region = region
        self.service = service
        self.signed_headers = signed_headers
        self.signature = signature
        self.presigned = presigned
        self.expires = expires

    @property
    def scope(self):
        return "%s/%s/%s/aws4_request" % (self.date, self.region, self.service)


def _split_scope(text):
    parts = text.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise SigV4Error(400, "AuthorizationHeaderMalformed",
                         "the credential scope is not <key>/<date>/<region>/<service>/"
                         "aws4_request")
    return parts[:4]


def _query_pairs(raw_query):
    """(name, value) pairs as a Go url.Values parse yields them ('+' is a space)."""
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((urllib.parse.unquote_plus(name), urllib.parse.unquote_plus(value)))
    return pairs


def parse(headers, raw_query):
    """The Credential of a signed request, or None for an anonymous one. Raises SigV4Error for a
    malformed Authorization header or presigned query."""
    header = headers.get("Authorization")
    if header is not None:
        match = _AUTH_RE.match(header.strip())
        if not match:
            raise SigV4Error(400, "AuthorizationHeaderMalformed",
                             "the authorization header is not AWS4-HMAC-SHA256")
        fields = {}
        for item in match.group(1).split(","):
            name, _, value = item.strip().partition("=")
            fields[name] = value
        if not all(fields.get(k) for k in ("Credential", "SignedHeaders", "Signature")):
            raise SigV4Error(400, "AuthorizationHeaderMalformed",
                             "the authorization header lacks Credential, SignedHeaders or "
                             "Signature")
        access_key, date, region, service = _split_scope(fields["Credential"])
        return Credential(access_key, date, region, service,
                          fields["SignedHeaders"].split(";"), fields["Signature"])
    query = dict(_query_pairs(raw_query))
    if "X-Amz-Signature" not in query and "X-Amz-Credential" not in query:
        return None
    if query.get("X-Amz-Algorithm") != ALGORITHM or not all(
            query.get(k) for k in ("X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders",
                                   "X-Amz-Signature")):
        raise SigV4Error(400, "AuthorizationQueryParametersError",
                         "presigned query parameters are missing or malformed")
    access_key, date, region, service = _split_scope(query["X-Amz-Credential"])
    try:
        expires = int(query.get("X-Amz-Expires", "604800"))
    except ValueError as exc:
        raise SigV4Error(400, "AuthorizationQueryParametersError",
                         "X-Amz-Expires is not a number") from exc
    return Credential(access_key, date, region, service,
                      query["X-Amz-SignedHeaders"].split(";"), query["X-Amz-Signature"],
                      presigned=True, expires=expires)


def canonical_request(method, raw_path, raw_query, headers, signed_headers, payload_hash,
                      drop_signature=False):
    """The SigV4 canonical request of a received request (S3 rules: path not normalised)."""
    path = urllib.parse.quote(urllib.parse.unquote(raw_path or "/"), safe="/")
    pairs = sorted((urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                   for k, v in _query_pairs(raw_query)
                   if not (drop_signature and k == "X-Amz-Signature"))
    query = "&".join("%s=%s" % pair for pair in pairs)
    lines = []
    for name in signed_headers:
        values = headers.get_all(name) or []
        lines.append("%s:%s" % (name, ",".join(" ".join(v.split()) for v in values)))
    return "\n".join([method, path, query, "\n".join(lines) + "\n", ";".join(signed_headers),
                      payload_hash])


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signature(secret, credential, amz_date, canonical):
    """Hex signature of `canonical` for the credential's scope."""
    string_to_sign = "\n".join([ALGORITHM, amz_date, credential.scope,
                                hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(("AWS4" + secret).encode(), credential.date)
    for part in (credential.region, credential.service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def _parse_amz_date(text):
    try:
        return calendar.timegm(time.strptime(text, "%Y%m%dT%H%M%SZ"))
    except (TypeError, ValueError) as exc:
        raise SigV4Error(403, "AccessDenied", "X-Amz-Date is missing or malformed") from exc


def verify(method, raw_path, raw_query, headers, credential, secret, now, body=None):
    """Checks a parsed credential against `secret` at time `now`. `body` (bytes, optional) is
    checked against a hex X-Amz-Content-Sha256. Raises SigV4Error: RequestTimeTooSkewed,
    AccessDenied (expired presigned URL), SignatureDoesNotMatch, XAmzContentSHA256Mismatch."""
    if credential.presigned:
        query = dict(_query_pairs(raw_query))
        amz_date = query["X-Amz-Date"]
        signed_at = _parse_amz_date(amz_date)
        if now > signed_at + credential.expires:
            raise SigV4Error(403, "AccessDenied", "Request has expired")
        payload_hash = headers.get("X-Amz-Content-Sha256") or UNSIGNED_PAYLOAD
    else:
        amz_date = headers.get("X-Amz-Date") or ""
        signed_at = _parse_amz_date(amz_date)
        if abs(now - signed_at) > MAX_SKEW_SECONDS:
            raise SigV4Error(403, "RequestTimeTooSkewed",
                             "The difference between the request time and the server's time "
                             "is too large.")
        payload_hash = headers.get("X-Amz-Content-Sha256") or EMPTY_SHA256
    canonical = canonical_request(method, raw_path, raw_query, headers,
                                  credential.signed_headers, payload_hash,
                                  drop_signature=credential.presigned)
    expected = signature(secret, credential, amz_date, canonical)
    if not hmac.compare_digest(expected, credential.signature):
        raise SigV4Error(403, "SignatureDoesNotMatch",
                         "The request signature we calculated does not match the signature "
                         "you provided. Check your key and signing method.")
    if (body is not None and re.fullmatch(r"[0-9a-f]{64}", payload_hash)
            and hashlib.sha256(body).hexdigest() != payload_hash):
        raise SigV4Error(400, "XAmzContentSHA256Mismatch",
                         "The provided 'x-amz-content-sha256' header does not match what was "
                         "computed.")
