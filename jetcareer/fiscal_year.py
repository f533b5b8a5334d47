"""Japan's fiscal year, which CLAIR reports by: 1 April to 31 March (FY2018 runs from
2018-04-01 to 2019-03-31)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def fiscal_year_of(day: date) -> int:
    """The fiscal year a day belongs to: 2018-11-03 and 2019-02-03 are both in FY2018."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_days(year: int) -> tuple[date, date]:
    """The first and the last day of fiscal year `year`, both inclusive (for __range)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def fiscal_year_bounds(year: int) -> tuple[datetime, datetime]:
    """Fiscal year `year` as aware datetimes in Japan time: its start, and the start of the
    next one (exclusive), for filtering moments such as an event's start."""
    return (
        datetime.combine(date(year, 4, 1), time(), tzinfo=TOKYO),
        datetime.combine(date(year + 1, 4, 1), time(), tzinfo=TOKYO),
    )
