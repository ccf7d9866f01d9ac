"""MinIO admin body encryption (madmin EncryptData/DecryptData): salt(32) | AEAD id(1) |
nonce(8) | sio-go stream, the key derived from the signing secret with Argon2id (ids 0, 1) or
PBKDF2-SHA256 (id 2). Format: minio-admin-api.md section 4. Thread-safe; at most two Argon2
derivations (64 MiB each) run at a time."""

import hashlib
import os
import struct
import threading

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

from simlib.locks import KeyedLocks

AES_GCM_ARGON2 = 0
CHACHA_ARGON2 = 1
AES_GCM_PBKDF2 = 2
BUF_SIZE = 16384
TAG_SIZE = 16
SALT_SIZE = 32
NONCE_SIZE = 8
HEADER_SIZE = SALT_SIZE + 1 + NONCE_SIZE
_FLAG_FINAL = b"\x80"
_FLAG_MORE = b"\x00"
_ARGON2_SLOTS = threading.BoundedSemaphore(2)


class DecryptError(ValueError):
    """The body is not an encrypted payload, or does not authenticate with this password."""


def derive_key(password, salt, aead_id):
    """The 32-byte key for `aead_id` from `password` (str or bytes) and the 32-byte salt."""
    if isinstance(password, str):
        password = password.encode()
    if aead_id == AES_GCM_PBKDF2:
        return hashlib.pbkdf2_hmac("sha256", password, salt, 8192, 32)
    with _ARGON2_SLOTS:
        return hash_secret_raw(password, salt, time_cost=1, memory_cost=65536, parallelism=4,
                               hash_len=32, type=Type.ID, version=19)


def _aead(aead_id, key):
    if aead_id == CHACHA_ARGON2:
        return ChaCha20Poly1305(key)
    return AESGCM(key)


def _nonce(nonce8, counter):
    return nonce8 + struct.pack("<I", counter)


def header_tag(aead, nonce8, associated_data=b""):
    """sio-go's header tag: the tag of an empty message sealed with counter 0."""
    return aead.encrypt(_nonce(nonce8, 0), b"", associated_data)


def seal_stream(aead, nonce8, plaintext, associated_data=b"", buf_size=BUF_SIZE):
    """The sio-go stream of `plaintext`: fragments of `buf_size` bytes sealed with counters
    1, 2, ... and associated data flag || header tag (flag 0x80 on the final fragment)."""
    tag = header_tag(aead, nonce8, associated_data)
    out = []
    count = max(1, -(-len(plaintext) // buf_size))
    for i in range(count):
        fragment = plaintext[i * buf_size:(i + 1) * buf_size]
        flag = _FLAG_FINAL if i == count - 1 else _FLAG_MORE
        out.append(aead.encrypt(_nonce(nonce8, i + 1), fragment, flag + tag))
    return b"".join(out)


def open_stream(aead, nonce8, stream, associated_data=b"", buf_size=BUF_SIZE):
    """Inverse of seal_stream. A fragment is final iff nothing follows it; an empty final
    fragment after a full one is accepted. Raises DecryptError on any failure."""
    tag = header_tag(aead, nonce8, associated_data)
    sealed = buf_size + TAG_SIZE
    out = []
    offset, counter = 0, 1
    while True:
        fragment = stream[offset:offset + sealed]
        offset += len(fragment)
        final = offset >= len(stream)
        if len(fragment) < TAG_SIZE:
            raise DecryptError("truncated stream")
        try:
            out.append(aead.decrypt(_nonce(nonce8, counter),
                                    fragment, (_FLAG_FINAL if final else _FLAG_MORE) + tag))
        except InvalidTag as exc:
            raise DecryptError("fragment %d does not authenticate" % counter) from exc
        if final:
            return b"".join(out)
        counter += 1


def is_encrypted(body):
    """madmin's IsEncrypted: long enough and a known AEAD id."""
    return len(body) > SALT_SIZE and body[SALT_SIZE] in (AES_GCM_ARGON2, CHACHA_ARGON2,
                                                           AES_GCM_PBKDF2)


def encrypt(password, plaintext, aead_id=AES_GCM_ARGON2, salt=None, nonce=None):
    """EncryptData: a fresh random salt and nonce unless given (tests)."""
    salt = salt if salt is not None else os.urandom(SALT_SIZE)
    nonce = nonce if nonce is not None else os.urandom(NONCE_SIZE)
    aead = _aead(aead_id, derive_key(password, salt, aead_id))
    return salt + bytes([aead_id]) + nonce + seal_stream(aead, nonce, plaintext)


def decrypt(password, body):
    """DecryptData for any of the three AEAD ids. Raises DecryptError."""
    if len(body) < HEADER_SIZE + TAG_SIZE or not is_encrypted(body):
        raise DecryptError("not an encrypted payload")
    salt, aead_id = body[:SALT_SIZE], body[SALT_SIZE]
    nonce = body[SALT_SIZE + 1:HEADER_SIZE]
    aead = _aead(aead_id, derive_key(password, salt, aead_id))
    return open_stream(aead, nonce, body[HEADER_SIZE:])


class ResponseEncryptor:
    """EncryptData for responses, deriving one key per (password, AEAD id) and reusing it with
    its salt and a fresh random nonce for every message: the output is a valid madmin message
    (clients derive the key from the salt it carries), and the server saves a 64 MiB Argon2
    derivation per response. Thread-safe; concurrent first responses to one password wait for
    one derivation."""

    def __init__(self, aead_id=AES_GCM_ARGON2):
        self.aead_id = aead_id
        self._lock = threading.Lock()
        self._keys = {}
        self._deriving = KeyedLocks()

    def prepare(self, password):
        """Derives the key for `password` now unless it is cached; returns (salt, AEAD)."""
        with self._lock:
            cached = self._keys.get(password)
        if cached is not None:
            return cached
        with self._deriving.hold(password):
            with self._lock:
                cached = self._keys.get(password)
            if cached is None:
                salt = os.urandom(SALT_SIZE)
                cached = (salt, _aead(self.aead_id, derive_key(password, salt, self.aead_id)))
                with self._lock:
                    self._keys[password] = cached
        return cached

    def encrypt(self, password, plaintext):
        salt, aead = self.prepare(password)
        nonce = os.urandom(NONCE_SIZE)
        return salt + bytes([self.aead_id]) + nonce + seal_stream(aead, nonce, plaintext)
