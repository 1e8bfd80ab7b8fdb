"""The house rules that keep the code base one house (docs/architecture.md), checked on the source itself so they
cannot drift: commits in one place, imports only downwards, no feature reaching into another's views."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "traceapp"
FEATURES = {
    "admin",
    "api",
    "audit",
    "auth",
    "backup",
    "businesses",
    "consumer_reports",
    "cooperation",
    "field",
    "inspections",
    "instruments",
    "labels",
    "media",
    "products",
    "public",
    "reports",
    "supply",
}
# The floors under the features: they must work without any feature (and so can be tested without one).
LOWER_FLOORS = {"clock", "config", "extensions", "errors", "unit_of_work", "models", "web", "gs1", "codes", "text"}
LOWER_FLOORS |= {"phones", "uploads", "documents", "fonts", "formula_guard", "scans", "privacy", "rate_limits"}
LOWER_FLOORS |= {"metrology"}  # pure rules (issue 14): instruments and inspections both apply them


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _imported(tree: ast.Module) -> set[str]:
    """Every traceapp module a file imports, with ``from traceapp.x import y`` counted as both x and x.y."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "traceapp":
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.split(".")[0] == "traceapp")
    return names


def _floor(relative: str) -> str:
    return relative.split("/")[0].removesuffix(".py")


def test_only_the_unit_of_work_commits_or_rolls_back():
    offenders = [
        f"{relative}:{node.lineno}"
        for relative, tree in _modules()
        if relative != "unit_of_work.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"commit", "rollback"}
    ]
    assert offenders == [], "commit and roll back through traceapp.unit_of_work (unit_of_work, @transactional)"


def test_the_lower_floors_import_no_feature():
    offenders = [
        f"{relative} imports {name}"
        for relative, tree in _modules()
        if _floor(relative) in LOWER_FLOORS
        for name in sorted(_imported(tree))
        if len(name.split(".")) > 1 and name.split(".")[1] in FEATURES
    ]
    assert offenders == [], "a helper two features share moves down a floor; the floor never imports a feature"


def test_no_feature_imports_another_features_views():
    offenders = [
        f"{relative} imports {name}"
        for relative, tree in _modules()
        if _floor(relative) in FEATURES
        for name in sorted(_imported(tree))
        if len(parts := name.split(".")) > 2
        and parts[1] in FEATURES
        and parts[1] != _floor(relative)
        and parts[2].endswith("views")
    ]
    assert offenders == []


def test_every_package_is_placed_on_a_floor():
    """A new top-level module must be given a floor here (and in docs/architecture.md)."""
    top = {"__init__", "cli", "demo"}
    unplaced = {_floor(relative) for relative, _ in _modules()} - FEATURES - LOWER_FLOORS - top
    assert unplaced == set()
