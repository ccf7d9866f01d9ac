"""Real backends for the e2e tests: the shared radosgw (the ctest fixture s3_server, through
OSP_S3_SERVER_ENV), the ECS and MinIO simulators in front of it, ospd backend sections pointing
at them, what differs between backend types (as data, so one test body serves both), and the
independent witnesses of backend state: awscli and boto3 straight to the S3 endpoint with the
user's keys, anonymous HTTP, and the simulators' /_sim control endpoint.

Objects here are used from the test thread, except ControlClient, which may be shared.
"""

import dataclasses
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid

import boto3
import botocore.config
import botocore.exceptions

import drivers
import harness

SIM_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sim")
sys.path.insert(0, SIM_DIR)
# pylint: disable=wrong-import-position
from simlib.control_client import ControlClient  # noqa: E402
from simlib.harness import SimProcess, shared_radosgw  # noqa: E402

AWS = "/usr/bin/aws"
ECS_SIM = os.path.join(SIM_DIR, "ecs", "ecs_sim.py")
MINIO_SIM = os.path.join(SIM_DIR, "minio", "minio_sim.py")
ECS_USER, ECS_PASSWORD = "root", "ChangeMe"
# The root secret differs from the access key, so that the secret scan (harness) can tell
# them apart.
MINIO_ACCESS_KEY, MINIO_SECRET_KEY = "minioadmin", "minio-e2e-root-secret"
ECS_NAMESPACES = ("ns1", "ns2")
ECS_REPLICATION_GROUP = "rg1"
GIB = 1 << 30


@dataclasses.dataclass(frozen=True)
class Profile:
    """What a backend type can do, as the shared tests expect it (GetCapabilities must agree)."""
    type: str
    # Prefix of object user names: the user of account A is <user_prefix>A.
    user_prefix: str
    encryption_update: bool
    object_lock: bool
    # ECS logs in for a token that can expire; MinIO signs every call.
    logs_in: bool
    # Whether the simulator's S3 endpoint serves bucket encryption (MinIO's front does).
    s3_reports_encryption: bool
    # GetCapabilities' max_access_keys: ECS has two key slots per user (the access key id is the
    # user name); MinIO adds service accounts, each with its own access key id (0: no limit).
    max_access_keys: int


ECS = Profile(type="ecs", user_prefix="cs-", encryption_update=False, object_lock=False,
              logs_in=True, s3_reports_encryption=False, max_access_keys=2)
MINIO = Profile(type="minio", user_prefix="acs-", encryption_update=True, object_lock=True,
                logs_in=False, s3_reports_encryption=True, max_access_keys=0)


def unique_bucket(tag="b"):
    """A bucket name no other test (nor another run on the same radosgw) uses."""
    return f"e2e-{tag}-{uuid.uuid4().hex[:12]}"


def error_code(client_error):
    """The S3 error code of a botocore ClientError ("404" for a bodiless HEAD)."""
    return client_error.response.get("Error", {}).get("Code")


def new_account():
    """A CloudStack-style account id (a UUID)."""
    return str(uuid.uuid4())


class Simulator:
    """One simulator process: `info` is its ready line, `control` its /_sim client."""

    def __init__(self, script, args):
        self._proc = SimProcess(script, args)
        self.info = self._proc.info
        self.control = ControlClient(self.info["control_url"], self.info["ca_file"])

    @property
    def ca_file(self):
        return self.info["ca_file"]

    def stop(self):
        return self._proc.stop()

    def state(self):
        return self.control.call("GET", "/state")

    def counters(self):
        return self.control.counters()

    def last_seq(self):
        return self.control.call("GET", "/log?since=0")["last_seq"]

    def log_since(self, seq):
        return self.control.log(seq)

    def add_fault(self, **rule):
        return self.control.add_fault(**rule)

    def clear_faults(self):
        return self.control.clear_faults()

    def expire_tokens(self):
        return self.control.call("POST", "/tokens/expire")

    def wait_held(self, rule, timeout_s=30):
        """Waits until the hold rule (as add_fault returned it) caught a call."""
        return self.control.wait_held(rule["id"], timeout_s)

    def release(self, rule, then="proceed"):
        return self.control.release(rule["id"], then)

    def switch_tls(self, **doc):
        return self.control.switch_tls(**doc)


def start_ecs_sim():
    rgw = shared_radosgw()
    args = ["--rgw-env", rgw.env_file, "--replication-group", ECS_REPLICATION_GROUP,
            "--mgmt-user", f"{ECS_USER}:{ECS_PASSWORD}"]
    for namespace in ECS_NAMESPACES:
        args += ["--namespace", namespace]
    return Simulator(ECS_SIM, args)


def start_minio_sim(tls):
    rgw = shared_radosgw()
    args = ["--rgw-env", rgw.env_file, "--root-user", f"{MINIO_ACCESS_KEY}:{MINIO_SECRET_KEY}"]
    if not tls:
        args.append("--plain-http")
    return Simulator(MINIO_SIM, args)


