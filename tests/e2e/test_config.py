"""ospd's configuration handling from the outside: --check-config, --version, YAML and JSON
files, and invalid configurations, which must exit with code 2 and a message naming the field."""

import os
import tempfile
import unittest

import certs
import harness

YAML_CONFIG = """\
# A YAML config with comments, as operators write it.
listen:
  unix: {workdir}/ospd.sock
  tcp: 127.0.0.1:0
log: {{level: debug}}
shutdown_grace_seconds: 5
backends:
  - id: yaml-ecs
    type: ecs
    ecs:
      management_url: https://127.0.0.1:9
      username: admin
      password_file: {password_file}
      namespace: ns1
      s3_private_url: http://127.0.0.1:9
"""

# (what is wrong, config changes applied to a valid base config, field the message must name).
INVALID_CONFIGS = [
    ("unknown top-level field", {"bogus": 1}, "bogus"),
    ("unknown nested field", {"listen": {"tcp": "127.0.0.1:0", "bogus": 1}}, "bogus"),
    ("no listener", {"listen": {}}, "listen"),
    ("TCP address without port", {"listen": {"tcp": "127.0.0.1"}}, "listen.tcp"),
    ("unknown log level", {"log": {"level": "loud"}}, "log.level"),
    ("negative grace period", {"shutdown_grace_seconds": -1}, "shutdown_grace_seconds"),
    ("too many threads", {"max_threads": 100000}, "max_threads"),
    ("bad socket mode", {"listen": {"unix": "/tmp/x.sock", "unix_mode": "rwx"}},
     "listen.unix_mode"),
    ("TLS key missing", {"listen": {"tcp": "127.0.0.1:0", "tls": {"cert_file": "/nonexistent"}}},
     "listen.tls"),
    ("backend type unknown", {"backends": [{"id": "b1", "type": "no-such-type"}]},
     "backends[0].type"),
    ("backend id missing", {"backends": [{"type": "ecs"}]}, "backends[0].id"),
    ("no backend", {"backends": []}, "backends"),
]


def invalid_backend_configs(workdir):
    """Like INVALID_CONFIGS, for mistakes inside a backend section."""
    def ecs(**changes):
        backend = harness.ecs_backend(workdir)
        for key, value in changes.items():
            if value is None:
                del backend["ecs"][key]
            else:
                backend["ecs"][key] = value
        return backend
    return [
        ("duplicate backend id", {"backends": [ecs(), ecs()]}, "backends[1].id"),
        ("ECS namespace missing", {"backends": [ecs(namespace=None)]},
         "backends[0].ecs.namespace"),
        ("ECS password missing", {"backends": [ecs(password_file=None)]},
         "backends[0].ecs.password_file"),
        ("ECS password file unreadable",
         {"backends": [ecs(password_file=os.path.join(workdir, "missing.pass"))]},
         "backends[0].ecs.password_file"),
        ("ECS section of another type", {"backends": [dict(ecs(), type="minio")]},
         "backends[0]"),
    ]


class ConfigTest(unittest.TestCase):

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="ospd-e2e-config-")
        self.addCleanup(tmp.cleanup)
        self.workdir = tmp.name

    def yaml_config(self):
        password_file = harness.ecs_backend(self.workdir)["ecs"]["password_file"]
        return YAML_CONFIG.format(workdir=self.workdir, password_file=password_file)

    def check_config(self, path):
        return harness.run([harness.ospd_bin(), "--check-config", path])

    def test_version(self):
        result = harness.run([harness.ospd_bin(), "--version"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"ospd \d+\.\d+\.\d+")

    def test_check_config_accepts_json_and_yaml(self):
        json_path = harness.write_config(self.workdir, harness.base_config(self.workdir))
        yaml_path = harness.write_config(self.workdir, self.yaml_config(),
                                         name="ospd.yaml")
        for path in (json_path, yaml_path):
            with self.subTest(path=os.path.basename(path)):
                result = self.check_config(path)
                self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.workdir, "ospd.sock")),
                         "--check-config must not listen")

    def test_yaml_config_serves(self):
        path = harness.write_config(self.workdir, self.yaml_config(),
                                    name="ospd.yaml")
        daemon = harness.Daemon(workdir=self.workdir)
        daemon.config_path = path
        with daemon:
            self.assertEqual(daemon.unix_path, os.path.join(self.workdir, "ospd.sock"))
            self.assertEqual(daemon.stop(), 0, daemon.log_text())

    def test_invalid_config_exits_2_naming_the_field(self):
        for what, changes, field in INVALID_CONFIGS + invalid_backend_configs(self.workdir):
            config = harness.base_config(self.workdir)
            config.update(changes)
            path = harness.write_config(self.workdir, config)
            for flag in ("--check-config", "--config"):
                with self.subTest(what=what, flag=flag):
                    result = harness.run([harness.ospd_bin(), flag, path])
                    self.assertEqual(result.returncode, 2, result.stderr)
                    self.assertIn(field, result.stderr)

    def test_unparsable_and_missing_files_exit_2(self):
        broken = harness.write_config(self.workdir, "listen: [unterminated\n", name="broken.yaml")
        missing = os.path.join(self.workdir, "missing.yaml")
        for path in (broken, missing):
            with self.subTest(path=os.path.basename(path)):
                result = self.check_config(path)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(os.path.basename(path), result.stderr)

    def test_demo_config_is_valid_once_rendered(self):
        pki = certs.Pki(os.path.join(self.workdir, "pki"))
        for name, content in [("ecs.pass", "demo-password"), ("minio.pass", "demo-password"),
                              ("minio-seed", "s" * 32)]:
            with open(os.path.join(self.workdir, name), "w", encoding="utf-8") as f:
                f.write(content)
        text = read_shipped_config("demo.yaml")
        for placeholder, value in [("@DEMO_DIR@", self.workdir),
                                   ("@ECS_MGMT_URL@", "https://127.0.0.1:4443"),
                                   ("@ECS_S3_URL@", "http://127.0.0.1:9020"),
                                   ("@ECS_CA_FILE@", pki.ca_cert),
                                   ("@MINIO_URL@", "http://127.0.0.1:9000")]:
            text = text.replace(placeholder, value)
        self.assertNotRegex(text, r"@[A-Z_]+@")
        result = self.check_config(harness.write_config(self.workdir, text, name="demo.yaml"))
        self.assertEqual(result.returncode, 0, result.stderr)


def read_shipped_config(name):
    path = os.path.join(harness.env_path("OSP_SOURCE_DIR"), "deploy", "config", name)
    with open(path, encoding="utf-8") as f:
        return f.read()

if __name__ == "__main__":
    unittest.main()
