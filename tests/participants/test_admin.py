"""Staff work with participants in Django admin: filters, search, CSV export, history."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jetcareer.accounts.models import User
from participants.models import ParticipantProfile
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles() -> list[ParticipantProfile]:
    return [
        ProfileFactory(full_name="Emily Carter", position="ALT", jlpt_level=4),
        ProfileFactory(full_name="Daniel Okafor", position="CIR", jlpt_level=5, prefecture="03"),
    ]


def test_changelist_filters_by_position_and_searches(
    client: Client, staff: User, profiles: list[ParticipantProfile]
) -> None:
    client.force_login(staff)
    url = reverse("admin:participants_participantprofile_changelist")
    html = client.get(url, {"position__exact": "CIR"}).content.decode()
    assert "Daniel Okafor" in html
    assert "Emily Carter" not in html
    html = client.get(url, {"q": "emily"}).content.decode()
    assert "Emily Carter" in html
    assert "Daniel Okafor" not in html


def test_csv_export_of_selected_participants(
    client: Client, staff: User, profiles: list[ParticipantProfile]
) -> None:
    client.force_login(staff)
    emily = profiles[0]
    response = client.post(
        reverse("admin:participants_participantprofile_export"),
        {
            "format": "0",  # csv
            "resource": "0",
            "export_items": [emily.pk],
            **{f"participantresource_{f}": "on" for f in ("full_name", "email", "years_on_jet")},
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()  # opens in Excel: a BOM
    assert lines[0] == "email,full_name,years_on_jet"
    assert lines[1:] == [f"{emily.user.email},Emily Carter,{emily.years_on_jet()}"]


def test_change_history_is_recorded(client: Client, staff: User) -> None:
    profile = ProfileFactory(full_name="Emily Carter")
    profile.jlpt_level = 5
    profile.save()
    client.force_login(staff)
    url = reverse("admin:participants_participantprofile_history", args=[profile.pk])
    assert client.get(url).status_code == 200
    assert profile.history.count() == 2
