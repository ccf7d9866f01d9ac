"""What a backend really holds, read around ospd: the simulator's /_sim/state and radosgw's
admin API (buckets, users and their S3 keys). Fault and crash tests use it to prove that nothing
was left half-made: no user, key, bucket or ownership record that a retry would not adopt or a
delete would not remove. Used from the test thread."""

import os
import sys

SIM_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sim")
sys.path.insert(0, SIM_DIR)
# pylint: disable=wrong-import-position
from simlib.harness import shared_radosgw  # noqa: E402
from simlib.rgw import RgwClient, RgwError  # noqa: E402

import backends  # noqa: E402


class Witness:
    """One backend (backends.Backend) seen from its simulator and from radosgw."""

    def __init__(self, backend):
        self.backend = backend
        env = shared_radosgw().env
        self.rgw = RgwClient(env["RGW_ENDPOINT"], env["RGW_ACCESS_KEY"], env["RGW_SECRET_KEY"])

    @property
    def is_ecs(self):
        return self.backend.profile is backends.ECS

    def user_name(self, account):
        return self.backend.profile.user_prefix + account

    # --- radosgw ---------------------------------------------------------------------------

    def rgw_buckets(self, names):
        """The subset of `names` that radosgw has as buckets."""
        return set(names) & set(self.rgw.admin("GET", "bucket", {}) or [])

    def rgw_keys(self, uid):
        """Sorted S3 access keys of radosgw user `uid`; None when radosgw has no such user."""
        try:
            info = self.rgw.admin("GET", "user", {"uid": uid})
        except RgwError as exc:
            if exc.status == 404:
                return None
            raise
        return sorted(k["access_key"] for k in info.get("keys", []))

    # --- the simulator -----------------------------------------------------------------------

    def user(self, account):
        """The simulator's record of the account's user, or None. ECS: {"user", "namespace",
        "keys": [slots]}; MinIO: user-info plus "policies" and "service_accounts" (their
        access keys)."""
        name = self.user_name(account)
        state = self.backend.sim.state()
        if self.is_ecs:
            return next((u for u in state["users"] if u["user"] == name), None)
        record = state["users"].get(name)
        if record is None:
            return None
        return dict(record, service_accounts=sorted(
            ak for ak, sa in state["service_accounts"].items() if sa["parent"] == name))

    def key_count(self, account):
        """How many S3 keys the backend keeps for the account's user (ECS key slots; MinIO the
        user's own key plus its service accounts); 0 without a user."""
        record = self.user(account)
        if record is None:
            return 0
        if self.is_ecs:
            return len(record["keys"])
        return 1 + len(record["service_accounts"])

    def sim_buckets(self, names):
        """The subset of `names` the simulator keeps a record of: ECS buckets, MinIO quotas,
        encryption settings and client bucket policies."""
        state = self.backend.sim.state()
        if self.is_ecs:
            return set(names) & {b["name"] for b in state["buckets"]}
        kept = set(state["quotas"]) | set(state["encryption"]) | set(
            state["client_bucket_policies"])
        return set(names) & kept

    def leftovers(self, accounts, buckets):
        """Everything of `accounts` and `buckets` the backend still holds, described (empty
        when nothing is left)."""
        found = [f"bucket {b} in radosgw" for b in sorted(self.rgw_buckets(buckets))]
        found += [f"bucket {b} in the simulator" for b in sorted(self.sim_buckets(buckets))]
        for account in accounts:
            if self.user(account) is not None:
                found.append(f"user {self.user_name(account)} in the simulator")
            keys = self.rgw_keys(self.user_name(account))
            if keys:
                found.append(f"radosgw user {self.user_name(account)} with keys {keys}")
        if not self.is_ecs:
            policies = set(self.backend.sim.state()["canned_policies"])
            found += [f"canned policy {self.user_name(a)}" for a in accounts
                      if self.user_name(a) in policies]
        return found
