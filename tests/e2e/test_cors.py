"""Bucket CORS rules through the real ospd. ECS (whose S3 API, radosgw here, has ?cors): rules
set at create, read back with GetBucket and with awscli straight from S3, honoured by a browser
preflight (curl OPTIONS) against the bucket's S3 URL, compared on a retried create, replaced
with buf curl and ospctl and removed with ospctl. MinIO (whose community server answers
PutBucketCors with NotImplemented): capabilities say no and a request with rules is refused
naming cors_rules, creating nothing."""

import json
import subprocess
import unittest

import botocore.exceptions
import grpc
from osp.v1 import provider_pb2

import backends
import harness
from drivers import RpcAssertions, remove_account

SITE = None
OSPD = None
APP = "https://app.example.com"
# What a browser app reading and uploading through presigned URLs needs.
BROWSE = provider_pb2.CorsRule(allowed_origins=[APP], allowed_methods=["GET", "HEAD", "PUT"],
                               allowed_headers=["*"], expose_headers=["ETag"],
                               max_age_seconds=600)


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    SITE, OSPD = backends.start_site(("ecs", "ecs", {}), ("minio", "minio", {}))


def tearDownModule():
    SITE.stop()


def preflight(url, origin, method, ca_file=None):
    """A browser's CORS preflight of `method` from `origin` to url: (HTTP status, headers with
    lower-case names)."""
    tls = ["--cacert", ca_file] if url.startswith("https:") and ca_file else []
    done = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-D", "-", "-X", "OPTIONS", *tls, "-H",
         f"Origin: {origin}", "-H", f"Access-Control-Request-Method: {method}", url],
        capture_output=True, text=True, check=True, timeout=60, stdin=subprocess.DEVNULL)
    lines = done.stdout.strip().splitlines()
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


