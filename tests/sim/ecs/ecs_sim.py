#!/usr/bin/python3
"""Dell ECS management API simulator for ospd tests, backed by a local radosgw.

Prints one JSON ready line on stdout (mgmt_url, s3_url, ca_file, control_url, ...) once it
serves; stops cleanly on SIGTERM. See tests/sim/README.md.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from ecs.ecs_api import EcsPersonality
from ecs.ecs_auth import MgmtUser, TokenStore
from ecs.ecs_backing import NullBacking, RgwBacking
from ecs.ecs_context import Options
from ecs.ecs_state import EcsState
from simlib import runner
from simlib.rgw import RgwClient, RgwError, load_env


def _parser():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example: ecs_sim.py --rgw-env /tmp/rgw/env --namespace ns1 --namespace ns2 "
               "--replication-group rg1 --mgmt-user root:ChangeMe --ready-file /tmp/ecs.json")
    ecs = parser.add_argument_group("ECS")
    ecs.add_argument("--config", metavar="JSON_FILE",
                     help='JSON file with any of {"namespaces": ["ns1" or "ns1:rg"], '
                          '"replication_groups": ["rg1"], "mgmt_users": ["user:password"], '
                          '"namespace_admins": ["user:password:ns"]}; flags add to it')
    ecs.add_argument("--namespace", action="append", default=[], metavar="NAME[:RG]",
                     help="namespace to serve, repeatable; RG is its default replication "
                          "group (default: the first). Default: ns1")
    ecs.add_argument("--replication-group", action="append", default=[], metavar="NAME",
                     help="replication group (vpool), repeatable; its id is "
                          "urn:storageos:ReplicationGroupInfo:<uuid5(name)>:global. Default: rg1")
    ecs.add_argument("--mgmt-user", action="append", default=[], metavar="USER:PASSWORD",
                     help="SYSTEM_ADMIN management user, repeatable. Default: root:ChangeMe")
    ecs.add_argument("--namespace-admin", action="append", default=[],
                     metavar="USER:PASSWORD:NS",
                     help="NAMESPACE_ADMIN of NS (calls on other namespaces get 403/3000)")
    ecs.add_argument("--token-max-age", type=float, default=8 * 3600, metavar="SECONDS",
                     help="token lifetime (default 28800 = 8 h)")
    ecs.add_argument("--token-idle-timeout", type=float, default=2 * 3600, metavar="SECONDS",
                     help="a token unused this long expires (default 7200 = 2 h)")
    ecs.add_argument("--max-tokens-per-user", type=int, default=100,
                     help="live tokens a user may hold; further logins get 401 (default 100)")
    ecs.add_argument("--no-max-age-header", action="store_true",
                     help="do not send X-SDS-AUTH-MAX-AGE on /login (as some ECS 3.x may not)")
    ecs.add_argument("--expired-token-response", choices=("401", "302"), default="401",
                     help="answer a missing/expired token with 401, or 302 to /login "
                          "(default 401)")
    ecs.add_argument("--hide-secret-keys", action="store_true",
                     help='"hide secret key" mode: secret-key reads return empty secrets and '
                          "secret_key_N_id; only create returns the secret")
    rgw = parser.add_argument_group("S3 side (radosgw)")
    rgw.add_argument("--rgw-env", metavar="FILE",
                     help="env file from tests/sim/s3-server.sh (RGW_ENDPOINT, "
                          "RGW_ACCESS_KEY, RGW_SECRET_KEY)")
    rgw.add_argument("--rgw-endpoint", help="radosgw URL (overrides --rgw-env)")
    rgw.add_argument("--rgw-access-key", help="radosgw admin access key (caps users=*;"
                                              "buckets=*)")
    rgw.add_argument("--rgw-secret-key", help="radosgw admin secret key")
    rgw.add_argument("--no-rgw", action="store_true",
                     help="management API only: no S3 side, buckets always empty, usage 0")
    runner.add_common_arguments(parser)
    return parser


def _split_user(text, with_namespace):
    if with_namespace:
        name, _, rest = text.partition(":")
        password, _, namespace = rest.rpartition(":")
        if not name or not password or not namespace:
            raise SystemExit("bad --namespace-admin %r: want USER:PASSWORD:NS" % text)
        return MgmtUser(name, password, namespace)
    name, sep, password = text.partition(":")
    if not name or not sep:
        raise SystemExit("bad --mgmt-user %r: want USER:PASSWORD" % text)
    return MgmtUser(name, password)


def _configuration(args):
    config = {}
    if args.config:
        with open(args.config, encoding="utf-8") as f:
            config = json.load(f)
    vpools = config.get("replication_groups", []) + args.replication_group or ["rg1"]
    namespaces = []
    for text in config.get("namespaces", []) + args.namespace or ["ns1"]:
        name, _, default = text.partition(":")
        if default and default not in vpools:
            raise SystemExit("namespace %s: unknown replication group %s" % (name, default))
        namespaces.append((name, default or None))
    users = [_split_user(t, False) for t in config.get("mgmt_users", []) + args.mgmt_user]
    users += [_split_user(t, True)
              for t in config.get("namespace_admins", []) + args.namespace_admin]
    names = {n for n, _ in namespaces}
    for user in users:
        if user.namespace is not None and user.namespace not in names:
            raise SystemExit("namespace admin %s: unknown namespace %s" % (user.name,
                                                                          user.namespace))
    return namespaces, vpools, users or [MgmtUser("root", "ChangeMe")]


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
    backing = RgwBacking(RgwClient(endpoint, access, secret))
    try:
        backing.check()
    except RgwError as exc:
        raise SystemExit("radosgw at %s is not usable: %s" % (endpoint, exc)) from exc
    return backing


def main():
    args = _parser().parse_args()
    namespaces, vpools, users = _configuration(args)
    backing = _backing(args)

    def make(clock, log):
        tokens = TokenStore(clock, users, args.token_max_age, args.token_idle_timeout,
                            args.max_tokens_per_user)
        return EcsPersonality(EcsState(namespaces, vpools, clock), tokens, backing, clock,
                              log, Options(args.hide_secret_keys),
                              expired_redirect=args.expired_token_response == "302",
                              max_age_header=not args.no_max_age_header)

    return runner.run(args, make)


if __name__ == "__main__":
    sys.exit(main())
