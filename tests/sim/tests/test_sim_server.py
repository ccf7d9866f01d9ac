"""SimServer on 127.0.0.1 with a toy personality: the answer-mangling faults (truncate,
garbage), holds released to proceed or reset, and certificate switches while serving."""

import http.client
import json
import os
import ssl
import sys
import tempfile
import threading
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from simlib import tls
from simlib.clock import SimClock
from simlib.control_client import ControlClient
from simlib.faults import Faults
from simlib.http_types import Response
from simlib.personality import Personality
from simlib.request_log import RequestLog
from simlib.server import SimServer


class _Counting(Personality):
    """Answers /json with a JSON document and anything else with XML; counts handled calls."""

    name = "toy"

    def __init__(self):
        self.handled = []
        self._lock = threading.Lock()

    def handle(self, request):
        with self._lock:
            self.handled.append(request.raw_path)
        if request.raw_path == "/json":
            return Response(200, b'{"ok": true, "items": [1, 2, 3]}', "application/json")
        return Response(200, b"<?xml version='1.0'?><Ok><Items>1 2 3</Items></Ok>",
                        "application/xml")

    def fault_response(self, request, status, code):
        return Response(status, b"", None)


class SimServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.ca_file, cls.cert, cls.key = tls.make_certificate(cls.dir.name)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def setUp(self):
        self.personality = _Counting()
        self.server = SimServer(self.personality, RequestLog(), Faults(), SimClock(),
                                cert_file=self.cert, key_file=self.key, tls_dir=self.dir.name)
        self.server.start()
        self.addCleanup(self.server.stop)
        self.port = int(self.server.base_url.rsplit(":", 1)[1])
        self.control = ControlClient(self.server.base_url + "/_sim", self.ca_file, timeout=30)
        self.addCleanup(self.control.clear_faults)

    def connect(self, ca_file=None):
        """A connection closed at the end of the test."""
        context = ssl.create_default_context(cafile=ca_file or self.ca_file)
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=context)
        self.addCleanup(conn.close)
        return conn

    def get(self, path, conn=None):
        """(status, body) of GET path on conn (default: a new connection)."""
        conn = conn or self.connect()
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()

    # --- truncate and garbage ---------------------------------------------------------------

    def test_truncate_promises_more_than_it_sends_after_handling(self):
        self.control.add_fault(action="truncate", path="^/json$")
        conn = self.connect()
        conn.request("GET", "/json")
        with self.assertRaises(http.client.IncompleteRead):
            conn.getresponse().read()
        self.assertEqual(self.personality.handled, ["/json"])
        self.assertEqual(self.get("/json")[0], 200)  # count=1: the next one is whole
        entry = self.control.log()[0]
        self.assertEqual((entry["fault"], entry["handled_status"]), ("truncate", 200))

    def test_garbage_is_a_malformed_200_of_the_same_type(self):
        self.control.add_fault(action="garbage", count=2)
        status, body = self.get("/json")
        self.assertEqual(status, 200)
        with self.assertRaises(ValueError):
            json.loads(body)
        status, body = self.get("/xml")
        self.assertEqual(status, 200)
        with self.assertRaises(ET.ParseError):
            ET.fromstring(body)
        self.assertEqual(self.personality.handled, ["/json", "/xml"])

    def test_garbage_with_a_given_body(self):
        self.control.add_fault(action="garbage", body="<Ok><Items>")
        self.assertEqual(self.get("/xml"), (200, b"<Ok><Items>"))

    # --- hold -------------------------------------------------------------------------------

    def start_get(self, path):
        """GETs path on another thread; returns (thread, outcome list: status or exception)."""
        outcome = []

        def run():
            try:
                outcome.append(self.get(path)[0])
            except (OSError, http.client.HTTPException) as exc:
                outcome.append(exc)
        thread = threading.Thread(target=run)
        thread.start()
        self.addCleanup(thread.join)
        return thread, outcome

    def test_hold_before_handling_then_proceed(self):
        rule = self.control.add_fault(action="hold", path="^/xml$")
        thread, outcome = self.start_get("/xml")
        held = self.control.wait_held(rule["id"])
        self.assertEqual((held["held"], held["stage"]), (1, "before"))
        self.assertEqual(self.personality.handled, [])
        self.assertEqual(self.get("/json")[0], 200)  # other calls are not held
        released = self.control.release(rule["id"])  # answers once the call is through
        self.assertEqual(released["finished"], 1)
        self.assertEqual(self.personality.handled, ["/json", "/xml"])
        thread.join()
        self.assertEqual(outcome, [200])

    def test_hold_after_handling_then_reset_loses_the_answer(self):
        rule = self.control.add_fault(action="hold", stage="after")
        thread, outcome = self.start_get("/xml")
        self.control.wait_held(rule["id"])
        self.assertEqual(self.personality.handled, ["/xml"])
        self.control.release(rule["id"], then="reset")
        thread.join()
        self.assertIsInstance(outcome[0], (OSError, http.client.HTTPException))
        self.assertEqual(self.control.log()[0]["fault"], "hold")

    def test_hold_before_then_reset_is_never_handled(self):
        rule = self.control.add_fault(action="hold")
        thread, outcome = self.start_get("/xml")
        self.control.wait_held(rule["id"])
        self.control.release(rule["id"], then="reset")
        thread.join()
        self.assertIsInstance(outcome[0], (OSError, http.client.HTTPException))
        self.assertEqual(self.personality.handled, [])

    def test_waiting_for_a_hold_that_catches_nothing_is_408(self):
        rule = self.control.add_fault(action="hold", path="^/never$")
        with self.assertRaisesRegex(RuntimeError, "408"):
            self.control.wait_held(rule["id"], timeout_s=0.2)

    def test_clearing_the_faults_lets_held_calls_go_on(self):
        rule = self.control.add_fault(action="hold")
        thread, outcome = self.start_get("/json")
        self.control.wait_held(rule["id"])
        self.control.clear_faults()
        thread.join()
        self.assertEqual(outcome, [200])
        with self.assertRaisesRegex(RuntimeError, "400"):
            self.control.release(rule["id"])

    # --- certificate switch ----------------------------------------------------------------

    def test_switch_to_a_certificate_of_the_same_ca_keeps_clients_working(self):
        kept = self.connect()
        self.assertEqual(self.get("/json", kept)[0], 200)
        switched = self.control.switch_tls(issuer="same")
        self.assertEqual((switched["generation"], switched["ca_file"]), (1, self.ca_file))
        # The idle kept-alive connection was closed with the switch.
        with self.assertRaises((OSError, http.client.HTTPException)):
            self.get("/json", kept)
        self.assertEqual(self.get("/json")[0], 200)

    def test_switch_to_another_ca_and_back(self):
        other = self.control.switch_tls(issuer="other")
        self.assertNotEqual(other["ca_file"], self.ca_file)
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.get("/json")
        self.assertEqual(self.get("/json", self.connect(other["ca_file"]))[0], 200)
        # The control client trusts the CA it switched to, so it can switch back.
        self.assertEqual(self.control.switch_tls(issuer="same")["generation"], 2)
        self.assertEqual(self.get("/json")[0], 200)


if __name__ == "__main__":
    unittest.main()
