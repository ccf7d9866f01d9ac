"""Management users and X-SDS-AUTH-TOKEN tokens as ECS keeps them: a lifetime (default 8 h),
an idle timeout (default 2 h), at most N live tokens per user, logout of one or all tokens.
Thread-safe: one lock guards the token table."""

import base64
import hmac
import secrets
import threading


class MgmtUser:
    """A management user; `namespace` None means SYSTEM_ADMIN, else NAMESPACE_ADMIN of it."""

    def __init__(self, name, password, namespace=None):
        self.name = name
        self.password = password
        self.namespace = namespace

    @property
    def role(self):
        return "SYSTEM_ADMIN" if self.namespace is None else "NAMESPACE_ADMIN"


class LoginRefused(Exception):
    """`reason` is "credentials" (unknown user / wrong password) or "token_limit"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class _Token:
    def __init__(self, user, issued):
        self.user = user
        self.issued = issued
        self.last_used = issued


class TokenStore:
    def __init__(self, clock, users, max_age, idle_timeout, max_per_user):
        self._clock = clock
        self._users = {user.name: user for user in users}
        self._lock = threading.Lock()
        self._tokens = {}
        self.max_age = max_age
        self.idle_timeout = idle_timeout
        self.max_per_user = max_per_user

    def users(self):
        """Every configured management user."""
        return list(self._users.values())

    def authenticate(self, name, password):
        """The MgmtUser for these credentials, or None."""
        user = self._users.get(name)
        if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
            return None
        return user

    def login(self, name, password):
        """Issues a new token for valid credentials. Raises LoginRefused."""
        user = self.authenticate(name, password)
        if user is None:
            raise LoginRefused("credentials")
        with self._lock:
            self._sweep_locked()
            live = sum(1 for t in self._tokens.values() if t.user is user)
            if live >= self.max_per_user:
                raise LoginRefused("token_limit")
            token = "BAAc" + base64.b64encode(secrets.token_bytes(48)).decode()
            self._tokens[token] = _Token(user, self._clock.now())
            return token, user

    def check(self, token):
        """The MgmtUser owning a live `token` (and marks it used), or None."""
        with self._lock:
            entry = self._tokens.get(token)
            if entry is None:
                return None
            now = self._clock.now()
            if self._expired(entry, now):
                del self._tokens[token]
                return None
            entry.last_used = now
            return entry.user

    def logout(self, token, force=False, username=None):
        """Ends `token` (all of its user's tokens with `force`, or all of `username`'s).
        Returns the number of tokens ended."""
        with self._lock:
            entry = self._tokens.get(token)
            if entry is None:
                return 0
            if username is not None:
                doomed = [t for t, e in self._tokens.items() if e.user.name == username]
            elif force:
                doomed = [t for t, e in self._tokens.items() if e.user is entry.user]
            else:
                doomed = [token]
            for t in doomed:
                del self._tokens[t]
            return len(doomed)

    def set_limits(self, max_age=None, idle_timeout=None, max_per_user=None):
        """Changes token limits; they apply to existing tokens too."""
        with self._lock:
            if max_age is not None:
                self.max_age = max_age
            if idle_timeout is not None:
                self.idle_timeout = idle_timeout
            if max_per_user is not None:
                self.max_per_user = max_per_user

    def expire_all(self):
        """Invalidates every token; returns how many there were."""
        with self._lock:
            count = len(self._tokens)
            self._tokens.clear()
            return count

    def stats(self):
        with self._lock:
            self._sweep_locked()
            per_user = {}
            for entry in self._tokens.values():
                per_user[entry.user.name] = per_user.get(entry.user.name, 0) + 1
            return {"active_tokens": len(self._tokens), "tokens_per_user": per_user,
                    "max_age_seconds": self.max_age, "idle_timeout_seconds": self.idle_timeout,
                    "max_tokens_per_user": self.max_per_user}

    def _expired(self, entry, now):
        return now >= entry.issued + self.max_age or now >= entry.last_used + self.idle_timeout

    def _sweep_locked(self):
        now = self._clock.now()
        for token in [t for t, e in self._tokens.items() if self._expired(e, now)]:
            del self._tokens[token]
