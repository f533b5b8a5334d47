"""The people of the jobs tests: erika's Setouchi Travel (verified, she reads Japanese), yuto's
Kanto Trading (verified), and Alice, a participant with a CV and JLPT N2 (reads English)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from employers.models import Employer
from participants import services as participant_services
from participants.models import ParticipantProfile
from tests.employers.factories import OwnerFactory
from tests.participants.factories import ProfileFactory, pdf_upload


@pytest.fixture(autouse=True)
def fresh_allowances() -> None:
    """Each test starts with the rate limits' allowances full (they are kept in the cache)."""
    cache.clear()


@pytest.fixture
def employer(erika) -> Employer:
    return OwnerFactory(
        user=erika, employer__name_en="Setouchi Travel", employer__name_ja="瀬戸内トラベル"
    ).employer


@pytest.fixture
def other_employer(yuto) -> Employer:
    return OwnerFactory(
        user=yuto, employer__name_en="Kanto Trading", employer__name_ja="関東商事"
    ).employer


@pytest.fixture
def private_media(settings, tmp_path: Path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def applicant(alice, private_media) -> ParticipantProfile:
    profile = ProfileFactory(user=alice, full_name="Alice Walker", jlpt_level=4)
    return participant_services.replace_cv(profile=profile, upload=pdf_upload("Alice CV.pdf"))
