"""The ECS personality in-process with NullBacking (no network): wire formats, tokens,
secret-key slots and namespace checks."""

import base64
import email.message
import json
import os
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from ecs import ecs_codec
from ecs.ecs_api import EcsPersonality
from ecs.ecs_auth import LoginRefused, MgmtUser, TokenStore
from ecs.ecs_backing import NullBacking
from ecs.ecs_context import Options
from ecs.ecs_state import EcsState
from simlib.clock import SimClock
from simlib.http_types import Request
from simlib.request_log import RequestLog


def make_request(method, target, body=b"", headers=None):
    message = email.message.Message()
    for name, value in (headers or {}).items():
        message[name] = value
    return Request(method, target, message, body)


class CodecTest(unittest.TestCase):
    def test_render_xml_and_json(self):
        doc = {"name": "b", "flag": True, "empty": None, "n": 3,
               "link": {"@rel": "self", "@href": "/x"}, "item": ["a", "b"]}
        root = ET.fromstring(ecs_codec.render("xml", "thing", doc).body)
        self.assertEqual((root.tag, root.findtext("flag"), root.findtext("n")),
                         ("thing", "true", "3"))
        self.assertEqual(root.find("link").attrib, {"rel": "self", "href": "/x"})
        self.assertEqual([e.text for e in root.findall("item")], ["a", "b"])
        self.assertEqual(json.loads(ecs_codec.render("json", "thing", doc).body)["link"],
                         {"rel": "self", "href": "/x"})

    def test_negotiation(self):
        self.assertEqual(ecs_codec.split_format("/login.json"), ("/login", "json"))
        self.assertEqual(ecs_codec.negotiate(make_request("GET", "/"), None), "xml")
        both = make_request("GET", "/", headers={"Accept": "application/json, application/xml"})
        self.assertEqual(ecs_codec.negotiate(both, None), "json")
        self.assertEqual(ecs_codec.negotiate(both, "xml"), "xml")

    def test_parse_body(self):
        xml = make_request("POST", "/", b"<bucket_list><id>a</id><id>b</id></bucket_list>",
                           {"Content-Type": "application/xml"})
        self.assertEqual(ecs_codec.parse_body(xml, ("bucket_list",)), {"id": ["a", "b"]})
        with self.assertRaises(ecs_codec.EcsError) as raised:
            ecs_codec.parse_body(xml, ("other",))
        self.assertEqual(raised.exception.code, 1013)
        wrapped = make_request("POST", "/", b'{"p":{"user":"u"}}',
                               {"Content-Type": "application/json; charset=utf-8"})
        self.assertEqual(ecs_codec.parse_body(wrapped, ("p",)), {"user": "u"})
        untyped = make_request("POST", "/", b"{}")
        with self.assertRaises(ecs_codec.EcsError) as raised:
            ecs_codec.parse_body(untyped, None)
        self.assertEqual((raised.exception.code, raised.exception.status), (1003, 415))

    def test_numbers_may_be_strings(self):
        self.assertEqual(ecs_codec.as_int({"v": "60"}, "v"), 60)
        self.assertIs(ecs_codec.as_bool({"v": "TRUE"}, "v"), True)
        with self.assertRaises(ecs_codec.EcsError):
            ecs_codec.as_int({"v": "x"}, "v")


class TokenStoreTest(unittest.TestCase):
    def setUp(self):
        self.clock = SimClock()
        self.store = TokenStore(self.clock, [MgmtUser("root", "pw")], max_age=100,
                                idle_timeout=50, max_per_user=2)

    def test_lifetime_idle_and_limit(self):
        token, user = self.store.login("root", "pw")
        self.assertIs(self.store.check(token), user)
        self.clock.advance(40)
        self.assertIs(self.store.check(token), user)
        self.clock.advance(40)
        self.assertIs(self.store.check(token), user)
        self.clock.advance(21)
        self.assertIsNone(self.store.check(token))
        other, _ = self.store.login("root", "pw")
        self.clock.advance(51)
        self.assertIsNone(self.store.check(other))

    def test_refusals_logout_and_expire_all(self):
        with self.assertRaises(LoginRefused):
            self.store.login("root", "nope")
        first, _ = self.store.login("root", "pw")
        second, _ = self.store.login("root", "pw")
        with self.assertRaises(LoginRefused) as raised:
            self.store.login("root", "pw")
        self.assertEqual(raised.exception.reason, "token_limit")
        self.assertEqual(self.store.logout(first), 1)
        self.assertIsNone(self.store.check(first))
        self.assertEqual(self.store.expire_all(), 1)
        self.assertIsNone(self.store.check(second))


