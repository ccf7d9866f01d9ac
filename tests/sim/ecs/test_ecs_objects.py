"""ECS simulator: object users, secret keys, buckets, quota, billing, policy and namespace
isolation, with boto3 and radosgw-admin as independent witnesses of the radosgw side."""

import json
import time
import unittest

import botocore.exceptions

from ecs.ecs_test_base import EcsSimTestCase, unique

GIB = 1024 ** 3


class UsersAndKeys(EcsSimTestCase):
    def test_user_create_info_list_delete(self):
        uid = unique("cs")
        created = self.call("POST", "/object/users", {"user": uid, "namespace": "ns1",
                                                       "tags": [{"name": "a", "value": "b"}]})
        self.assertEqual(created.status, 200)
        self.assertEqual(created.json()["link"]["href"], "/object/user-secret-keys/" + uid)
        info = self.ok("GET", "/object/users/%s/info?namespace=ns1" % uid)
        self.assertEqual((info["name"], info["namespace"], info["locked"]), (uid, "ns1", False))
        self.assertEqual(info["tag"], [{"name": "a", "value": "b"}])
        listed = self.ok("GET", "/object/users/ns1?limit=1000")["blobuser"]
        self.assertIn({"namespace": "ns1", "userid": uid}, listed)
        self.assertEqual(self.radosgw_admin("user", "info", "--uid", uid)[0], 0)
        self.ok("POST", "/object/users/deactivate", {"user": uid, "namespace": "ns1"})
        self.assertEcsError(self.call("GET", "/object/users/%s/info?namespace=ns1" % uid),
                            404, 2000)
        self.assertNotEqual(self.radosgw_admin("user", "info", "--uid", uid)[0], 0)

    def test_existing_user_is_refused(self):
        uid, _ = self.make_user()
        again = self.call("POST", "/object/users", {"user": uid, "namespace": "ns1"})
        self.assertEcsError(again, 400, 1015)
        self.assertIn(b"already exists", again.body)

    def test_missing_user(self):
        self.assertEcsError(self.call("GET", "/object/users/nobody/info?namespace=ns1"), 404,
                            2000)
        self.assertEcsError(self.call("GET", "/object/user-secret-keys/nobody"), 404, 2000)

    def test_generated_key_works_against_radosgw(self):
        uid = unique("cs")
        self.ok("POST", "/object/users", {"user": uid, "namespace": "ns1"})
        keys = self.ok("GET", "/object/user-secret-keys/%s/ns1" % uid)
        self.assertFalse(keys["secret_key_1_exist"])
        created = self.ok("POST", "/object/user-secret-keys/" + uid, {"namespace": "ns1"})
        self.assertEqual(len(created["secret_key"]), 40)
        self.s3(uid, created["secret_key"]).list_buckets()
        keys = self.ok("GET", "/object/user-secret-keys/" + uid)
        self.assertEqual((keys["secret_key_1"], keys["secret_key_1_exist"]),
                         (created["secret_key"], True))
        self.assertFalse(keys["secret_key_2_exist"])

    def test_given_key_second_slot_and_third_refused(self):
        uid, first = self.make_user(secret="A" * 40)
        self.assertEqual(first, "A" * 40)
        second = self.ok("POST", "/object/user-secret-keys/" + uid,
                         {"namespace": "ns1", "secretkey": "B" * 40})["secret_key"]
        keys = self.ok("GET", "/object/user-secret-keys/" + uid)
        self.assertEqual((keys["secret_key_1"], keys["secret_key_2"]), (first, second))
        self.s3(uid, second).list_buckets()
        third = self.call("POST", "/object/user-secret-keys/" + uid, {"namespace": "ns1"})
        self.assertEqual(third.status, 400)
        self.assertIn(b"already has 2 valid keys", third.body)

    def test_rotation_with_expiry_frees_the_old_slot(self):
        uid, old = self.make_user()
        new = self.ok("POST", "/object/user-secret-keys/" + uid,
                      {"namespace": "ns1", "existing_key_expiry_time_mins": "10"})["secret_key"]
        keys = self.ok("GET", "/object/user-secret-keys/" + uid)
        self.assertTrue(keys["key_expiry_timestamp_1"])
        self.assertEqual(keys["secret_key_2"], new)
        self.control.advance_clock(601)
        keys = self.ok("GET", "/object/user-secret-keys/" + uid)
        self.assertEqual((keys["secret_key_1_exist"], keys["secret_key_2"]), (False, new))
        self.s3(uid, new).list_buckets()
        with self.assertRaises(botocore.exceptions.ClientError):
            self.s3(uid, old).list_buckets()

    def test_delete_one_key_then_all(self):
        uid, first = self.make_user()
        second = self.ok("POST", "/object/user-secret-keys/" + uid,
                         {"namespace": "ns1"})["secret_key"]
        self.ok("POST", "/object/user-secret-keys/%s/deactivate" % uid,
                {"secret_key": second, "namespace": "ns1"})
        keys = self.ok("GET", "/object/user-secret-keys/" + uid)
        self.assertEqual((keys["secret_key_1"], keys["secret_key_2_exist"]), (first, False))
        self.s3(uid, first).list_buckets()
        unknown = self.call("POST", "/object/user-secret-keys/%s/deactivate" % uid,
                            {"secret_key": "nope", "namespace": "ns1"})
        self.assertEcsError(unknown, 400, 1004)
        self.ok("POST", "/object/user-secret-keys/%s/deactivate" % uid, {"namespace": "ns1"})
        keys = self.ok("GET", "/object/user-secret-keys/" + uid)
        self.assertFalse(keys["secret_key_1_exist"] or keys["secret_key_2_exist"])
        with self.assertRaises(botocore.exceptions.ClientError):
            self.s3(uid, first).list_buckets()


