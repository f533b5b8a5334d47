"""Demo internship programmes: 2018 and 2023 as published (FACTS.md), and an open 2027 one."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from employers.models import Employer
from internships import services
from internships.models import Application, MatchRun, Period, Position, Programme
from participants.models import ParticipantProfile

TOKYO = ZoneInfo("Asia/Tokyo")
INDUSTRIES = ["tourism", "trade", "it", "manufacturing", "media", "hospitality", "finance"]
JOBS = {"tourism": "translation", "trade": "sales", "it": "engineering",
        "manufacturing": "international", "media": "marketing", "hospitality": "hospitality",
        "finance": "research"}  # fmt: skip


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TOKYO)


def _programme(slug: str, **fields: object) -> tuple[Programme, bool]:
    return Programme.objects.get_or_create(slug=slug, defaults=fields)


def _positions(programme: Programme, employers: list[Employer], places: list[int],
               prefectures: list[str]) -> None:  # fmt: skip
    periods = list(programme.periods.all())
    Position.objects.bulk_create(
        [
            Position(
                programme=programme,
                employer=e,
                period=periods[i % len(periods)],
                title_en=f"Internship at {e.name_en}",
                title_ja=f"{e.name_ja}でのインターンシップ",
                industry=INDUSTRIES[i % len(INDUSTRIES)],
                job_type=JOBS[INDUSTRIES[i % len(INDUSTRIES)]],
                prefecture=prefectures[i % len(prefectures)],
                capacity=n,
                min_jlpt=programme.min_jlpt,
                status=Position.Status.APPROVED,
            )
            for i, (e, n) in enumerate(zip(employers, places, strict=True))
        ]
    )


def _applications(programme: Programme, people: list[ParticipantProfile]) -> None:
    Application.objects.bulk_create(
        [
            Application(
                programme=programme,
                participant=p,
                statement="I would like to learn how a Japanese company works.",
                industry_1=INDUSTRIES[i % 7],
                industry_2=INDUSTRIES[(i + 2) % 7],
                job_types=[JOBS[INDUSTRIES[i % 7]]],
                supervisor_name="Supervisor",
                paid_leave_confirmed=True,
                consent_recorded_at=at(date(programme.year, 5, 1)),
                submitted_at=at(date(programme.year, 5, 1)),
                screening=Application.Screening.PASSED,
                document_score=5 + i % 5,
                interview_score=5 + (i * 7) % 5,
            )
            for i, p in enumerate(people)
        ]
    )


def _match_and_publish(programme: Programme, seed: int) -> None:
    """Run the real matching service; mark it published without mailing demo people."""
    run = MatchRun.objects.create(programme=programme, seed=seed)
    services.run_matching(run_id=run.pk)
    MatchRun.objects.filter(pk=run.pk).update(
        state=MatchRun.State.PUBLISHED, published_at=at(date(programme.year, 6, 20))
    )
    run.outcomes.exclude(position=None).update(response="accepted")


def load() -> None:
    national = list(Employer.objects.filter(slug__startswith="national-").order_by("slug"))
    jet = list(
        ParticipantProfile.objects.filter(user__email__startswith="jet").order_by("user__email")
    )

    # 2018: two periods, CLAIR hosts (Kanto 15 + Kansai 6) and 15 hosts of the co-host, the
    # Tokyo Metropolitan Government; 28 + 15 interns; 3rd year or later.
    p2018, created = _programme(
        "internship-2018", year=2018, title_en="CLAIR Internship Programme 2018",
        title_ja="クレア・インターンシッププログラム2018",
        co_host_en="Tokyo Metropolitan Government", co_host_ja="東京都", min_year_on_jet=3,
        positions_allowed=[], current_only=True,
        applications_open_at=at(date(2018, 4, 2)), applications_close_at=at(date(2018, 5, 11)),
        response_deadline=at(date(2018, 6, 27), 17), state=Programme.State.CLOSED,
    )  # fmt: skip
    if created:
        Period.objects.create(programme=p2018, pre_training_on=date(2018, 7, 22),
                              starts_on=date(2018, 7, 23), ends_on=date(2018, 7, 27))  # fmt: skip
        Period.objects.create(programme=p2018, pre_training_on=date(2018, 8, 26),
                              starts_on=date(2018, 8, 27), ends_on=date(2018, 8, 31))  # fmt: skip
        kanto, kansai = ["13", "14", "11", "12"], ["27", "26", "28"]
        _positions(p2018, national[:15], [2] * 7 + [1] * 8, kanto)  # CLAIR Kanto: 22 places
        _positions(p2018, national[15:21], [1] * 6, kansai)  # CLAIR Kansai: 6 places
        _positions(p2018, national[21:36], [1] * 15, ["13"])  # co-host Tokyo: 15 places
        _applications(p2018, jet[:50])
        _match_and_publish(p2018, seed=2018)

    # 2023: 21-25 August at companies nationwide, pre-training on the 20th; JLPT N2 or higher
    # and 2nd year or later; 43 interns matched by preferred industry and job type.
    p2023, created = _programme(
        "internship-2023", year=2023, title_en="CLAIR Internship Programme 2023",
        title_ja="クレア・インターンシッププログラム2023", min_jlpt=4, min_year_on_jet=2,
        current_only=True, applications_open_at=at(date(2023, 4, 3)),
        applications_close_at=at(date(2023, 5, 12)), response_deadline=at(date(2023, 6, 28), 17),
        state=Programme.State.CLOSED,
    )  # fmt: skip
    if created:
        Period.objects.create(programme=p2023, pre_training_on=date(2023, 8, 20),
                              starts_on=date(2023, 8, 21), ends_on=date(2023, 8, 25))  # fmt: skip
        _positions(p2023, national[36:66], [2] * 13 + [1] * 17,
                   ["13", "27", "01", "40", "23", "34", "04", "26"])  # fmt: skip
        _applications(p2023, [p for p in jet[50:200] if p.jlpt_level >= 4][:60])
        _match_and_publish(p2023, seed=2023)

    # An open programme on the same pattern, so a new participant can apply.
    p2027, created = _programme(
        "internship-2027", year=2027, title_en="CLAIR Internship Programme 2027 (demo)",
        title_ja="クレア・インターンシッププログラム2027（デモ）", min_jlpt=4, min_year_on_jet=2,
        current_only=True, applications_open_at=at(date(2026, 11, 1)),
        applications_close_at=at(date(2027, 5, 31), 17), state=Programme.State.OPEN,
        # Publishing the results needs it (services.check_response_deadline).
        response_deadline=at(date(2027, 6, 30), 17),
        description_en="A demo programme modelled on the 2023 programme.",
        description_ja="2023年度のプログラムをもとにしたデモ用のプログラムです。",
    )  # fmt: skip
    if created:
        Period.objects.create(programme=p2027, pre_training_on=date(2027, 8, 22),
                              starts_on=date(2027, 8, 23), ends_on=date(2027, 8, 27))  # fmt: skip
        hosts = list(Employer.objects.filter(slug__in=["shinshu-precision", "setouchi-travel"])
                     .order_by("slug"))  # fmt: skip
        _positions(p2027, hosts, [2, 2], ["34", "20"])
