"""Throw-away TLS material for a simulator: a CA and a server certificate for 127.0.0.1/localhost,
generated with the openssl CLI at start-up. Stateless; safe to call from any thread."""

import os
import subprocess

_OPENSSL = "/usr/bin/openssl"


def _run(*args):
    subprocess.run([_OPENSSL, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def make_certificate(directory):
    """Writes ca.pem, ca.key, server.pem and server.key into `directory`.

    Returns (ca_file, cert_file, key_file). The CA is what clients put in their trust store; the
    server certificate is signed by it and names IP 127.0.0.1 and DNS localhost. Raises
    subprocess.CalledProcessError when openssl fails.
    """
    ca_key = os.path.join(directory, "ca.key")
    ca_pem = os.path.join(directory, "ca.pem")
    _run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", ca_key, "-out", ca_pem, "-days", "30", "-subj", "/CN=ospd simulator CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return (ca_pem,) + make_leaf(directory, ca_pem, ca_key)


def make_leaf(directory, ca_pem, ca_key):
    """Writes server.pem and server.key into `directory`: a new key and a server certificate
    for 127.0.0.1/localhost signed by the CA in ca_pem/ca_key. Returns (cert_file, key_file)."""
    key = os.path.join(directory, "server.key")
    csr = os.path.join(directory, "server.csr")
    pem = os.path.join(directory, "server.pem")
    ext = os.path.join(directory, "server.ext")
    _run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    with open(ext, "w", encoding="ascii") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    # A serial file per directory: several leaves may come from one CA.
    _run("x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key, "-CAcreateserial",
         "-CAserial", os.path.join(directory, "ca.srl"), "-out", pem, "-days", "30",
         "-extfile", ext)
    return pem, key