class PersonalityTest(unittest.TestCase):
    def setUp(self):
        self.clock = SimClock()
        users = [MgmtUser("root", "pw"), MgmtUser("admin2", "pw2", "ns2")]
        state = EcsState([("ns1", None), ("ns2", None)], ["rg1"], self.clock)
        self.sim = EcsPersonality(state, TokenStore(self.clock, users, 3600, 3600, 100),
                                  NullBacking(), self.clock, RequestLog(), Options())
        self.token = self.login("root", "pw")

    def login(self, user, password):
        auth = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        response = self.sim.handle(make_request("GET", "/login",
                                                headers={"Authorization": "Basic " + auth}))
        self.assertEqual(response.status, 200)
        return dict(response.headers)["X-SDS-AUTH-TOKEN"]

    def call(self, method, path, doc=None, token=None):
        headers = {"Accept": "application/json", "X-SDS-AUTH-TOKEN": token or self.token}
        body = b""
        if doc is not None:
            body = json.dumps(doc).encode()
            headers["Content-Type"] = "application/json"
        response = self.sim.handle(make_request(method, path, body, headers))
        return response.status, json.loads(response.body) if response.body else None

    def test_key_slots(self):
        self.assertEqual(self.call("POST", "/object/users", {"user": "u1",
                                                              "namespace": "ns1"})[0], 200)
        status, first = self.call("POST", "/object/user-secret-keys/u1", {"namespace": "ns1"})
        self.assertEqual((status, len(first["secret_key"])), (200, 40))
        _, second = self.call("POST", "/object/user-secret-keys/u1",
                              {"namespace": "ns1", "existing_key_expiry_time_mins": 1})
        status, error = self.call("POST", "/object/user-secret-keys/u1", {"namespace": "ns1"})
        self.assertEqual((status, error["code"]), (400, 1008))
        self.clock.advance(61)
        _, keys = self.call("GET", "/object/user-secret-keys/u1")
        self.assertEqual((keys["secret_key_1_exist"], keys["secret_key_2"]),
                         (False, second["secret_key"]))
        status, third = self.call("POST", "/object/user-secret-keys/u1",
                                  {"namespace": "ns1", "secretkey": "S" * 40})
        self.assertEqual((status, third["secret_key"]), (200, "S" * 40))
        _, keys = self.call("GET", "/object/user-secret-keys/u1")
        self.assertEqual(keys["secret_key_1"], "S" * 40)

    def test_hidden_secret_keys(self):
        self.sim.options.hide_secret_keys = True
        self.call("POST", "/object/users", {"user": "u2", "namespace": "ns1"})
        _, created = self.call("POST", "/object/user-secret-keys/u2", {"namespace": "ns1"})
        _, keys = self.call("GET", "/object/user-secret-keys/u2")
        self.assertEqual(keys["secret_key_1"], "")
        self.assertTrue(keys["secret_key_1_exist"])
        status, _ = self.call("POST", "/object/user-secret-keys/u2/deactivate",
                              {"namespace": "ns1", "secret_key_id": keys["secret_key_1_id"]})
        self.assertEqual(status, 200)
        self.assertTrue(created["secret_key"])

    def test_namespace_admin_scope_and_bucket_flow(self):
        other = self.login("admin2", "pw2")
        status, error = self.call("GET", "/object/bucket?namespace=ns1", token=other)
        self.assertEqual((status, error["code"]), (403, 3000))
        self.call("POST", "/object/users", {"user": "own", "namespace": "ns2"}, token=other)
        status, _ = self.call("POST", "/object/bucket", {"name": "bkt", "owner": "own"},
                              token=other)
        self.assertEqual(status, 200)
        _, info = self.call("GET", "/object/bucket/bkt/info?namespace=ns2")
        self.assertEqual((info["namespace"], info["owner"]), ("ns2", "own"))
        self.assertEqual(self.call("POST", "/object/bucket/bkt/deactivate?namespace=ns2")[0],
                         200)

    def test_whoami_lock_and_paging(self):
        _, me = self.call("GET", "/user/whoami")
        self.assertEqual((me["common_name"], me["roles"]), ("root", ["SYSTEM_ADMIN"]))
        for uid in ("p1", "p2", "p3"):
            self.call("POST", "/object/users", {"user": uid, "namespace": "ns1"})
        _, page = self.call("GET", "/object/users?limit=2")
        self.assertEqual(([u["userid"] for u in page["blobuser"]], page["NextMarker"]),
                         (["p1", "p2"], "p2"))
        _, rest = self.call("GET", "/object/users?limit=2&marker=p2")
        self.assertEqual([u["userid"] for u in rest["blobuser"]], ["p3"])
        self.assertNotIn("NextMarker", rest)
        self.call("PUT", "/object/users/lock", {"user": "p1", "namespace": "ns1",
                                                "isLocked": True})
        _, lock = self.call("GET", "/object/users/lock/p1/ns1")
        self.assertEqual(lock, {"user_name": "p1", "isLocked": True})
        status, error = self.call("POST", "/object/users/deactivate",
                                  {"user": "ghost", "namespace": "ns1"})
        self.assertEqual((status, error["code"]), (400, 1004))

    def test_bucket_without_owner_belongs_to_the_caller(self):
        self.call("POST", "/object/bucket", {"name": "b1", "namespace": "ns1"})
        self.call("POST", "/object/bucket", {"name": "b2", "namespace": "ns1"})
        _, info = self.call("GET", "/object/bucket/b1/info?namespace=ns1")
        self.assertEqual(info["owner"], "root")
        _, page = self.call("GET", "/object/bucket?namespace=ns1&limit=1")
        self.assertEqual(([b["name"] for b in page["object_bucket"]], page["NextMarker"]),
                         (["b1"], "b1"))
        _, acl = self.call("GET", "/object/bucket/b1/acl?namespace=ns1")
        self.assertEqual(acl["acl"]["owner"], "root")
        status, error = self.call("POST", "/object/bucket", {"name": "b1", "namespace": "ns2"})
        self.assertEqual((status, error["code"]), (400, 40008))

    def test_expired_token_redirect_mode(self):
        self.sim.expired_redirect = True
        response = self.sim.handle(make_request("GET", "/object/namespaces", headers={
            "Host": "127.0.0.1:4443"}))
        self.assertEqual(response.status, 302)
        self.assertIn("/login", dict(response.headers)["Location"])


if __name__ == "__main__":
    unittest.main()
