"""The MinIO simulator's admin API: signing, encrypted bodies, users, canned policies and their
attachment, service accounts, checked against an independent client (botocore signing, boto3
S3 through the front and straight to radosgw)."""

import datetime
import hashlib
import json
from unittest import mock

from minio import madmin_crypto
from minio.minio_test_base import (ROOT_ACCESS_KEY, ROOT_SECRET, MinioSimTestCase,
                                   bucket_policy, unique)


class SigningTest(MinioSimTestCase):
    def test_root_signature_is_accepted_with_empty_or_named_region(self):
        for region in ("", "us-east-1"):
            self.admin.region = region
            self.ok(self.admin.call("GET", "list-canned-policies"))

    def test_missing_content_sha256_is_access_denied(self):
        self.assertAdminError(self.admin.call("GET", "list-canned-policies", content_sha=False),
                              403, "AccessDenied")

    def test_wrong_secret_unknown_key_and_bad_body_hash(self):
        self.assertAdminError(self.admin.call("GET", "list-users",
                                              secret_for_signing="not-the-secret"),
                              403, "SignatureDoesNotMatch")
        self.assertAdminError(self.admin.with_keys("nobody", "whatever1").call(
            "GET", "list-users"), 403, "InvalidAccessKeyId")
        body = b'{"quota":0}'
        response = self.admin.call("PUT", "set-bucket-quota", {"bucket": "b"}, body,
                                   headers={"X-Amz-Content-Sha256":
                                            hashlib.sha256(b"other").hexdigest()},
                                   content_sha=False)
        self.assertAdminError(response, 400, "XAmzContentSHA256Mismatch")

    def test_anonymous_and_presigned_admin_calls_are_denied(self):
        self.assertAdminError(self.admin.send("GET", self.info["admin_url"] + "/list-users",
                                              {"X-Amz-Content-Sha256": "x"}),
                              403, "AccessDenied")
        url = (self.info["admin_url"] + "/list-users?X-Amz-Algorithm=AWS4-HMAC-SHA256"
               "&X-Amz-Credential=%s%%2F20250101%%2F%%2Fs3%%2Faws4_request&X-Amz-Date="
               "20250101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00" % ROOT_ACCESS_KEY)
        self.assertAdminError(self.admin.send("GET", url, {"X-Amz-Content-Sha256": "x"}),
                              403, "AccessDenied")

    def test_clock_skew(self):
        skewed = datetime.datetime.utcnow() - datetime.timedelta(minutes=16)
        with mock.patch("botocore.auth.datetime") as fake:
            fake.datetime.utcnow.return_value = skewed
            response = self.admin.call("GET", "list-users")
        self.assertAdminError(response, 403, "RequestTimeTooSkewed")

    def test_unknown_routes_are_426(self):
        for method, operation, query in (("GET", "no-such-call", {}),
                                         ("POST", "user-info", {"accessKey": "a"}),
                                         ("GET", "user-info", {}),
                                         ("PUT", "set-user-status", {"accessKey": "a"})):
            with self.subTest(operation=operation, method=method):
                self.assertAdminError(self.admin.call(method, operation, query), 426,
                                      "XMinioAdminVersionMismatch")
        self.assertAdminError(self.admin.call("GET", "list-users", version="v4"), 426,
                              "XMinioAdminVersionMismatch")


