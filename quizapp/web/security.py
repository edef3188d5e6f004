"""Request safety: local-only redirects, security headers and role checks."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from flask import Response, abort, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from quizapp.extensions import login_manager
from quizapp.models.user import User

F = TypeVar("F", bound=Callable[..., Any])

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
_MAX_NEXT_LENGTH = 2000


def signed_in_user() -> User:
    """Return the signed-in user object (not the proxy), for services that take a User."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _is_local_path(candidate: str) -> bool:
    if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return False
    # Browsers read a backslash as a slash and drop tabs and newlines, so "/\t/evil" is "//evil".
    if "\\" in candidate:
        return False
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in candidate):
        return False
    parts = urlsplit(candidate)
    return not parts.scheme and not parts.netloc


def is_safe_next(target: str | None) -> bool:
    """Tell whether `target` is a path on this site, whatever its percent-encoding."""
    if not target or len(target) > _MAX_NEXT_LENGTH:
        return False
    candidate = target
    # Check every decoding: a redirect may be decoded again by a proxy or the browser.
    for _ in range(4):
        if not _is_local_path(candidate):
            return False
        decoded = unquote(candidate)
        if decoded == candidate:
            return True
        candidate = decoded
    return False


def safe_next(target: str | None, default: str) -> str:
    """Return `target` if it is a local path, else `default`."""
    return target if target and is_safe_next(target) else default


def add_security_headers(response: Response) -> Response:
    """Set the Content-Security-Policy and friends on every response."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Pages may show private data: keep them out of shared caches and the back button after logout.
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def role_required(*roles: str) -> Callable[[F], F]:
    """Let only logged-in users with one of `roles` reach the view; others get login or 403."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` limited to what an INTEGER id column holds, so huge ids are 404s, not 500s."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
