"""Test PKI made with the openssl CLI: a CA, a server certificate for 127.0.0.1 / localhost and a
client certificate signed by it, a client certificate from an unrelated CA, and on demand more
client certificates of the CA with a chosen subject."""

import os
import subprocess

_DAYS = "2"


def _openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True, stdin=subprocess.DEVNULL)


def _ca(directory, name):
    key = os.path.join(directory, f"{name}.key")
    cert = os.path.join(directory, f"{name}.pem")
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", key, "-out", cert, "-days", _DAYS, "-subj", f"/CN={name}",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return cert, key


def _leaf(directory, name, ca_cert, ca_key, extensions, subject=None):
    key = os.path.join(directory, f"{name}.key")
    csr = os.path.join(directory, f"{name}.csr")
    cert = os.path.join(directory, f"{name}.pem")
    ext = os.path.join(directory, f"{name}.ext")
    with open(ext, "w", encoding="utf-8") as f:
        f.write(extensions)
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", key, "-out", csr, "-subj", subject or f"/CN={name}")
    _openssl("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
             "-out", cert, "-days", _DAYS, "-extfile", ext)
    return cert, key


class Pki:
    """Files under directory: ca.pem, server.pem/key, client.pem/key, rogue-client.pem/key."""

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        self.directory = directory
        self.ca_cert, self._ca_key = _ca(directory, "ca")
        self.server_cert, self.server_key = _leaf(
            directory, "server", self.ca_cert, self._ca_key,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        self.client_cert, self.client_key = _leaf(
            directory, "client", self.ca_cert, self._ca_key, "extendedKeyUsage=clientAuth\n")
        rogue_ca_cert, rogue_ca_key = _ca(directory, "rogue-ca")
        self.rogue_client_cert, self.rogue_client_key = _leaf(
            directory, "rogue-client", rogue_ca_cert, rogue_ca_key,
            "extendedKeyUsage=clientAuth\n")

    def client(self, name, subject):
        """(cert, key) paths of a new client certificate of the CA; subject in openssl -subj
        form, e.g. "/O=Example/CN=ospctl" (RFC 2253: "CN=ospctl,O=Example")."""
        return _leaf(self.directory, name, self.ca_cert, self._ca_key,
                     "extendedKeyUsage=clientAuth\n", subject)

    @staticmethod
    def read(path):
        with open(path, "rb") as f:
            return f.read()