class UsersTest(MinioSimTestCase):
    def test_encrypted_add_user_works_through_front_and_directly(self):
        bucket = self.make_bucket()
        access_key, secret = self.make_user([bucket])
        info = self.ok(self.admin.call("GET", "user-info", {"accessKey": access_key})).json()
        self.assertEqual(info["status"], "enabled")
        self.assertEqual(info["policyName"], access_key + "-policy")
        self.assertNotIn("secretKey", info)
        self.front(access_key, secret).put_object(Bucket=bucket, Key="k", Body=b"via front")
        body = self.direct(access_key, secret).get_object(Bucket=bucket, Key="k")["Body"]
        self.assertEqual(body.read(), b"via front")
        # Nothing granted on another bucket (radosgw denies non-owners).
        other = self.make_bucket()
        self.assertS3Error("AccessDenied", self.front(access_key, secret).list_objects_v2,
                           Bucket=other)

    def test_add_user_is_an_upsert_and_rejects_bad_bodies(self):
        access_key, _ = self.make_user()
        self.ok(self.admin.add_user(access_key, "replaced-secret-1"))
        self.front(access_key, "replaced-secret-1").list_buckets()
        plain = self.admin.call("PUT", "add-user", {"accessKey": access_key},
                                {"secretKey": "x" * 10, "status": "enabled"})
        self.assertAdminError(plain, 400, "XMinioAdminConfigBadJSON")
        wrong_key = madmin_crypto.encrypt("some-other-secret", b'{"secretKey":"abcdefgh12"}',
                                          madmin_crypto.AES_GCM_PBKDF2)
        self.assertAdminError(self.admin.call("PUT", "add-user", {"accessKey": access_key},
                                              wrong_key), 400, "XMinioAdminConfigBadJSON")
        self.assertAdminError(self.admin.add_user(ROOT_ACCESS_KEY, "whatever-secret"), 403,
                              "XMinioInvalidIAMCredentials")
        self.assertAdminError(self.admin.add_user(unique("u"), "short"), 400,
                              "XMinioAdminInvalidSecretKey")

    def test_list_users_is_encrypted_and_filters_by_bucket(self):
        bucket = self.make_bucket()
        with_access, _ = self.make_user([bucket])
        without, _ = self.make_user()
        response = self.ok(self.admin.call("GET", "list-users"))
        self.assertTrue(madmin_crypto.is_encrypted(response.body))
        users = response.decrypted()
        self.assertIn(with_access, users)
        self.assertIn(without, users)
        filtered = self.ok(self.admin.call("GET", "list-users", {"bucket": bucket})).decrypted()
        self.assertEqual(list(filtered), [with_access])

    def test_disable_and_remove_user(self):
        bucket = self.make_bucket()
        access_key, secret = self.make_user([bucket])
        s3 = self.front(access_key, secret)
        s3.head_bucket(Bucket=bucket)
        self.ok(self.admin.call("PUT", "set-user-status",
                                {"accessKey": access_key, "status": "disabled"}))
        self.assertEqual(self.admin.call("GET", "user-info", {"accessKey": access_key}
                                         ).json()["status"], "disabled")
        with self.assertRaises(Exception):
            s3.head_bucket(Bucket=bucket)
        self.ok(self.admin.call("PUT", "set-user-status",
                                {"accessKey": access_key, "status": "enabled"}))
        s3.head_bucket(Bucket=bucket)
        self.ok(self.admin.call("DELETE", "remove-user", {"accessKey": access_key}))
        self.ok(self.admin.call("DELETE", "remove-user", {"accessKey": access_key}))
        self.assertAdminError(self.admin.call("GET", "user-info", {"accessKey": access_key}),
                              404, "XMinioAdminNoSuchUser")
        self.assertS3Error("InvalidAccessKeyId", self.direct(access_key, secret).list_buckets)
        self.assertAdminError(self.admin.call("PUT", "set-user-status",
                                              {"accessKey": access_key, "status": "enabled"}),
                              404, "XMinioAdminNoSuchUser")

    def test_non_root_users_need_admin_actions(self):
        access_key, secret = self.make_user()
        as_user = self.admin.with_keys(access_key, secret)
        self.assertAdminError(as_user.call("GET", "list-users"), 403, "AccessDenied")
        self.ok(as_user.call("GET", "user-info", {"accessKey": access_key}))
        name = unique("admin-list")
        self.ok(self.admin.add_policy(name, {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["admin:ListUsers"], "Resource": ["arn:aws:s3:::*"]}]}))
        self.ok(self.admin.attach(access_key, [name]))
        users = self.ok(as_user.call("GET", "list-users")).decrypted()  # encrypted for the user
        self.assertIn(access_key, users)
        self.assertAdminError(as_user.call("GET", "datausageinfo"), 403, "AccessDenied")


