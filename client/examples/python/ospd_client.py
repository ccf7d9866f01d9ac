#!/usr/bin/python3
"""A Python client of ospd (osp.v1.ObjectStoreProvider) over the stubs generated from proto/osp/v1
with the system protoc and grpc_python_plugin (the build puts them in
build/client/examples/python/gen). It asks for the provider info, checks health, and lists every
bucket of every backend (or of one), printing one JSON document:

  {"daemon": "ospd", "version": "0.1.0", "backends": [{"id": "ecs-1", "type": "ecs",
   "buckets": [{"name": "photos", "owner": "acct-1", "public_url": "https://..."}]}]}

Usage:
  PYTHONPATH=build/client/examples/python/gen /usr/bin/python3 ospd_client.py \\
      --address unix:/run/ospd/ospd.sock [--backend ID] [--owner ACCOUNT] \\
      [--ca FILE [--cert FILE --key FILE]] [--timeout 30]
"""

import argparse
import json
import sys

import grpc

from grpc_health_v1 import health_pb2, health_pb2_grpc
from osp.v1 import provider_pb2, provider_pb2_grpc

SERVICE = "osp.v1.ObjectStoreProvider"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def channel(args):
    """Plaintext for unix: addresses or without --ca; TLS (mTLS with --cert/--key) otherwise."""
    if not args.ca:
        return grpc.insecure_channel(args.address)
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(args.ca),
        private_key=read(args.key) if args.key else None,
        certificate_chain=read(args.cert) if args.cert else None)
    return grpc.secure_channel(args.address, credentials)


def report(stub, health, args):
    status = health.Check(health_pb2.HealthCheckRequest(service=SERVICE), timeout=args.timeout)
    if status.status != health_pb2.HealthCheckResponse.SERVING:
        raise RuntimeError(f"ospd is {health_pb2.HealthCheckResponse.ServingStatus.Name(status.status)}")
    info = stub.GetProviderInfo(provider_pb2.GetProviderInfoRequest(), timeout=args.timeout)
    out = {"daemon": info.name, "version": info.version, "backends": []}
    for backend in info.backends:
        if args.backend and backend.id != args.backend:
            continue
        buckets = []
        token = ""
        while True:
            page = stub.ListBuckets(
                provider_pb2.ListBucketsRequest(backend=backend.id, owner=args.owner,
                                                page_token=token),
                timeout=args.timeout)
            buckets += [{"name": b.spec.name, "owner": b.spec.owner, "public_url": b.public_url}
                        for b in page.buckets]
            token = page.next_page_token
            if not token:
                break
        out["backends"].append({"id": backend.id, "type": backend.type, "buckets": buckets})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--address", default="unix:/run/ospd/ospd.sock",
                        help="ospd address: unix:PATH or HOST:PORT")
    parser.add_argument("--backend", default="", help="list the buckets of this backend only")
    parser.add_argument("--owner", default="", help="list only the buckets of this account id")
    parser.add_argument("--ca", help="PEM CA bundle: use TLS and verify ospd with it")
    parser.add_argument("--cert", help="PEM client certificate (mTLS)")
    parser.add_argument("--key", help="PEM client key (mTLS)")
    parser.add_argument("--timeout", type=float, default=30, help="deadline of each call, seconds")
    args = parser.parse_args()
    with channel(args) as ch:
        try:
            out = report(provider_pb2_grpc.ObjectStoreProviderStub(ch),
                         health_pb2_grpc.HealthStub(ch), args)
        except grpc.RpcError as e:
            print(f"ospd_client: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1
        except RuntimeError as e:
            print(f"ospd_client: {e}", file=sys.stderr)
            return 1
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
