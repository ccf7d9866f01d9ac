"""deploy/haproxy/haproxy.cfg: `haproxy -c` finds it valid without warnings, and it publishes
ECS management (4443) and S3 (9020 / 9021) as the config examples expect."""

import re
import shutil
import subprocess
import unittest

import deploy_files


def config_path():
    return deploy_files.repo_path("deploy", "haproxy", "haproxy.cfg")


class HaproxyTest(unittest.TestCase):
    @unittest.skipUnless(shutil.which("haproxy"), "haproxy is not installed")
    def test_haproxy_check_is_clean(self):
        result = subprocess.run(["haproxy", "-c", "-f", config_path()], capture_output=True,
                                text=True, timeout=60)
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output)
        self.assertIn("Configuration file is valid", output)
        self.assertNotRegex(output, r"\[(WARNING|ALERT)\]")

    def test_routes_management_and_s3_ports(self):
        with open(config_path(), encoding="utf-8") as f:
            text = f.read()
        self.assertRegex(text, r"bind :443\b")
        self.assertRegex(text, r"bind :80\b")
        backends = dict(re.findall(r"^backend (\S+)\n(.*?)(?=^\S|\Z)", text, re.M | re.S))
        self.assertRegex(backends["ecs_mgmt"], r"server \S+ [\d.]+:4443")
        self.assertRegex(backends["ecs_s3_https"], r"server \S+ [\d.]+:9021")
        self.assertRegex(backends["ecs_s3_http"], r"server \S+ [\d.]+:9020")


if __name__ == "__main__":
    unittest.main()