class PoliciesTest(MinioSimTestCase):
    def test_add_info_list_remove(self):
        name, bucket = unique("p"), unique("b")
        doc = bucket_policy(bucket)
        self.ok(self.admin.add_policy(name, doc))
        self.assertEqual(self.admin.call("GET", "info-canned-policy", {"name": name}).json(),
                         doc)
        v2 = self.ok(self.admin.call("GET", "info-canned-policy", {"name": name, "v": "2"}))
        self.assertEqual(v2.json()["PolicyName"], name)
        self.assertEqual(v2.json()["Policy"], doc)
        self.assertIn("CreateDate", v2.json())
        listed = self.admin.call("GET", "list-canned-policies").json()
        self.assertEqual(listed[name], doc)
        self.assertIn("readwrite", listed)
        by_bucket = self.admin.call("GET", "list-canned-policies", {"bucket": bucket}).json()
        self.assertIn(name, by_bucket)
        self.assertNotIn(name, self.admin.call("GET", "list-canned-policies",
                                               {"bucket": bucket + "x"}).json())
        self.ok(self.admin.call("DELETE", "remove-canned-policy", {"name": name}))
        self.ok(self.admin.call("DELETE", "remove-canned-policy", {"name": name}))
        self.assertAdminError(self.admin.call("GET", "info-canned-policy", {"name": name}), 404,
                              "XMinioAdminNoSuchPolicy")

    def test_malformed_policies(self):
        for doc in ({"Statement": []}, {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["bucket"]}]}):
            self.assertAdminError(self.admin.add_policy(unique("p"), doc), 400,
                                  "MalformedPolicy")
        self.assertAdminError(self.admin.call("PUT", "add-canned-policy", {"name": unique("p")},
                                              b"not json"), 400, "MalformedPolicy")

    def test_attach_detach_and_policy_in_use(self):
        bucket = self.make_bucket()
        access_key, secret = self.make_user()
        name = unique("p")
        self.ok(self.admin.add_policy(name, bucket_policy(bucket)))
        attached = self.ok(self.admin.attach(access_key, [name]))
        self.assertEqual(attached.decrypted()["policiesAttached"], [name])
        self.assertAdminError(self.admin.attach(access_key, [name]), 400,
                              "XMinioAdminPolicyChangeAlreadyApplied")
        self.front(access_key, secret).put_object(Bucket=bucket, Key="k", Body=b"1")
        self.assertAdminError(self.admin.call("DELETE", "remove-canned-policy", {"name": name}),
                              400, "XMinioIAMPolicyInUse")
        detached = self.ok(self.admin.attach(access_key, [name], detach=True))
        self.assertEqual(detached.decrypted()["policiesDetached"], [name])
        self.assertAdminError(self.admin.attach(access_key, [name], detach=True), 400,
                              "XMinioAdminPolicyChangeAlreadyApplied")
        self.assertS3Error("AccessDenied", self.front(access_key, secret).get_object,
                           Bucket=bucket, Key="k")
        self.ok(self.admin.call("DELETE", "remove-canned-policy", {"name": name}))

    def test_attach_errors(self):
        access_key, _ = self.make_user()
        self.assertAdminError(self.admin.attach(access_key, [unique("nope")]), 404,
                              "XMinioAdminNoSuchPolicy")
        self.assertAdminError(self.admin.attach(unique("nobody"), ["readwrite"]), 404,
                              "XMinioAdminNoSuchUser")
        wrong_type = self.admin.call("POST", "idp/builtin/policy/attach",
                                     body={"policies": ["readwrite"], "user": access_key},
                                     encrypt=True, content_type="application/json")
        self.assertEqual(wrong_type.status, 400)

    def test_set_user_or_group_policy_replaces_the_mapping(self):
        access_key, _ = self.make_user()
        first, second = unique("p"), unique("p")
        for name in (first, second):
            self.ok(self.admin.add_policy(name, bucket_policy(unique("b"))))
        self.ok(self.admin.attach(access_key, [first]))
        self.ok(self.admin.call("PUT", "set-user-or-group-policy", {
            "policyName": second + ",readonly", "userOrGroup": access_key, "isGroup": "false"}))
        info = self.admin.call("GET", "user-info", {"accessKey": access_key}).json()
        self.assertEqual(info["policyName"], second + ",readonly")


