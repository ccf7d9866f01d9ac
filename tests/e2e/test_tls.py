"""ospd's TCP listener with TLS and mTLS (certificates made by the test with openssl): ospctl
and the Python client with a client certificate get through, clients without one (or with one
from another CA) are refused, and the Unix socket stays plaintext."""

import json
import os
import tempfile
import unittest

import grpc
from osp.v1 import provider_pb2, provider_pb2_grpc

import certs
import harness

RPC_TIMEOUT_S = 10


def tls_daemon(workdir, pki, mtls):
    config = harness.base_config(workdir)
    config["listen"]["tls"] = {"cert_file": pki.server_cert, "key_file": pki.server_key}
    if mtls:
        config["listen"]["tls"]["client_ca_file"] = pki.ca_cert
    return harness.Daemon(config=config, workdir=workdir)


def get_provider_info(target, credentials):
    with grpc.secure_channel(target, credentials) as channel:
        stub = provider_pb2_grpc.ObjectStoreProviderStub(channel)
        return stub.GetProviderInfo(provider_pb2.GetProviderInfoRequest(), timeout=RPC_TIMEOUT_S)


class MutualTlsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="ospd-e2e-tls-")
        cls.pki = certs.Pki(os.path.join(cls.tmp.name, "pki"))
        cls.daemon = tls_daemon(cls.tmp.name, cls.pki, mtls=True).start()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.daemon.stop_cleanly()
        finally:
            cls.tmp.cleanup()

    def credentials(self, cert=None, key=None):
        pki = self.pki
        return grpc.ssl_channel_credentials(
            root_certificates=pki.read(pki.ca_cert),
            private_key=pki.read(key) if key else None,
            certificate_chain=pki.read(cert) if cert else None)

    def ospctl_tls(self, *args):
        pki = self.pki
        return harness.ospctl("--target", self.daemon.tcp_address, "--ca-file", pki.ca_cert,
                              *args)

    def test_python_client_with_certificate(self):
        info = get_provider_info(self.daemon.tcp_address,
                                 self.credentials(self.pki.client_cert, self.pki.client_key))
        self.assertEqual(info.name, "ospd")

    def test_ospctl_with_certificate(self):
        result = self.ospctl_tls("--cert-file", self.pki.client_cert,
                                 "--key-file", self.pki.client_key, "--output", "json", "info")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["name"], "ospd")

    def test_python_client_without_certificate_is_refused(self):
        with self.assertRaises(grpc.RpcError) as err:
            get_provider_info(self.daemon.tcp_address, self.credentials())
        self.assertEqual(err.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_ospctl_without_certificate_is_refused(self):
        result = self.ospctl_tls("info")
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("UNAVAILABLE", result.stderr)

    def test_certificate_from_another_ca_is_refused(self):
        with self.assertRaises(grpc.RpcError) as err:
            get_provider_info(self.daemon.tcp_address,
                              self.credentials(self.pki.rogue_client_cert,
                                               self.pki.rogue_client_key))
        self.assertEqual(err.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_plaintext_client_is_refused_on_the_tls_port(self):
        with grpc.insecure_channel(self.daemon.tcp_address) as channel:
            stub = provider_pb2_grpc.ObjectStoreProviderStub(channel)
            with self.assertRaises(grpc.RpcError) as err:
                stub.GetProviderInfo(provider_pb2.GetProviderInfoRequest(),
                                     timeout=RPC_TIMEOUT_S)
        self.assertEqual(err.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_unix_socket_stays_plaintext(self):
        result = harness.ospctl("--target", self.daemon.unix_target(), "info")
        self.assertEqual(result.returncode, 0, result.stderr)


class ServerTlsTest(unittest.TestCase):
    """TLS without client_ca_file: any client that trusts the server's CA gets in."""

    def test_client_without_certificate_is_served(self):
        with tempfile.TemporaryDirectory(prefix="ospd-e2e-tls-") as workdir:
            pki = certs.Pki(os.path.join(workdir, "pki"))
            with tls_daemon(workdir, pki, mtls=False) as daemon:
                info = get_provider_info(
                    daemon.tcp_address,
                    grpc.ssl_channel_credentials(root_certificates=pki.read(pki.ca_cert)))
                self.assertEqual(info.name, "ospd")
                result = harness.ospctl("--target", daemon.tcp_address, "--ca-file",
                                        pki.ca_cert, "info")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(daemon.stop(), 0, daemon.log_text())


if __name__ == "__main__":
    unittest.main()
