"""The engine stays pure Python: nothing in quizapp/engine imports the web stack or the database."""

from __future__ import annotations

import ast
from pathlib import Path

import quizapp.engine
from tests.imports import imported_modules

ENGINE = Path(quizapp.engine.__file__).parent
FORBIDDEN_ROOTS = {"flask", "sqlalchemy", "wtforms"}
FORBIDDEN_PACKAGES = ("quizapp.models", "quizapp.services", "quizapp.web")


def _forbidden(module: str) -> bool:
    root = module.split(".")[0]
    if root in FORBIDDEN_ROOTS or root.startswith("flask_"):
        return True
    return any(module == p or module.startswith(p + ".") for p in FORBIDDEN_PACKAGES)


def test_detector_catches_every_forbidden_form() -> None:
    bad = [
        "import flask",
        "from flask_login import current_user",
        "import sqlalchemy.orm as orm",
        "from wtforms import Form",
        "from quizapp.models.user import User",
        "from quizapp import services",
        "from ...web import bp",  # quizapp/engine/questions/ -> quizapp.web
    ]
    fake = ENGINE / "questions" / "fake.py"
    for source in bad:
        assert any(_forbidden(m) for m in imported_modules(ast.parse(source), fake)), source
    assert not any(_forbidden(m) for m in imported_modules(ast.parse("import random, json"), fake))
    for fine in ("from . import model", "from ..web_text import x", "from .. import flask_like"):
        assert not any(_forbidden(m) for m in imported_modules(ast.parse(fine), fake)), fine


def test_engine_imports_nothing_from_the_web_stack_or_the_database() -> None:
    files = sorted(ENGINE.rglob("*.py"))
    assert len(files) > 5
    offenders = [
        f"{path.relative_to(ENGINE)}: {module}"
        for path in files
        for module in imported_modules(ast.parse(path.read_text(encoding="utf-8")), path)
        if _forbidden(module)
    ]
    assert offenders == []
