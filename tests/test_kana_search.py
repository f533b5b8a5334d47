"""Search by name however it was typed (issue #17): jetcareer.kana.search_form and search_q on
the server, their twin static/js/scanner/search.js on the scanner's phones, the search form each
profile stores, and the check-in desk finding people by it."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from events.services import registrations
from jetcareer.kana import search_form, search_q
from participants.models import ParticipantProfile
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

SEARCH_JS = Path(__file__).resolve().parents[1] / "static" / "js" / "scanner" / "search.js"

THREE_SPELLINGS = ["ｻﾄｳ ﾊﾅｺ", "さとう はなこ", "サトウ　ハナコ"]
EXAMPLES = [
    *THREE_SPELLINGS,
    "サトウハナコ",
    "Zoë Müller",
    "ZOE MULLER",
    "  José   Álvarez-Núñez ",
    "Straße",
    "Ｓｍｉｔｈ　Ｊｏｈｎ",  # full-width letters and space
    "ガギグゲゴ ﾊﾟﾋﾟﾌﾟ",  # voicing marks stay: ガ is not カ
    "ゔぁいおりん",
    "ΣΟΦΟΣ",
    "Siobhán Ní Bhriain",
    "Nguyễn Thị Minh Khai",
    "佐藤 花子",
    "tab\tand\nnewline",
    # Long vowels of romanised Japanese names (fold_long_vowels).
    "satou hanako",
    "SATOU",
    "Satoh Hanako",
    "Hanako Satō",
    "Yuuki",
    "Yūki",
    "Kouji",
    "Koji",
    "Ohno Ohara",
    "Oono Yoohei",
    "",
]
# (a name's search form as stored, a query as typed): both sides must agree on each.
QUERIES = [
    ("hanako sato サトウ ハナコ", query)
    for query in [
        *THREE_SPELLINGS,
        "さとうはなこ",
        "sato hanako",
        "SATO",
        "ﾊﾅｺ",
        "さとう たろう",
        "satou hanako",
        "SATOU",
        "Satoh",
        "",
    ]
] + [
    ("hanako sato", "Hanako Satō"),
    ("yuki tanaka ユウキ", "Yuuki"),
    ("yuki tanaka ユウキ", "Yūki"),
    ("koji ito", "Kouji Itoh"),
    ("ono", "Ohno"),
    ("ohara", "Ono"),
    ("zoe muller ゾエ ミュラー", "Zoë"),
    ("zoe muller ゾエ ミュラー", "MÜLLER"),
    ("zoe muller ゾエ ミュラー", "zoe muller"),
    ("zoe muller ゾエ ミュラー", "ぞえ"),
    ("zoe muller ゾエ ミュラー", "zoey"),
    ("ガッコウ", "かっこう"),
    ("ガッコウ", "がっこう"),
]


def python_matches(search_name: str, query: str) -> bool:
    """search_q's rule on a plain string (the test of search_q itself runs it in SQL below)."""
    words = search_form(query).split()
    if not words or not search_name:
        return False
    return all(w in search_name for w in words) or "".join(words) in search_name.replace(" ", "")


def test_the_three_spellings_and_latin_names_fold_alike() -> None:
    assert {search_form(s) for s in THREE_SPELLINGS} == {"サトウ ハナコ"}
    assert search_form("Zoë MÜLLER") == search_form("zoe muller") == "zoe muller"
    assert search_form("  José   Álvarez ") == "jose alvarez"
    assert search_form("Straße") == "strasse"
    assert search_form("ガッコウ") != search_form("カッコウ")  # the voicing mark is kept


def test_romanised_long_vowels_fold_to_the_short_vowel() -> None:
    sato = {"satou hanako", "Satoh Hanako", "Hanako Satō", "SATOO HANAKO", "Hanako Sato"}
    assert {" ".join(sorted(search_form(n).split())) for n in sato} == {"hanako sato"}
    assert search_form("SATOU") == "sato"
    assert search_form("Yuuki") == search_form("Yūki") == search_form("Yuki") == "yuki"
    assert search_form("Kouji") == search_form("Kōji") == search_form("Koji") == "koji"
    # "oh" folds before a consonant or at the end (Ohno, Itoh), not before a vowel (Ohara).
    assert search_form("Ohno") == search_form("Oono") == search_form("Ono") == "ono"
    assert search_form("Itoh") == "ito"
    assert search_form("Ohara Yohei") == "ohara yohei"
    # Kana keep their long vowels (サトウ is what the reading says), and folding is stable.
    assert search_form("サトウ") == "サトウ"
    for text in EXAMPLES:
        assert search_form(search_form(text)) == search_form(text)


