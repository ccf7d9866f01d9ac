"""Every example config (deploy/config/*.yaml and the config in the Kubernetes ConfigMap) passes
`ospd --check-config` once its secret and TLS files exist (they are created in a temporary
directory; check-config itself stays strict). Templates with @PLACEHOLDERS@ are skipped."""

import glob
import os
import re
import tempfile
import unittest

import yaml

import deploy_files

PLACEHOLDER = re.compile(r"@[A-Z_]+@")


def example_configs():
    """(name, text) of every example config."""
    configs = []
    for path in sorted(glob.glob(deploy_files.repo_path("deploy", "config", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            configs.append((os.path.relpath(path, deploy_files.source_dir()), f.read()))
    configmap = deploy_files.repo_path("deploy", "kubernetes", "configmap.yaml")
    with open(configmap, encoding="utf-8") as f:
        configs.append(("deploy/kubernetes/configmap.yaml", yaml.safe_load(f)["data"]["ospd.yaml"]))
    return configs


class ExampleConfigsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="ospd-deploy-")
        self.addCleanup(self.tmp.cleanup)
        self.pki = deploy_files.make_pki(self.tmp.name)

    def test_there_are_examples_for_each_builtin_backend(self):
        types = set()
        for _, text in example_configs():
            if PLACEHOLDER.search(text):
                continue
            types |= {b["type"] for b in yaml.safe_load(text)["backends"]}
        self.assertTrue({"ecs", "minio"} <= types, types)

    def test_every_example_passes_check_config(self):
        checked = 0
        for name, text in example_configs():
            with self.subTest(config=name):
                if PLACEHOLDER.search(text):
                    continue  # a template filled in by a script (scripts/demo.sh)
                directory = tempfile.mkdtemp(dir=self.tmp.name)
                config = yaml.safe_load(text)
                env, _ = deploy_files.localize(config, directory, self.pki)
                result = deploy_files.check_config(config, directory, env)
                self.assertEqual(result.returncode, 0, f"{name}: {result.stderr}")
                self.assertEqual(result.stdout.strip(), "config OK")
                checked += 1
        self.assertGreaterEqual(checked, 3)

    def test_a_missing_secret_file_still_fails(self):
        # The stand-in files are what makes the examples pass: without one, check-config names the
        # field and exits 2.
        config = yaml.safe_load(dict(example_configs())["deploy/config/ecs.yaml"])
        env, files = deploy_files.localize(config, self.tmp.name, self.pki)
        os.remove(files["/run/credentials/ospd.service/ecs-password"])
        result = deploy_files.check_config(config, self.tmp.name, env)
        self.assertEqual(result.returncode, 2)
        self.assertIn("backends[0].ecs.password_file", result.stderr)


if __name__ == "__main__":
    unittest.main()
