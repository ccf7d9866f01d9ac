"""Shared set-up for the ECS simulator tests: one radosgw per test process, one simulator per
TestCase class, and independent witnesses (boto3, radosgw-admin) for the S3 side."""

import json
import os
import subprocess
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
import boto3
import botocore.config
from ecs.ecs_test_client import EcsTestClient
from simlib.control_client import ControlClient
from simlib.harness import SimProcess, shared_radosgw

SIM_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ecs_sim.py")


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


class EcsSimTestCase(unittest.TestCase):
    """Starts ecs_sim.py with SIM_ARGS (+ the radosgw env) for the class."""

    SIM_ARGS = ["--namespace", "ns1", "--namespace", "ns2", "--replication-group", "rg1",
                "--replication-group", "rg2", "--mgmt-user", "root:ChangeMe",
                "--namespace-admin", "nsadmin2:secret2:ns2"]
    USE_RGW = True

    @classmethod
    def setUpClass(cls):
        args = list(cls.SIM_ARGS)
        cls.rgw = None
        if cls.USE_RGW:
            cls.rgw = shared_radosgw()
            args += ["--rgw-env", cls.rgw.env_file]
        cls.sim = SimProcess(SIM_SCRIPT, args)
        cls.info = cls.sim.info
        cls.client = EcsTestClient(cls.info["mgmt_url"], cls.info["ca_file"])
        cls.control = ControlClient(cls.info["control_url"], cls.info["ca_file"])

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def setUp(self):
        self.control.clear_faults()
        self.token = self.client.login()
        self._s3_clients = []
        self.addCleanup(lambda: [c.close() for c in self._s3_clients])

    def call(self, method, path, body=None, **kwargs):
        kwargs.setdefault("token", self.token)
        return self.client.call(method, path, body, **kwargs)

    def ok(self, method, path, body=None, **kwargs):
        """Calls and asserts a 2xx; returns the parsed JSON body (None when empty)."""
        response = self.call(method, path, body, **kwargs)
        self.assertLess(response.status, 300, "%s %s -> %d %s" % (
            method, path, response.status, response.body[:300]))
        return response.json() if response.body and kwargs.get(
            "accept", "application/json") == "application/json" else None

    def assertEcsError(self, response, status, code):
        self.assertEqual(response.status, status, response.body[:300])
        self.assertEqual(response.error_code(), code, response.body[:300])

    def make_user(self, namespace="ns1", secret=None):
        """Creates an object user with one key; returns (uid, secret)."""
        uid = unique("cs")
        self.ok("POST", "/object/users", {"user": uid, "namespace": namespace})
        body = {"namespace": namespace}
        if secret:
            body["secretkey"] = secret
        created = self.ok("POST", "/object/user-secret-keys/%s" % uid, body)
        return uid, created["secret_key"]

    def make_bucket(self, owner, namespace="ns1", **fields):
        name = unique("bkt")
        body = {"name": name, "namespace": namespace, "owner": owner, "head_type": "s3"}
        body.update(fields)
        self.ok("POST", "/object/bucket", body)
        return name

    # --- independent witnesses of the S3 side ----------------------------------------------
    def s3(self, access_key, secret_key):
        """An independent boto3 client straight to radosgw, closed after the test."""
        client = boto3.session.Session().client(
            "s3", endpoint_url=self.info["s3_url"], region_name="us-east-1",
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            config=botocore.config.Config(s3={"addressing_style": "path"},
                                          retries={"max_attempts": 1}))
        self._s3_clients.append(client)
        return client

    def radosgw_admin(self, *args):
        env = dict(os.environ, CEPH_CONF=self.rgw.env["CEPH_CONF"])
        done = subprocess.run(["radosgw-admin", *args], env=env, check=False,
                              capture_output=True, text=True)
        return done.returncode, json.loads(done.stdout) if done.stdout.strip() else None
