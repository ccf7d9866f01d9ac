"""The bad-input table of test_bad_input: for every RPC of osp.v1.ObjectStoreProvider, requests
that are valid except for one bad value, the code ospd must answer and the path of the field its
message must start with.

A case builds its request from the RPC's valid baseline (BASELINES) by setting one field path
("bucket.name", "objects[0].key", "header.metadata"). Invalid UTF-8 cannot be put into a Python
str field (python protobuf refuses to serialize it), so such cases set PLACEHOLDER and name the
bytes that replace it in the serialized request (same length, so the wire format stays intact).
"""

import dataclasses
import typing

import grpc
from google.protobuf import duration_pb2, field_mask_pb2
from osp.v1 import provider_pb2 as pb

IA = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND

PLACEHOLDER = "~UTF8~"
# A lone continuation byte, an overlong '/', and a truncated 3-byte sequence: none is UTF-8.
INVALID_UTF8 = (b"\x80UTF8~", b"\xc0\xafTF8~", b"ab\xe2\x82~~")

# Names used where a case needs a valid value that no backend call will ever see.
BUCKET = "bad-input-bucket"
KEY = "dir/object.txt"
DATA = b"hello"
GIB = 1 << 30
INT64_MAX = (1 << 63) - 1
INT32_MAX = (1 << 31) - 1


@dataclasses.dataclass(frozen=True)
class Case:
    rpc: str
    what: str  # the kind of bad value, for the report
    field: str  # the path the error message must start with
    values: typing.Dict[str, object]  # field path -> value, set on the baseline
    code: grpc.StatusCode = IA
    raw: bytes = None  # replaces PLACEHOLDER in the serialized request
    backend: str = None  # only for this backend type ("ecs", "minio"); None: all

    def label(self):
        return f"{self.rpc} {self.field}: {self.what}"


@dataclasses.dataclass(frozen=True)
class Target:
    """What the baselines address: a backend id, and an account and bucket that exist there."""
    backend: str
    account: str
    bucket: str


BASELINES = {
    "GetCapabilities": lambda t: pb.GetCapabilitiesRequest(backend=t.backend),
    "CheckBackend": lambda t: pb.CheckBackendRequest(backend=t.backend),
    "EnsureUser": lambda t: pb.EnsureUserRequest(backend=t.backend, account_id=t.account),
    "DeleteUser": lambda t: pb.DeleteUserRequest(backend=t.backend, account_id=t.account),
    "CreateAccessKey": lambda t: pb.CreateAccessKeyRequest(backend=t.backend,
                                                           account_id=t.account),
    "DeleteAccessKey": lambda t: pb.DeleteAccessKeyRequest(
        backend=t.backend, account_id=t.account, access_key_id="AKEXAMPLE"),
    "CreateBucket": lambda t: pb.CreateBucketRequest(
        backend=t.backend, bucket=pb.BucketSpec(name=t.bucket, owner=t.account)),
    "GetBucket": lambda t: pb.GetBucketRequest(backend=t.backend, name=t.bucket),
    "ListBuckets": lambda t: pb.ListBucketsRequest(backend=t.backend),
    "UpdateBucket": lambda t: pb.UpdateBucketRequest(
        backend=t.backend, bucket=pb.BucketSpec(name=t.bucket, quota=pb.Quota(max_bytes=GIB)),
        update_mask=field_mask_pb2.FieldMask(paths=["quota"])),
    "DeleteBucket": lambda t: pb.DeleteBucketRequest(backend=t.backend, name=t.bucket),
    "GetUsage": lambda t: pb.GetUsageRequest(backend=t.backend, buckets=[t.bucket]),
    "ListObjects": lambda t: pb.ListObjectsRequest(backend=t.backend, bucket=t.bucket),
    "PutObject": lambda t: pb.PutObjectRequest(header=pb.PutObjectHeader(
        backend=t.backend, bucket=t.bucket, key=KEY, size=len(DATA))),
    "GetObject": lambda t: pb.GetObjectRequest(backend=t.backend, bucket=t.bucket, key=KEY),
    "DeleteObjects": lambda t: pb.DeleteObjectsRequest(
        backend=t.backend, bucket=t.bucket, objects=[pb.ObjectIdentifier(key=KEY)]),
    "PresignObject": lambda t: pb.PresignObjectRequest(
        backend=t.backend, bucket=t.bucket, key=KEY, method=pb.PRESIGN_METHOD_GET),
}
# RPCs whose every request names a backend (GetProviderInfo has no fields: nothing to get wrong).
BACKEND_RPCS = sorted(BASELINES)


