"""IAM policy documents as MinIO reads them: validation and normal form (Action and Resource
always lists), MinIO's wildcard matching of resources, action checks, and the built-in canned
policies. Pure functions; thread-safe."""

import functools
import posixpath
import re

from minio.minio_errors import MinioError

ARN_PREFIX = "arn:aws:s3:::"
_VERSIONS = ("2012-10-17", "2008-10-17")
_STATEMENT_KEYS = ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                   "Resource", "NotResource", "Condition")


def _everything(actions):
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions,
                           "Resource": [ARN_PREFIX + "*"]}]}


# MinIO's default canned policies: always listed, attachable, not removable.
BUILTIN = {
    "consoleAdmin": _everything(["admin:*", "kms:*", "s3:*"]),
    "diagnostics": _everything(["admin:BandwidthMonitor", "admin:ConsoleLog", "admin:OBDInfo",
                                "admin:Profiling", "admin:Prometheus", "admin:ServerInfo",
                                "admin:ServerTrace", "admin:TopLocksInfo"]),
    "readonly": _everything(["s3:GetBucketLocation", "s3:GetObject"]),
    "readwrite": _everything(["s3:*"]),
    "writeonly": _everything(["s3:PutObject"]),
}


def wildcard_match(pattern, text):
    """MinIO's wildcard.Match: '*' is any run of characters (including '/'), '?' one."""
    if "*" not in pattern and "?" not in pattern:
        return pattern == text
    return _wildcard_regex(pattern).fullmatch(text) is not None


@functools.lru_cache(maxsize=4096)
def _wildcard_regex(pattern):
    # Listing policies for a bucket matches every pattern of every policy: compile each once.
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                              for c in pattern), re.S)


def _as_list(value):
    return [value] if isinstance(value, str) else list(value or [])


def normalize(doc):
    """The validated normal form of a policy document; raises MinioError(MalformedPolicy)."""
    if not isinstance(doc, dict) or doc.get("Version") not in _VERSIONS:
        raise MinioError("MalformedPolicy", "policy Version must be one of %s" %
                         ", ".join(_VERSIONS))
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise MinioError("MalformedPolicy", "policy has no Statement")
    out = []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            raise MinioError("MalformedPolicy", "statement Effect must be Allow or Deny")
        if not _as_list(statement.get("Action")) and not _as_list(statement.get("NotAction")):
            raise MinioError("MalformedPolicy", "statement has no Action")
        resources = _as_list(statement.get("Resource"))
        if any(not isinstance(r, str) or not r.startswith(ARN_PREFIX) or r == ARN_PREFIX
               for r in resources):
            raise MinioError("MalformedPolicy", "Policy has invalid resource.")
        if not resources and not statement.get("NotResource") and any(
                a.startswith("s3:") for a in _as_list(statement.get("Action"))):
            raise MinioError("MalformedPolicy", "statement with s3 actions has no Resource")
        normal = {}
        for key in _STATEMENT_KEYS:
            if key in statement:
                value = statement[key]
                normal[key] = _as_list(value) if key in ("Action", "NotAction", "Resource",
                                                         "NotResource") else value
        out.append(normal)
    return {"Version": doc["Version"], "Statement": out}


def resource_patterns(statement):
    return [r[len(ARN_PREFIX):] for r in statement.get("Resource", [])]


def matches_bucket(doc, bucket):
    """MinIO's Policy.MatchResource(bucket): some resource pattern names the bucket."""
    cleaned = posixpath.normpath(bucket)
    return any(pattern == cleaned or wildcard_match(pattern, bucket)
               for statement in doc["Statement"] for pattern in resource_patterns(statement))


def _action_matches(statement, action):
    if "NotAction" in statement:
        return not any(wildcard_match(a, action) for a in statement["NotAction"])
    return any(a == "*" or wildcard_match(a, action) for a in statement.get("Action", []))


def _resource_matches(statement, resource):
    if resource is None or "Resource" not in statement:
        return True
    return any(wildcard_match(p, resource) for p in resource_patterns(statement))


def is_allowed(docs, action, resource=None):
    """True when some document allows `action` (on `resource`, "bucket" or "bucket/key", when
    given) and none denies it. Conditions are not evaluated."""
    allowed = False
    for doc in docs:
        for statement in doc["Statement"]:
            if _action_matches(statement, action) and _resource_matches(statement, resource):
                if statement["Effect"] == "Deny":
                    return False
                allowed = True
    return allowed
