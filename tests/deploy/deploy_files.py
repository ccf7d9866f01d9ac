"""Helpers of the deploy tests: where the repository and the ospd binary are, and how to turn a
deployment config (whose secret and TLS files live under /etc or /run) into a temporary copy whose
files exist, so that `ospd --check-config` can check everything else strictly.

Paths come from the environment CMake sets (OSPD_BIN, OSP_SOURCE_DIR).
"""

import os
import subprocess

import yaml

SECRET = "s" * 48  # long enough for every secret, including the MinIO user-secret seed


def env_path(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run the deploy tests through ctest")
    return value


def source_dir():
    return env_path("OSP_SOURCE_DIR")


def ospd_bin():
    return env_path("OSPD_BIN")


def repo_path(*parts):
    return os.path.join(source_dir(), *parts)


def make_pki(directory):
    """A self-signed certificate and its key (for *_ca_file, cert_file, key_file)."""
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=ospd-deploy-test", "-days", "1"],
        check=True, capture_output=True)
    return cert, key


def localize(config, directory, pki):
    """Rewrites `config` (a parsed DaemonConfig dict) in place for a check in `directory`: every
    *_file field points to a file there with fitting content, every *_env names a variable set in
    the returned environment, listen.unix lives in the directory. Returns (env, files) where
    files maps each original path to its stand-in."""
    cert, key = pki
    env = dict(os.environ)
    files = {}

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        for name, value in list(node.items()):
            if isinstance(value, (dict, list)):
                walk(value)
            elif name.endswith("_file") and isinstance(value, str):
                if name == "key_file":
                    stand_in = key
                elif name == "cert_file" or name.endswith("ca_file"):
                    stand_in = cert
                else:
                    stand_in = os.path.join(directory, f"secret-{len(files)}")
                    with open(stand_in, "w", encoding="utf-8") as f:
                        f.write(SECRET + "\n")
                files[value] = stand_in
                node[name] = stand_in
            elif name.endswith("_env") and isinstance(value, str):
                env[value] = SECRET

    walk(config)
    listen = config.get("listen") or {}
    if "unix" in listen:
        listen["unix"] = os.path.join(directory, "ospd.sock")
    return env, files


def check_config(config, directory, env):
    """Writes `config` to directory/ospd.yaml and runs ospd --check-config on it."""
    path = os.path.join(directory, "ospd.yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f)
    return subprocess.run([ospd_bin(), "--check-config", path], env=env, capture_output=True,
                          text=True, timeout=60)