class ServiceAccountsTest(MinioSimTestCase):
    def test_create_list_info_use_delete(self):
        bucket = self.make_bucket()
        parent, _ = self.make_user([bucket])
        created = self.ok(self.admin.call("PUT", "add-service-account", body={
            "targetUser": parent, "name": "b1-key", "description": "for b1"}, encrypt=True))
        credentials = created.decrypted()["credentials"]
        svc_key, svc_secret = credentials["accessKey"], credentials["secretKey"]
        self.assertEqual(len(svc_key), 20)
        given = self.ok(self.admin.call("PUT", "add-service-account", body={
            "targetUser": parent, "accessKey": unique("svc"), "secretKey": "given-secret-1"},
            encrypt=True)).decrypted()["credentials"]
        listed = self.ok(self.admin.call("GET", "list-service-accounts",
                                         {"user": parent})).decrypted()["accounts"]
        self.assertEqual(sorted(a["accessKey"] for a in listed),
                         sorted([svc_key, given["accessKey"]]))
        info = self.ok(self.admin.call("GET", "info-service-account",
                                       {"accessKey": svc_key})).decrypted()
        self.assertEqual((info["parentUser"], info["name"], info["accountStatus"]),
                         (parent, "b1-key", "on"))
        self.front(svc_key, svc_secret).put_object(Bucket=bucket, Key="svc", Body=b"s")
        self.direct(given["accessKey"], "given-secret-1").head_object(Bucket=bucket, Key="svc")
        self.ok(self.admin.call("DELETE", "delete-service-account", {"accessKey": svc_key}),
                204)
        self.assertAdminError(self.admin.call("GET", "info-service-account",
                                              {"accessKey": svc_key}),
                              404, "XMinioInvalidIAMCredentials")
        self.assertS3Error("InvalidAccessKeyId", self.direct(svc_key, svc_secret).list_buckets)
        # Removing the parent removes its remaining service accounts.
        self.ok(self.admin.call("DELETE", "remove-user", {"accessKey": parent}))
        self.assertEqual(self.admin.call("GET", "list-service-accounts", {"user": parent}
                                         ).decrypted()["accounts"], [])
        self.assertS3Error("InvalidAccessKeyId",
                           self.direct(given["accessKey"], "given-secret-1").list_buckets)

    def test_users_manage_their_own_and_bad_requests(self):
        parent, secret = self.make_user()
        as_user = self.admin.with_keys(parent, secret)
        own = self.ok(as_user.call("PUT", "add-service-account", body={}, encrypt=True))
        self.assertEqual(self.admin.call("GET", "info-service-account", {
            "accessKey": own.decrypted()["credentials"]["accessKey"]}).decrypted()[
            "parentUser"], parent)
        other, _ = self.make_user()
        self.assertAdminError(as_user.call("PUT", "add-service-account",
                                           body={"targetUser": other}, encrypt=True),
                              403, "AccessDenied")
        self.assertAdminError(self.admin.call("PUT", "add-service-account",
                                              body={"targetUser": unique("nobody")},
                                              encrypt=True), 404, "XMinioAdminNoSuchUser")
        self.assertAdminError(self.admin.call("PUT", "add-service-account",
                                              body={"targetUser": parent, "name": "1bad"},
                                              encrypt=True), 400, "XMinioAdminInvalidArgument")


class Pbkdf2ResponsesTest(MinioSimTestCase):
    """--response-encryption pbkdf2-aes-gcm: responses use AEAD id 2, as a FIPS server's."""

    SIM_ARGS = ["--response-encryption", "pbkdf2-aes-gcm", "--plain-http"]

    def test_responses_use_id_2_and_still_decrypt(self):
        response = self.ok(self.admin.call("GET", "list-users"))
        self.assertEqual(response.body[32], madmin_crypto.AES_GCM_PBKDF2)
        self.assertIsInstance(response.decrypted(), dict)
        self.assertTrue(self.info["endpoint"].startswith("http://"))
        self.assertIsNone(self.info["ca_file"])

    def test_requests_with_every_aead_id_are_accepted(self):
        for aead_id in (madmin_crypto.AES_GCM_ARGON2, madmin_crypto.CHACHA_ARGON2,
                        madmin_crypto.AES_GCM_PBKDF2):
            body = madmin_crypto.encrypt(ROOT_SECRET, json.dumps(
                {"secretKey": "secret-key-1", "status": "enabled"}).encode(), aead_id)
            self.ok(self.admin.call("PUT", "add-user", {"accessKey": unique("u")}, body))
