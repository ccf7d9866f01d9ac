"""The MinIO simulator's bucket side: quota (set/get/clear, enforced by radosgw), data usage,
the ?encryption subresource and SSE headers of the S3 front, bucket policies next to mirrored
canned policies, presigned URLs, and large bodies streamed with flat memory."""

import hashlib
import json
import os
import ssl
import threading
import urllib.error
import urllib.request

from minio.minio_test_base import MinioSimTestCase, unique

KIB, MIB = 1024, 1024 * 1024
SSE_CONFIG = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}


class QuotaAndUsageTest(MinioSimTestCase):
    def test_set_get_clear(self):
        bucket = self.make_bucket()
        self.assertAdminError(self.admin.call("GET", "get-bucket-quota", {"bucket": bucket}),
                              404, "XMinioAdminNoSuchQuotaConfiguration")
        self.ok(self.admin.set_quota(bucket, 10 * 1024 ** 3))
        quota = self.ok(self.admin.call("GET", "get-bucket-quota", {"bucket": bucket})).json()
        self.assertEqual(quota, {"quota": 10 * 1024 ** 3, "size": 10 * 1024 ** 3, "rate": 0,
                                 "requests": 0, "quotatype": "hard"})
        self.ok(self.admin.set_quota(bucket, 0))
        self.assertAdminError(self.admin.call("GET", "get-bucket-quota", {"bucket": bucket}),
                              404, "XMinioAdminNoSuchQuotaConfiguration")

    def test_missing_bucket_and_bad_config(self):
        missing = unique("missing")
        for response in (self.admin.set_quota(missing, KIB),
                         self.admin.call("GET", "get-bucket-quota", {"bucket": missing})):
            self.assertAdminError(response, 404, "NoSuchBucket")
            self.assertEqual(response.json()["BucketName"], missing)
        bucket = self.make_bucket()
        self.assertAdminError(self.admin.call("PUT", "set-bucket-quota", {"bucket": bucket},
                                              {"quota": 1000}), 400, "XMinioAdminConfigBadJSON")

    def test_quota_is_enforced(self):
        bucket = self.make_bucket()
        self.ok(self.admin.set_quota(bucket, 256 * KIB))
        s3 = self.front()
        s3.put_object(Bucket=bucket, Key="first", Body=os.urandom(200 * KIB))
        error = self.assertS3Error("XMinioAdminBucketQuotaExceeded", s3.put_object,
                                   Bucket=bucket, Key="second", Body=os.urandom(100 * KIB))
        self.assertEqual(error.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertS3Error("QuotaExceeded", self.direct().put_object, Bucket=bucket,
                           Key="third", Body=os.urandom(100 * KIB))
        self.ok(self.admin.set_quota(bucket, 0))
        s3.put_object(Bucket=bucket, Key="second", Body=os.urandom(100 * KIB))

    def test_data_usage_after_uploads(self):
        bucket = self.make_bucket()
        s3 = self.front()
        for i, size in enumerate((1000, 2000, 3000)):
            s3.put_object(Bucket=bucket, Key="k%d" % i, Body=b"x" * size)
        usage = self.ok(self.admin.call("GET", "datausageinfo")).json()
        self.assertEqual(usage["bucketsUsageInfo"][bucket]["size"], 6000)
        self.assertEqual(usage["bucketsUsageInfo"][bucket]["objectsCount"], 3)
        self.assertEqual(usage["bucketsSizes"][bucket], 6000)
        self.assertGreaterEqual(usage["bucketsCount"], 1)
        self.assertIn("lastUpdate", usage)


class EncryptionTest(MinioSimTestCase):
    def test_bucket_encryption_subresource_and_sse_headers(self):
        bucket = self.make_bucket()
        s3 = self.front()
        self.assertS3Error("ServerSideEncryptionConfigurationNotFoundError",
                           s3.get_bucket_encryption, Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="before", Body=b"plain")
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=SSE_CONFIG)
        self.assertEqual(s3.get_bucket_encryption(Bucket=bucket)[
            "ServerSideEncryptionConfiguration"], SSE_CONFIG)
        self.assertEqual(s3.put_object(Bucket=bucket, Key="k", Body=b"secret")[
            "ServerSideEncryption"], "AES256")
        self.assertEqual(s3.head_object(Bucket=bucket, Key="k")["ServerSideEncryption"],
                         "AES256")
        got = s3.get_object(Bucket=bucket, Key="k")
        self.assertEqual((got["ServerSideEncryption"], got["Body"].read()),
                         ("AES256", b"secret"))
        self.assertNotIn("ServerSideEncryption",
                         self.direct().head_object(Bucket=bucket, Key="k"))
        s3.delete_bucket_encryption(Bucket=bucket)
        self.assertS3Error("ServerSideEncryptionConfigurationNotFoundError",
                           s3.get_bucket_encryption, Bucket=bucket)
        self.assertNotIn("ServerSideEncryption", s3.head_object(Bucket=bucket, Key="k"))
        explicit = s3.put_object(Bucket=bucket, Key="e", Body=b"x", ServerSideEncryption="AES256")
        self.assertEqual(explicit["ServerSideEncryption"], "AES256")

    def test_encryption_calls_are_authenticated_and_authorised(self):
        bucket = self.make_bucket()
        self.assertS3Error("SignatureDoesNotMatch", self.front(secret="wrong-secret-key")
                           .get_bucket_encryption, Bucket=bucket)
        self.assertS3Error("InvalidAccessKeyId", self.front("nobody", "nobody-secret")
                           .get_bucket_encryption, Bucket=bucket)
        stranger = self.front(*self.make_user())
        self.assertS3Error("AccessDenied", stranger.put_bucket_encryption, Bucket=bucket,
                           ServerSideEncryptionConfiguration=SSE_CONFIG)
        granted = self.front(*self.make_user([bucket]))
        granted.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=SSE_CONFIG)
        self.assertS3Error("NoSuchBucket", granted.get_bucket_encryption, Bucket=unique("none"))
        bad = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "DES"}}]}
        self.assertS3Error("MalformedXML", self.front().put_bucket_encryption, Bucket=bucket,
                           ServerSideEncryptionConfiguration=bad)

    def test_deleting_the_bucket_forgets_its_configuration(self):
        s3 = self.front()
        bucket = self.make_bucket()
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=SSE_CONFIG)
        s3.delete_bucket(Bucket=bucket)
        s3.create_bucket(Bucket=bucket)
        self.assertS3Error("ServerSideEncryptionConfigurationNotFoundError",
                           s3.get_bucket_encryption, Bucket=bucket)


