"""The floors of the project: the ground floor (`jetcareer/`) and the domain apps never import a
presentation app (`portal`, `reports`, `demo`), which sit on top of them, and the ground floor
never imports a domain app (issue #19).

Read from the source with `ast`, so an import inside a function counts as much as one at the
top of a module, and nothing has to be importable for the check to run. The root URLconf and
the settings name the presentation apps in strings (`include("portal.urls")`, INSTALLED_APPS):
that is where the floors are put together, and no import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GROUND_FLOOR = ("jetcareer",)
DOMAIN_APPS = ("participants", "employers", "events", "internships", "jobs", "regional",
               "surveys")  # fmt: skip
PRESENTATION_APPS = frozenset({"portal", "reports", "demo"})


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module at `path` under `root` (a package's `__init__` is the
    package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def called_name(call: ast.Call) -> str:
    """The name a call is made by: `f` for `f(...)` and for `module.f(...)`."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else ""


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every module the file at `path` imports, as (line, absolute dotted name): `import` and
    `from ... import` statements anywhere in the file (relative ones resolved against the
    file's package), and `importlib.import_module("...")` / `__import__("...")` with a
    literal name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
        elif (
            isinstance(node, ast.Call)
            and called_name(node) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def upward_imports(
    root: Path,
    packages: tuple[str, ...],
    above: frozenset[str] | tuple[str, ...] = PRESENTATION_APPS,
) -> list[str]:
    """ "file:line imports module" for each import of an app in `above` (by default the
    presentation apps) in the .py files of `packages` under `root`, migrations excepted (they
    are history, and name no app above)."""
    refused = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            for line, name in imported_modules(path, root):
                if name.split(".")[0] in above:
                    refused.append(f"{path.relative_to(root)}:{line} imports {name}")
    return refused


def test_ground_floor_and_domain_apps_import_no_presentation_app() -> None:
    checked = [ROOT / package for package in (*GROUND_FLOOR, *DOMAIN_APPS)]
    assert all(path.is_dir() for path in checked)  # a renamed app must not pass silently
    assert upward_imports(ROOT, (*GROUND_FLOOR, *DOMAIN_APPS)) == []


def test_ground_floor_imports_no_domain_app() -> None:
    """Not even inside a function: a rule that reads a domain app's models lives in that app
    (internships/rules.py) and is named in jetcareer/permissions.py."""
    assert upward_imports(ROOT, GROUND_FLOOR, above=DOMAIN_APPS) == []


def test_a_domain_import_in_a_function_of_the_ground_floor_is_found(tmp_path: Path) -> None:
    (tmp_path / "jetcareer").mkdir()
    (tmp_path / "jetcareer" / "permissions.py").write_text(
        "def check(user):\n    from internships.models import Outcome\n    return Outcome\n"
    )
    assert upward_imports(tmp_path, GROUND_FLOOR, above=DOMAIN_APPS) == [
        "jetcareer/permissions.py:2 imports internships.models"
    ]


def test_the_rule_the_ground_floor_names_is_added_at_start_up() -> None:
    """jetcareer.permissions names the matched-intern rule; internships/rules.py adds it, and
    `rules` loads that module when Django starts (else the CV rule would silently say no)."""
    import rules

    from jetcareer.permissions import HOSTS_MATCHED_INTERN

    assert rules.rule_exists(HOSTS_MATCHED_INTERN)


@pytest.mark.parametrize(
    "source",
    [
        "import portal.models\n",
        "import reports as r\n",
        "from demo import seed\n",
        "from portal.services import submit_inquiry\n",
        "def later():\n    from reports.figures import headline\n    return headline\n",
        "class A:\n    def m(self):\n        import portal\n",
        "import importlib\nimportlib.import_module('portal.feeds')\n",
    ],
)
def test_an_upward_import_anywhere_in_a_module_is_found(tmp_path: Path, source: str) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "__init__.py").write_text("")
    (tmp_path / "events" / "views.py").write_text(source)
    assert len(upward_imports(tmp_path, ("events",))) == 1


@pytest.mark.parametrize(
    "source",
    [
        "from . import portal\n",  # events.portal, a module of the app itself
        "from .reports import figures\n",
        "import portalocker\n",  # a name that only starts like a presentation app
        "PATH = 'portal.urls'\n",  # a string is no import
    ],
)
def test_own_modules_and_lookalikes_are_not_upward(tmp_path: Path, source: str) -> None:
    (tmp_path / "events" / "services").mkdir(parents=True)
    (tmp_path / "events" / "services" / "__init__.py").write_text(source)
    (tmp_path / "events" / "migrations").mkdir()
    (tmp_path / "events" / "migrations" / "0001_initial.py").write_text("import portal\n")
    assert upward_imports(tmp_path, ("events",)) == []