class Buckets(EcsSimTestCase):
    def test_create_info_and_radosgw_state(self):
        uid, secret = self.make_user()
        rg2 = self.info["replication_groups"][1]["id"]
        name = self.make_bucket(uid, vpool=rg2, is_encryption_enabled=True, blockSize=2,
                                notificationSize=1)
        info = self.ok("GET", "/object/bucket/%s/info?namespace=ns1" % name)
        self.assertEqual((info["name"], info["id"], info["owner"], info["vpool"]),
                         (name, "ns1." + name, uid, rg2))
        self.assertEqual((info["block_size"], info["notification_size"]), (2, 1))
        self.assertIs(info["is_encryption_enabled"], True)
        owner = self.s3(uid, secret)
        self.assertEqual(owner.get_bucket_acl(Bucket=name)["Owner"]["ID"], uid)
        _, stats = self.radosgw_admin("bucket", "stats", "--bucket", name)
        self.assertEqual(stats["owner"], uid)
        self.assertTrue(stats["bucket_quota"]["enabled"])
        self.assertEqual(stats["bucket_quota"]["max_size"], 2 * GIB)
        listed = self.ok("GET", "/object/bucket?namespace=ns1")["object_bucket"]
        self.assertIn(name, [b["name"] for b in listed])

    def test_defaults_without_vpool_or_quota_for_an_owner_without_keys(self):
        uid = unique("cs")
        self.ok("POST", "/object/users", {"user": uid, "namespace": "ns1"})
        name = self.make_bucket(uid)
        info = self.ok("GET", "/object/bucket/%s/info?namespace=ns1" % name)
        self.assertEqual(info["vpool"], self.info["replication_groups"][0]["id"])
        self.assertEqual((info["block_size"], info["is_encryption_enabled"]), (-1, False))
        _, stats = self.radosgw_admin("bucket", "stats", "--bucket", name)
        self.assertFalse(stats["bucket_quota"]["enabled"])
        self.assertEqual(stats["owner"], uid)
        _, user = self.radosgw_admin("user", "info", "--uid", uid)
        self.assertEqual(user["keys"], [])

    def test_create_errors(self):
        uid, _ = self.make_user()
        name = self.make_bucket(uid)
        again = self.call("POST", "/object/bucket", {"name": name, "namespace": "ns1",
                                                     "owner": uid})
        self.assertEcsError(again, 400, 40008)
        self.assertEcsError(self.call("POST", "/object/bucket", {
            "name": unique("b"), "namespace": "ns1", "owner": "ghost"}), 400, 40010)
        self.assertEcsError(self.call("POST", "/object/bucket", {
            "name": "bad/name", "namespace": "ns1", "owner": uid}), 400, 40009)
        self.assertEcsError(self.call("POST", "/object/bucket", {
            "name": unique("b"), "namespace": "ns1", "owner": uid, "blockSize": 0}), 400, 1014)
        self.assertEcsError(self.call("POST", "/object/bucket", {
            "name": unique("b"), "namespace": "ns1", "vpool": "urn:nope"}), 400, 1004)

    def test_deactivate_refuses_non_empty_bucket(self):
        uid, secret = self.make_user()
        name = self.make_bucket(uid)
        s3 = self.s3(uid, secret)
        s3.put_object(Bucket=name, Key="k", Body=b"data")
        refused = self.call("POST", "/object/bucket/%s/deactivate?namespace=ns1" % name)
        self.assertEcsError(refused, 400, 60019)
        self.assertIn(b"not empty", refused.body)
        s3.delete_object(Bucket=name, Key="k")
        self.ok("POST", "/object/bucket/%s/deactivate?namespace=ns1" % name)
        with self.assertRaises(botocore.exceptions.ClientError):
            s3.head_bucket(Bucket=name)
        self.assertEcsError(self.call("GET", "/object/bucket/%s/info?namespace=ns1" % name),
                            400, 1004)
        self.assertEcsError(self.call("POST", "/object/bucket/%s/deactivate?namespace=ns1" %
                                      name), 400, 1004)

    def test_deactivate_with_empty_bucket_runs_in_background(self):
        uid, secret = self.make_user()
        name = self.make_bucket(uid)
        self.s3(uid, secret).put_object(Bucket=name, Key="k", Body=b"data")
        path = "/object/bucket/%s/deactivate?namespace=ns1&emptyBucket=true" % name
        self.assertEqual(self.call("POST", path).status, 202)
        status_path = "/object/bucket/%s/empty-bucket-status?namespace=ns1" % name
        for _ in range(200):
            response = self.call("GET", status_path)
            if response.status != 200:
                break
            self.assertIn(response.json()["status"], ("IN_PROGRESS", "DONE"))
            time.sleep(0.05)
        self.assertEcsError(response, 400, 1004)
        self.assertNotEqual(self.radosgw_admin("bucket", "stats", "--bucket", name)[0], 0)

    def test_versioned_delete_marker_keeps_bucket_non_empty(self):
        uid, secret = self.make_user()
        name = self.make_bucket(uid)
        s3 = self.s3(uid, secret)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        s3.put_object(Bucket=name, Key="k", Body=b"v1")
        s3.delete_object(Bucket=name, Key="k")
        self.assertEcsError(self.call("POST", "/object/bucket/%s/deactivate?namespace=ns1" %
                                      name), 400, 60019)

    def test_quota_get_put_delete(self):
        uid, _ = self.make_user()
        name = self.make_bucket(uid)
        path = "/object/bucket/%s/quota" % name
        self.assertEqual(self.ok("GET", path + "?namespace=ns1"), {
            "blockSize": -1, "bucketname": name, "namespace": "ns1", "notificationSize": -1})
        self.ok("PUT", path, {"blockSize": 5, "notificationSize": 4, "namespace": "ns1"})
        self.assertEqual(self.ok("GET", path + "?namespace=ns1")["blockSize"], 5)
        self.assertEqual(self.radosgw_admin("bucket", "stats", "--bucket", name)[1][
            "bucket_quota"]["max_size"], 5 * GIB)
        both_unset = self.call("PUT", path, {"blockSize": -1, "notificationSize": -1,
                                             "namespace": "ns1"})
        self.assertEcsError(both_unset, 400, 1008)
        self.assertEcsError(self.call("PUT", path, {"blockSize": 5, "namespace": "ns1"}), 400,
                            1005)
        self.ok("DELETE", path + "?namespace=ns1")
        self.assertEqual(self.ok("GET", path + "?namespace=ns1")["blockSize"], -1)
        self.assertFalse(self.radosgw_admin("bucket", "stats", "--bucket", name)[1][
            "bucket_quota"]["enabled"])

    def test_billing_reports_radosgw_usage(self):
        uid, secret = self.make_user()
        name = self.make_bucket(uid)
        s3 = self.s3(uid, secret)
        s3.put_object(Bucket=name, Key="a", Body=b"x" * 2048)
        s3.put_object(Bucket=name, Key="b", Body=b"x" * 1024)
        info = self.ok("GET", "/object/billing/buckets/ns1/%s/info?sizeunit=KB" % name)
        self.assertEqual((info["total_size"], info["total_size_unit"], info["total_objects"]),
                         (3.0, "KB", 2))
        batch = self.ok("POST", "/object/billing/buckets/ns1/info?sizeunit=KB",
                        {"id": [name, "missing"]})["bucket_billing_infos"]
        self.assertEqual([b["name"] for b in batch], [name])
        namespace = self.ok("GET", "/object/billing/namespace/ns1/info?sizeunit=BYTE"
                                   "&include_bucket_detail=true")
        self.assertGreaterEqual(namespace["total_objects"], 2)
        self.assertIn(name, [b["name"] for b in namespace["bucket_billing_info"]])

    def test_policy_owner_retention(self):
        uid, secret = self.make_user()
        name = self.make_bucket(uid)
        path = "/object/bucket/%s/policy?namespace=ns1" % name
        self.assertEqual(self.call("GET", path).body, b"")
        policy = {"Version": "2012-10-17", "Statement": [{
            "Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
            "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::%s/*" % name]}]}
        self.assertEcsError(self.call("PUT", path, "{}", content_type="application/json"),
                            400, 1008)
        self.ok("PUT", path, json.dumps(policy), content_type="application/json")
        stored = json.loads(self.s3(uid, secret).get_bucket_policy(Bucket=name)["Policy"])
        self.assertEqual(stored["Statement"][0]["Sid"], "PublicRead")
        self.ok("DELETE", path)
        self.assertEqual(self.call("GET", path).body, b"")
        other, other_secret = self.make_user()
        self.ok("POST", "/object/bucket/%s/owner" % name, {"namespace": "ns1",
                                                           "new_owner": other})
        self.assertEqual(self.ok("GET", "/object/bucket/%s/info?namespace=ns1" % name)["owner"],
                         other)
        self.s3(other, other_secret).put_object(Bucket=name, Key="k", Body=b"1")
        self.ok("PUT", "/object/bucket/%s/retention" % name, {"namespace": "ns1",
                                                              "period": 3600})
        self.assertEqual(self.ok("GET", "/object/bucket/%s/retention?namespace=ns1" % name),
                         {"period": 3600})


