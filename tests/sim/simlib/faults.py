"""Fault switches shared by every simulator: fail the next N calls with an HTTP status, delay
calls, reset connections without answering, mangle answers (truncate, garbage), or hold a call
until a test releases it; with "every": K only every K-th matching call (a steady fault rate,
e.g. K=20 for 5%). Rules are added at start-up (--fault) or at run time (POST /_sim/faults).
Thread-safe: one lock (and a condition on it) guards the rules, their counters and the held
calls."""

import re
import threading

ACTIONS = ("fail", "latency", "reset", "truncate", "garbage", "hold")
# Actions that decide what answer (if any) goes back; at most one of them applies to a request.
_ANSWER_ACTIONS = ("reset", "fail", "truncate", "garbage")
HOLD_STAGES = ("before", "after")
RELEASE_THEN = ("proceed", "reset")
# A held call that nobody releases goes on after this long, so that no test can hang a server.
DEFAULT_HOLD_TIMEOUT_S = 120


class FaultError(ValueError):
    """A rule document that cannot be applied; the message names the bad field."""


class _Rule:
    def __init__(self, rule_id, doc):
        self.id = rule_id
        self.action = doc.get("action")
        if self.action not in ACTIONS:
            raise FaultError("action must be one of %s" % ", ".join(ACTIONS))
        self.every = _optional_int(doc, "every", 1, minimum=1)
        # A rule that spares calls (every > 1) describes a rate: it lasts until removed.
        default_count = None if self.action == "latency" or self.every > 1 else 1
        self.count = _optional_int(doc, "count", default_count, minimum=1)
        self.after = _optional_int(doc, "after", 0, minimum=0)
        self.status = _optional_int(doc, "status", 503, minimum=400)
        if self.status > 599:
            raise FaultError("status must be an HTTP error status (400-599)")
        self.code = doc.get("code")
        self.ms = _optional_int(doc, "ms", 0, minimum=0)
        if self.action == "latency" and not self.ms:
            raise FaultError("latency needs ms > 0")
        self.body = doc.get("body")
        if self.body is not None and not isinstance(self.body, str):
            raise FaultError("body must be a string")
        self.stage = doc.get("stage", "before")
        if self.stage not in HOLD_STAGES:
            raise FaultError("stage must be one of %s" % ", ".join(HOLD_STAGES))
        self.timeout_s = _optional_int(doc, "timeout_s", DEFAULT_HOLD_TIMEOUT_S, minimum=1)
        self.method = (doc.get("method") or "").upper() or None
        self.path = doc.get("path") or None
        try:
            self._regex = re.compile(self.path) if self.path else None
        except re.error as e:
            raise FaultError("path is not a valid regular expression: %s" % e) from e
        self.hits = 0
        # Calls the rule acted on (hits minus the `after` ones and the spared ones).
        self.applied = 0
        # hold only: calls caught so far, and the release that lets them go on.
        self.held = 0
        self.finished = 0
        self.released = threading.Event()
        self.then = "proceed"

    def due(self):
        """Counts one matching call; whether the rule acts on it (after `after` calls, then on
        every `every`-th). take_back() undoes the count when another rule already acted."""
        self.hits += 1
        return self.hits > self.after and (self.hits - self.after) % self.every == 0

    def take_back(self):
        self.hits -= 1

    def used_up(self):
        return self.count is not None and self.applied >= self.count

    def matches(self, method, path):
        if self.method and self.method != method:
            return False
        return self._regex is None or self._regex.search(path) is not None

    def describe(self):
        doc = {"id": self.id, "action": self.action, "count": self.count, "after": self.after,
               "method": self.method, "path": self.path, "hits": self.hits, "every": self.every,
               "applied": self.applied}
        if self.action == "fail":
            doc.update(status=self.status, code=self.code)
        if self.action == "latency":
            doc["ms"] = self.ms
        if self.action == "garbage":
            doc["body"] = self.body
        if self.action == "hold":
            doc.update(stage=self.stage, held=self.held, finished=self.finished,
                       released=self.released.is_set(), timeout_s=self.timeout_s)
        return doc


def _optional_int(doc, name, default, minimum):
    value = doc.get(name, default)
    if value is None:
        return None
    try:
        value = int(value)
    except (TypeError, ValueError) as e:
        raise FaultError("%s must be an integer" % name) from e
    if value < minimum:
        raise FaultError("%s must be >= %d" % (name, minimum))
    return value