def _backend_path(rpc):
    return "header.backend" if rpc == "PutObject" else "backend"


def _text_cases(rpc, path, max_bytes, required=False, utf8=True):
    """Empty (if required), one byte too long, NUL, a control character, invalid UTF-8."""
    cases = []
    if required:
        cases.append(Case(rpc, "empty", path, {path: ""}))
    cases += [
        Case(rpc, f"{max_bytes + 1} bytes", path, {path: "x" * (max_bytes + 1)}),
        Case(rpc, "NUL", path, {path: "a\0b"}),
        Case(rpc, "control character", path, {path: "a\nb"}),
    ]
    if utf8:
        cases += [Case(rpc, f"invalid UTF-8 {raw[:3]!r}", path, {path: PLACEHOLDER}, raw=raw)
                  for raw in INVALID_UTF8]
    return cases


BAD_BUCKET_NAMES = [
    ("empty", ""), ("2 chars", "ab"), ("64 chars", "a" * 64), ("upper case", "Bad-Input"),
    ("underscore", "bad_input"), ("IPv4 address form", "192.168.10.1"),
    ("leading dash", "-badinput"), ("trailing dash", "badinput-"), ("leading dot", ".badinput"),
    ("trailing dot", "badinput."), ("consecutive dots", "bad..input"),
    ("xn-- prefix", "xn--badinput"), ("sthree- prefix", "sthree-badinput"),
    ("-s3alias suffix", "badinput-s3alias"), ("--ol-s3 suffix", "badinput--ol-s3"),
    ("NUL", "bad\0input"), ("space", "bad input"), ("slash", "bad/input"),
    ("non-ASCII", "b\u00e4dinput"), ("path traversal", "../etc"),
]
BUCKET_PATHS = {
    "CreateBucket": "bucket.name", "GetBucket": "name", "UpdateBucket": "bucket.name",
    "DeleteBucket": "name", "GetUsage": "buckets[0]", "ListObjects": "bucket",
    "PutObject": "header.bucket", "GetObject": "bucket", "DeleteObjects": "bucket",
    "PresignObject": "bucket",
}

BAD_ACCOUNT_IDS = [
    ("65 chars", "a" * 65), ("slash", "acc/ount"), ("space", "acc ount"), ("NUL", "acc\0ount"),
    ("non-ASCII", "acc\u00f6unt"), ("path traversal", "../root"), ("colon", "acc:ount"),
]
# path -> required
ACCOUNT_PATHS = {
    "EnsureUser": ("account_id", True), "DeleteUser": ("account_id", True),
    "CreateAccessKey": ("account_id", True), "DeleteAccessKey": ("account_id", True),
    "CreateBucket": ("bucket.owner", True), "ListBuckets": ("owner", False),
    "GetUsage": ("owner", False),
}

BAD_KEYS = [
    ("empty", ""), ("1025 bytes", "k" * 1025), ("'..'", ".."), ("'.'", "."),
    ("'..' segment inside", "a/../b"), ("leading '..' segment", "../etc/passwd"),
    ("trailing '..' segment", "a/.."), ("'.' segment", "a/./b"), ("NUL", "a\0b"),
    ("300 4-byte characters (1200 bytes)", "\U0001F600" * 300),
]
KEY_PATHS = {"PutObject": "header.key", "GetObject": "key", "DeleteObjects": "objects[0].key",
             "PresignObject": "key"}
VERSION_PATHS = {"GetObject": "version_id", "DeleteObjects": "objects[0].version_id",
                 "PresignObject": "version_id"}


