"""simlib.sigv4 (server-side SigV4 verification) against the AWS S3 documentation examples and
the MinIO-admin-shaped requests in tests/testdata/sigv4-vectors.json, and its rejections.
No network."""

import http.client
import json
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from simlib import sigv4

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata",
                       "sigv4-vectors.json")


def _headers(pairs):
    message = http.client.HTTPMessage()
    for name, value in pairs.items():
        message[name] = value
    return message


def _query(pairs):
    return "&".join(urllib.parse.quote(k, safe="-_.~") +
                    ("=" + urllib.parse.quote(v, safe="-_.~") if v else "") for k, v in pairs)


class SigV4Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(VECTORS, encoding="utf-8") as f:
            vectors = json.load(f)
        cls.s3_examples = {e["name"]: e for e in vectors["s3_documentation_examples"]["examples"]}
        cls.admin_examples = vectors["derived_admin_examples"]

    def _verify(self, method, path, query, headers, secret, now, body=None):
        credential = sigv4.parse(headers, query)
        sigv4.verify(method, path, query, headers, credential, secret, now, body)
        return credential

    def test_s3_documentation_header_examples(self):
        for name in ("s3-get-object-range", "s3-put-object", "s3-get-bucket-lifecycle",
                     "s3-list-objects"):
            with self.subTest(name):
                e = self.s3_examples[name]
                headers = _headers(dict(e["headers"], Authorization=e["authorization"]))
                query = _query(e["query"])
                credential = sigv4.parse(headers, query)
                self.assertEqual(credential.access_key, e["access_key_id"])
                self.assertEqual(
                    sigv4.canonical_request(e["method"], e["path"], query, headers,
                                            credential.signed_headers, e["payload_hash"]),
                    e["canonical_request"])
                now = sigv4._parse_amz_date(e["x_amz_date"])  # pylint: disable=protected-access
                self._verify(e["method"], e["path"], query, headers, e["secret_access_key"],
                             now, e["body"].encode())

    def test_presigned_example(self):
        e = self.s3_examples["s3-presigned-get-object"]
        split = urllib.parse.urlsplit(e["presigned_url"])
        headers = _headers(e["headers"])
        signed_at = sigv4._parse_amz_date(e["x_amz_date"])  # pylint: disable=protected-access
        credential = self._verify("GET", split.path, split.query, headers,
                                  e["secret_access_key"], signed_at + 60)
        self.assertTrue(credential.presigned)
        with self.assertRaises(sigv4.SigV4Error) as caught:
            self._verify("GET", split.path, split.query, headers, e["secret_access_key"],
                         signed_at + e["expires"] + 1)
        self.assertEqual(caught.exception.code, "AccessDenied")

    def test_admin_examples_with_empty_and_named_region(self):
        for e in self.admin_examples:
            with self.subTest(e["name"]):
                split = urllib.parse.urlsplit(e["url"])
                headers = _headers(dict(e["headers"], Authorization=e["authorization"]))
                now = sigv4._parse_amz_date(e["x_amz_date"])  # pylint: disable=protected-access
                self._verify(e["method"], split.path, split.query, headers,
                             e["secret_access_key"], now, bytes.fromhex(e.get("body_hex", "")))

    def test_rejections(self):
        e = self.admin_examples[0]
        split = urllib.parse.urlsplit(e["url"])
        headers = _headers(dict(e["headers"], Authorization=e["authorization"]))
        now = sigv4._parse_amz_date(e["x_amz_date"])  # pylint: disable=protected-access
        body = bytes.fromhex(e["body_hex"])
        cases = [
            ("SignatureDoesNotMatch", dict(secret="wrong-secret")),
            ("SignatureDoesNotMatch", dict(query="accessKey=user2")),
            ("RequestTimeTooSkewed", dict(now=now + 16 * 60)),
            ("XAmzContentSHA256Mismatch", dict(body=body + b"x")),
        ]
        for code, change in cases:
            with self.subTest(code=code, change=sorted(change)):
                args = dict(secret=e["secret_access_key"], query=split.query, now=now,
                            body=body)
                args.update(change)
                with self.assertRaises(sigv4.SigV4Error) as caught:
                    self._verify(e["method"], split.path, args["query"], headers,
                                 args["secret"], args["now"], args["body"])
                self.assertEqual(caught.exception.code, code)

    def test_anonymous_and_malformed(self):
        self.assertIsNone(sigv4.parse(_headers({}), "a=b"))
        for bad in ("AWS4-HMAC-SHA256 Credential=AK/20250101/us-east-1/s3",
                    "AWS AK:signature", "AWS4-HMAC-SHA256 SignedHeaders=host"):
            with self.assertRaises(sigv4.SigV4Error, msg=bad) as caught:
                sigv4.parse(_headers({"Authorization": bad}), "")
            self.assertEqual(caught.exception.status, 400)


if __name__ == "__main__":
    unittest.main()