class AccessTest(MinioSimTestCase):
    def test_users_need_create_bucket_rights(self):
        name = unique("own")
        plain_user = self.front(*self.make_user())
        self.assertS3Error("AccessDenied", plain_user.create_bucket, Bucket=name)
        self.front(*self.make_user([name])).create_bucket(Bucket=name)

    def test_creating_an_existing_bucket_is_already_owned_by_you(self):
        bucket = self.make_bucket()
        self.assertS3Error("BucketAlreadyOwnedByYou", self.front().create_bucket, Bucket=bucket)
        granted = self.front(*self.make_user([bucket]))
        self.assertS3Error("BucketAlreadyOwnedByYou", granted.create_bucket, Bucket=bucket)
        forged = self.front(secret="not-the-secret")
        self.assertS3Error("SignatureDoesNotMatch", forged.create_bucket, Bucket=bucket)

    def test_client_bucket_policy_is_kept_apart_from_canned_grants(self):
        bucket = self.make_bucket()
        user = self.front(*self.make_user([bucket]))
        user.put_object(Bucket=bucket, Key="public.txt", Body=b"hello")
        public_read = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
                       '"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::%s/*"]}]}' % bucket)
        s3 = self.front()
        self.assertS3Error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=bucket)
        s3.put_bucket_policy(Bucket=bucket, Policy=public_read)
        self.assertEqual(s3.get_bucket_policy(Bucket=bucket)["Policy"], public_read)
        url = "%s/%s/public.txt" % (self.info["rgw_url"], bucket)
        self.assertEqual(urllib.request.urlopen(url).read(), b"hello")
        user.put_object(Bucket=bucket, Key="still-granted", Body=b"1")
        s3.delete_bucket_policy(Bucket=bucket)
        self.assertS3Error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=bucket)
        with self.assertRaises(urllib.error.HTTPError):
            urllib.request.urlopen(url)
        user.put_object(Bucket=bucket, Key="granted-again", Body=b"2")

    def test_presigned_urls_through_the_front(self):
        bucket = self.make_bucket()
        s3 = self.front()
        context = ssl.create_default_context(cafile=self.ca_file)
        put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "p"})
        request = urllib.request.Request(put_url, data=b"presigned body", method="PUT")
        self.assertEqual(urllib.request.urlopen(request, context=context).status, 200)
        get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "p"})
        self.assertEqual(urllib.request.urlopen(get_url, context=context).read(),
                         b"presigned body")


