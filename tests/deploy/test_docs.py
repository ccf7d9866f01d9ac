"""The operator docs keep up with the code: every field of the config schema
(proto/osp/v1/config.proto) is in docs/configuration.md, every metric the daemon registers is in
docs/observability.md, and every relative link between the docs resolves."""

import glob
import os
import re
import unittest

import deploy_files

FIELD = re.compile(r"^\s*(?:repeated\s+|optional\s+)?(?:map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+\s*;",
                   re.M)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def read(*parts):
    with open(deploy_files.repo_path(*parts), encoding="utf-8") as f:
        return f.read()


class DocsTest(unittest.TestCase):
    def test_every_config_field_is_documented(self):
        fields = set(FIELD.findall(read("proto", "osp", "v1", "config.proto")))
        self.assertIn("management_url", fields)
        self.assertIn("plugins", fields)
        doc = read("docs", "configuration.md")
        missing = sorted(f for f in fields if f"`{f}`" not in doc)
        self.assertEqual(missing, [], "fields missing from docs/configuration.md")

    def test_every_metric_is_documented(self):
        source = read("server", "metrics", "daemon_metrics.cc")
        metrics = set(re.findall(r'"(osp_\w+)"', source))
        self.assertGreaterEqual(len(metrics), 9)
        doc = read("docs", "observability.md")
        missing = sorted(m for m in metrics if f"`{m}`" not in doc)
        self.assertEqual(missing, [], "metrics missing from docs/observability.md")

    def test_relative_links_resolve(self):
        pages = glob.glob(deploy_files.repo_path("docs", "**", "*.md"), recursive=True)
        pages.append(deploy_files.repo_path("client", "examples", "README.md"))
        self.assertGreaterEqual(len(pages), 10)
        for page in pages:
            with open(page, encoding="utf-8") as f:
                links = LINK.findall(f.read())
            for link in links:
                if "://" in link:
                    continue
                with self.subTest(page=os.path.relpath(page, deploy_files.source_dir()),
                                  link=link):
                    target = os.path.normpath(os.path.join(os.path.dirname(page), link))
                    self.assertTrue(os.path.exists(target), target)


if __name__ == "__main__":
    unittest.main()
