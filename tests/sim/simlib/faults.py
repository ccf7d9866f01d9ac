"""Fault switches shared by every simulator: fail the next N calls with an HTTP status, delay
calls, or reset connections without answering; with "every": K only every K-th matching call
(a steady fault rate, e.g. K=20 for 5%). Rules are added at start-up (--fault) or at run
time (POST /_sim/faults). Thread-safe: one lock guards the rule list and its counters."""

import re
import threading

ACTIONS = ("fail", "latency", "reset")


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
        self.method = (doc.get("method") or "").upper() or None
        self.path = doc.get("path") or None
        try:
            self._regex = re.compile(self.path) if self.path else None
        except re.error as e:
            raise FaultError("path is not a valid regular expression: %s" % e) from e
        self.hits = 0
        # Calls the rule acted on (hits minus the `after` ones and the spared ones).
        self.applied = 0

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
    """What to do with one request: sleep `latency_ms`, then reset, or fail with `status`."""

    def __init__(self):
        self.latency_ms = 0
        self.reset = False
        self.fail_status = None
        self.fail_code = None
        self.rule_ids = []


class Faults:
    """The active rules. `decide` consumes one hit of every matching rule."""

    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []
        self._next_id = 1

    def add(self, doc):
        """Adds a rule from its JSON document; returns its description. Raises FaultError."""
        if not isinstance(doc, dict):
            raise FaultError("a fault rule is a JSON object")
        with self._lock:
            rule = _Rule(self._next_id, doc)
            self._next_id += 1
            self._rules.append(rule)
            return rule.describe()

    def remove(self, rule_id):
        """Removes one rule; returns False when no rule has that id."""
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self):
        with self._lock:
            self._rules = []

    def describe(self):
        with self._lock:
            return [r.describe() for r in self._rules]

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
                elif rule.action == "reset" and not decision.reset:
                    decision.reset = True
                elif rule.action == "fail" and decision.fail_status is None:
                    decision.fail_status, decision.fail_code = rule.status, rule.code
                else:
                    rule.take_back()
                    continue
                rule.applied += 1
                decision.rule_ids.append(rule.id)
            self._rules = [r for r in self._rules if not r.used_up()]
        return decision
