"""deploy/systemd/ospd.service: `systemd-analyze verify` accepts it without a single warning
(with ExecStart pointing at the ospd just built), it keeps its hardening, and its credentials
match the paths the example configs read."""

import glob
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import deploy_files

UNIT = "ospd.service"
CREDENTIALS_DIR = "/run/credentials/ospd.service/"


def unit_path():
    return deploy_files.repo_path("deploy", "systemd", UNIT)


def directives():
    """Every Key=value of the unit, in order, as (key, value)."""
    pairs = []
    with open(unit_path(), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(("#", ";", "[")) and "=" in line:
                key, value = line.split("=", 1)
                pairs.append((key.strip(), value.strip()))
    return pairs


class SystemdUnitTest(unittest.TestCase):
    @unittest.skipUnless(shutil.which("systemd-analyze"), "systemd-analyze is not installed")
    def test_systemd_analyze_verify_is_silent(self):
        with tempfile.TemporaryDirectory(prefix="ospd-unit-") as tmp:
            with open(unit_path(), encoding="utf-8") as f:
                text = f.read().replace("/usr/bin/ospd", deploy_files.ospd_bin())
            path = os.path.join(tmp, UNIT)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            result = subprocess.run(["systemd-analyze", "verify", path], capture_output=True,
                                    text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        # verify exits 0 on unknown keys and bad values: it only warns.
        self.assertEqual(result.stderr.strip(), "")

    def test_unit_is_hardened(self):
        d = dict(directives())
        expected = {
            "User": "ospd",
            "RuntimeDirectory": "ospd",
            "NoNewPrivileges": "yes",
            "ProtectSystem": "strict",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "CapabilityBoundingSet": "",
            "RestrictSUIDSGID": "yes",
        }
        for key, value in expected.items():
            with self.subTest(key=key):
                self.assertEqual(d.get(key), value)
        self.assertIn("--config /etc/ospd/ospd.yaml", d["ExecStart"])
        self.assertIn("--check-config /etc/ospd/ospd.yaml", d["ExecStartPre"])

    def test_credentials_match_the_example_configs(self):
        loaded = {v.split(":", 1)[0] for k, v in directives() if k == "LoadCredential"}
        referenced = set()
        for path in glob.glob(deploy_files.repo_path("deploy", "config", "*.yaml")):
            with open(path, encoding="utf-8") as f:
                referenced |= set(re.findall(re.escape(CREDENTIALS_DIR) + r"([A-Za-z0-9][\w-]*)", f.read()))
        self.assertTrue(referenced, "no example config reads systemd credentials")
        self.assertEqual(referenced - loaded, set(), "configs read credentials the unit lacks")
        self.assertEqual(loaded - referenced, set(), "unit loads credentials no config reads")


if __name__ == "__main__":
    unittest.main()