def _duration(seconds, nanos=0):
    return duration_pb2.Duration(seconds=seconds, nanos=nanos)


def _generic_cases():
    cases = []
    for rpc in BACKEND_RPCS:
        path = _backend_path(rpc)
        cases += _text_cases(rpc, path, 128, required=True)
        cases.append(Case(rpc, "unknown backend", path, {path: "no-such-backend"}, NOT_FOUND))
    for rpc, path in BUCKET_PATHS.items():
        cases += [Case(rpc, what, path, {path: name}) for what, name in BAD_BUCKET_NAMES]
        cases += [Case(rpc, f"invalid UTF-8 {raw[:3]!r}", path, {path: "bad" + PLACEHOLDER},
                       raw=raw) for raw in INVALID_UTF8]
    for rpc, (path, required) in ACCOUNT_PATHS.items():
        if required:
            cases.append(Case(rpc, "empty", path, {path: ""}))
        cases += [Case(rpc, what, path, {path: value}) for what, value in BAD_ACCOUNT_IDS]
        cases.append(Case(rpc, "invalid UTF-8", path, {path: PLACEHOLDER},
                          raw=INVALID_UTF8[0]))
    for rpc, path in KEY_PATHS.items():
        cases += [Case(rpc, what, path, {path: key}) for what, key in BAD_KEYS]
        cases += [Case(rpc, f"invalid UTF-8 {raw[:3]!r}", path, {path: "dir/" + PLACEHOLDER},
                       raw=raw) for raw in INVALID_UTF8]
    for rpc, path in VERSION_PATHS.items():
        cases += _text_cases(rpc, path, 1024)
    return cases


def _quota_cases(rpc, prefix):
    cases = []
    for name in ("max_bytes", "max_objects"):
        path = f"{prefix}.{name}"
        cases += [Case(rpc, "negative", path, {path: -1}),
                  Case(rpc, "INT64_MIN", path, {path: -(1 << 63)}),
                  Case(rpc, "2^53 + 1", path, {path: (1 << 53) + 1}),
                  Case(rpc, "INT64_MAX", path, {path: INT64_MAX})]
    return cases


def _spec_cases(rpc, prefix):
    """Bad values of the BucketSpec fields that CreateBucket checks (and UpdateBucket when its
    mask selects them)."""
    p = prefix
    big_json = '{"Statement": "' + "x" * (20 * 1024) + '"}'
    return _quota_cases(rpc, f"{p}.quota") + [
        Case(rpc, "unknown enum value 99", f"{p}.versioning", {f"{p}.versioning": 99}),
        Case(rpc, "negative enum value", f"{p}.versioning", {f"{p}.versioning": -1}),
        Case(rpc, "unknown enum value 7", f"{p}.encryption", {f"{p}.encryption": 7}),
        Case(rpc, "unknown enum value 42", f"{p}.policy.kind", {f"{p}.policy.kind": 42}),
        Case(rpc, "custom without json", f"{p}.policy.json",
             {f"{p}.policy": pb.Policy(kind=pb.POLICY_KIND_CUSTOM)}),
        Case(rpc, "custom json not an object", f"{p}.policy.json",
             {f"{p}.policy": pb.Policy(kind=pb.POLICY_KIND_CUSTOM, json="[1, 2]")}),
        Case(rpc, "custom json malformed", f"{p}.policy.json",
             {f"{p}.policy": pb.Policy(kind=pb.POLICY_KIND_CUSTOM, json='{"Version": ')}),
        Case(rpc, "custom json over 20 KiB", f"{p}.policy.json",
             {f"{p}.policy": pb.Policy(kind=pb.POLICY_KIND_CUSTOM, json=big_json)}),
        Case(rpc, "json with a canned kind", f"{p}.policy.json",
             {f"{p}.policy": pb.Policy(kind=pb.POLICY_KIND_PRIVATE, json="{}")}),
        Case(rpc, "51 tags", f"{p}.tags", {f"{p}.tags": {f"k{i}": "v" for i in range(51)}}),
        Case(rpc, "empty tag key", f"{p}.tags", {f"{p}.tags": {"": "v"}}),
        Case(rpc, "tag key of 129 chars", f"{p}.tags", {f"{p}.tags": {"k" * 129: "v"}}),
        Case(rpc, "tag value of 257 chars", f"{p}.tags[k]", {f"{p}.tags": {"k": "v" * 257}}),
        Case(rpc, "tag value with NUL", f"{p}.tags[k]", {f"{p}.tags": {"k": "a\0b"}}),
        Case(rpc, "CORS rule without origins", f"{p}.cors_rules[0].allowed_origins",
             {f"{p}.cors_rules": [pb.CorsRule(allowed_methods=["GET"])]}),
        Case(rpc, "CORS method PATCH", f"{p}.cors_rules[0].allowed_methods[0]",
             {f"{p}.cors_rules": [pb.CorsRule(allowed_origins=["*"],
                                              allowed_methods=["PATCH"])]}),
        Case(rpc, "CORS negative max age", f"{p}.cors_rules[0].max_age_seconds",
             {f"{p}.cors_rules": [pb.CorsRule(allowed_origins=["*"], allowed_methods=["GET"],
                                              max_age_seconds=-1)]}),
        Case(rpc, "CORS origin with two wildcards", f"{p}.cors_rules[0].allowed_origins[0]",
             {f"{p}.cors_rules": [pb.CorsRule(allowed_origins=["https://*.*.example.com"],
                                              allowed_methods=["GET"])]}),
        Case(rpc, "CORS rules over 64 KiB", f"{p}.cors_rules",
             {f"{p}.cors_rules": [pb.CorsRule(allowed_origins=["o" * 1000] * 70,
                                              allowed_methods=["GET"])]}),
        Case(rpc, "101 CORS rules", f"{p}.cors_rules",
             {f"{p}.cors_rules": [pb.CorsRule(allowed_origins=["*"], allowed_methods=["GET"])
                                  ] * 101}),
    ]


