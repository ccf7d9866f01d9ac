"""The client examples in Python and Go (client/examples/), built from stubs generated at build
time, run against a real ospd whose backend is the ECS simulator (management API only: bucket
listing needs no S3 side). The buckets are created directly on the simulator, so what the
examples print is checked against an independent source."""

import base64
import json
import os
import ssl
import subprocess
import sys
import tempfile
import unittest
import urllib.request

import ospd_process

sys.path.insert(0, os.path.join(os.environ.get("OSP_SOURCE_DIR", ""), "tests", "sim"))
from simlib.harness import SimProcess  # noqa: E402  (path set just above)

ADMIN, PASSWORD = "root", "ChangeMe"
BACKEND = "ecs-1"
# account id -> its buckets; object users are cs-<account> (the default user_prefix)
BUCKETS = {"a1": ["a1-data", "a1-logs"], "a2": ["a2-media"]}


def env_path(name):
    value = os.environ.get(name)
    if not value:
        raise unittest.SkipTest(f"{name} is not set: run through ctest (and build the example)")
    return value


class EcsSimulator:
    """The ECS simulator without radosgw, and a few management calls of our own."""

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

    def stop(self):
        self.proc.stop()


class ClientExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="ospd-examples-")
        cls.sim = EcsSimulator()
        for account, names in BUCKETS.items():
            cls.sim.post("/object/users", {"user": f"cs-{account}", "namespace": "ns1"})
            for name in names:
                cls.sim.post("/object/bucket.json",
                             {"name": name, "namespace": "ns1", "owner": f"cs-{account}"})
        password = os.path.join(cls.tmp.name, "ecs.pass")
        with open(password, "w", encoding="utf-8") as f:
            f.write(PASSWORD + "\n")
        config = {
            "listen": {"unix": os.path.join(cls.tmp.name, "ospd.sock"), "tcp": "127.0.0.1:0"},
            "backends": [{"id": BACKEND, "type": "ecs", "ecs": {
                "management_url": cls.sim.info["mgmt_url"], "username": ADMIN,
                "password_file": password, "namespace": "ns1", "replication_group": "rg1",
                "s3_private_url": "http://127.0.0.1:9", "s3_public_url": "https://s3.example.com",
                "ca_file": cls.sim.info["ca_file"]}}],
        }
        cls.ospd = ospd_process.Ospd(config, cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.ospd.stop()
        cls.sim.stop()
        cls.tmp.cleanup()

    def expected(self, owner=None):
        buckets = [{"name": name, "owner": account, "public_url": f"https://s3.example.com/{name}"}
                   for account, names in BUCKETS.items() if owner in (None, account)
                   for name in names]
        return {"daemon": "ospd", "version": self.ospd.version,
                "backends": [{"id": BACKEND, "type": "ecs",
                              "buckets": sorted(buckets, key=lambda b: b["name"])}]}

    def run_example(self, command, env=None):
        """Runs an example; its exit code must be 0; returns its JSON, buckets sorted."""
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = json.loads(result.stdout)
        for backend in out["backends"]:
            backend["buckets"].sort(key=lambda b: b["name"])
        return out

    def python_command(self, *args):
        script = os.path.join(os.environ["OSP_SOURCE_DIR"], "client", "examples", "python",
                              "ospd_client.py")
        return ["/usr/bin/python3", script, *args]

    def python_env(self):
        return dict(os.environ, PYTHONPATH=env_path("OSP_PYTHON_STUBS"))

    def test_python_example_over_the_unix_socket(self):
        out = self.run_example(self.python_command("--address", "unix:" + self.ospd.unix),
                               self.python_env())
        self.assertEqual(out, self.expected())

    def test_python_example_over_tcp_with_an_owner(self):
        out = self.run_example(self.python_command("--address", self.ospd.tcp, "--owner", "a2"),
                               self.python_env())
        self.assertEqual(out, self.expected(owner="a2"))

    def test_python_example_reports_errors(self):
        missing = "unix:" + os.path.join(self.tmp.name, "nothing.sock")
        result = subprocess.run(self.python_command("--address", missing, "--timeout", "2"),
                                capture_output=True, text=True, timeout=120,
                                env=self.python_env())
        self.assertEqual(result.returncode, 1)
        self.assertIn("UNAVAILABLE", result.stderr)

    def test_go_example_over_the_unix_socket(self):
        out = self.run_example([env_path("OSP_GO_EXAMPLE"), "-address", "unix:" + self.ospd.unix])
        self.assertEqual(out, self.expected())

    def test_go_example_over_tcp_with_an_owner(self):
        out = self.run_example([env_path("OSP_GO_EXAMPLE"), "-address", self.ospd.tcp,
                                "-owner", "a1", "-backend", BACKEND])
        self.assertEqual(out, self.expected(owner="a1"))

    def test_go_example_reports_errors(self):
        result = subprocess.run([env_path("OSP_GO_EXAMPLE"), "-address",
                                 "unix:" + os.path.join(self.tmp.name, "nothing.sock"),
                                 "-timeout", "2s"], capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 1)
        self.assertIn("ospd-go-example:", result.stderr)


if __name__ == "__main__":
    unittest.main()
