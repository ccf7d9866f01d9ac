#!/usr/bin/python3
"""MinIO server simulator for ospd tests: the admin API (/minio/admin/v3: users, canned
policies, policy attachment, bucket quota, data usage, service accounts; SigV4-checked,
madmin-encrypted bodies) and an S3 front streaming to a local radosgw, on one listener.

Prints one JSON ready line on stdout (endpoint, ca_file, control_url, ...) once it serves;
stops cleanly on SIGTERM. See tests/sim/README.md.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from minio import madmin_crypto
from minio.minio_admin import AdminApi
from minio.minio_api import MinioPersonality
from minio.minio_backing import NullBacking, RgwBacking
from minio.minio_iam import Iam
from minio.minio_mirror import PolicyMirror
from minio.s3_front import S3Front
from simlib import proxy, runner
from simlib.rgw import RgwClient, RgwError, load_env

_AEAD_IDS = {"argon2id-aes-gcm": madmin_crypto.AES_GCM_ARGON2,
             "argon2id-chacha20": madmin_crypto.CHACHA_ARGON2,
             "pbkdf2-aes-gcm": madmin_crypto.AES_GCM_PBKDF2}


def _parser():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example: minio_sim.py --rgw-env /tmp/rgw/env --root-user admin:secret12 "
               "--ready-file /tmp/minio.json")
    minio = parser.add_argument_group("MinIO")
    minio.add_argument("--root-user", default="minioadmin:minioadmin",
                       metavar="ACCESS_KEY:SECRET",
                       help="root credentials (MINIO_ROOT_USER/PASSWORD); also a radosgw user "
                            "with the same key. Default minioadmin:minioadmin")
    minio.add_argument("--response-encryption", choices=sorted(_AEAD_IDS),
                       default="argon2id-aes-gcm",
                       help="AEAD of encrypted responses: id 0 (default, what MinIO picks on "
                            "AES-NI CPUs), 1 (no AES-NI) or 2 (FIPS builds)")
    rgw = parser.add_argument_group("S3 side (radosgw)")
    rgw.add_argument("--rgw-env", metavar="FILE",
                     help="env file from tests/sim/s3-server.sh (RGW_ENDPOINT, RGW_ACCESS_KEY, "
                          "RGW_SECRET_KEY, CEPH_CONF)")
    rgw.add_argument("--rgw-endpoint", help="radosgw URL (overrides --rgw-env)")
    rgw.add_argument("--rgw-access-key", help="radosgw admin access key (caps users=*;"
                                              "buckets=*)")
    rgw.add_argument("--rgw-secret-key", help="radosgw admin secret key")
    rgw.add_argument("--ceph-conf", help="ceph.conf for radosgw-admin, used once to give the "
                                         "root user access to every bucket (default: CEPH_CONF "
                                         "from --rgw-env)")
    rgw.add_argument("--no-rgw", action="store_true",
                     help="admin API only: no bucket exists, the S3 front answers 503")
    runner.add_common_arguments(parser)
    return parser


def _backing(args):
    if args.no_rgw:
        return NullBacking()
    env = load_env(args.rgw_env) if args.rgw_env else {}
    endpoint = args.rgw_endpoint or env.get("RGW_ENDPOINT")
    access = args.rgw_access_key or env.get("RGW_ACCESS_KEY")
    secret = args.rgw_secret_key or env.get("RGW_SECRET_KEY")
    if not (endpoint and access and secret):
        raise SystemExit("no radosgw: give --rgw-env or --rgw-endpoint/--rgw-access-key/"
                         "--rgw-secret-key (or --no-rgw)")
    backing = RgwBacking(RgwClient(endpoint, access, secret),
                         args.ceph_conf or env.get("CEPH_CONF"))
    try:
        backing.check()
    except RgwError as exc:
        raise SystemExit("radosgw at %s is not usable: %s" % (endpoint, exc)) from exc
    return backing


def main():
    args = _parser().parse_args()
    root_access, sep, root_secret = args.root_user.partition(":")
    if not sep or not root_access or not root_secret:
        raise SystemExit("bad --root-user: want ACCESS_KEY:SECRET")
    backing = _backing(args)
    try:
        root_admin = backing.ensure_root(root_access, root_secret)
    except RgwError as exc:
        raise SystemExit("cannot create the root user in radosgw: %s" % exc) from exc

    def make(clock, log):
        iam = Iam(root_access, root_secret, clock)
        mirror = PolicyMirror(iam, backing, log)
        encryptor = madmin_crypto.ResponseEncryptor(_AEAD_IDS[args.response_encryption])
        pool = proxy.UpstreamPool(backing.s3_url) if backing.s3_url else None
        return MinioPersonality(iam, backing, AdminApi(iam, backing, mirror, encryptor),
                                S3Front(iam, backing, mirror, pool), root_admin)

    return runner.run(args, make)


if __name__ == "__main__":
    sys.exit(main())
