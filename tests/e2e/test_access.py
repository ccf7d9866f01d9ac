"""Who may call ospd: the Unix socket's mode and group (listen.unix_mode, listen.unix_group) and
the client certificate subjects allowed on the mTLS listener
(listen.tls.allowed_client_subjects). The list guards every method on the TCP listener: the
provider service, health and reflection. A refused caller gets PERMISSION_DENIED naming its
subject and the daemon writes one log line with the method and the reason; a caller without a
certificate (or with one from another CA) fails the TLS handshake, which gRPC logs."""

import grp
import os
import stat
import tempfile
import unittest

import grpc
from grpc_health_v1 import health_pb2, health_pb2_grpc
from osp.v1 import provider_pb2, provider_pb2_grpc

import certs
import harness

RPC_TIMEOUT_S = 10
ALLOWED_SUBJECT = "CN=ospctl,O=Example"  # RFC 2253 of openssl's "/O=Example/CN=ospctl"
REFLECTION_METHOD = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"
# ServerReflectionRequest{list_services: ""}, encoded by hand: field 7, length 0.
LIST_SERVICES_REQUEST = b"\x3a\x00"


def some_group():
    """(name, gid) of a group that exists on Debian and is not root's."""
    for name in ("nogroup", "daemon"):
        try:
            return name, grp.getgrnam(name).gr_gid
        except KeyError:
            continue
    raise unittest.SkipTest("neither nogroup nor daemon exists")


class UnixSocketAccessTest(unittest.TestCase):

    def test_socket_gets_the_configured_group_and_mode(self):
        if os.geteuid() != 0:
            self.skipTest("only root may give a file to a group it is not in")
        name, gid = some_group()
        with tempfile.TemporaryDirectory(prefix="ospd-e2e-access-") as workdir:
            config = harness.base_config(workdir)
            config["listen"].update({"unix_mode": "0640", "unix_group": name})
            with harness.Daemon(config=config, workdir=workdir) as daemon:
                st = os.stat(daemon.unix_path)
                self.assertTrue(stat.S_ISSOCK(st.st_mode))
                self.assertEqual(st.st_gid, gid)
                self.assertEqual(stat.S_IMODE(st.st_mode), 0o640)
                self.assertEqual(daemon.serving_line["unix_mode"], "0640")
                self.assertEqual(daemon.serving_line["unix_group"], name)
                self.assertEqual(daemon.serving_line["unix_gid"], str(gid))
                result = harness.ospctl("--target", daemon.unix_target(), "info")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(daemon.stop(), 0, daemon.log_text())

    def test_numeric_gid_is_used_as_is(self):
        if os.geteuid() != 0:
            self.skipTest("only root may give a file to a group it is not in")
        gid = 4242  # need not exist in the group database
        with tempfile.TemporaryDirectory(prefix="ospd-e2e-access-") as workdir:
            config = harness.base_config(workdir)
            config["listen"]["unix_group"] = str(gid)
            with harness.Daemon(config=config, workdir=workdir) as daemon:
                st = os.stat(daemon.unix_path)
                self.assertEqual(st.st_gid, gid)
                self.assertEqual(stat.S_IMODE(st.st_mode), 0o660)

    def test_unknown_group_or_bad_mode_is_a_config_error(self):
        cases = [({"unix_group": "no-such-group-ospd-e2e"},
                  "listen.unix_group: no group named 'no-such-group-ospd-e2e'"),
                 ({"unix_group": "ospd users"}, "listen.unix_group: must be a group name"),
                 ({"unix_mode": "0999"}, "listen.unix_mode: must be an octal mode")]
        for listen, message in cases:
            with self.subTest(listen=listen), \
                    tempfile.TemporaryDirectory(prefix="ospd-e2e-access-") as workdir:
                config = harness.base_config(workdir)
                config["listen"].update(listen)
                path = harness.write_config(workdir, config)
                for flag in ("--check-config", "--config"):
                    result = harness.run([harness.ospd_bin(), flag, path])
                    self.assertEqual(result.returncode, 2, result.stderr)
                    self.assertIn(message, result.stderr)
                self.assertFalse(os.path.exists(config["listen"]["unix"]))


class AllowedClientSubjectsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="ospd-e2e-access-")
        cls.pki = certs.Pki(os.path.join(cls.tmp.name, "pki"))
        cls.allowed = cls.pki.client("allowed", "/O=Example/CN=ospctl")
        config = harness.base_config(cls.tmp.name)
        config["listen"]["tls"] = {
            "cert_file": cls.pki.server_cert, "key_file": cls.pki.server_key,
            "client_ca_file": cls.pki.ca_cert, "allowed_client_subjects": [ALLOWED_SUBJECT]}
        cls.daemon = harness.Daemon(config=config, workdir=cls.tmp.name).start()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.daemon.stop_cleanly()
        finally:
            cls.tmp.cleanup()

    def channel(self, cert_and_key=None):
        """An mTLS channel to the daemon with the given client certificate (or none)."""
        cert, key = cert_and_key or (None, None)
        pki = self.pki
        credentials = grpc.ssl_channel_credentials(
            root_certificates=pki.read(pki.ca_cert),
            private_key=pki.read(key) if key else None,
            certificate_chain=pki.read(cert) if cert else None)
        return grpc.secure_channel(self.daemon.tcp_address, credentials)

    def call(self, cert_and_key=None):
        """GetProviderInfo over mTLS with the given client certificate (or none)."""
        with self.channel(cert_and_key) as channel:
            stub = provider_pb2_grpc.ObjectStoreProviderStub(channel)
            return stub.GetProviderInfo(provider_pb2.GetProviderInfoRequest(),
                                        timeout=RPC_TIMEOUT_S)

    def check_health(self, cert_and_key):
        with self.channel(cert_and_key) as channel:
            return health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=RPC_TIMEOUT_S)

    def list_services(self, cert_and_key):
        """The raw ServerReflectionResponse to list_services, through a bytes-level stream."""
        with self.channel(cert_and_key) as channel:
            stream = channel.stream_stream(REFLECTION_METHOD)
            return list(stream(iter([LIST_SERVICES_REQUEST]), timeout=RPC_TIMEOUT_S))

    def refusal_lines(self, needle):
        return [e for e in self.daemon.log_entries()
                if e.get("msg") == "rpc" and needle in e.get("error", "")]

    def test_listed_subject_is_served(self):
        self.assertEqual(self.call(self.allowed).name, "ospd")
        cert, key = self.allowed
        result = harness.ospctl("--target", self.daemon.tcp_address, "--ca-file",
                                self.pki.ca_cert, "--cert-file", cert, "--key-file", key, "info")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_unlisted_subject_is_permission_denied_and_logged_once(self):
        # Signed by the trusted CA, so the handshake succeeds; only the subject differs.
        other = self.pki.client("unlisted", "/O=Example/CN=intruder")
        with self.assertRaises(grpc.RpcError) as err:
            self.call(other)
        self.assertEqual(err.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        self.assertEqual(err.exception.details(),
                         "client certificate subject 'CN=intruder,O=Example' is not in "
                         "listen.tls.allowed_client_subjects")
        entry = self.daemon.wait_for_log(
            lambda e: e.get("msg") == "rpc" and "CN=intruder" in e.get("error", ""))
        self.assertEqual(entry["level"], "warn")
        self.assertEqual(entry["code"], "PERMISSION_DENIED")
        self.assertEqual(entry["service"], "osp.v1.ObjectStoreProvider")
        self.assertEqual(entry["rpc"], "GetProviderInfo")
        self.assertEqual(len(self.refusal_lines("CN=intruder")), 1, self.daemon.log_text())

    def test_unlisted_subject_gets_neither_health_nor_reflection(self):
        other = self.pki.client("prober", "/O=Example/CN=prober")
        expected = ("client certificate subject 'CN=prober,O=Example' is not in "
                    "listen.tls.allowed_client_subjects")
        for name, call, service, method in (
                ("health", self.check_health, "grpc.health.v1.Health", "Check"),
                ("reflection", self.list_services, "grpc.reflection.v1alpha.ServerReflection",
                 "ServerReflectionInfo")):
            with self.subTest(name):
                with self.assertRaises(grpc.RpcError) as err:
                    call(other)
                self.assertEqual(err.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
                self.assertEqual(err.exception.details(), expected)
                entry = self.daemon.wait_for_log(
                    lambda e, m=method: e.get("msg") == "rpc" and e.get("rpc") == m and
                    "CN=prober" in e.get("error", ""))
                self.assertEqual(entry["level"], "warn")
                self.assertEqual(entry["code"], "PERMISSION_DENIED")
                self.assertEqual(entry["service"], service)
        # One line per refused call, and nothing of the caller's key in the log.
        self.assertEqual(len(self.refusal_lines("CN=prober")), 2, self.daemon.log_text())
        key_body = self.pki.read(other[1]).decode().splitlines()[1]
        self.assertNotIn(key_body, self.daemon.log_text())

    def test_listed_subject_gets_health_and_reflection(self):
        self.assertEqual(self.check_health(self.allowed).status,
                         health_pb2.HealthCheckResponse.SERVING)
        responses = self.list_services(self.allowed)
        self.assertEqual(len(responses), 1)
        self.assertIn(b"grpc.health.v1.Health", responses[0])
        self.assertIn(b"osp.v1.ObjectStoreProvider", responses[0])

    def test_matching_is_exact(self):
        # Same CN, but an RDN more: not the listed DN.
        near = self.pki.client("near", "/C=DE/O=Example/CN=ospctl")
        with self.assertRaises(grpc.RpcError) as err:
            self.call(near)
        self.assertEqual(err.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        self.assertIn("'CN=ospctl,O=Example,C=DE'", err.exception.details())

    def test_ospctl_with_unlisted_subject_is_refused(self):
        cert, key = self.pki.client_cert, self.pki.client_key  # subject CN=client
        result = harness.ospctl("--target", self.daemon.tcp_address, "--ca-file",
                                self.pki.ca_cert, "--cert-file", cert, "--key-file", key, "info")
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("PERMISSION_DENIED", result.stderr)
        self.assertIn("CN=client", result.stderr)

    def test_no_certificate_fails_the_handshake_and_is_logged(self):
        with self.assertRaises(grpc.RpcError) as err:
            self.call()
        # A failed TLS handshake has no gRPC status to carry UNAUTHENTICATED: the client sees
        # the connection fail; the daemon logs gRPC's reason (without the peer's address).
        self.assertEqual(err.exception.code(), grpc.StatusCode.UNAVAILABLE)
        self.daemon.wait_for_log(lambda e: e.get("source") == "grpc" and
                                 "peer did not return a certificate" in e.get("msg", ""))

    def test_certificate_of_another_ca_fails_the_handshake_and_is_logged(self):
        with self.assertRaises(grpc.RpcError) as err:
            self.call((self.pki.rogue_client_cert, self.pki.rogue_client_key))
        self.assertEqual(err.exception.code(), grpc.StatusCode.UNAVAILABLE)
        self.daemon.wait_for_log(lambda e: e.get("source") == "grpc" and
                                 "certificate verify failed" in e.get("msg", ""))

    def test_unix_socket_is_not_subject_to_the_list(self):
        result = harness.ospctl("--target", self.daemon.unix_target(), "info")
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
