"""The Japanese catalogue is complete: every message of the code is in it, translated."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/ja/LC_MESSAGES/django.po"
SOURCES = [
    "manage.py",
    "jetcareer",
    "participants",
    "employers",
    "events",
    "internships",
    "jobs",
    "surveys",
    "reports",
    "regional",
    "portal",
    "demo",
    "templates",
    "locale",
]


def untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_japanese_catalogue_has_no_empty_or_fuzzy_entry() -> None:
    po = polib.pofile(str(CATALOGUE))
    assert len(po) > 100
    assert untranslated(po) == []
    assert not po.metadata_is_fuzzy


def test_placeholders_survive_translation() -> None:
    for entry in polib.pofile(str(CATALOGUE)):
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            for placeholder in re.findall(r"%\(\w+\)[sd]|\{\w*\}", entry.msgid):
                assert placeholder in translation, (entry.msgid, translation)


@pytest.mark.skipif(
    not shutil.which("xgettext") and not os.environ.get("CI"),
    reason="gettext tools are installed by make test",
)
def test_catalogue_is_current_with_the_code(tmp_path: Path) -> None:
    """Extract messages from a copy of the code: a string added without a translation fails."""
    for name in SOURCES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ja", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "jetcareer.settings", "PATH": "/usr/bin:/bin"},
    )
    fresh = polib.pofile(str(tmp_path / "locale/ja/LC_MESSAGES/django.po"))
    assert untranslated(fresh) == []
