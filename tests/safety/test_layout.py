"""The safety package's public surface and its import rule (nothing from web or cli)."""

from __future__ import annotations

import ast
from pathlib import Path

import steadyheart.safety as safety

PACKAGE = Path(safety.__file__).parent


def test_public_api_is_listed_and_importable() -> None:
    for name in safety.__all__:
        assert hasattr(safety, name), name
    assert {"triage", "handle_safety", "guard", "format_resources", "disclosure_text"} <= set(safety.__all__)


def test_safety_imports_nothing_from_web_or_cli() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            for name in names:
                assert not name.startswith(("steadyheart.web", "steadyheart.cli")), (path.name, name)
