"""Content typed in English and Japanese (jetcareer.bilingual): each field declared once, read in
the visitor's language with a fallback, edited side by side in admin."""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jetcareer.accounts.models import User
from jetcareer.bilingual import BilingualField, bilingual_names, side_by_side

# What each model offered before the fields were declared once: the names must stay.
BILINGUAL = {
    "events.HostOrganization": {"name"},
    "events.EventSeries": {"title"},
    "events.Event": {"title", "description", "venue", "city", "cancellation_message"},
    "events.EventMessage": {"subject", "body"},
    "events.Session": {"title", "speakers"},
    "events.ConsultationSlot": {"meeting_place"},
    "events.Exhibitor": {"status_reason"},
    "internships.Programme": {"title", "description", "organizer", "co_host"},
    "internships.Position": {"title", "description", "status_reason"},
    "jobs.Job": {"title", "description", "city", "experience", "status_reason"},
    "internships.Application": {"screening_reason"},
    "regional.SubsidyApplication": {"title", "staff_message"},
    "regional.FurusatoCall": {"title", "description"},
    "employers.Employer": {"name", "description", "status_reason"},
    "participants.ParticipantProfile": {"advisor_bio"},
    "portal.Announcement": {"title", "body"},
}


def project_models() -> list[type[models.Model]]:
    """The project's own models, without the history copies django-simple-history makes."""
    return [
        model
        for model in apps.get_models()
        if not model.__module__.startswith(("django.", "allauth.", "post_office."))
        and not hasattr(model, "instance_type")
    ]


def pairs_of_columns(model: type[models.Model]) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields}
    return {n[: -len("_en")] for n in names if n.endswith("_en") and f"{n[:-3]}_ja" in names}


def test_every_english_and_japanese_pair_of_columns_is_declared_once() -> None:
    declared = {
        model._meta.label: pairs_of_columns(model)
        for model in project_models()
        if pairs_of_columns(model)
    }

    assert declared == BILINGUAL
    for label, names in declared.items():
        assert set(bilingual_names(apps.get_model(label))) == names, label


@pytest.mark.parametrize(("label", "name"), [(m, n) for m, ns in BILINGUAL.items() for n in ns])
def test_reads_the_visitors_language_then_the_other(label: str, name: str) -> None:
    model = apps.get_model(label)
    both = model(**{f"{name}_en": "Fair", f"{name}_ja": "フェア"})
    english_only = model(**{f"{name}_en": "Fair", f"{name}_ja": ""})
    japanese_only = model(**{f"{name}_en": "", f"{name}_ja": "フェア"})

    with translation.override("ja"):
        assert getattr(both, name) == "フェア"
        assert getattr(english_only, name) == "Fair"
    with translation.override("en"):
        assert getattr(both, name) == "Fair"
        assert getattr(japanese_only, name) == "フェア"


def test_the_shown_text_is_read_only() -> None:
    event = apps.get_model("events.Event")(title_en="Fair", title_ja="フェア")

    with pytest.raises(AttributeError):
        event.title = "Other"  # type: ignore[misc]
    assert (event.title_en, event.title_ja) == ("Fair", "フェア")


def test_columns_keep_their_definitions_and_japanese_labels() -> None:
    programme = apps.get_model("internships.Programme")
    session = apps.get_model("events.Session")
    organizer_ja = programme._meta.get_field("organizer_ja")

    assert (organizer_ja.max_length, organizer_ja.default) == (200, "クレア")
    assert programme._meta.get_field("organizer_en").default == "CLAIR"
    assert session._meta.get_field("title_ja").blank
    assert not session._meta.get_field("title_en").blank
    with translation.override("ja"):
        assert str(programme._meta.get_field("co_host_en").verbose_name) == "共催者（英語）"
        assert str(session._meta.get_field("title_ja").verbose_name) == "タイトル（日本語）"


@pytest.mark.django_db
def test_declaring_the_fields_once_changes_no_column() -> None:
    out = io.StringIO()

    # --check exits with status 1 when the models differ from the migrations.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


def test_a_bilingual_field_takes_options_for_one_language() -> None:
    field = BilingualField(
        models.CharField, "name (English)", "name (Japanese)", max_length=50, ja={"blank": True}
    )

    english, japanese = field.columns
    assert [english.verbose_name, english.max_length, english.blank] == [
        "name (English)",
        50,
        False,
    ]
    assert [japanese.verbose_name, japanese.max_length, japanese.blank] == [
        "name (Japanese)",
        50,
        True,
    ]


# Sessions are edited in the event's tabular inline: one column each, already side by side.
# Exhibitors and internship applications have no add page (organisations and applicants apply
# on the site): tests/test_bilingual_reasons.py looks at their change pages. Nor do jobs
# (employers post them): tests/jobs/test_admin.py.
@pytest.mark.django_db
@pytest.mark.parametrize(
    "label",
    sorted(
        set(BILINGUAL)
        - {"events.Session", "events.Exhibitor", "internships.Application", "jobs.Job"}
    ),
)
def test_admin_shows_both_languages_on_one_row(label: str, staff: User) -> None:
    model = apps.get_model(label)
    client = Client()
    client.force_login(staff)

    page = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))

    assert page.status_code == 200
    html = page.content.decode()
    # Without it Django wraps the pair to two lines when it does not fit (two text areas).
    assert "css/admin_bilingual.css" in html
    for name in BILINGUAL[label]:
        english, japanese = f"field-{name}_en", f"field-{name}_ja"
        # Django's fieldset template names every field of a row in the row's classes.
        assert re.search(
            rf'class="form-row[^"]*\b({english} {japanese}|{japanese} {english})"', html
        ), name


def test_a_pair_shares_the_row_of_its_first_field_in_the_admins_order() -> None:
    rows = ["host", "title_ja", "kind", "title_en", ("venue_en", "city"), "venue_ja"]

    assert side_by_side(rows, ["title", "venue"]) == [
        "host",
        ("title_ja", "title_en"),
        "kind",
        ("venue_en", "city"),
        "venue_ja",
    ]
