"""Demo regional data: the 2018 regional fairs as subsidised, realised and reported by their
prefectures (FACTS.md figures), and the 2017 JET Furusato Vision Project.

Budgets, subsidy amounts, call dates and the alumni's names are not published: stand-ins.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from demo import facts
from events.models import Event, HostOrganization
from jetcareer.accounts.models import User
from jetcareer.accounts.services import ensure_user
from participants.models import ParticipantProfile
from regional.models import (
    FurusatoCall,
    FurusatoProposal,
    HostMembership,
    ResultReport,
    SubsidyApplication,
)

JST = ZoneInfo("Asia/Tokyo")

# host, event slug, participants, of whom JET (None: not published), companies, budget, subsidy
FAIRS = [
    ("nagano-pref", "regional-2018-nagano", 35, None, 32, 1_200_000, 600_000),
    ("iwate-pref", "regional-2018-iwate", 49, 14, 17, 1_000_000, 500_000),
    ("gunma-pref", "regional-2018-gunma", 113, 33, 20, 1_500_000, 750_000),
]

# stand-in name, country, municipality, prefecture, field, schedule, plan, bio
PROJECTS = [
    ("Rachel Moore", "US", "Hamada", "32", "tourism", "a",
     "Inbound tourism in Iwami: foreign visitors watch and try Iwami kagura and Iwami ware, "
     "and a tourism forum with students and local officials.",
     "Former JET in Shimane's Iwami area; now works at a hotel in Kobe."),
    ("Julien Tremblay", "CA", "Matsuyama", "38", "economy", "a",
     "Meet Ehime's breweries and draw up a strategy to sell Ehime sake in Quebec, Canada.",
     "Former JET in Ehime who wants to bring Ehime sake to Quebec."),
    ("Susan Park", "US", "Oita Prefecture", "44", "culture", "a",
     "Meet Oita's bamboo-craft artists and invite one to a US university for an exhibition.",
     "Professor of art history at a US university; former JET in Oita."),
    ("Michael Chen", "US", "Kyoto Prefecture", "26", "economy", "b",
     "Promote Kyoto pickles in the US with long-established makers, at events and online.",
     "Former JET in Kyoto, riding the US fermented-food boom."),
    ("Emma Clarke", "GB", "Anan", "36", "education", "b",
     "Return to the schools she taught at and share what she learned about special needs "
     "education.", "Met special needs education on JET and has researched it since."),
    ("Liam Walker", "AU", "Kitakyushu", "40", "tourism", "b",
     "A photo tour of Kitakyushu's sights for the city's tourism campaigns.",
     "Former JET in Kitakyushu, now a professional photographer."),
    ("Hannah Brooks", "US", "Amakusa", "43", "culture", "b",
     "Residents tell their memories: a photo exhibition on how Amakusa has changed.",
     "Works in community art; former JET in Amakusa."),
    ("Bat-Erdene Ganbold", "MN", "Miyakonojo", "45", "tourism", "b",
     "With a Mongolian TV station, a programme introducing Miyakonojo and Miyazaki wagyu.",
     "Mongolian former JET who joined a local cable TV station in Japan."),
]  # fmt: skip


def load() -> None:
    for host_slug, event_slug, came, jet, companies, budget, subsidy in FAIRS:
        host = HostOrganization.objects.get(slug=host_slug)
        member = ensure_user(
            email=f"kokusai@{host_slug}.example",
            password=facts.DEMO_PASSWORD,
            account_type=User.AccountType.EMPLOYER,
            preferred_language="ja",
        )
        HostMembership.objects.get_or_create(user=member, defaults={"host": host, "role": "lead"})
        event = Event.objects.get(slug=event_slug)
        day = event.starts_at.astimezone(JST).date()
        application, created = SubsidyApplication.objects.get_or_create(
            event=event,
            defaults={
                "host": host, "kind": "career_fair", "title_en": event.title_en,
                "title_ja": event.title_ja, "starts_on": day, "ends_on": day,
                "venue": event.venue_en, "city": event.city, "expected_participants": came + 20,
                "expected_companies": companies, "budget_yen": budget,
                "requested_subsidy_yen": subsidy, "contact_name": host.name_ja,
                "contact_phone": "000-000-0000", "contact_email": member.email,
                "status": SubsidyApplication.Status.REALISED, "submitted_by": member,
            },
        )  # fmt: skip
        if created:
            ResultReport.objects.create(
                application=application, held_on=day, participants=came,
                jet_participants=jet, companies=companies, submitted_by=member,
                locked_at=datetime.combine(day, datetime.min.time(), tzinfo=JST),
            )  # fmt: skip

    call, created = FurusatoCall.objects.get_or_create(
        slug="furusato-2017",
        defaults={
            "year": 2017, "title_en": "JET Furusato Vision Project 2017",
            "title_ja": "JETふるさとビジョンプロジェクト2017",
            "description_en": "JET alumni return to their former host municipality, their "
            "furusato in Japan, and run a regional revitalisation project with it in tourism, "
            "the economy, education or culture.",
            "description_ja": "JETプログラム終了後に様々な分野で活躍しているOB・OGが「日本でのふるさと」である"
            "元任用地に戻り、自治体と連携しながら観光・経済・教育・文化の分野で地域の活性化につながる"
            "事業を行います。",
            "opens_at": datetime(2017, 6, 1, tzinfo=JST),
            "closes_at": datetime(2017, 7, 31, 17, tzinfo=JST),
            "schedule_a_starts_on": date(2017, 10, 26), "schedule_a_ends_on": date(2017, 10, 31),
            "schedule_b_starts_on": date(2017, 11, 6), "schedule_b_ends_on": date(2017, 11, 11),
            "is_open": False,
        },
    )  # fmt: skip
    if not created:
        return
    for n, (name, country, town, prefecture, field, schedule, plan, bio) in enumerate(PROJECTS):
        user = ensure_user(email=f"furusato{n}@alumni.example", password=facts.DEMO_PASSWORD)
        profile, _ = ParticipantProfile.objects.get_or_create(
            user=user,
            defaults={"full_name": name, "status": "alumni", "position": "ALT",
                      "country": country, "prefecture": prefecture,
                      "jet_start_date": date(2010, 8, 1), "term_end_date": date(2013, 7, 31)},
        )  # fmt: skip
        FurusatoProposal.objects.create(
            call=call, proposer=profile, municipality=town, prefecture=prefecture, field=field,
            plan=plan, schedule_wanted=schedule, bio=bio, status="coordinated",
            schedule=schedule, is_published=True,
        )  # fmt: skip
