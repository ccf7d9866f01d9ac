"""Per-request context handed to the MinIO admin handlers: the caller, the model, the radosgw
backing, the body codecs (plain JSON, madmin-encrypted JSON) and the buckets whose mirrored
policy the request may have changed (`touched`, mirrored once the handler is done and no lock is
held). One instance per request thread; prepare() (the slow crypto) runs without Iam.lock."""

import json

from minio import madmin_crypto
from minio.minio_errors import MinioError
from simlib.http_types import Response


class Ctx:
    def __init__(self, request, caller, iam, backing, mirror, encryptor):
        self.request = request
        self.caller = caller
        self.iam = iam
        self.backing = backing
        self.mirror = mirror
        self._encryptor = encryptor
        self._plain = None
        self.touched = set()

    def prepare(self, decrypt_body, encrypt_response):
        """The slow crypto (64 MiB Argon2 derivations), run before the handler and outside
        Iam.lock: decrypts the body, and derives the caller's response key."""
        if decrypt_body:
            try:
                self._plain = madmin_crypto.decrypt(self.caller.secret, self.request.body or b"")
            except madmin_crypto.DecryptError as exc:
                self._plain = exc
        if encrypt_response:
            self._encryptor.prepare(self.caller.secret)

    def touch(self, buckets):
        """Marks `buckets` for the policy mirror (PolicyMirror.sync after the handler)."""
        self.touched.update(buckets)

    def arg(self, name, default=""):
        return self.request.arg(name, default)

    def plain_json(self):
        """The body as a JSON object; XMinioAdminConfigBadJSON when it is not one."""
        return _json_object(self.request.body)

    def encrypted_json(self):
        """The madmin-encrypted body, decrypted with the caller's secret, as a JSON object;
        XMinioAdminConfigBadJSON when it does not decrypt or parse."""
        if self._plain is None:
            self.prepare(True, False)
        if isinstance(self._plain, madmin_crypto.DecryptError):
            raise MinioError("XMinioAdminConfigBadJSON",
                             "JSON configuration provided is of incorrect format (%s)" %
                             self._plain) from self._plain
        return _json_object(self._plain)

    def reply_json(self, doc):
        return Response(200, json.dumps(doc).encode(), "application/json")

    def reply_encrypted(self, doc):
        """`doc` as JSON, encrypted with the caller's secret (madmin EncryptData)."""
        body = self._encryptor.encrypt(self.caller.secret, json.dumps(doc).encode())
        return Response(200, body, "application/octet-stream")

    def require_user(self, access_key):
        user = self.iam.users.get(access_key)
        if user is None:
            raise MinioError("XMinioAdminNoSuchUser")
        return user


def _json_object(body):
    try:
        doc = json.loads(body or b"")
    except ValueError as exc:
        raise MinioError("XMinioAdminConfigBadJSON") from exc
    if not isinstance(doc, dict):
        raise MinioError("XMinioAdminConfigBadJSON")
    return doc
