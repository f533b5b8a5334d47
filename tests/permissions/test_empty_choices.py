"""No drop-down list of the site offers Django's "---------" (issue #16): every page of the
permission matrix, as every role that may open it, and the words that replace it
(jetcareer.empty_choice) in both languages."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jetcareer.empty_choice import DASHES, label_empty_choices
from participants.forms import ProfileForm
from participants.models import ParticipantProfile
from tests.permissions.matrix import ROLES, World
from tests.permissions.test_matrix import ALL_ROWS, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_no_page_offers_dashes_in_a_list(world: World) -> None:  # noqa: F811
    # A page that fails is the permission matrix's to report; this test reads the others.
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(world.users[role])
    found = set()
    for row in ALL_ROWS:
        if row.method != "get":
            continue
        url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
        for client in clients.values():
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            if DASHES not in html:
                continue
            names = re.findall(rf'<select[^>]* name="([^"]+)"[^>]*>\s*<option[^>]*>{DASHES}<', html)
            found |= {(row.name, name) for name in names or ["(not in a list)"]}
    assert sorted(found) == []


@pytest.mark.parametrize(
    ("language", "country", "first", "second"),
    [("en", "Choose a country", "Choose…", "Not specified"),
     ("ja", "国を選択してください", "選択してください", "指定なし")],
)  # fmt: skip
def test_the_profile_lists_say_what_to_do(language, country, first, second) -> None:
    with translation.override(language):
        html = str(ProfileForm())

    def empty_option(name: str) -> str:
        found = re.search(
            rf'<select[^>]* name="{name}"[^>]*>\s*<option value=""[^>]*>([^<]+)<', html
        )
        return found.group(1)

    assert empty_option("country") == country
    assert empty_option("industry_1") == first  # required
    assert empty_option("industry_2") == second  # may stay empty
    assert DASHES not in html


def test_model_lists_radio_buttons_and_lists_without_an_empty_choice() -> None:
    class Form(forms.Form):
        person = forms.ModelChoiceField(ParticipantProfile.objects.all(), required=False)
        kind = forms.ChoiceField(choices=[("", DASHES), ("a", "A")], widget=forms.RadioSelect)
        size = forms.ChoiceField(choices=[("s", "S"), ("m", "M")])
        colour = forms.ChoiceField(choices=[("", DASHES), ("r", "Red")])

    form = Form()
    label_empty_choices(form, colour="Choose a colour")

    assert form.fields["person"].empty_label == "Not specified"
    assert form.fields["kind"].choices == [("", DASHES), ("a", "A")]  # radios: left alone
    assert form.fields["size"].choices == [("s", "S"), ("m", "M")]
    assert form.fields["colour"].choices == [("", "Choose a colour"), ("r", "Red")]
