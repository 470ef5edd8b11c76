"""The layers' rules, checked on the source: imports point down (views -> actions and selectors
-> models -> governance.bylaws), ``governance`` never imports ``ballots`` except in the root
URLconf, the Bylaws package imports nothing of the project and no Django, no two view modules
import each other, and no module outside the importer grows past about 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def _from(imported: set[str], prefix: str) -> set[str]:
    return {m for m in imported if m == prefix or m.startswith(prefix + ".")}


def test_governance_never_imports_ballots_except_the_root_urlconf():
    offenders = {
        str(p.relative_to(ROOT)): _from(_imports(p), "ballots")
        for p in _sources("governance")
        if p.relative_to(ROOT) != Path("governance/urls.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_bylaws_import_nothing_of_the_project_and_no_django():
    offenders = {}
    for path in _sources("governance/bylaws"):
        outside = {
            m
            for m in _imports(path)
            if m.split(".")[0] in {"ballots", "governance", "django", "tests", "rest_framework"}
            and not m.startswith("governance.bylaws")
        }
        if outside:
            offenders[str(path.relative_to(ROOT))] = outside
    assert offenders == {}


def test_no_two_view_modules_import_each_other():
    views = {_module_name(p): p for p in _sources("ballots/views") if p.name != "__init__.py"}
    edges = {
        name: {v for v in views if v != name and _from(_imports(path), v)}
        for name, path in views.items()
    }
    mutual = {(a, b) for a, targets in edges.items() for b in targets if a in edges[b]}
    assert mutual == set()
    # Only the shared ballot page with the chair's panel is imported by other views, and it
    # imports no view module itself.
    assert {b for targets in edges.values() for b in targets} <= {"ballots.views.panel"}
    assert edges["ballots.views.panel"] == set()


def test_models_and_selectors_do_not_import_views_or_actions():
    for module in ("ballots/models.py", "ballots/selectors.py", "governance/selectors.py"):
        imported = _imports(ROOT / module)
        assert not _from(imported, "ballots.views"), module
        assert not _from(imported, "ballots.actions"), module


@pytest.mark.parametrize(
    "path",
    [
        p
        for package in ("ballots", "governance")
        for p in _sources(package)
        if "posts" not in p.parts and p.name != "seed_data.py"
    ],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_module_outside_the_importer_is_over_about_500_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 520


def test_every_module_says_what_it_holds():
    missing = [
        str(p.relative_to(ROOT))
        for package in ("ballots", "governance")
        for p in _sources(package)
        if p.stat().st_size
        and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
        and p.name not in {"apps.py", "__init__.py"}
        and "management" not in p.parts
    ]
    assert missing == []
