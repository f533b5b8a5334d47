"""Load the demo data of CLAIR's published facts. Safe to run again: nothing is duplicated."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import (
    announcements,
    facts,
    figures,
    internship_data,
    jobs_data,
    regional_data,
    survey_data,
)
from employers.models import Employer, Membership
from events.models import Event, EventSeries, HostOrganization
from jetcareer.accounts.models import User
from jetcareer.accounts.services import ensure_user
from participants.models import ParticipantProfile


class Command(BaseCommand):
    help = "Load demo data (CLAIR, host prefectures, the fairs and trainings of FACTS.md)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        hosts = self.load_hosts()
        series = self.load_series()
        self.load_events(hosts, series)
        self.load_people()
        figures.load()
        internship_data.load()
        jobs_data.load()
        survey_data.load()
        announcements.load()
        regional_data.load()
        ensure_user(
            email=facts.STAFF_EMAIL,
            password=facts.DEMO_PASSWORD,
            account_type=User.AccountType.STAFF,
            is_staff=True,
            is_superuser=True,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {Event.objects.count()} events, "
                f"{ParticipantProfile.objects.count()} participants, "
                f"{Employer.objects.count()} employers.\n"
                f"Staff login: {facts.STAFF_EMAIL} / {facts.DEMO_PASSWORD} (admin at /admin/)\n"
                f"Participant: {facts.PARTICIPANTS[0][0]} / {facts.DEMO_PASSWORD}; "
                f"employer: {facts.EMPLOYERS[0][7]} / {facts.DEMO_PASSWORD}"
            )
        )

    def load_hosts(self) -> dict[str, HostOrganization]:
        hosts = {}
        for slug, kind, prefecture, name_en, name_ja in facts.HOSTS:
            hosts[slug], _ = HostOrganization.objects.update_or_create(
                slug=slug,
                defaults={
                    "kind": kind,
                    "prefecture": prefecture,
                    "name_en": name_en,
                    "name_ja": name_ja,
                },
            )
        return hosts

    def load_series(self) -> dict[str, EventSeries]:
        series = {}
        for slug, title_en, title_ja in facts.SERIES:
            series[slug], _ = EventSeries.objects.update_or_create(
                slug=slug, defaults={"title_en": title_en, "title_ja": title_ja}
            )
        return series

    def load_events(
        self, hosts: dict[str, HostOrganization], series: dict[str, EventSeries]
    ) -> None:
        for (
            slug,
            kind,
            fmt,
            series_slug,
            host,
            title_en,
            title_ja,
            venue_en,
            venue_ja,
            city,
            prefecture,
            day,
            start,
            end,
            audience,
            capacity,
            booths,
        ) in facts.EVENTS:
            starts_at = facts.at(day, start)
            ends_at = facts.at(facts.LAST_DAY.get(slug, day), end)
            regional = host != "clair"
            upcoming = day.year >= 2026
            description_en = facts.REGIONAL_EN if regional else facts.FAIR_EN
            description_ja = facts.REGIONAL_JA if regional else facts.FAIR_JA
            if kind != "career_fair":
                description_en, description_ja = title_en + ".", title_ja + "。"
            if upcoming:
                description_en += facts.DEMO_NOTE_EN
                description_ja += facts.DEMO_NOTE_JA
            Event.objects.update_or_create(
                slug=slug,
                defaults={
                    "kind": kind,
                    "format": fmt,
                    "series": series.get(series_slug) if series_slug else None,
                    "organizer": hosts[host],
                    "title_en": title_en,
                    "title_ja": title_ja,
                    "description_en": description_en,
                    "description_ja": description_ja,
                    "venue_en": venue_en,
                    "venue_ja": venue_ja,
                    "city_en": city,
                    "city_ja": facts.CITY_JA.get(city, ""),
                    "prefecture": prefecture,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "capacity": capacity,
                    "booth_capacity": booths,
                    "registration_opens_at": starts_at - timedelta(days=90),
                    "registration_closes_at": starts_at - timedelta(days=2),
                    "audience": audience,
                    "is_published": True,
                },
            )

    def load_people(self) -> None:
        for (
            email,
            name,
            name_ja,
            status,
            position,
            prefecture,
            country,
            organisation,
            start,
            end,
            jlpt,
        ) in facts.PARTICIPANTS:
            user = ensure_user(email=email, password=facts.DEMO_PASSWORD)
            industries, job_types, intro, shares, advises = facts.PREFERENCES[email]
            industries = [*industries, "", ""][:3]
            ParticipantProfile.objects.update_or_create(
                user=user,
                defaults={
                    "industry_1": industries[0],
                    "industry_2": industries[1],
                    "industry_3": industries[2],
                    "job_types": job_types,
                    "introduction": intro,
                    "shares_with_employers": shares,
                    "consent_given_at": facts.at(date(2026, 4, 1), 9) if shares else None,
                    "is_advisor": bool(advises),
                    "advisor_fields": advises,
                    "advisor_bio_en": intro if advises else "",
                    "advisor_bio_ja": facts.ADVISOR_BIOS_JA.get(email, "") if advises else "",
                    "full_name": name,
                    "full_name_kana": name_ja,
                    "status": status,
                    "position": position,
                    "prefecture": prefecture,
                    "country": country,
                    "contracting_organization": organisation,
                    "jet_start_date": start,
                    "term_end_date": end,
                    "jlpt_level": jlpt,
                },
            )
        for slug, name_en, name_ja, industry, prefecture, size, status, owner in facts.EMPLOYERS:
            contact, phone, about_en, about_ja = facts.EMPLOYER_DETAILS[slug]
            employer, _ = Employer.objects.update_or_create(
                slug=slug,
                defaults={
                    "contact_name": contact,
                    "contact_phone": phone,
                    "description_en": about_en,
                    "description_ja": about_ja,
                    "name_en": name_en,
                    "name_ja": name_ja,
                    "industry": industry,
                    "prefecture": prefecture,
                    "size": size,
                    "status": status,
                },
            )
            user = ensure_user(
                email=owner,
                password=facts.DEMO_PASSWORD,
                account_type=User.AccountType.EMPLOYER,
                preferred_language="ja",
            )
            Membership.objects.update_or_create(
                user=user, defaults={"employer": employer, "role": Membership.Role.OWNER}
            )
