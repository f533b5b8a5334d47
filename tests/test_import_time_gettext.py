"""No text is translated when a module is imported: `gettext` outside a function runs once, in
the language active at start-up (English), and the Japanese page then shows English (the fiscal
year report's group headings did). Module and class level text uses `gettext_lazy`."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
SKIPPED = {".venv", "migrations", "tests", "bench", "node_modules", "static"}


def import_time_calls(source: str) -> list[int]:
    """Line numbers of calls to an eager gettext (as imported from django.utils.translation)
    that run when the module is imported: outside any function or lambda."""
    tree = ast.parse(source)
    names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            in_function = True
        if (
            not in_function
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    if names:
        visit(tree, False)
    return found


def test_the_scan_finds_an_import_time_translation() -> None:
    source = (
        "from django.utils.translation import gettext as _\n"
        "GROUPS = [('national', _('CLAIR career fairs'))]\n"
        "def view():\n    return _('fine')\n"
    )
    assert import_time_calls(source) == [2]


def test_no_module_translates_text_when_it_is_imported() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        if not SKIPPED & set(path.relative_to(ROOT).parts)
        for line in import_time_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
