"""The MinIO simulator's policy model and its mirroring into radosgw bucket policies.
No network."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from minio import minio_mirror, minio_policy
from minio.minio_errors import MinioError
from minio.minio_iam import CannedPolicy, Iam, ServiceAccount, User
from simlib.clock import SimClock


def _policy(effect, actions, resources):
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": effect, "Action": actions, "Resource": resources}]}


class PolicyTest(unittest.TestCase):
    def test_normalize_lists_and_rejects_malformed(self):
        doc = minio_policy.normalize({"Version": "2012-10-17", "Statement": {
            "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}})
        self.assertEqual(doc["Statement"], [{"Effect": "Allow", "Action": ["s3:GetObject"],
                                             "Resource": ["arn:aws:s3:::b/*"]}])
        for bad in ({"Statement": []}, {"Version": "2012-10-17"},
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "*"}]},
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]},
                    _policy("Allow", ["s3:*"], []), _policy("Allow", ["s3:*"], ["b1"])):
            with self.assertRaises(MinioError, msg=json.dumps(bad)) as caught:
                minio_policy.normalize(bad)
            self.assertEqual(caught.exception.code, "MalformedPolicy")

    def test_bucket_match_is_minio_wildcard_match(self):
        doc = minio_policy.normalize(_policy("Allow", ["s3:*"], [
            "arn:aws:s3:::data-1", "arn:aws:s3:::logs-?/*"]))
        self.assertTrue(minio_policy.matches_bucket(doc, "data-1"))
        self.assertFalse(minio_policy.matches_bucket(doc, "data-12"))
        self.assertFalse(minio_policy.matches_bucket(doc, "logs-a"))  # only objects of it
        self.assertTrue(minio_policy.matches_bucket(minio_policy.BUILTIN["readwrite"], "any"))

    def test_allow_deny_and_actions(self):
        allow = minio_policy.normalize(_policy("Allow", ["s3:Get*", "admin:ListUsers"],
                                               ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]))
        deny = minio_policy.normalize(_policy("Deny", ["s3:GetObject"], ["arn:aws:s3:::b/x"]))
        self.assertTrue(minio_policy.is_allowed([allow], "s3:GetObject", "b/y"))
        self.assertTrue(minio_policy.is_allowed([allow], "admin:ListUsers"))
        self.assertFalse(minio_policy.is_allowed([allow], "s3:PutObject", "b/y"))
        self.assertFalse(minio_policy.is_allowed([allow], "s3:GetObject", "c/y"))
        self.assertFalse(minio_policy.is_allowed([allow, deny], "s3:GetObject", "b/x"))
        self.assertFalse(minio_policy.is_allowed([], "admin:ListUsers"))


class IamTest(unittest.TestCase):
    def setUp(self):
        self.iam = Iam("root", "rootsecret", SimClock())
        self.iam.users["u1"] = User("u1", "u1secret", "enabled", 0)
        self.iam.policies["p1"] = CannedPolicy(minio_policy.normalize(
            _policy("Allow", ["s3:*", "admin:GetUser"], ["arn:aws:s3:::b1", "arn:aws:s3:::b1/*"]
                    )), 0)
        self.iam.users["u1"].policies = ["p1"]

    def test_callers_and_their_rights(self):
        self.assertTrue(self.iam.caller("root").allows("admin:CreateUser"))
        user = self.iam.caller("u1")
        self.assertTrue(user.allows("admin:GetUser"))
        self.assertFalse(user.allows("admin:CreateUser"))
        narrow = minio_policy.normalize(_policy("Allow", ["s3:GetObject"], ["arn:aws:s3:::b1/*"]))
        self.iam.service_accounts["svc1"] = ServiceAccount("svc1", "s", "u1", narrow, "", "",
                                                           None, 0)
        svc = self.iam.caller("svc1")
        self.assertEqual(svc.uid, "u1")
        self.assertTrue(svc.allows("s3:GetObject", "b1/k"))
        self.assertFalse(svc.allows("s3:PutObject", "b1/k"))
        self.iam.users["u1"].status = "disabled"
        self.assertFalse(self.iam.caller("svc1").enabled)
        self.assertIsNone(self.iam.caller("nobody"))

    def test_expired_service_account_is_disabled(self):
        self.iam.service_accounts["svc2"] = ServiceAccount("svc2", "s", "u1", None, "", "",
                                                           self.iam.now() + 60, 0)
        self.assertTrue(self.iam.caller("svc2").enabled)
        self.iam.clock.advance(61)
        self.assertFalse(self.iam.caller("svc2").enabled)

    def test_mirrored_policy_merges_client_statements_and_users(self):
        self.iam.policies["deny-all"] = CannedPolicy(minio_policy.normalize(
            _policy("Deny", ["s3:*"], ["arn:aws:s3:::*"])), 0)
        self.iam.users["u2"] = User("u2", "u2secret", "enabled", 0)
        self.iam.users["u2"].policies = ["deny-all"]
        self.assertEqual(minio_mirror.named_buckets(self.iam), {"b1"})
        self.assertEqual(minio_mirror.merged_policy(self.iam, "other", "root"), ("", set()))
        self.iam.bucket_policies["b1"] = json.dumps(_policy("Allow", ["s3:GetObject"],
                                                            ["arn:aws:s3:::b1/*"]))
        text, granted = minio_mirror.merged_policy(self.iam, "b1", "root")
        self.assertEqual(granted, {"u1"})
        merged = json.loads(text)
        self.assertEqual(len(merged["Statement"]), 2)
        generated = merged["Statement"][1]
        self.assertEqual(generated["Principal"], {"AWS": ["arn:aws:iam:::user/u1"]})
        self.assertEqual(generated["Action"], ["s3:*"])
        self.assertEqual(generated["Resource"], ["arn:aws:s3:::b1", "arn:aws:s3:::b1/*"])

    def test_revoked_users_are_denied_but_never_the_owner(self):
        self.iam.granted["b1"] = {"u1", "u3", "owner"}
        self.iam.users["u1"].policies = []
        text, granted = minio_mirror.merged_policy(self.iam, "b1", "owner")
        self.assertEqual(granted, set())
        (deny,) = json.loads(text)["Statement"]
        self.assertEqual((deny["Effect"], deny["Principal"]["AWS"]),
                         ("Deny", ["arn:aws:iam:::user/u1", "arn:aws:iam:::user/u3"]))
    def test_client_part_drops_only_mirrored_statements(self):
        own = json.dumps(_policy("Allow", ["s3:GetObject"], ["arn:aws:s3:::b1/*"]))
        self.assertEqual(minio_mirror.client_part(own), own)
        self.iam.bucket_policies["b1"] = own
        merged, _ = minio_mirror.merged_policy(self.iam, "b1", "root")
        self.assertEqual(json.loads(minio_mirror.client_part(merged)), json.loads(own))
        del self.iam.bucket_policies["b1"]
        merged, _ = minio_mirror.merged_policy(self.iam, "b1", "root")
        self.assertEqual(minio_mirror.client_part(merged), "")
        self.assertEqual(minio_mirror.client_part(""), "")


if __name__ == "__main__":
    unittest.main()
