"""The MinIO simulator under concurrent requests on the same users and buckets (it calls radosgw
outside its model lock): once they are done, the model and radosgw agree, and the mirrored
bucket policies follow the last policy of every user."""

import json
import threading

from botocore.exceptions import ClientError

from minio.minio_test_base import MinioSimTestCase, bucket_policy, unique
from simlib.rgw import RgwClient, load_env

MIB = 1024 * 1024


def run_concurrently(*calls):
    """Runs the calls on their own threads, started together; returns their results."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class ConcurrencyTest(MinioSimTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = load_env(cls.rgw.env_file)
        cls.rgw_admin = RgwClient(env["RGW_ENDPOINT"], env["RGW_ACCESS_KEY"],
                                  env["RGW_SECRET_KEY"])

    def mirrored(self, bucket):
        """(users granted, users denied) by the simulator's statements in radosgw's policy."""
        text = self.direct().get_bucket_policy(Bucket=bucket)["Policy"]
        granted, denied = set(), set()
        for statement in json.loads(text)["Statement"]:
            if not str(statement.get("Sid", "")).startswith("MinioSimUser"):
                continue
            users = {arn.rsplit("/", 1)[-1] for arn in statement["Principal"]["AWS"]}
            (granted if statement["Effect"] == "Allow" else denied).update(users)
        return granted, denied

    def test_concurrent_policy_rewrites_on_one_bucket_end_mirrored(self):
        shared, other = self.make_bucket(), self.make_bucket()
        users = [self.make_user([shared]) for _ in range(6)]
        names = [access_key + "-policy" for access_key, _ in users]
        client_policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"],
            "Resource": ["arn:aws:s3:::%s/public/*" % shared]}]})
        self.front().put_bucket_policy(Bucket=shared, Policy=client_policy)
        # Even users keep the shared bucket, odd ones move to the other one, all at once.
        for response in run_concurrently(*[
                lambda n=name, i=i: self.admin.add_policy(
                    n, bucket_policy(other) if i % 2 else bucket_policy(shared, other))
                for i, name in enumerate(names)]):
            self.ok(response)
        even = {access_key for access_key, _ in users[0::2]}
        odd = {access_key for access_key, _ in users[1::2]}
        self.assertEqual(self.mirrored(shared), (even, odd))
        self.assertEqual(self.mirrored(other), (even | odd, set()))
        self.assertEqual(self.front().get_bucket_policy(Bucket=shared)["Policy"],
                         client_policy)
        for i, (access_key, secret) in enumerate(users):
            user = self.front(access_key, secret)
            if i % 2:
                self.assertS3Error("AccessDenied", user.put_object, Bucket=shared, Key="k",
                                   Body=b"1")
            else:
                user.put_object(Bucket=shared, Key="k", Body=b"1")
            user.put_object(Bucket=other, Key=access_key, Body=b"1")

    def test_concurrent_quota_and_status_changes_leave_model_and_radosgw_agreeing(self):
        bucket = self.make_bucket()
        access_key, _ = self.make_user()
        calls = [lambda size=(i + 1) * MIB: self.admin.set_quota(bucket, size)
                 for i in range(8)]
        calls += [lambda status=("disabled", "enabled")[i % 2]: self.admin.call(
            "PUT", "set-user-status", {"accessKey": access_key, "status": status})
            for i in range(8)]
        calls += [lambda: self.admin.call("GET", "datausageinfo") for _ in range(4)]
        for response in run_concurrently(*calls):
            self.ok(response)
        quota = self.ok(self.admin.call("GET", "get-bucket-quota", {"bucket": bucket})).json()
        stats = self.rgw_admin.admin("GET", "bucket", {"bucket": bucket, "stats": "true"})
        self.assertEqual(stats["bucket_quota"]["max_size"], quota["size"])
        status = self.ok(self.admin.call("GET", "user-info",
                                         {"accessKey": access_key})).json()["status"]
        suspended = self.rgw_admin.admin("GET", "user", {"uid": access_key})["suspended"]
        self.assertEqual(status, "disabled" if suspended else "enabled")

    def test_concurrent_creates_and_deletes_of_one_bucket_keep_its_grant(self):
        name = unique("cb")
        access_key, secret = self.make_user([name])

        def create():
            try:
                self.front().create_bucket(Bucket=name)
            except ClientError as exc:  # a create that lost the race to another
                return exc.response["Error"]["Code"]
            return "created"

        self.assertIn("created", run_concurrently(*[create for _ in range(4)]))
        self.assertEqual(self.mirrored(name), ({access_key}, set()))
        self.front(access_key, secret).put_object(Bucket=name, Key="k", Body=b"1")
