"""ospctl cp --recursive and rm --recursive through the real ospd, once per backend type (ECS and
MinIO simulators on radosgw): a local folder tree (nested folders, a 0-byte file, a file larger
than one multipart part, names with spaces and unicode) goes up, is listed, comes back down into
a new folder byte for byte, and rm --recursive empties the prefix. A key with ".." is refused on
download and nothing lands outside the target folder. The progress line shows on a terminal
(a pty) and never when stderr is a pipe. The Python stubs are the independent witness."""

import filecmp
import json
import os
import pty
import shutil
import subprocess
import tempfile
import threading
import unittest

import botocore.exceptions
from google.protobuf import json_format
from osp.v1 import provider_pb2

import backends
import harness
from drivers import remove_account

SITE = None
OSPD = None
# S3ClientOptions::part_size (providers/s3/s3_types.h): the big file is larger than one part.
PART = 8 << 20
TREE = {
    "top.txt": b"top level\n",
    "empty.bin": b"",
    "docs/2024/report.txt": b"nested report\n" * 1000,
    "docs/2024/deeper/still/leaf.dat": bytes(range(256)) * 40,
    "big/over-one-part.bin": os.urandom(PART + 12345),
    "with space/ünïcödé ✓ name.txt": "grüße\n".encode(),
}


def setUpModule():
    global SITE, OSPD  # pylint: disable=global-statement
    SITE, OSPD = backends.start_site(("ecs", "ecs", {}), ("minio", "minio", {}))


def tearDownModule():
    SITE.stop()


def write_tree(root, files):
    for relative, data in files.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def files_below(root):
    """Relative paths of every file below root."""
    found = set()
    for folder, _, names in os.walk(root):
        for name in names:
            found.add(os.path.relpath(os.path.join(folder, name), root))
    return found


