"""The client examples in Python and Go (client/examples/), built from stubs generated at build
time, run against a real ospd whose backend is the ECS simulator (management API only: bucket
listing needs no S3 side). The buckets are created directly on the simulator, so what the
examples print is checked against an independent source."""

import json
import os
import subprocess
import tempfile
import unittest

import ospd_process
from ecs_simulator import EcsSimulator

BACKEND = "ecs-1"
# account id -> its buckets; object users are cs-<account> (the default user_prefix)
BUCKETS = {"a1": ["a1-data", "a1-logs"], "a2": ["a2-media"]}


def env_path(name):
    value = os.environ.get(name)
    if not value:
        raise unittest.SkipTest(f"{name} is not set: run through ctest (and build the example)")
    return value


class ClientExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="ospd-examples-")
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.sim = EcsSimulator()
        cls.addClassCleanup(cls.sim.stop)
        for account, names in BUCKETS.items():
            for name in names:
                cls.sim.create_bucket(account, name)
        config = {
            "listen": {"unix": os.path.join(cls.tmp.name, "ospd.sock"), "tcp": "127.0.0.1:0"},
            "backends": [cls.sim.backend(BACKEND, cls.tmp.name)],
        }
        cls.ospd = ospd_process.Ospd(config, cls.tmp.name)
        cls.addClassCleanup(cls.ospd.stop)

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