def write_secret(workdir, name, value):
    """Writes `value` to workdir/name (mode 0600) and registers it for the leak scan."""
    harness.register_secret(value)
    path = os.path.join(workdir, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(value + "\n")
    os.chmod(path, 0o600)
    return path


def _tls_fields(sim, tls, ca_field="ca_file"):
    """How a backend section trusts the simulator: "ca_file" (its CA), "insecure"
    (insecure_skip_verify) or "none" (system roots only, so a self-signed simulator fails)."""
    if not sim.info["tls"] or tls == "none":
        return {}
    if tls == "ca_file":
        return {ca_field: sim.ca_file}
    if tls == "insecure":
        return {"insecure_skip_verify": True}
    raise ValueError(f"tls: {tls}")


def ecs_section(backend_id, sim, workdir, namespace="ns1", tls="ca_file", user_prefix=None,
                extra=None):
    """An `ecs` backend section for the ECS simulator; `extra`: further fields of the section
    (e.g. max_presign_ttl_seconds)."""
    ecs = {
        "management_url": sim.info["mgmt_url"],
        "username": ECS_USER,
        "password_file": write_secret(workdir, f"{backend_id}.pass", ECS_PASSWORD),
        "namespace": namespace,
        "replication_group": ECS_REPLICATION_GROUP,
        "s3_private_url": sim.info["s3_url"],
        **_tls_fields(sim, tls),
    }
    if user_prefix is not None:
        ecs["user_prefix"] = user_prefix
    ecs.update(extra or {})
    return {"id": backend_id, "type": "ecs", "ecs": ecs}


def minio_section(backend_id, sim, workdir, tls="ca_file", extra=None):
    """A `minio` backend section for the MinIO simulator (admin API and S3 on one endpoint);
    `extra`: further fields of the section."""
    minio = {
        "endpoint": sim.info["endpoint"],
        "access_key": MINIO_ACCESS_KEY,
        "secret_key_file": write_secret(workdir, f"{backend_id}.secret", MINIO_SECRET_KEY),
        "user_secret_seed_file": write_secret(workdir, f"{backend_id}.seed",
                                               uuid.uuid4().hex + uuid.uuid4().hex),
        **_tls_fields(sim, tls),
        **(extra or {}),
    }
    return {"id": backend_id, "type": "minio", "minio": minio}


@dataclasses.dataclass
class Backend:
    """One configured backend of a running ospd, and where its S3 side can be witnessed."""
    id: str
    profile: Profile
    sim: Simulator
    # S3 endpoint the object users' keys work on, reached without ospd.
    s3_url: str

    def s3(self, access_key, secret_key):
        """An independent boto3 client with the given keys (path-style, no retries)."""
        return boto3.session.Session().client(
            "s3", endpoint_url=self.s3_url, region_name="us-east-1",
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            verify=self.sim.ca_file if self.s3_url.startswith("https:") else None,
            config=botocore.config.Config(s3={"addressing_style": "path"},
                                          retries={"max_attempts": 1},
                                          connect_timeout=10, read_timeout=30))

    def aws(self, credentials, *args):
        """Runs awscli (/usr/bin/aws, JSON output) against the S3 endpoint with an
        osp.v1.Credentials; returns the parsed output (None when empty). Fails the caller with
        AssertionError on a non-zero exit."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir(),
               "AWS_ACCESS_KEY_ID": credentials.access_key_id,
               "AWS_SECRET_ACCESS_KEY": credentials.secret_access_key,
               "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
        tls = ["--ca-bundle", self.sim.ca_file] if self.s3_url.startswith("https:") else []
        done = subprocess.run([AWS, "--endpoint-url", self.s3_url, *tls, "--output", "json",
                               *args], env=env, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL, timeout=120)
        if done.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return json.loads(done.stdout) if done.stdout.strip() else None

    def anonymous_get(self, url):
        """HTTP status of an unauthenticated GET of url (a bucket's public URL + key)."""
        context = None
        if url.startswith("https:"):
            context = ssl.create_default_context(cafile=self.sim.ca_file)
        try:
            with urllib.request.urlopen(url, timeout=30, context=context) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    def ecs_bucket(self, name):
        """The ECS simulator's record of a bucket, or None."""
        found = [b for b in self.sim.state()["buckets"] if b["name"] == name]
        return found[0] if found else None

    def encrypted(self, name, s3):
        """Whether the backend encrypts new objects of bucket `name` by default: the bucket
        encryption served by MinIO's S3 front (read with s3, a witness client), or ECS's
        encryption flag as the simulator stored it."""
        if not self.profile.s3_reports_encryption:
            return self.ecs_bucket(name)["encrypted"]
        try:
            rules = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]
        except botocore.exceptions.ClientError as err:
            if error_code(err) == "ServerSideEncryptionConfigurationNotFoundError":
                return False
            raise
        algorithms = {r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
                      for r in rules["Rules"]}
        return algorithms == {"AES256"}

    def quota_bytes(self, name):
        """The hard quota the backend was given for bucket `name` (0: none), as the simulator
        stored it: ECS in whole GiB (block_size, -1 for none), MinIO in bytes."""
        if self.profile is ECS:
            block_size = self.ecs_bucket(name)["block_size"]
            return 0 if block_size < 0 else block_size * GIB
        quota = self.sim.state()["quotas"].get(name)
        return quota["quota"] if quota else 0


def ecs_backend(backend_id, sim):
    return Backend(backend_id, ECS, sim, sim.info["s3_url"])


def minio_backend(backend_id, sim):
    return Backend(backend_id, MINIO, sim, sim.info["endpoint"])


class Ospd:
    """An ospd with the given backend sections, on a Unix socket in a temporary directory and on
    TCP port 0. `stop()` sends SIGTERM and returns the exit code."""

    def __init__(self, sections_for_workdir, **settings):
        """settings: further top-level config fields, e.g. max_threads=80."""
        self.workdir = tempfile.mkdtemp(prefix="ospd-e2e-")
        self.stopped = False
        self._channel = None
        config = {
            "listen": {"unix": os.path.join(self.workdir, "ospd.sock"), "tcp": "127.0.0.1:0"},
            "log": {"level": "info"},
            "backends": sections_for_workdir(self.workdir),
            **settings,
        }
        self.daemon = harness.Daemon(config=config, workdir=self.workdir)
        try:
            self.daemon.start()
        except Exception:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise

    @property
    def target(self):
        return self.daemon.unix_target()

    def channel(self):
        """One gRPC channel over the Unix socket, shared by every caller."""
        if self._channel is None:
            self._channel = self.daemon.unix_channel()
        return self._channel

    def stop(self):
        self.stopped = True
        if self._channel is not None:
            self._channel.close()
        try:
            return self.daemon.stop()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def kill(self):
        """kill -9, as a crash: no clean-up of any kind. Returns the exit code (-9)."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        return self.daemon.stop(signal.SIGKILL)

    def restart(self):
        """Starts ospd again with the same config and workdir (after kill())."""
        self.daemon.start()

    def log_text(self):
        return self.daemon.log_text()


def stop_all(daemons, sims):
    """Stops daemons (SIGTERM) and then simulators; raises AssertionError naming every daemon
    that did not exit 0 or leaked a secret (harness.secret_leaks) and every simulator that did
    not exit 0, after stopping them all."""
    problems = []
    for daemon in daemons:
        if daemon.stopped:
            continue
        code = daemon.stop()
        if code != 0:
            problems.append(f"ospd exited with {code} on SIGTERM\n{daemon.log_text()}")
    for daemon in daemons:
        problems += daemon.daemon.leaks
    for sim in sims:
        code = sim.stop()
        if code != 0:
            problems.append(f"{sim.info['sim']} simulator exited with {code}")
    if problems:
        raise AssertionError("\n".join(problems))


class Site:
    """What one test module runs: an ECS and a MinIO simulator on the shared radosgw, and the
    ospd instances it starts against them (start_ospd). stop() stops them all."""

    def __init__(self, minio_tls=False):
        self.ecs_sim = start_ecs_sim()
        try:
            self.minio_sim = start_minio_sim(minio_tls)
        except Exception:
            self.ecs_sim.stop()
            raise
        self.backends = {}
        self.daemons = []
        self._ospctl_drivers = []

    def start_ospd(self, *specs, **settings):
        """Starts an ospd with one backend per spec: (type, id, keyword arguments of
        ecs_section/minio_section) and the top-level config `settings`. Registers the backends in
        self.backends (an id may appear in several daemons with the same settings) and returns
        the Ospd."""
        def sections(workdir):
            out = []
            for kind, backend_id, kwargs in specs:
                if kind == "ecs":
                    out.append(ecs_section(backend_id, self.ecs_sim, workdir, **kwargs))
                    self.backends[backend_id] = ecs_backend(backend_id, self.ecs_sim)
                else:
                    out.append(minio_section(backend_id, self.minio_sim, workdir, **kwargs))
                    self.backends[backend_id] = minio_backend(backend_id, self.minio_sim)
            return out
        ospd = Ospd(sections, **settings)
        self.daemons.append(ospd)
        return ospd

    def driver(self, kind, ospd, backend_id, **kwargs):
        """A drivers.GrpcDriver ("grpc") or drivers.OspctlDriver ("ospctl") for one backend."""
        if kind == "grpc":
            return drivers.GrpcDriver(ospd.channel(), backend_id, **kwargs)
        driver = drivers.OspctlDriver(ospd.target, backend_id, **kwargs)
        self._ospctl_drivers.append(driver)
        return driver

    def stop(self):
        for driver in self._ospctl_drivers:
            driver.close()
        stop_all(self.daemons, [self.ecs_sim, self.minio_sim])


def start_site(*specs, minio_tls=False, **settings):
    """A Site and one ospd with `specs` and `settings` (see Site.start_ospd); the Site is
    stopped again if that ospd does not start."""
    site = Site(minio_tls=minio_tls)
    try:
        return site, site.start_ospd(*specs, **settings)
    except Exception:
        site.stop()
        raise