class EcsCorsTest(RpcAssertions, unittest.TestCase):

    def setUp(self):
        self.rpc = SITE.driver("grpc", OSPD, "ecs")
        self.ospctl = SITE.driver("ospctl", OSPD, "ecs")
        self.backend = SITE.backends["ecs"]
        self.account = backends.new_account()
        self.keys = self.rpc.ensure_user(self.account).credentials
        self.addCleanup(remove_account, self.rpc, self.account)

    def s3_cors(self, bucket):
        """The bucket's CORS rules as awscli reads them from S3 with the owner's keys."""
        return self.backend.aws(self.keys, "s3api", "get-bucket-cors",
                                "--bucket", bucket)["CORSRules"]

    def test_capabilities_say_cors(self):
        self.assertTrue(self.rpc.capabilities().cors)

    def test_rules_set_at_create_read_back_and_honoured_by_a_preflight(self):
        name = backends.unique_bucket("cors")
        created = self.rpc.create_bucket(name, self.account, cors=[BROWSE])
        self.assertEqual(list(created.spec.cors_rules), [BROWSE])
        got = self.rpc.get_bucket(name)
        self.assertEqual(len(got.spec.cors_rules), 1)
        rule = got.spec.cors_rules[0]
        self.assertEqual(list(rule.allowed_origins), [APP])
        self.assertEqual(sorted(rule.allowed_methods), ["GET", "HEAD", "PUT"])
        self.assertEqual(list(rule.allowed_headers), ["*"])
        self.assertEqual(list(rule.expose_headers), ["ETag"])
        self.assertEqual(rule.max_age_seconds, 600)

        (stored,) = self.s3_cors(name)
        self.assertEqual(stored["AllowedOrigins"], [APP])
        self.assertEqual(sorted(stored["AllowedMethods"]), ["GET", "HEAD", "PUT"])
        self.assertEqual(stored["MaxAgeSeconds"], 600)

        url = f"{got.public_url}/index.html"
        status, headers = preflight(url, APP, "PUT", self.backend.sim.ca_file)
        self.assertEqual(status, 200, headers)
        self.assertEqual(headers.get("access-control-allow-origin"), APP)
        status, headers = preflight(url, "https://elsewhere.example.net", "GET",
                                    self.backend.sim.ca_file)
        self.assertNotEqual(status, 200)
        self.assertNotIn("access-control-allow-origin", headers)

        # A retried create compares the rules as S3 stores them; other rules are a conflict.
        self.assertEqual(list(self.rpc.create_bucket(name, self.account,
                                                     cors=[BROWSE]).spec.cors_rules), [BROWSE])
        other = provider_pb2.CorsRule(allowed_origins=["*"], allowed_methods=["GET"])
        failure = self.assertFails(grpc.StatusCode.ALREADY_EXISTS, self.rpc.create_bucket, name,
                                   self.account, cors=[other])
        self.assertIn("CORS", failure.message)

    def test_buf_curl_and_ospctl_replace_and_remove_the_rules(self):
        name = backends.unique_bucket("cors")
        self.rpc.create_bucket(name, self.account)
        # The README's example: JSON names a FieldMask path in lowerCamelCase.
        request = {"backend": "ecs", "bucket": {"name": name, "cors_rules": [
            {"allowed_origins": [APP], "allowed_methods": ["GET", "PUT", "HEAD"],
             "allowed_headers": ["*"], "expose_headers": ["ETag"], "max_age_seconds": 600}]},
                   "update_mask": "corsRules"}
        done = harness.buf_curl("--unix-socket", OSPD.daemon.unix_path, "-d",
                                json.dumps(request),
                                "http://localhost/osp.v1.ObjectStoreProvider/UpdateBucket")
        self.assertEqual(done.returncode, 0, done.stderr)
        (rule,) = json.loads(done.stdout)["bucket"]["spec"]["corsRules"]
        self.assertEqual(rule["allowedOrigins"], [APP])
        self.assertEqual(self.s3_cors(name)[0]["AllowedOrigins"], [APP])

        other = provider_pb2.CorsRule(allowed_origins=["*"], allowed_methods=["GET"],
                                      allowed_headers=["*"])
        updated = self.ospctl.update_bucket(name, cors=[other])
        self.assertEqual(list(updated.spec.cors_rules), [other])
        (stored,) = self.s3_cors(name)
        self.assertEqual(stored["AllowedOrigins"], ["*"])
        self.assertEqual(stored["AllowedMethods"], ["GET"])

        for _ in range(2):  # Removing rules that are gone already is done too.
            cleared = self.ospctl.update_bucket(name, cors=[])
            self.assertEqual(list(cleared.spec.cors_rules), [])
        self.assertEqual(list(self.rpc.get_bucket(name).spec.cors_rules), [])
        s3 = self.backend.s3(self.keys.access_key_id, self.keys.secret_access_key)
        self.addCleanup(s3.close)
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            s3.get_bucket_cors(Bucket=name)
        self.assertEqual(backends.error_code(caught.exception), "NoSuchCORSConfiguration")


class MinioCorsTest(RpcAssertions, unittest.TestCase):

    def test_rules_are_refused_naming_the_field(self):
        rpc = SITE.driver("grpc", OSPD, "minio")
        ospctl = SITE.driver("ospctl", OSPD, "minio")
        self.assertFalse(rpc.capabilities().cors)
        account = backends.new_account()
        rpc.ensure_user(account)
        self.addCleanup(remove_account, rpc, account)
        name = backends.unique_bucket("cors")
        rule = provider_pb2.CorsRule(allowed_origins=[APP], allowed_methods=["GET"],
                                     allowed_headers=["*"])
        for driver in (rpc, ospctl):
            failure = self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, driver.create_bucket,
                                       name, account, cors=[rule])
            self.assertIn("cors_rules", failure.message)
        self.assertFails(grpc.StatusCode.NOT_FOUND, rpc.get_bucket, name)
        rpc.create_bucket(name, account)
        failure = self.assertFails(grpc.StatusCode.INVALID_ARGUMENT, ospctl.update_bucket, name,
                                   cors=[rule])
        self.assertIn("cors_rules", failure.message)
        self.assertEqual(list(rpc.update_bucket(name, cors=[]).spec.cors_rules), [])


if __name__ == "__main__":
    unittest.main()
