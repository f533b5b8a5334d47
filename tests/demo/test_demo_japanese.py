"""The demo reads in Japanese too (issue #16): every text the demo writes in English has its
Japanese, so a Japanese page never falls back to English; the advisors' bios first of all."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from jetcareer.bilingual import bilingual_names
from participants.models import ParticipantProfile

pytestmark = pytest.mark.django_db


def test_every_english_text_of_the_demo_has_its_japanese() -> None:
    call_command("load_demo", stdout=StringIO())
    missing = []
    for model in apps.get_models():
        for name in bilingual_names(model):
            rows = model.objects.exclude(**{f"{name}_en": ""}).filter(**{f"{name}_ja": ""})
            missing += [f"{model.__name__}.{name}_ja: {text}"
                        for text in rows.values_list(f"{name}_en", flat=True)[:3]]  # fmt: skip
    assert not missing, "\n".join(missing)

    advisors = ParticipantProfile.objects.filter(is_advisor=True)
    assert advisors.exists()
    with translation.override("ja"):
        for advisor in advisors:
            assert advisor.advisor_bio == advisor.advisor_bio_ja != advisor.advisor_bio_en
