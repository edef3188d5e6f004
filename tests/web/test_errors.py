"""Error pages say what happened, leak nothing, and speak JSON to JSON clients; headers hold."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from quizapp import create_app
from quizapp.web.security import CONTENT_SECURITY_POLICY


@pytest.fixture(scope="module")
def crashing_app(app: Flask, app_config) -> Flask:
    """A separate app (same database) with a route that fails with a secret in its message."""
    extra = create_app(app_config)

    @extra.route("/boom")
    def boom() -> str:
        raise RuntimeError("secret-internal-detail /etc/passwd")

    return extra


def test_404_page_is_friendly(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is no page at this address." in response.get_data(as_text=True)
    assert response.mimetype == "text/html"


def test_404_as_json_for_json_clients(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"error": "Not found", "status": 404,
                                   "message": "There is no page at this address."}


def test_405_says_the_method_is_not_allowed(client):
    response = client.delete("/login")
    assert response.status_code == 405
    assert "does not accept that kind of request" in response.get_data(as_text=True)
    assert "POST" in response.headers["Allow"]


def test_413_for_bodies_over_the_limit(client):
    response = client.post("/login", data={"username": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than this site accepts" in response.get_data(as_text=True)


def test_500_leaks_nothing(crashing_app):
    crashing_app.testing = False  # let the error handler answer instead of re-raising
    crashing_app.config["PROPAGATE_EXCEPTIONS"] = False
    client = crashing_app.test_client()
    response = client.get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "secret-internal-detail" not in body and "Traceback" not in body
    as_json = client.get("/boom", headers={"Accept": "application/json"})
    assert as_json.status_code == 500
    assert "secret" not in as_json.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/login", "/no/such/page"])
def test_security_headers_on_every_page(client, path):
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_handlers(client, login_as):
    login_as("admin")
    for path in ("/", "/dashboard", "/admin/users", "/account/password"):
        body = client.get(path).get_data(as_text=True).lower()
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), f"inline script on {path}"
        assert not re.search(r"\son[a-z]+\s*=", body), f"event handler attribute on {path}"
        assert not re.search(r"\sstyle\s*=", body), f"inline style on {path}"
        assert "http://" not in body and "https://" not in body  # nothing from a CDN