class NamespaceIsolation(EcsSimTestCase):
    def test_namespaces_do_not_see_each_other(self):
        uid1, _ = self.make_user("ns1")
        uid2, _ = self.make_user("ns2")
        bucket1 = self.make_bucket(uid1, "ns1")
        self.assertEcsError(self.call("GET", "/object/users/%s/info?namespace=ns2" % uid1),
                            404, 2000)
        self.assertEcsError(self.call("GET", "/object/bucket/%s/info?namespace=ns2" % bucket1),
                            400, 1004)
        self.assertEcsError(self.call("POST", "/object/bucket/%s/deactivate?namespace=ns2" %
                                      bucket1), 400, 1004)
        self.assertEcsError(self.call("POST", "/object/bucket", {
            "name": unique("b"), "namespace": "ns2", "owner": uid1}), 400, 40010)
        ns2_users = [u["userid"] for u in self.ok("GET", "/object/users/ns2")["blobuser"]]
        self.assertIn(uid2, ns2_users)
        self.assertNotIn(uid1, ns2_users)
        ns2_buckets = self.ok("GET", "/object/bucket?namespace=ns2")["object_bucket"]
        self.assertNotIn(bucket1, [b["name"] for b in ns2_buckets])
        self.ok("GET", "/object/bucket/%s/info?namespace=ns1" % bucket1)

    def test_namespace_admin_is_confined(self):
        token = self.client.login("nsadmin2", "secret2")
        self.assertEcsError(self.call("GET", "/object/bucket?namespace=ns1", token=token), 403,
                            3000)
        self.assertEcsError(self.call("POST", "/object/users", {
            "user": unique("cs"), "namespace": "ns1"}, token=token), 403, 3000)
        names = [n["name"] for n in self.ok("GET", "/object/namespaces",
                                            token=token)["namespace"]]
        self.assertEqual(names, ["ns2"])
        self.ok("POST", "/object/users", {"user": unique("cs"), "namespace": "ns2"},
                token=token)


if __name__ == "__main__":
    unittest.main()
