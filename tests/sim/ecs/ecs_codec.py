"""ECS wire formats: XML by default, JSON with `Accept: application/json` or a `.json` path
suffix; request bodies in either; the ECS error document. Stateless and thread-safe."""

import json
import xml.etree.ElementTree as ET

from simlib.http_types import Response

XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

# code -> (HTTP status, description, retryable). Statuses follow the reference table; the
# ones it marks unverified are the simulator's choice.
ERRORS = {
    1002: (400, "Invalid URI parameter", False),
    1003: (415, "Unsupported media type", False),
    1004: (400, "Request parameter cannot be found", False),
    1005: (400, "Required parameter is missing or empty", False),
    1007: (405, "Method not supported", False),
    1008: (400, "Parameter was provided but invalid", False),
    1013: (400, "Bad request body", False),
    1014: (400, "Parameter value is out of range", False),
    1015: (400, "Resource already exists", False),
    1031: (400, "Exceeding limit", False),
    2000: (404, "Unable to find entity specified in URL", False),
    3000: (403, "Operation is forbidden for the current credentials", False),
    4000: (401, "Invalid credentials or authentication token", False),
    6000: (503, "Service unavailable, retry later", True),
    30024: (500, "An internal exception occurred", False),
    40008: (400, "Bucket already exists", False),
    40009: (400, "Invalid bucket name", False),
    40010: (400, "Bucket owner is not valid", False),
    60019: (400, "Bucket is not empty", False),
}
# The error code a fail fault uses when only a status is given.
CODE_FOR_STATUS = {400: 1008, 401: 4000, 403: 3000, 404: 2000, 405: 1007, 415: 1003,
                   500: 30024, 503: 6000}


class EcsError(Exception):
    """An ECS error document to send; `status` overrides the code's usual HTTP status."""

    def __init__(self, code, details, status=None):
        super().__init__("ECS %d: %s" % (code, details))
        self.code = code
        self.details = details
        self.status = status or ERRORS.get(code, (400,))[0]


def not_found_param(entity):
    return EcsError(1004, "Unable to find entity with the given id %s" % entity)


def not_found_url(entity):
    return EcsError(2000, "Unable to find entity specified in URL with the given id %s" % entity)


def split_format(path):
    """Strips a `.json`/`.xml` suffix: returns (path, "json"|"xml"|None)."""
    for suffix in ("json", "xml"):
        if path.endswith("." + suffix):
            return path[:-len(suffix) - 1], suffix
    return path, None


def negotiate(request, suffix_format):
    """The response format: the path suffix, else the first JSON/XML type in Accept, else XML."""
    if suffix_format:
        return suffix_format
    for value in request.header_values("Accept"):
        for item in value.split(","):
            media = item.split(";")[0].strip().lower()
            if media == "application/json":
                return "json"
            if media in ("application/xml", "text/xml"):
                return "xml"
    return "xml"


def _xml_value(parent, name, value):
    if isinstance(value, list):
        for item in value:
            _xml_value(parent, name, item)
        return
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            if key.startswith("@"):
                element.set(key[1:], str(item))
            else:
                _xml_value(element, key, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _json_value(value):
    if isinstance(value, dict):
        return {key.lstrip("@"): _json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def render(fmt, root, doc, status=200, headers=None):
    """A Response carrying `doc` (a dict) as XML element `root` or as a flat JSON object."""
    if fmt == "json":
        body = json.dumps(_json_value(doc)).encode()
        return Response(status, body, "application/json", headers)
    element = ET.Element(root)
    for key, value in doc.items():
        if key.startswith("@"):
            element.set(key[1:], str(value))
        else:
            _xml_value(element, key, value)
    return Response(status, XML_DECL + ET.tostring(element, encoding="utf-8"),
                    "application/xml", headers)


def error_response(fmt, error, headers=None):
    _, description, retryable = ERRORS.get(error.code, (400, "Error", False))
    doc = {"code": error.code, "description": description, "details": error.details,
           "retryable": retryable}
    return render(fmt, "error", doc, error.status, headers)


def _xml_to_dict(element):
    doc = {}
    for child in element:
        value = _xml_to_dict(child) if len(child) else (child.text or "").strip()
        if child.tag in doc:
            if not isinstance(doc[child.tag], list):
                doc[child.tag] = [doc[child.tag]]
            doc[child.tag].append(value)
        else:
            doc[child.tag] = value
    return doc


def parse_body(request, roots, required=True):
    """The request body as a dict. XML must have one of the `roots` elements (None: any);
    JSON is flat, optionally wrapped in one root key. Raises EcsError 1003/1013/1005."""
    body = request.body.strip()
    if not body:
        if required:
            raise EcsError(1013, "Request body is missing")
        return {}
    media = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if media == "application/json":
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise EcsError(1013, "Unable to parse the JSON request body: %s" % exc) from exc
        if not isinstance(doc, dict):
            raise EcsError(1013, "The JSON request body must be an object")
        if len(doc) == 1 and roots and next(iter(doc)) in roots and isinstance(
                next(iter(doc.values())), dict):
            doc = next(iter(doc.values()))
        return doc
    if media in ("application/xml", "text/xml"):
        try:
            element = ET.fromstring(body)
        except ET.ParseError as exc:
            raise EcsError(1013, "Unable to parse the XML request body: %s" % exc) from exc
        if roots and element.tag not in roots:
            raise EcsError(1013, "Unexpected XML root element <%s>, expected <%s>" % (
                element.tag, "> or <".join(roots)))
        return _xml_to_dict(element)
    raise EcsError(1003, "Content-Type '%s' is not supported; use application/xml or "
                         "application/json" % media)


def as_bool(doc, name, default=False):
    value = doc.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise EcsError(1008, "Parameter %s must be true or false" % name)


def as_int(doc, name, default=None):
    value = doc.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise EcsError(1008, "Parameter %s must be an integer" % name)
    try:
        return int(str(value).strip())
    except ValueError as exc:
        raise EcsError(1008, "Parameter %s must be an integer" % name) from exc


def as_str(doc, name, required=False):
    value = doc.get(name)
    if isinstance(value, (dict, list)):
        raise EcsError(1008, "Parameter %s must be a string" % name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise EcsError(1005, "Required parameter %s is missing or empty" % name)
    return value