class _RssSampler(threading.Thread):
    """Samples a process's resident set size every 20 ms until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self._path = "/proc/%d/status" % pid
        self._stop_event = threading.Event()
        self.baseline = self.peak = self._rss()

    def _rss(self):
        with open(self._path, encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * KIB
        return 0

    def run(self):
        while not self._stop_event.wait(0.02):
            self.peak = max(self.peak, self._rss())

    def stop(self):
        self._stop_event.set()
        self.join()
        return self.peak - self.baseline


class StreamingTest(MinioSimTestCase):
    def test_64_mib_up_and_down_with_flat_memory(self):
        bucket = self.make_bucket()
        s3 = self.front()
        data = os.urandom(64 * MIB)
        sampler = _RssSampler(self.sim.proc.pid)
        sampler.start()
        s3.put_object(Bucket=bucket, Key="big", Body=data)
        digest = hashlib.sha256()
        body = s3.get_object(Bucket=bucket, Key="big")["Body"]
        for chunk in iter(lambda: body.read(MIB), b""):
            digest.update(chunk)
        growth = sampler.stop()
        self.assertEqual(digest.hexdigest(), hashlib.sha256(data).hexdigest())
        self.assertEqual(self.direct().head_object(Bucket=bucket, Key="big")["ContentLength"],
                         64 * MIB)
        self.assertLess(growth, 24 * MIB, "simulator RSS grew by %d bytes" % growth)

    def test_multipart_upload_through_the_front(self):
        bucket = self.make_bucket()
        s3 = self.front()
        parts = [os.urandom(5 * MIB), os.urandom(1 * MIB)]
        upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")
        etags = [s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload["UploadId"],
                                PartNumber=i + 1, Body=part)["ETag"]
                 for i, part in enumerate(parts)]
        s3.complete_multipart_upload(
            Bucket=bucket, Key="mp", UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"ETag": e, "PartNumber": i + 1}
                                       for i, e in enumerate(etags)]})
        self.assertEqual(self.direct().get_object(Bucket=bucket, Key="mp")["Body"].read(),
                         b"".join(parts))


class RestartTest(MinioSimTestCase):
    def test_a_new_simulator_keeps_the_client_policy_apart(self):
        bucket = self.make_bucket()
        access_key, secret = self.make_user([bucket])
        own = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
               '"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::%s/*"]}]}' % bucket)
        self.front().put_bucket_policy(Bucket=bucket, Policy=own)
        type(self).tearDownClass()
        type(self).setUpClass()  # same radosgw, a simulator that knows nothing yet
        s3 = self.front()
        self.assertEqual(json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]),
                         json.loads(own))
        # The old user still has its radosgw key and grant; a new grant keeps the client part.
        self.direct(access_key, secret).put_object(Bucket=bucket, Key="k", Body=b"1")
        self.make_user([bucket])
        self.assertEqual(json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]),
                         json.loads(own))
