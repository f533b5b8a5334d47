"""The fair's page pages its exhibitors once, under the exhibitors: the programme above them is
not paged (it once carried a copy of the exhibitors' pager, issue #19)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from events import views as event_views
from events.models import Exhibitor, Session
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_fair_with_a_programme_shows_one_pager_after_the_exhibitors(monkeypatch) -> None:
    monkeypatch.setattr(event_views, "EXHIBITORS_PER_PAGE", 1)
    fair = EventFactory()
    Session.objects.create(
        event=fair,
        title_en="Opening talk",
        title_ja="開会の挨拶",
        starts_at=fair.starts_at,
        ends_at=fair.starts_at + timedelta(minutes=30),
    )
    for employer in EmployerFactory.create_batch(2):
        Exhibitor.objects.create(event=fair, employer=employer, status="approved")

    html = Client().get(fair.get_absolute_url()).content.decode()

    assert "Opening talk" in html
    assert html.count("Page 1 of 2") == 1
    assert html.index("Opening talk") < html.index('id="exhibitors-title"')
    assert html.index('id="exhibitors-title"') < html.index("Page 1 of 2")
