"""Load the published fair figures: stand-in registrants, exhibitors, sessions and slots."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password

from demo import crowd, facts
from employers.models import Employer
from events.models import ConsultationSlot, Event, Exhibitor, Registration, Session
from jetcareer.accounts.models import User
from jetcareer.kana import search_form
from participants.models import ParticipantProfile


def _people(rows: list[dict]) -> list[ParticipantProfile]:
    """Create the people once (by e-mail) and return their profiles in the given order."""
    emails = [r["email"] for r in rows]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [User(email=e, password=unusable) for e in emails if e not in existing]
    )
    users = dict(User.objects.filter(email__in=emails).values_list("email", "id"))
    have = set(ParticipantProfile.objects.filter(user_id__in=users.values()).values_list(
        "user_id", flat=True))  # fmt: skip
    ParticipantProfile.objects.bulk_create(
        [
            ParticipantProfile(
                user_id=users[r["email"]],
                # bulk_create skips save(), which fills the check-in search's name form.
                search_name=search_form(f"{r.get('full_name', '')} {r.get('full_name_kana', '')}"),
                **{k: v for k, v in r.items() if k != "email"},
            )
            for r in rows
            if users[r["email"]] not in have
        ]
    )
    by_user = {p.user_id: p for p in ParticipantProfile.objects.filter(user_id__in=users.values())}
    return [by_user[users[e]] for e in emails]


def _companies(rows: list[dict]) -> list[Employer]:
    slugs = [r["slug"] for r in rows]
    Employer.objects.bulk_create(
        [Employer(status=Employer.Status.VERIFIED, **r) for r in rows], ignore_conflicts=True
    )
    by_slug = Employer.objects.in_bulk(slugs, field_name="slug")
    return [by_slug[s] for s in slugs]


def load() -> None:
    jet = _people(crowd.jet_people(700))
    seekers = _people(crowd.other_seekers(120))
    national = _companies(crowd.companies(0, 106, "national"))
    newcomers = _companies(crowd.companies(106, 49, "new2024"))
    regional = _companies(crowd.companies(155, 69, "regional"))
    exhibitors = {
        "fair-2018-osaka": national[:31],
        "fair-2018-yokohama": national[31:106],
        "regional-2018-nagano": regional[:32],
        "regional-2018-iwate": regional[32:49],
        "regional-2018-gunma": regional[49:69],
        "fair-2024-osaka": national[:50] + newcomers[:25],
        "fair-2024-tokyo": national[50:101] + newcomers[25:49],
    }
    events = Event.objects.in_bulk(list(facts.FAIR_FIGURES), field_name="slug")
    for slug, (attended, of_jet, n_exhibitors, online) in facts.FAIR_FIGURES.items():
        event = events[slug]
        if event.registrations.exists():
            continue  # already loaded: the demo never duplicates
        people = jet[:of_jet] + seekers[: attended - of_jet]
        checked_in = event.starts_at + timedelta(minutes=15)
        Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    participant=p,
                    status=Registration.Status.CONFIRMED,
                    created_at=event.starts_at - timedelta(days=20),
                    confirmed_at=event.starts_at - timedelta(days=20),
                    checked_in_at=None if event.format == Event.Format.ONLINE else checked_in,
                    # Checked in at the door: a hybrid fair's attendees came to the venue.
                    attendance=Registration.Attendance.VENUE
                    if event.format == Event.Format.HYBRID
                    else "",
                )
                for p in people
            ]
        )
        companies = exhibitors.get(slug, [])
        if len(companies) != n_exhibitors:
            raise ValueError(f"{slug}: {len(companies)} companies for {n_exhibitors} exhibitors")
        Exhibitor.objects.bulk_create(
            [
                Exhibitor(
                    event=event,
                    employer=c,
                    status=Exhibitor.Status.APPROVED,
                    booth_label=f"{chr(65 + i // 20)}{i % 20 + 1:02d}",
                    online_presentation=i < online,
                    applied_at=event.starts_at - timedelta(days=60),
                    decided_at=event.starts_at - timedelta(days=45),
                )
                for i, c in enumerate(companies)
            ]
        )
    _sessions()
    _consultations()


def _sessions() -> None:
    training = Event.objects.get(slug="career-vision-training-2023")
    if training.sessions.exists():
        return
    start = training.starts_at
    labels = dict(crowd_industry_labels())
    Session.objects.bulk_create(
        [
            Session(
                event=training,
                industry=industry,
                title_en=f"Panel discussion and Q&A: working in {labels[industry][0]}",
                title_ja=f"パネルディスカッション・質疑応答：{labels[industry][1]}で働く",
                speakers_en="JET alumni working in the industry",
                speakers_ja="業界で働くJETプログラム経験者",
                starts_at=start + timedelta(minutes=40 * i),
                ends_at=start + timedelta(minutes=40 * i + 35),
            )
            for i, industry in enumerate(facts.PANEL_INDUSTRIES)
        ]
    )


def crowd_industry_labels() -> list[tuple[str, tuple[str, str]]]:
    return [
        ("education", ("education", "教育")), ("tourism", ("tourism and travel", "観光・旅行")),
        ("it", ("IT", "IT")), ("manufacturing", ("manufacturing", "製造")),
        ("trade", ("trading", "商社")), ("finance", ("finance", "金融")),
        ("consulting", ("consulting", "コンサルティング")), ("media", ("media", "メディア")),
        ("hospitality", ("hospitality", "ホテル・接客")),
        ("public", ("local government", "地方自治体")),
        ("translation", ("translation", "翻訳・通訳")), ("hr", ("recruitment", "人材サービス")),
    ]  # fmt: skip


def _consultations() -> None:
    """Upcoming networking: the demo advisors offer 30-minute slots."""
    event = Event.objects.get(slug="networking-2027-pre-departure")
    if event.consultation_slots.exists():
        return
    advisors = ParticipantProfile.objects.filter(is_advisor=True).order_by("id")
    slots = []
    for n, advisor in enumerate(advisors):
        for k in range(4):
            start = event.starts_at + timedelta(minutes=30 * k + 5 * n)
            slots.append(ConsultationSlot(event=event, advisor=advisor, starts_at=start,
                                          ends_at=start + timedelta(minutes=30),
                                          field=advisor.advisor_fields[k % len(
                                              advisor.advisor_fields)]))  # fmt: skip
    ConsultationSlot.objects.bulk_create(slots)
