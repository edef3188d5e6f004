"""The layout shows the architecture: layers import downwards, and each folder stays small."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import quizapp
import quizapp.services
from tests.imports import ROOT, imported_modules, module_name

PACKAGE = Path(quizapp.__file__).parent
MAX_MODULES = 12
MAX_LINES = 400
MAX_VIEW_LINES = 40
#: Each service aggregate is a package; other layers use what its __init__ exports.
SERVICE_PACKAGES = {
    f"quizapp.services.{info.name}"
    for info in pkgutil.iter_modules(quizapp.services.__path__)
    if info.ispkg
}
#: Which layers each layer may import (the engine's purity has its own test).
MAY_NOT_IMPORT = {
    "quizapp.models": ("quizapp.services", "quizapp.web"),
    "quizapp.services": ("quizapp.web",),
}


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _private_service_modules(source: str, path: Path) -> list[str]:
    """Return the modules inside a service package that `source` imports."""
    return sorted(
        {
            module
            for module in imported_modules(ast.parse(source), path)
            for package in SERVICE_PACKAGES
            if module.startswith(package + ".")
            and (ROOT / (module.replace(".", "/") + ".py")).exists()  # a module, not a name
        }
    )


def _outside_services() -> list[Path]:
    services = PACKAGE / "services"
    return [p for p in _python_files() if services not in p.parents]


def test_service_packages_are_found():
    assert {"quizapp.services.attempts", "quizapp.services.banks"} <= SERVICE_PACKAGES


def test_the_private_import_detector_catches_every_form():
    web = PACKAGE / "web" / "fake.py"
    bad = [
        "from quizapp.services.attempts.operations import start_attempt",
        "from quizapp.services.attempts import operations",
        "import quizapp.services.banks.versions",
        "from ..services.flashcards.memory import record",
    ]
    for source in bad:
        assert _private_service_modules(source, web), source
    fine = "from quizapp.services import attempts\nfrom quizapp.services.banks import engine_bank"
    assert _private_service_modules(fine, web) == []


@pytest.mark.parametrize("path", _outside_services(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_web_and_the_cli_import_services_only_through_their_packages(path: Path):
    imported = _private_service_modules(path.read_text(encoding="utf-8"), path)
    assert imported == [], f"{module_name(path)} imports a service's private module"


def test_layers_import_only_downwards():
    offenders = []
    for path in _python_files():
        me = module_name(path)
        for layer, forbidden in MAY_NOT_IMPORT.items():
            if me != layer and not me.startswith(layer + "."):
                continue
            for module in imported_modules(ast.parse(path.read_text(encoding="utf-8")), path):
                if any(module == f or module.startswith(f + ".") for f in forbidden):
                    offenders.append(f"{me}: {module}")
    assert offenders == []


def test_no_folder_holds_more_than_about_twelve_modules():
    folders = {p.parent for p in _python_files()}
    crowded = {
        str(folder.relative_to(PACKAGE.parent)): count
        for folder in folders
        if (count := len([p for p in folder.glob("*.py") if p.name != "__init__.py"])) > MAX_MODULES
    }
    assert crowded == {}


def test_no_module_is_longer_than_four_hundred_lines():
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in _python_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _views(tree: ast.AST) -> list[ast.FunctionDef]:
    """Return the functions of a module that a route decorator makes views."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "route"
            for d in node.decorator_list
        )
    ]


def test_every_view_function_is_short():
    views = [
        (path, node)
        for path in (PACKAGE / "web").rglob("*.py")
        for node in _views(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert len(views) > 50  # the detector sees the app's views
    long = {
        f"{path.relative_to(PACKAGE)}:{node.name}": (node.end_lineno or 0) - node.lineno + 1
        for path, node in views
        if (node.end_lineno or 0) - node.lineno + 1 >= MAX_VIEW_LINES
    }
    assert long == {}


IMPORT_EACH = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.startswith("quizapp")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{name}: {error}")
print("\\n".join(failed))
"""


def test_every_engine_module_imports_first_without_a_cycle():
    # A package's __init__ imports its modules, so an import cycle can hide behind import order.
    names = [module_name(p) for p in sorted((PACKAGE / "engine").rglob("*.py"))]
    assert len(names) > 50
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, *names],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    assert out.stdout.strip() == ""
