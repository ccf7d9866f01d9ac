"""deploy/container/Containerfile cannot be built here (no container engine), so this checks what
can be checked without one: every file it copies exists, every Debian package it installs exists,
the runtime stage installs the package of every shared library ospd links directly, and CMake
configures the copied subset of the tree with the image's options."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

import deploy_files

# Present in debian:12-slim already (Essential / Priority required).
BASE_PACKAGES = {"libc6", "libstdc++6", "libgcc-s1", "zlib1g"}


def instructions():
    """The Containerfile as (stage_index, INSTRUCTION, arguments), continuation lines joined."""
    path = deploy_files.repo_path("deploy", "container", "Containerfile")
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"\\\n", " ", f.read())
    result = []
    stage = -1
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word.upper() == "FROM":
            stage += 1
        result.append((stage, word.upper(), rest.strip()))
    return result


def apt_packages(stage):
    packages = []
    for s, word, rest in instructions():
        if s == stage and word == "RUN":
            for command in rest.split("&&"):
                if "apt-get install" in command:
                    packages += [w for w in command.split()[command.split().index("install") + 1:]
                                 if not w.startswith("-")]
    return packages


def copies(stage=None):
    """Sources of COPY instructions that read the build context."""
    sources = []
    for s, word, rest in instructions():
        if word == "COPY" and "--from" not in rest and (stage is None or s == stage):
            sources += rest.split()[:-1]
    return sources


class ContainerfileTest(unittest.TestCase):
    def test_two_stages_on_debian_12(self):
        froms = [rest for _, word, rest in instructions() if word == "FROM"]
        self.assertEqual(len(froms), 2)
        self.assertTrue(froms[0].startswith("docker.io/library/debian:12 "), froms[0])
        self.assertEqual(froms[1], "docker.io/library/debian:12-slim")

    def test_copied_paths_exist(self):
        sources = copies()
        self.assertIn("server/", sources)
        for source in sources:
            with self.subTest(source=source):
                self.assertTrue(os.path.exists(deploy_files.repo_path(source)), source)

    def test_runs_unprivileged(self):
        users = [rest for _, word, rest in instructions() if word == "USER"]
        self.assertEqual(users, ["10001:10001"])

    @unittest.skipUnless(shutil.which("apt-cache"), "not a Debian system")
    def test_installed_packages_exist_in_debian(self):
        for stage in (0, 1):
            for package in apt_packages(stage):
                with self.subTest(package=package):
                    result = subprocess.run(["apt-cache", "show", "--no-all-versions", package],
                                            capture_output=True, timeout=60)
                    self.assertEqual(result.returncode, 0, f"no Debian package {package}")

    @unittest.skipUnless(shutil.which("dpkg") and shutil.which("readelf"), "needs dpkg, readelf")
    def test_runtime_stage_has_every_library_ospd_links(self):
        runtime = set(apt_packages(1)) | BASE_PACKAGES
        dynamic = subprocess.run(["readelf", "-d", deploy_files.ospd_bin()], capture_output=True,
                                 text=True, check=True).stdout
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic)
        self.assertTrue(needed)
        ldd = subprocess.run(["ldd", deploy_files.ospd_bin()], capture_output=True, text=True,
                             check=True).stdout
        paths = dict(re.findall(r"^\s*(\S+) => (\S+)", ldd, re.M))
        for library in needed:
            with self.subTest(library=library):
                owner = subprocess.run(["dpkg", "-S", os.path.realpath(paths[library])],
                                       capture_output=True, text=True)
                if owner.returncode != 0:  # usrmerge: dpkg knows /lib, not /usr/lib
                    owner = subprocess.run(
                        ["dpkg", "-S", os.path.realpath(paths[library]).replace("/usr/lib", "/lib", 1)],
                        capture_output=True, text=True)
                self.assertEqual(owner.returncode, 0, owner.stderr)
                package = owner.stdout.split(":")[0]
                self.assertIn(package, runtime)

    @unittest.skipUnless(shutil.which("cmake"), "cmake is not installed")
    def test_copied_tree_configures_with_the_image_options(self):
        run = [rest for s, word, rest in instructions() if s == 0 and word == "RUN"]
        configure = next(r for r in run if r.startswith("cmake -S"))
        options = re.findall(r"-D\S+", configure.split("&&")[0])
        self.assertIn("-DOSP_BUILD_TESTS=OFF", options)
        with tempfile.TemporaryDirectory(prefix="ospd-image-") as tmp:
            src = os.path.join(tmp, "src")
            os.mkdir(src)
            for source in copies(stage=0):
                origin = deploy_files.repo_path(source)
                if os.path.isdir(origin):
                    shutil.copytree(origin, os.path.join(src, source))
                else:
                    shutil.copy(origin, src)
            result = subprocess.run(
                ["cmake", "-S", src, "-B", os.path.join(tmp, "build"), "-G", "Ninja", *options],
                capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main()