def _mask(*paths):
    return field_mask_pb2.FieldMask(paths=list(paths))


ALL_MASK = ("quota", "versioning", "policy", "encryption", "tags", "cors_rules")


def _rpc_specific_cases():
    cases = [
        Case("EnsureUser", "display name of 257 bytes", "display_name",
             {"display_name": "d" * 257}),
        Case("EnsureUser", "display name with NUL", "display_name", {"display_name": "a\0b"}),
        Case("EnsureUser", "display name invalid UTF-8", "display_name",
             {"display_name": PLACEHOLDER}, raw=INVALID_UTF8[1]),
        Case("CreateAccessKey", "negative expiry", "old_key_expiry",
             {"old_key_expiry": _duration(-1)}),
        Case("CreateAccessKey", "expiry over a year", "old_key_expiry",
             {"old_key_expiry": _duration(366 * 86400)}),
        Case("CreateAccessKey", "malformed Duration (mixed signs)", "old_key_expiry",
             {"old_key_expiry": _duration(5, -1)}),
        Case("CreateAccessKey", "Duration beyond 10000 years", "old_key_expiry",
             {"old_key_expiry": _duration(INT64_MAX)}),
        Case("DeleteAccessKey", "empty", "access_key_id", {"access_key_id": ""}),
        Case("DeleteAccessKey", "129 chars", "access_key_id", {"access_key_id": "A" * 129}),
        Case("DeleteAccessKey", "space", "access_key_id", {"access_key_id": "AK IA"}),
        Case("DeleteAccessKey", "NUL", "access_key_id", {"access_key_id": "AK\0"}),
        Case("DeleteAccessKey", "non-ASCII", "access_key_id", {"access_key_id": "AK\u00e9"}),
        Case("DeleteAccessKey", "invalid UTF-8", "access_key_id",
             {"access_key_id": PLACEHOLDER}, raw=INVALID_UTF8[0]),
        Case("UpdateBucket", "empty mask", "update_mask", {"update_mask": _mask()}),
        Case("UpdateBucket", "mask path 'name'", "update_mask", {"update_mask": _mask("name")}),
        Case("UpdateBucket", "mask path 'owner'", "update_mask",
             {"update_mask": _mask("owner")}),
        Case("UpdateBucket", "mask path 'object_lock'", "update_mask",
             {"update_mask": _mask("object_lock")}),
        Case("UpdateBucket", "unknown mask path", "update_mask",
             {"update_mask": _mask("quota", "no_such_field")}),
        Case("UpdateBucket", "versioning selected but unspecified", "bucket.versioning",
             {"update_mask": _mask("versioning")}),
        Case("UpdateBucket", "encryption selected but unspecified", "bucket.encryption",
             {"update_mask": _mask("encryption")}),
        Case("UpdateBucket", "policy selected, kind unspecified", "bucket.policy.kind",
             {"update_mask": _mask("policy")}),
        Case("UpdateBucket", "unknown enum value outside the mask", "bucket.encryption",
             {"bucket.encryption": 9}),
        Case("GetUsage", "1001 buckets", "buckets",
             {"buckets": [f"bucket-{i:04d}" for i in range(1001)]}),
        Case("GetUsage", "third bucket name bad", "buckets[2]",
             {"buckets": [BUCKET, BUCKET, "Bad_Name"]}),
        Case("GetObject", "negative range offset", "range.offset",
             {"range": pb.ByteRange(offset=-1)}),
        Case("GetObject", "negative range length", "range.length",
             {"range": pb.ByteRange(length=-5)}),
        Case("DeleteObjects", "no objects", "objects", {"objects": []}),
        Case("DeleteObjects", "1001 objects", "objects",
             {"objects": [pb.ObjectIdentifier(key=f"k{i}") for i in range(1001)]}),
        Case("DeleteObjects", "second key '..'", "objects[1].key",
             {"objects": [pb.ObjectIdentifier(key=KEY), pb.ObjectIdentifier(key="a/../b")]}),
        Case("PresignObject", "method unspecified", "method",
             {"method": pb.PRESIGN_METHOD_UNSPECIFIED}),
        Case("PresignObject", "unknown method 3", "method", {"method": 3}),
        Case("PresignObject", "negative method", "method", {"method": -7}),
        Case("PresignObject", "TTL 0", "ttl", {"ttl": _duration(0)}),
        Case("PresignObject", "TTL 0.5 s", "ttl", {"ttl": _duration(0, 500_000_000)}),
        Case("PresignObject", "negative TTL", "ttl", {"ttl": _duration(-60)}),
        Case("PresignObject", "TTL 7 days + 1 s", "ttl", {"ttl": _duration(7 * 86400 + 1)}),
        Case("PresignObject", "TTL INT64_MAX s", "ttl", {"ttl": _duration(INT64_MAX)}),
        Case("PresignObject", "TTL malformed (nanos 1e9)", "ttl",
             {"ttl": _duration(60, 1_000_000_000)}),
        Case("PutObject", "size negative", "header.size", {"header.size": -1}),
        Case("PutObject", "size over 5 TiB", "header.size", {"header.size": (5 << 40) + 1}),
        Case("PutObject", "sha256 too short", "header.sha256", {"header.sha256": "abc"}),
        Case("PutObject", "sha256 not hex", "header.sha256", {"header.sha256": "g" * 64}),
        Case("PutObject", "metadata over 2 KiB", "header.metadata",
             {"header.metadata": {f"m{i}": "v" * 200 for i in range(11)}}),
        Case("PutObject", "metadata value over 2 KiB", "header.metadata",
             {"header.metadata": {"m": "v" * 2049}}),
        Case("PutObject", "metadata key with space", "header.metadata",
             {"header.metadata": {"bad key": "v"}}),
        Case("PutObject", "metadata key empty", "header.metadata",
             {"header.metadata": {"": "v"}}),
        Case("PutObject", "metadata value with CR LF", "header.metadata[m]",
             {"header.metadata": {"m": "a\r\nX-Injected: 1"}}),
        Case("PutObject", "metadata value invalid UTF-8", "header.metadata[m]",
             {"header.metadata": {"m": PLACEHOLDER}}, raw=INVALID_UTF8[2]),
        Case("ListObjects", "prefix of 1025 bytes", "prefix", {"prefix": "p" * 1025}),
        Case("ListObjects", "prefix with NUL", "prefix", {"prefix": "a\0"}),
        Case("ListObjects", "prefix invalid UTF-8", "prefix", {"prefix": PLACEHOLDER},
             raw=INVALID_UTF8[0]),
        Case("ListObjects", "delimiter with NUL", "delimiter", {"delimiter": "\0"}),
        Case("ListObjects", "delimiter of 1025 bytes", "delimiter",
             {"delimiter": "/" * 1025}),
        # Capabilities the backend lacks, refused before any backend call.
        Case("CreateBucket", "object lock on ECS", "object_lock", {"bucket.object_lock": True},
             backend="ecs"),
        Case("CreateBucket", "object-count quota on ECS", "quota.max_objects",
             {"bucket.quota.max_objects": 10}, backend="ecs"),
        Case("CreateBucket", "quota not whole GiB on ECS", "quota.max_bytes",
             {"bucket.quota.max_bytes": GIB + 1}, backend="ecs"),
        Case("UpdateBucket", "encryption change on ECS", "encryption",
             {"bucket.encryption": pb.ENCRYPTION_SSE_S3, "update_mask": _mask("encryption")},
             backend="ecs"),
        Case("CreateBucket", "object-count quota on MinIO", "quota.max_objects",
             {"bucket.quota.max_objects": 10}, backend="minio"),
        Case("CreateBucket", "CORS rules on MinIO", "cors_rules",
             {"bucket.cors_rules": [pb.CorsRule(allowed_origins=["*"], allowed_methods=["GET"])]},
             backend="minio"),
        Case("UpdateBucket", "CORS rules on MinIO", "cors_rules",
             {"bucket.cors_rules": [pb.CorsRule(allowed_origins=["*"], allowed_methods=["GET"])],
              "update_mask": _mask("cors_rules")}, backend="minio"),
    ]
    for rpc in ("ListBuckets", "ListObjects"):
        cases += [Case(rpc, "page size -1", "page_size", {"page_size": -1}),
                  Case(rpc, "page size INT32_MIN", "page_size", {"page_size": -(1 << 31)}),
                  Case(rpc, "page size 1001", "page_size", {"page_size": 1001}),
                  Case(rpc, "page size INT32_MAX", "page_size", {"page_size": INT32_MAX})]
        cases += _text_cases(rpc, "page_token", 4096)
    cases += _spec_cases("CreateBucket", "bucket")
    # Every field selected and the required enums given, so that only the case's value is bad.
    selected = {"update_mask": _mask(*ALL_MASK),
                "bucket.versioning": pb.VERSIONING_STATE_ENABLED,
                "bucket.encryption": pb.ENCRYPTION_NONE,
                "bucket.policy": pb.Policy(kind=pb.POLICY_KIND_PRIVATE)}
    update = [dataclasses.replace(c, values={**selected, **c.values})
              for c in _spec_cases("UpdateBucket", "bucket")]
    return cases + update


CASES = _generic_cases() + _rpc_specific_cases()


def set_path(message, path, value):
    """Sets the field at `path` ("bucket.name", "objects[0].key", "buckets[2]") of message."""
    *parents, last = path.split(".")
    for part in parents:
        name, index = _split_index(part)
        message = getattr(message, name) if index is None else getattr(message, name)[index]
    name, index = _split_index(last)
    if index is not None:
        getattr(message, name)[index] = value
        return
    field = message.DESCRIPTOR.fields_by_name[name]
    target = getattr(message, name)
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        target.clear()
        target.update(value)
    elif field.label == field.LABEL_REPEATED:
        del target[:]
        target.extend(value)
    elif field.message_type is not None:
        target.CopyFrom(value)
    else:
        setattr(message, name, value)


def _split_index(part):
    if not part.endswith("]"):
        return part, None
    name, index = part[:-1].split("[")
    return name, int(index)


def build(case, target):
    """The request of `case` for a Target: the baseline with case.values set."""
    request = BASELINES[case.rpc](target)
    for path, value in case.values.items():
        set_path(request, path, value)
    return request
