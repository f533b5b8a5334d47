"""Fill msgstr entries of locale/ja/LC_MESSAGES/django.po from a Python dict file.

Usage: python scripts/apply_translations.py TRANSLATIONS.py
The file defines T = {msgid: Japanese} and optionally PLURAL = {msgid: Japanese} and
CTX = {(msgctxt, msgid): Japanese} for pgettext. Entries it
names are set and un-fuzzied; the rest are left as they are. Run
`manage.py makemessages -l ja` first so new msgids exist.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/ja/LC_MESSAGES/django.po"


def main(path: str) -> None:
    namespace = runpy.run_path(path)
    translations = namespace["T"]
    plurals = namespace.get("PLURAL", {})
    contexts = namespace.get("CTX", {})  # {(msgctxt, msgid): Japanese}, for pgettext
    po = polib.pofile(str(CATALOGUE), wrapwidth=100)
    for entry in po:
        if entry.msgctxt is not None:
            if (entry.msgctxt, entry.msgid) not in contexts:
                continue
            entry.msgstr = contexts[(entry.msgctxt, entry.msgid)]
        elif entry.msgid_plural and entry.msgid in plurals:
            entry.msgstr_plural = {0: plurals[entry.msgid]}  # Japanese has one plural form
        elif entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.metadata_is_fuzzy = False
    po.metadata["Project-Id-Version"] = "jetcareer"
    po.metadata["Language-Team"] = "Japanese"
    po.metadata["Language"] = "ja"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    print(f"{len(po) - len(missing)} translated, {len(missing)} missing")
    for msgid in missing:
        print("  missing:", msgid[:90])


if __name__ == "__main__":
    main(sys.argv[1])