def run_js(examples: list[str], pairs: list[tuple[str, str]]) -> dict:
    node = shutil.which("node")
    if not node:
        if os.environ.get("CI"):
            pytest.fail(
                "CI=true needs Node.js to check the scanner's search: apt-get install nodejs"
            )
        pytest.skip("Node.js is not installed")
    script = """
        const fs = require("fs"), vm = require("vm");
        const context = {}; context.self = context; vm.createContext(context);
        vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
        const { searchForm, matches } = context.JetScanner;
        const input = JSON.parse(fs.readFileSync(0, "utf8"));
        process.stdout.write(JSON.stringify({
          forms: input.examples.map((text) => searchForm(text)),
          matches: input.pairs.map(([name, query]) => matches(name, query)),
        }));
    """
    done = subprocess.run(
        [node, "-e", script, str(SEARCH_JS)],
        input=json.dumps({"examples": examples, "pairs": pairs}),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_phone_folds_and_matches_names_as_the_server_does() -> None:
    answer = run_js(EXAMPLES, QUERIES)
    assert answer["forms"] == [search_form(text) for text in EXAMPLES]
    assert answer["matches"] == [python_matches(name, query) for name, query in QUERIES]
    # Not all true or all false: the examples test both answers.
    assert set(answer["matches"]) == {True, False}


@pytest.mark.django_db
def test_search_q_in_sql_agrees_with_the_rule_the_phone_applies() -> None:
    names = {n for n, _ in QUERIES}
    profiles = {}
    for name in names:
        profile = ProfileFactory(full_name=name)  # save() stores search_form(name)
        profiles[profile.search_name] = profile
    for name, query in QUERIES:
        found = ParticipantProfile.objects.filter(search_q(query, "search_name"))
        assert (profiles[search_form(name)] in found) == python_matches(search_form(name), query)


@pytest.mark.django_db
def test_the_profile_keeps_its_search_form_whoever_saves_it() -> None:
    profile = ProfileFactory(full_name="Zoë Müller", full_name_kana="ぞえ みゅらー")
    assert profile.search_name == "zoe muller ゾエ ミュラー"

    profile.full_name = "Zoë Martin"
    profile.save(update_fields=["full_name"])  # a door that saves only the name
    profile.refresh_from_db()
    assert profile.search_name == "zoe martin ゾエ ミュラー"


@pytest.mark.django_db
def test_the_migration_fills_the_search_form_of_existing_profiles() -> None:
    profile = ProfileFactory(full_name="Hanako Sato", full_name_kana="ｻﾄｳ ﾊﾅｺ")
    ParticipantProfile.objects.filter(pk=profile.pk).update(search_name="")  # as before it
    migration = importlib.import_module("participants.migrations.0006_search_name")

    migration.fill_search_names(apps, None)

    profile.refresh_from_db()
    assert profile.search_name == "hanako sato サトウ ハナコ"


@pytest.mark.django_db
def test_the_refold_migration_makes_stored_search_forms_fold_long_vowels() -> None:
    profile = ProfileFactory(full_name="Hanako Satou", full_name_kana="さとう はなこ")
    untouched = ProfileFactory(full_name="Taro Tanaka", full_name_kana="")
    # As 0006 stored it, before long vowels were folded.
    ParticipantProfile.objects.filter(pk=profile.pk).update(
        search_name="hanako satou サトウ ハナコ"
    )
    migration = importlib.import_module("participants.migrations.0007_refold_search_name")

    migration.refold_search_names(apps, None)

    profile.refresh_from_db()
    untouched.refresh_from_db()
    assert profile.search_name == "hanako sato サトウ ハナコ"
    assert untouched.search_name == "taro tanaka"
    found = ParticipantProfile.objects.filter(search_q("satou hanako", "search_name"))
    assert list(found) == [profile]


@pytest.mark.django_db
def test_the_desk_finds_the_same_person_however_the_name_is_typed(client, staff) -> None:
    event = EventFactory()
    for name, kana in [("Hanako Sato", "サトウ ハナコ"), ("Taro Sato", "サトウ タロウ"),
                       ("Zoë Müller", "")]:  # fmt: skip
        registrations.register(
            event=event, profile=ProfileFactory(full_name=name, full_name_kana=kana)
        )
    client.force_login(staff)

    def found(query: str) -> list[str]:
        response = client.get(reverse("events:checkin_desk", args=[event.slug]), {"q": query})
        return [r.participant.full_name for r in response.context["results"]]

    assert [found(q) for q in THREE_SPELLINGS] == [["Hanako Sato"]] * 3
    assert found("さとうはなこ") == ["Hanako Sato"]
    assert found("さとう") == ["Hanako Sato", "Taro Sato"]
    assert found("zoe") == found("MÜLLER") == ["Zoë Müller"]
    assert found("Sato Hanako") == ["Hanako Sato"]
    assert found("satou hanako") == found("SATOH HANAKO") == ["Hanako Sato"]
