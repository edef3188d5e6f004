"""Login throttling per account and per client address, counting failed attempts only; the
same moving windows count wrong class codes per address.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

EXTENSION_KEY = "login_throttle"


@dataclass(frozen=True)
class LoginKeys:
    """The counters of one login: the account's (or known device's), and the address's if any."""

    account: str
    address: str | None


class LoginThrottle:
    """Count failed logins in moving windows; refuse further tries until a window moves on.

    Three counters, each in its own moving window, so an attacker can slow a real user down for
    at most one window but never lock them out for good:

    - per account (LOGIN_RATE_LIMIT): failures on one account from browsers that have not
      logged in to it before, from any address;
    - per known device (LOGIN_RATE_LIMIT): failures on one account from browsers that have
      (a signed device cookie, OWASP's defence against account lock-out). Such a browser is
      counted only here: failures sent from elsewhere, or from its own address, never stop it;
    - per address (LOGIN_ADDRESS_RATE_LIMIT): how many DIFFERENT accounts failed from one
      client address, to catch password spraying. Hammering one account counts once, so one
      attacker behind a school's NAT cannot keep the rest of the school out.
    """

    def __init__(self, storage_uri: str) -> None:
        self.storage = storage_from_string(storage_uri)
        self.strategy = MovingWindowRateLimiter(self.storage)

    @staticmethod
    def keys(account: str, address: str, *, known_device: bool = False) -> LoginKeys:
        """Return the counters that gate a login to `account` from `address`."""
        account = account[:128]
        if known_device:
            return LoginKeys(f"known-device:{account}", None)
        return LoginKeys(f"account:{account}", f"address:{address}")

    def retry_after(self, keys: LoginKeys) -> int | None:
        """Return the seconds to wait before another try, or None if a try is allowed now."""
        waits = [
            self.strategy.get_window_stats(limit, "login", key).reset_time - time.time()
            for limit, key in self._counters(keys)
            if not self.strategy.test(limit, "login", key)
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, keys: LoginKeys) -> None:
        """Count one failed login: on the account, and on the address if the account is new."""
        counters = self._counters(keys)
        account_limit, _ = counters[0]
        self.strategy.hit(account_limit, "login", keys.account)
        if keys.address is not None:
            address_limit, _ = counters[1]
            # An account counts once per window against an address: its first failure does.
            once = RateLimitItemPerSecond(1, address_limit.get_expiry())
            if self.strategy.hit(once, "login-pair", keys.address, keys.account):
                self.strategy.hit(address_limit, "login", keys.address)

    @staticmethod
    def _counters(keys: LoginKeys) -> list[tuple[RateLimitItem, str]]:
        config = current_app.config
        counters = [(parse(config["LOGIN_RATE_LIMIT"]), keys.account)]
        if keys.address is not None:
            counters.append((parse(config["LOGIN_ADDRESS_RATE_LIMIT"]), keys.address))
        return counters

    def retry_after_on(self, limit: str, scope: str, key: str) -> int | None:
        """Return the seconds to wait before another try of `scope` by `key`, or None."""
        item = parse(limit)
        if self.strategy.test(item, scope, key):
            return None
        wait = self.strategy.get_window_stats(item, scope, key).reset_time - time.time()
        return max(1, math.ceil(wait))

    def hit_on(self, limit: str, scope: str, key: str) -> None:
        """Count one failed try of `scope` (a wrong class code, ...) by `key`."""
        self.strategy.hit(parse(limit), scope, key)

    def reset(self) -> None:
        """Forget every count (for tests and maintenance)."""
        self.storage.reset()


DEVICE_COOKIE = "quizapp_device"
_DEVICE_SALT = "login-device"


def device_token(account: str) -> str:
    """Return a signed token proving this browser has logged in to `account`."""
    return URLSafeSerializer(current_app.secret_key, salt=_DEVICE_SALT).dumps(account[:128])


def is_known_device(account: str, token: str | None) -> bool:
    """Tell whether a device cookie was issued to this browser for `account`."""
    if not token:
        return False
    try:
        signed = URLSafeSerializer(current_app.secret_key, salt=_DEVICE_SALT).loads(token)
    except BadSignature:
        return False
    return bool(signed == account[:128])


def init_throttle(app: Flask) -> None:
    """Attach a LoginThrottle using the app's rate-limit storage."""
    app.extensions[EXTENSION_KEY] = LoginThrottle(app.config["RATELIMIT_STORAGE_URI"])


def login_throttle() -> LoginThrottle:
    """Return the current app's LoginThrottle."""
    throttle: LoginThrottle = current_app.extensions[EXTENSION_KEY]
    return throttle
