"""ECS simulator: login, tokens (lifetime, idle, limit, logout, expiry), XML/JSON forms and the
error document. Runs against ecs_sim.py and radosgw."""

import unittest
import xml.etree.ElementTree as ET

from ecs.ecs_test_base import EcsSimTestCase


class LoginAndTokens(EcsSimTestCase):
    def tearDown(self):
        self.control.call("POST", "/tokens", {"max_age": 28800, "idle_timeout": 7200,
                                              "max_per_user": 100})

    def test_login_returns_token_max_age_and_xml_body(self):
        response = self.client.login_response()
        self.assertEqual(response.status, 200)
        self.assertTrue(response.headers["X-SDS-AUTH-TOKEN"])
        self.assertEqual(response.headers["X-SDS-AUTH-MAX-AGE"], "28800")
        self.assertEqual(response.content_type, "application/xml")
        self.assertEqual(response.xml().tag, "loggedIn")
        self.assertEqual(response.xml().findtext("user"), "root")

    def test_login_json_suffix(self):
        response = self.client.call("GET", "/login.json", accept=None, headers={
            "Authorization": "Basic cm9vdDpDaGFuZ2VNZQ=="})
        self.assertEqual(response.status, 200)
        self.assertEqual(response.json(), {"user": "root"})

    def test_wrong_password_is_401_and_counted(self):
        before = self.control.counters().get("login_failures", 0)
        response = self.client.login_response(password="wrong")
        self.assertEcsError(response, 401, 4000)
        self.assertNotIn("X-SDS-AUTH-TOKEN", response.headers)
        self.assertEqual(self.control.counters()["login_failures"], before + 1)

    def test_missing_and_unknown_token_are_401(self):
        self.assertEcsError(self.call("GET", "/object/namespaces", token=""), 401, 4000)
        self.assertEcsError(self.call("GET", "/object/namespaces", token="BAAcbogus"), 401,
                            4000)
        self.ok("GET", "/object/namespaces")

    def test_token_expires_after_max_age(self):
        self.control.call("POST", "/tokens", {"max_age": 60})
        self.ok("GET", "/object/namespaces")
        self.control.advance_clock(61)
        self.assertEcsError(self.call("GET", "/object/namespaces"), 401, 4000)
        self.token = self.client.login()
        self.ok("GET", "/object/namespaces")

    def test_token_expires_when_idle(self):
        self.control.call("POST", "/tokens", {"idle_timeout": 100})
        self.control.advance_clock(90)
        self.ok("GET", "/object/namespaces")
        self.control.advance_clock(90)
        self.ok("GET", "/object/namespaces")
        self.control.advance_clock(101)
        self.assertEcsError(self.call("GET", "/object/namespaces"), 401, 4000)

    def test_expire_all_tokens_now(self):
        other = self.client.login()
        expired = self.control.call("POST", "/tokens/expire")["expired"]
        self.assertGreaterEqual(expired, 2)
        for token in (self.token, other):
            self.assertEcsError(self.call("GET", "/object/namespaces", token=token), 401, 4000)

    def test_logout_ends_only_that_token_unless_forced(self):
        other = self.client.login()
        self.assertEqual(self.ok("GET", "/logout"), {"user": "root"})
        self.assertEcsError(self.call("GET", "/object/namespaces"), 401, 4000)
        self.ok("GET", "/object/namespaces", token=other)
        third = self.client.login()
        self.ok("GET", "/logout?force=true", token=third)
        self.assertEcsError(self.call("GET", "/object/namespaces", token=other), 401, 4000)

    def test_token_limit_per_user(self):
        self.control.call("POST", "/tokens/expire")
        self.control.call("POST", "/tokens", {"max_per_user": 2})
        self.client.login()
        self.client.login()
        self.assertEcsError(self.client.login_response(), 401, 4000)

    def test_login_count_and_active_tokens(self):
        self.control.reset_log()
        self.client.login()
        self.client.login()
        counters = self.control.counters()
        self.assertEqual(counters["logins"], 2)
        self.assertGreaterEqual(counters["active_tokens"], 2)


