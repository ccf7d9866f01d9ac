"""Shared set-up for the MinIO simulator tests: one radosgw per test process, one simulator per
TestCase class (TLS unless SIM_ARGS say otherwise), the admin client signed as root, and
independent boto3 clients for the S3 front and for radosgw directly."""

import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
import boto3
import botocore.config
from botocore.exceptions import ClientError

from minio.minio_test_client import AdminClient
from simlib.control_client import ControlClient
from simlib.harness import SimProcess, shared_radosgw

SIM_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "minio_sim.py")
ROOT_ACCESS_KEY, ROOT_SECRET = "simroot", "simroot-secret-key"


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


def bucket_policy(*buckets, effect="Allow", actions=("s3:*",)):
    resources = []
    for bucket in buckets:
        resources += ["arn:aws:s3:::%s" % bucket, "arn:aws:s3:::%s/*" % bucket]
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": effect, "Action": list(actions), "Resource": resources}]}


class MinioSimTestCase(unittest.TestCase):
    """Starts minio_sim.py with SIM_ARGS (+ root user and the radosgw env) for the class."""

    SIM_ARGS = []

    @classmethod
    def setUpClass(cls):
        cls.rgw = shared_radosgw()
        cls.sim = SimProcess(SIM_SCRIPT, ["--root-user", "%s:%s" % (ROOT_ACCESS_KEY,
                                                                     ROOT_SECRET),
                                          "--rgw-env", cls.rgw.env_file] + cls.SIM_ARGS)
        cls.info = cls.sim.info
        cls.ca_file = cls.info["ca_file"]
        cls.admin = AdminClient(cls.info["endpoint"], ROOT_ACCESS_KEY, ROOT_SECRET,
                                cls.ca_file)
        cls.control = ControlClient(cls.info["control_url"], cls.ca_file)

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def setUp(self):
        self.control.clear_faults()
        self._clients = []
        self.addCleanup(lambda: [c.close() for c in self._clients])

    # --- admin ------------------------------------------------------------------------------
    def ok(self, response, status=200):
        self.assertEqual(response.status, status, response.body[:400])
        return response

    def assertAdminError(self, response, status, code):
        self.assertEqual(response.status, status, response.body[:400])
        self.assertEqual(response.error_code(), code, response.body[:400])

    def make_user(self, policy_buckets=()):
        """A user (access key, secret), with a policy granting s3:* on `policy_buckets`."""
        access_key, secret = unique("u"), "secret-" + uuid.uuid4().hex
        self.ok(self.admin.add_user(access_key, secret))
        if policy_buckets:
            name = access_key + "-policy"
            self.ok(self.admin.add_policy(name, bucket_policy(*policy_buckets)))
            self.ok(self.admin.attach(access_key, [name]))
        return access_key, secret

    # --- S3 ---------------------------------------------------------------------------------
    def _s3(self, endpoint, access_key, secret, verify=None):
        client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id=access_key, aws_secret_access_key=secret, verify=verify,
            config=botocore.config.Config(s3={"addressing_style": "path"},
                                          signature_version="s3v4",
                                          retries={"total_max_attempts": 1}))
        self._clients.append(client)
        return client

    def front(self, access_key=ROOT_ACCESS_KEY, secret=ROOT_SECRET):
        """boto3 through the simulator's S3 front."""
        return self._s3(self.info["s3_url"], access_key, secret, self.ca_file)

    def direct(self, access_key=ROOT_ACCESS_KEY, secret=ROOT_SECRET):
        """boto3 straight to radosgw, bypassing the simulator."""
        return self._s3(self.info["rgw_url"], access_key, secret)

    def make_bucket(self, client=None):
        name = unique("mb")
        (client or self.front()).create_bucket(Bucket=name)
        return name

    def assertS3Error(self, code, fn, *args, **kwargs):
        with self.assertRaises(ClientError) as caught:
            fn(*args, **kwargs)
        self.assertEqual(caught.exception.response["Error"]["Code"], code)
        return caught.exception