class Decision:
    """What to do with one request: sleep `latency_ms`; wait for `hold` (a rule, before or after
    handling, see Faults.wait_released); then reset, fail with `fail_status`, or handle it and
    `truncate` the answer or replace it with `garbage` (True, or the rule's body text)."""

    def __init__(self):
        self.latency_ms = 0
        self.reset = False
        self.fail_status = None
        self.fail_code = None
        self.truncate = False
        self.garbage = None
        self.hold = None
        self.rule_ids = []

    def answer_taken(self):
        return (self.reset or self.fail_status is not None or self.truncate or
                self.garbage is not None)


class Faults:
    """The active rules. `decide` consumes one hit of every matching rule."""

    def __init__(self):
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._rules = []
        # Hold rules stay here after their count is used up, until released or cleared, so
        # that a test can still wait for and release the calls they caught.
        self._holds = {}
        self._next_id = 1

    def add(self, doc):
        """Adds a rule from its JSON document; returns its description. Raises FaultError."""
        if not isinstance(doc, dict):
            raise FaultError("a fault rule is a JSON object")
        with self._lock:
            rule = _Rule(self._next_id, doc)
            self._next_id += 1
            self._rules.append(rule)
            if rule.action == "hold":
                self._holds[rule.id] = rule
            return rule.describe()

    def remove(self, rule_id):
        """Removes one rule (releasing what it holds); returns False when no rule has that
        id."""
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            hold = self._holds.pop(rule_id, None)
            if hold is not None:
                hold.released.set()
            return len(self._rules) != before or hold is not None

    def clear(self):
        """Removes every rule and lets every held call go on."""
        with self._lock:
            self._rules = []
            for hold in self._holds.values():
                hold.released.set()
            self._holds = {}

    def describe(self):
        with self._lock:
            return [r.describe() for r in self._rules]

    def find(self, rule_id):
        """The description of an active rule or of a hold not yet released; None if neither."""
        with self._lock:
            rule = self._holds.get(rule_id) or next(
                (r for r in self._rules if r.id == rule_id), None)
            return rule.describe() if rule else None

    def wait_held(self, rule_id, timeout_s, calls=1):
        """Waits until hold rule `rule_id` has caught `calls` calls, at most timeout_s seconds.
        Returns its description, or None when the wait timed out. Raises FaultError when there
        is no such hold."""
        with self._changed:
            rule = self._holds.get(rule_id)
            if rule is None:
                raise FaultError("no hold rule %d (released, removed or not a hold)" % rule_id)
            self._changed.wait_for(lambda: rule.held >= calls or rule.released.is_set(),
                                   timeout_s)
            return rule.describe() if rule.held >= calls else None

    def release(self, rule_id, then="proceed", wait_s=0):
        """Lets the calls hold rule `rule_id` caught go on ("proceed": as if never held) or drops
        them ("reset": the connection is reset, no answer), and retires the rule; with wait_s,
        first waits (at most that long) until they are through. Returns its description; raises
        FaultError when there is no such hold."""
        if then not in RELEASE_THEN:
            raise FaultError("then must be one of %s" % ", ".join(RELEASE_THEN))
        with self._changed:
            rule = self._holds.pop(rule_id, None)
            if rule is None:
                raise FaultError("no hold rule %d (released, removed or not a hold)" % rule_id)
            self._rules = [r for r in self._rules if r.id != rule_id]
            rule.then = then
            rule.released.set()
            self._changed.wait_for(lambda: rule.finished >= rule.held, wait_s)
            return rule.describe()

    def finished(self, rule):
        """Called by the server once a held call was answered (or reset)."""
        with self._changed:
            rule.finished += 1
            self._changed.notify_all()

    def wait_released(self, rule):
        """Called by the server for a held call: blocks until the rule is released (or its
        timeout_s passed) and returns "proceed" or "reset"."""
        with self._changed:
            rule.held += 1
            self._changed.notify_all()
        if not rule.released.wait(rule.timeout_s):
            return "proceed"
        return rule.then

    def decide(self, method, path):
        """Returns the Decision for one request and retires rules whose count is used up."""
        decision = Decision()
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                if not rule.due():
                    continue
                if rule.action == "latency":
                    decision.latency_ms += rule.ms
                elif rule.action == "hold" and decision.hold is None:
                    decision.hold = rule
                elif rule.action in _ANSWER_ACTIONS and not decision.answer_taken():
                    if rule.action == "reset":
                        decision.reset = True
                    elif rule.action == "fail":
                        decision.fail_status, decision.fail_code = rule.status, rule.code
                    elif rule.action == "truncate":
                        decision.truncate = True
                    else:
                        decision.garbage = rule.body if rule.body is not None else True
                else:
                    rule.take_back()
                    continue
                rule.applied += 1
                decision.rule_ids.append(rule.id)
            self._rules = [r for r in self._rules if not r.used_up()]
        return decision
