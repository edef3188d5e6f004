"""Read what a module imports, for the tests that keep the layers apart."""

from __future__ import annotations

import ast
from pathlib import Path

import quizapp

#: The folder holding the quizapp package, so a path names its module.
ROOT = Path(quizapp.__file__).parent.parent


def module_name(path: Path) -> str:
    """Return the dotted name of the module at `path`."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree: ast.AST, path: Path) -> list[str]:
    """Return every module an AST imports, with relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).parent.parts)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
            else:
                module = node.module or ""
            found.append(module)
            # `from quizapp import models` imports quizapp.models too.
            found.extend(f"{module}.{alias.name}" for alias in node.names)
    return found
