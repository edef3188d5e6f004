"""Login throttling per account and per client address, counting failed attempts only."""

from __future__ import annotations

import math
import time

from flask import Flask, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

EXTENSION_KEY = "login_throttle"


class LoginThrottle:
    """Count failed logins in a moving window; refuse further tries until the window moves on.

    The window always moves on, so an attacker can slow the real user down for at most one
    window but never lock them out for good.
    """

    def __init__(self, storage_uri: str) -> None:
        self.storage = storage_from_string(storage_uri)
        self.strategy = MovingWindowRateLimiter(self.storage)

    @staticmethod
    def keys(account: str, address: str, *, known_device: bool = False) -> tuple[str, str]:
        """Return the counter keys for an account name and a client address.

        A browser that has logged in to this account before (it shows a device cookie, see
        `device_token`) is counted on its own, so failures from elsewhere never lock it out:
        OWASP's "device cookie" defence against account lock-out.
        """
        account = account[:128]
        scope = f"known-device:{account}" if known_device else f"account:{account}"
        return scope, f"address:{address}"

    def retry_after(self, keys: tuple[str, ...]) -> int | None:
        """Return the seconds to wait before another try, or None if a try is allowed now."""
        limit = parse(current_app.config["LOGIN_RATE_LIMIT"])
        waits = [
            self.strategy.get_window_stats(limit, "login", key).reset_time - time.time()
            for key in keys
            if not self.strategy.test(limit, "login", key)
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, keys: tuple[str, ...]) -> None:
        """Count one failed login against each key."""
        limit = parse(current_app.config["LOGIN_RATE_LIMIT"])
        for key in keys:
            self.strategy.hit(limit, "login", key)

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