class Formats(EcsSimTestCase):
    def test_xml_is_the_default(self):
        response = self.call("GET", "/object/namespaces/namespace/ns1", accept=None)
        self.assertEqual(response.content_type, "application/xml")
        self.assertTrue(response.body.startswith(b"<?xml"))
        root = response.xml()
        self.assertEqual(root.tag, "namespace")
        self.assertEqual(root.findtext("name"), "ns1")
        self.assertIn("ReplicationGroupInfo", root.findtext("default_data_services_vpool"))

    def test_json_by_accept_header_and_by_suffix(self):
        by_header = self.call("GET", "/object/namespaces/namespace/ns1",
                              accept="application/json")
        by_suffix = self.call("GET", "/object/namespaces/namespace/ns1.json", accept=None)
        self.assertEqual(by_header.content_type, "application/json")
        self.assertEqual(by_header.json()["name"], "ns1")
        self.assertEqual(by_suffix.json(), by_header.json())

    def test_error_document_in_both_forms(self):
        xml = self.call("GET", "/object/namespaces/namespace/nope", accept="application/xml")
        self.assertEqual(xml.status, 400)
        root = xml.xml()
        self.assertEqual(root.tag, "error")
        self.assertEqual(root.findtext("code"), "1004")
        self.assertEqual(root.findtext("retryable"), "false")
        self.assertIn("nope", root.findtext("details"))
        doc = self.call("GET", "/object/namespaces/namespace/nope").json()
        self.assertEqual((doc["code"], doc["retryable"]), (1004, False))
        self.assertTrue(doc["description"])

    def test_xml_request_body_and_wrong_root(self):
        uid = "xmluser-%d" % id(self)
        body = "<user_create_param><user>%s</user><namespace>ns1</namespace>" \
               "</user_create_param>" % uid
        response = self.call("POST", "/object/users", body, content_type="application/xml",
                             accept="application/xml")
        self.assertEqual(response.status, 200, response.body)
        self.assertEqual(response.xml().tag, "user_secret_key")
        wrong = self.call("POST", "/object/users", body.replace("user_create_param", "user"),
                          content_type="application/xml")
        self.assertEcsError(wrong, 400, 1013)

    def test_body_without_content_type_is_415(self):
        response = self.call("POST", "/object/users", '{"user":"x","namespace":"ns1"}')
        self.assertEcsError(response, 415, 1003)

    def test_wrapped_json_body_is_accepted(self):
        uid = "wrapped-%d" % id(self)
        self.ok("POST", "/object/users", {"user_create_param": {"user": uid,
                                                                "namespace": "ns1"}})
        self.assertEqual(self.ok("GET", "/object/users/%s/info?namespace=ns1" % uid)["name"],
                         uid)

    def test_vpools_lists_ids_and_names(self):
        vpools = self.ok("GET", "/vdc/data-service/vpools")["data_service_vpool"]
        self.assertEqual([v["name"] for v in vpools], ["rg1", "rg2"])
        self.assertEqual([{"name": v["name"], "id": v["id"]} for v in vpools],
                         self.info["replication_groups"])
        one = self.ok("GET", "/vdc/data-service/vpools/" + vpools[1]["id"])
        self.assertEqual(one["name"], "rg2")

    def test_unknown_path_and_wrong_method(self):
        self.assertEqual(self.call("GET", "/object/nothing-here").status, 404)
        self.assertEcsError(self.call("DELETE", "/object/users"), 405, 1007)

    def test_xml_lists_repeat_elements(self):
        response = self.call("GET", "/object/namespaces", accept="application/xml")
        names = [e.findtext("name") for e in ET.fromstring(response.body).findall("namespace")]
        self.assertEqual(names, ["ns1", "ns2"])


if __name__ == "__main__":
    unittest.main()