class CopyTree(unittest.TestCase):
    """Subclasses set BACKEND. One account and bucket per class."""

    BACKEND = None

    @classmethod
    def setUpClass(cls):
        cls.backend = SITE.backends[cls.BACKEND]
        cls.rpc = SITE.driver("grpc", OSPD, cls.BACKEND)
        cls.account = backends.new_account()
        cls.keys = cls.rpc.ensure_user(cls.account).credentials
        cls.bucket = backends.unique_bucket("cp")
        cls.rpc.create_bucket(cls.bucket, cls.account)

    @classmethod
    def tearDownClass(cls):
        remove_account(cls.rpc, cls.account)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ospctl-cp-e2e-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def ospctl_args(self, *args):
        return [harness.ospctl_bin(), "--target", OSPD.target, "--backend", self.BACKEND,
                "--timeout", "120s", *args]

    def ospctl(self, *args, ok=True):
        """Runs ospctl with stdout and stderr as pipes; the CompletedProcess (bytes)."""
        done = subprocess.run(self.ospctl_args(*args), capture_output=True, check=False,
                              stdin=subprocess.DEVNULL, timeout=harness.STOP_TIMEOUT_S * 4)
        if ok:
            self.assertEqual(done.returncode, 0, done.stderr.decode(errors="replace"))
        return done

    def keys_below(self, prefix):
        return {o.key: o.size for o in self.rpc.list_objects(self.bucket, prefix).objects}

    def test_tree_round_trip_and_recursive_rm(self):
        source = os.path.join(self.tmp, "source")
        write_tree(source, TREE)
        prefix = "trees/round trip"

        # Up, in table mode with stderr a pipe: a line per file and the summary, no progress.
        up = self.ospctl("cp", "--recursive", source, f"s3://{self.bucket}/{prefix}",
                         "--jobs", "3")
        self.assertEqual(up.stderr, b"")
        self.assertNotIn(b"\r", up.stdout)
        total = sum(len(d) for d in TREE.values())
        self.assertIn(f"copied {len(TREE)} files".encode(), up.stdout)
        expected = {f"{prefix}/{relative}": len(data) for relative, data in TREE.items()}
        self.assertEqual(self.keys_below(prefix + "/"), expected)

        # ospctl ls lists the same keys (JSON, s3:// form).
        listed = self.ospctl("--output", "json", "ls", "--recursive",
                             f"s3://{self.bucket}/{prefix}/")
        self.assertEqual({o.key for o in json_format.Parse(
            listed.stdout, provider_pb2.ListObjectsResponse()).objects}, set(expected))

        # Down into a new folder, JSON summary: byte for byte, no leftovers.
        target = os.path.join(self.tmp, "copy", "of tree")
        down = self.ospctl("--output", "json", "cp", "--recursive",
                           f"s3://{self.bucket}/{prefix}", target)
        self.assertEqual(down.stderr, b"")
        summary = json.loads(down.stdout)
        self.assertEqual((summary["files"], summary["bytes"], summary["failed"]),
                         (len(TREE), total, 0))
        self.assertEqual(files_below(target), set(TREE))
        for relative in TREE:
            self.assertTrue(filecmp.cmp(os.path.join(source, relative),
                                        os.path.join(target, relative), shallow=False), relative)

        # rm --recursive leaves the prefix empty and nothing else touched.
        self.rpc.put(self.bucket, "trees/round trip.keep", b"sibling")
        self.ospctl("rm", "--recursive", f"s3://{self.bucket}/{prefix}")
        self.assertEqual(self.keys_below(prefix + "/"), {})
        self.assertEqual(self.keys_below("trees/"), {"trees/round trip.keep": 7})

    def test_key_with_dot_dot_is_refused_on_download(self):
        s3 = self.backend.s3(self.keys.access_key_id, self.keys.secret_access_key)
        self.addCleanup(s3.close)
        evil = "dots/a/../../../escaped.txt"
        try:
            s3.put_object(Bucket=self.bucket, Key=evil, Body=b"evil")
        except botocore.exceptions.ClientError as err:
            self.fail(f"the witness could not store {evil!r}: {err}")
        self.rpc.put(self.bucket, "dots/good.txt", b"good")
        if evil not in self.keys_below("dots/"):
            self.skipTest(f"the S3 path to radosgw normalised {evil!r}; no such key to refuse")
        self.addCleanup(s3.delete_object, Bucket=self.bucket, Key=evil)
        target = os.path.join(self.tmp, "a", "b", "target")
        done = self.ospctl("cp", "--recursive", f"s3://{self.bucket}/dots", target, ok=False)
        self.assertEqual(done.returncode, 3, done.stderr)
        self.assertIn(f"refusing to download key '{evil}'".encode(), done.stderr)
        with open(os.path.join(target, "good.txt"), "rb") as f:
            self.assertEqual(f.read(), b"good")
        self.assertEqual(files_below(self.tmp), {"a/b/target/good.txt"})

    def test_progress_only_on_a_terminal(self):
        data = os.urandom(3 << 20)
        local = os.path.join(self.tmp, "progress.bin")
        with open(local, "wb") as f:
            f.write(data)
        remote = f"s3://{self.bucket}/progress.bin"
        self.assertEqual(self.ospctl("cp", local, remote).stderr, b"")

        # stderr a pty: the progress line is drawn there, ending with the whole size.
        primary, secondary = pty.openpty()
        shown = bytearray()

        def drain():
            while True:
                try:
                    chunk = os.read(primary, 4096)
                except OSError:  # EIO: the child closed the pty
                    return
                if not chunk:
                    return
                shown.extend(chunk)

        reader = threading.Thread(target=drain)
        reader.start()
        try:
            done = subprocess.run(self.ospctl_args("cp", remote, local + ".back"),
                                  stdout=subprocess.PIPE, stderr=secondary,
                                  stdin=subprocess.DEVNULL, check=False,
                                  timeout=harness.STOP_TIMEOUT_S * 4)
        finally:
            os.close(secondary)
            reader.join(timeout=harness.STOP_TIMEOUT_S)
            os.close(primary)
        self.assertEqual(done.returncode, 0, bytes(shown))
        self.assertIn(b"\r3.0 MiB / 3.0 MiB  100%", bytes(shown))
        self.assertNotIn(b"MiB/s", done.stdout)
        with open(local + ".back", "rb") as f:
            self.assertEqual(f.read(), data)

        # --quiet: nothing on the terminal either.
        primary, secondary = pty.openpty()
        try:
            quiet = subprocess.run(self.ospctl_args("--quiet", "cp", remote, local + ".q"),
                                   stdout=subprocess.PIPE, stderr=secondary,
                                   stdin=subprocess.DEVNULL, check=False,
                                   timeout=harness.STOP_TIMEOUT_S * 4)
            os.set_blocking(primary, False)
            try:
                leftover = os.read(primary, 4096)
            except BlockingIOError:
                leftover = b""
        finally:
            os.close(secondary)
            os.close(primary)
        self.assertEqual(quiet.returncode, 0)
        self.assertEqual(leftover, b"")


class EcsCopyTreeTest(CopyTree):
    BACKEND = "ecs"


class MinioCopyTreeTest(CopyTree):
    BACKEND = "minio"


del CopyTree  # the base class has no backend

if __name__ == "__main__":
    unittest.main()
