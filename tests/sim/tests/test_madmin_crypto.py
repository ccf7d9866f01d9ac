"""The MinIO simulator's madmin body encryption against the known-answer vectors in
tests/testdata/madmin-encrypt-vectors.json (upstream madmin-go, derived Go-checked vectors,
sio-go stream vectors), plus round trips and rejections. No network."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from minio import madmin_crypto as mc

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata",
                       "madmin-encrypt-vectors.json")


def _plaintext(spec):
    return spec["utf8"].encode() if "utf8" in spec else bytes(spec["zero_bytes"])


class VectorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(VECTORS, encoding="utf-8") as f:
            cls.vectors = json.load(f)

    def test_upstream_ciphertexts_decrypt(self):
        for v in self.vectors["upstream_decrypt_vectors"]["vectors"]:
            body = bytes.fromhex(v["ciphertext_hex"])
            self.assertEqual(mc.decrypt(v["password"], body), _plaintext(v["plaintext"]))
            salt = bytes.fromhex(v["parsed"]["salt"])
            self.assertEqual(mc.derive_key(v["password"], salt, v["parsed"]["aead_id"]).hex(),
                             v["computed"]["derived_key"])

    def test_derived_vectors_encrypt_byte_for_byte(self):
        for v in self.vectors["derived_vectors"]["vectors"]:
            with self.subTest(v["description"]):
                salt, nonce = bytes.fromhex(v["salt"]), bytes.fromhex(v["nonce"])
                plain = _plaintext(v["plaintext"])
                key = mc.derive_key(v["password"], salt, v["aead_id"])
                self.assertEqual(key.hex(), v["derived_key"])
                aead = mc._aead(v["aead_id"], key)  # pylint: disable=protected-access
                self.assertEqual(mc.header_tag(aead, nonce).hex(), v["header_tag"])
                body = (salt + bytes([v["aead_id"]]) + nonce +
                        mc.seal_stream(aead, nonce, plain))
                self.assertEqual(len(body), v["ciphertext_length"])
                self.assertEqual(body.hex(), v["ciphertext_hex"])
                self.assertEqual(mc.open_stream(aead, nonce, body[mc.HEADER_SIZE:]), plain)

    def test_sio_stream_vectors_with_small_buffers(self):
        for i, v in enumerate(self.vectors["sio_stream_vectors"]["vectors"]):
            with self.subTest(i):
                aead, nonce = AESGCM(bytes.fromhex(v["Key"])), bytes.fromhex(v["Nonce"])
                plain, ad = bytes.fromhex(v["Plaintext"]), bytes.fromhex(v["AssociatedData"])
                sealed = mc.seal_stream(aead, nonce, plain, ad, v["BufSize"])
                self.assertEqual(sealed.hex(), v["Ciphertext"])
                self.assertEqual(mc.open_stream(aead, nonce, sealed, ad, v["BufSize"]), plain)


class RoundTripTest(unittest.TestCase):
    def test_every_aead_id_round_trips(self):
        for aead_id, size in ((mc.AES_GCM_ARGON2, 100), (mc.CHACHA_ARGON2, 16384),
                              (mc.AES_GCM_PBKDF2, 0), (mc.AES_GCM_PBKDF2, 40000)):
            with self.subTest(aead_id=aead_id, size=size):
                plain = os.urandom(size)
                body = mc.encrypt("secret-key", plain, aead_id)
                self.assertEqual(body[32], aead_id)
                self.assertEqual(len(body), 41 + size + 16 * max(1, -(-size // 16384)))
                self.assertEqual(mc.decrypt("secret-key", body), plain)

    def test_wrong_password_tampering_and_truncation_are_rejected(self):
        body = mc.encrypt("secret-key", b"x" * 20000, mc.AES_GCM_PBKDF2)
        with self.assertRaises(mc.DecryptError):
            mc.decrypt("other-key", body)
        tampered = bytearray(body)
        tampered[-1] ^= 1
        with self.assertRaises(mc.DecryptError):
            mc.decrypt("secret-key", bytes(tampered))
        with self.assertRaises(mc.DecryptError):  # only the non-final fragment left
            mc.decrypt("secret-key", body[:mc.HEADER_SIZE + mc.BUF_SIZE + mc.TAG_SIZE])
        for bad in (b"", b"{}", b"\x00" * 32 + b"\x07" + b"\x00" * 30):
            with self.assertRaises(mc.DecryptError):
                mc.decrypt("secret-key", bad)

    def test_empty_final_fragment_after_a_full_one_is_accepted(self):
        # The Java client's form for an exact multiple of the buffer size.
        salt, nonce = os.urandom(32), os.urandom(8)
        aead = mc._aead(mc.AES_GCM_PBKDF2,  # pylint: disable=protected-access
                        mc.derive_key("k" * 8, salt, mc.AES_GCM_PBKDF2))
        plain = os.urandom(mc.BUF_SIZE)
        tag = mc.header_tag(aead, nonce)
        stream = (aead.encrypt(nonce + (1).to_bytes(4, "little"), plain, b"\x00" + tag) +
                  aead.encrypt(nonce + (2).to_bytes(4, "little"), b"", b"\x80" + tag))
        body = salt + bytes([mc.AES_GCM_PBKDF2]) + nonce + stream
        self.assertEqual(mc.decrypt("k" * 8, body), plain)

    def test_response_encryptor_reuses_its_key_with_fresh_nonces(self):
        encryptor = mc.ResponseEncryptor(mc.AES_GCM_PBKDF2)
        first, second = (encryptor.encrypt("secret-key", b'{"a":1}') for _ in range(2))
        self.assertEqual(first[:33], second[:33])
        self.assertNotEqual(first[33:41], second[33:41])
        self.assertEqual(mc.decrypt("secret-key", second), b'{"a":1}')
        self.assertNotEqual(encryptor.encrypt("other-key", b"")[:32], first[:32])


if __name__ == "__main__":
    unittest.main()
