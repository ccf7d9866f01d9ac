"""The ECS simulator (tests/sim) without radosgw, for the daemon tests: management API only, so
bucket listings work and nothing needs an S3 side. A few management calls of our own create
users and buckets independently of ospd, and `backend()` is a matching ospd backend section."""

import base64
import json
import os
import ssl
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.environ.get("OSP_SOURCE_DIR", ""), "tests", "sim"))
from simlib.harness import SimProcess  # noqa: E402  (path set just above)

ADMIN, PASSWORD = "root", "ChangeMe"


class EcsSimulator:
    def __init__(self):
        sim = os.path.join(os.environ["OSP_SOURCE_DIR"], "tests", "sim", "ecs", "ecs_sim.py")
        self.proc = SimProcess(sim, ["--no-rgw", "--namespace", "ns1", "--replication-group",
                                     "rg1", "--mgmt-user", f"{ADMIN}:{PASSWORD}"])
        self.info = self.proc.info
        self.context = ssl.create_default_context(cafile=self.info["ca_file"])
        self.token = self._login()

    def _login(self):
        request = urllib.request.Request(self.info["mgmt_url"] + "/login")
        basic = base64.b64encode(f"{ADMIN}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", "Basic " + basic)
        with urllib.request.urlopen(request, context=self.context) as response:
            return response.headers["X-SDS-AUTH-TOKEN"]

    def post(self, path, body):
        request = urllib.request.Request(self.info["mgmt_url"] + path, method="POST",
                                         data=json.dumps(body).encode())
        request.add_header("X-SDS-AUTH-TOKEN", self.token)
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept", "application/json")
        with urllib.request.urlopen(request, context=self.context) as response:
            return json.loads(response.read() or b"{}")

    def create_bucket(self, account, name):
        """Bucket `name` owned by the object user cs-<account> (created if missing)."""
        try:
            self.post("/object/users", {"user": f"cs-{account}", "namespace": "ns1"})
        except urllib.error.HTTPError as e:
            if e.code != 400:  # 400: the user exists already
                raise
        self.post("/object/bucket.json", {"name": name, "namespace": "ns1",
                                          "owner": f"cs-{account}"})

    def backend(self, backend_id, workdir):
        """An ospd backend section for this simulator; its password file goes into workdir."""
        password = os.path.join(workdir, "ecs.pass")
        with open(password, "w", encoding="utf-8") as f:
            f.write(PASSWORD + "\n")
        return {"id": backend_id, "type": "ecs", "ecs": {
            "management_url": self.info["mgmt_url"], "username": ADMIN,
            "password_file": password, "namespace": "ns1", "replication_group": "rg1",
            "s3_private_url": "http://127.0.0.1:9", "s3_public_url": "https://s3.example.com",
            "ca_file": self.info["ca_file"]}}

    def stop(self):
        self.proc.stop()
