"""How a job's salary, start and place read in the reader's language: 「月給25万円～35万円」
and "¥250,000–¥350,000 a month", 「2027年8月から」 and "from August 2027", 「長野県松本市（リモート
勤務可）」 and "Matsumoto, Nagano (remote work possible)". Dates and places go through the
project's one helper for them (jetcareer/web/dates.py)."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from jetcareer.bilingual import reads_japanese
from jetcareer.web.dates import format_day, format_place

MAN = 10_000  # 万: Japanese counts money in ten thousands


def yen(amount: int) -> str:
    """An amount of yen: 「25万円」, 「25万5,000円」, 「8,000円」 in Japanese; "¥250,000" in
    English."""
    if not reads_japanese():
        return f"¥{amount:,}"
    man, rest = divmod(amount, MAN)
    if not man:
        return f"{rest:,}円"
    return f"{man:,}万{rest:,}円" if rest else f"{man:,}万円"


def salary(low: int | None, high: int | None, period: str) -> str:
    """A salary range of `period` ("monthly" or "yearly"), as the reader writes it; "" when no
    amount is given."""
    if low is None and high is None:
        return ""
    monthly = period != "yearly"
    if low is not None and high is not None and low != high:
        text = (
            gettext("%(low)s–%(high)s a month") if monthly else gettext("%(low)s–%(high)s a year")
        )
    elif low is not None and high is None:
        text = gettext("from %(low)s a month") if monthly else gettext("from %(low)s a year")
    elif low is None:
        text = gettext("up to %(high)s a month") if monthly else gettext("up to %(high)s a year")
    else:  # one amount
        text = gettext("%(low)s a month") if monthly else gettext("%(low)s a year")
    return text % {"low": yen(low) if low is not None else "", "high": yen(high or 0)}


def month(day: date) -> str:
    """A month and its year: 「2027年8月」 or "August 2027"."""
    if reads_japanese():
        return f"{day.year}年{day.month}月"
    with translation.override("en"):
        return f"{MONTHS[day.month]} {day.year}"


def start(starts_on: date | None, precision: str) -> str:
    """When a job starts: 「2027年8月から」 / "from August 2027" (a month),
    「2027年8月3日（火）から」 / "from Tue 3 August 2027" (a day), or that it is to be agreed."""
    if starts_on is None:
        return gettext("Start to be agreed")
    when = month(starts_on) if precision == "month" else format_day(starts_on)
    return gettext("from %(when)s") % {"when": when}


def place(city: str, prefecture: str, *, remote: bool = False) -> str:
    """Where a job is: 「長野県松本市」 / "Matsumoto, Nagano" (jetcareer.web.dates.format_place),
    with 「（リモート勤務可）」 / " (remote work possible)" when `remote`: a full-width bracket
    takes no space before it."""
    where = format_place(city, prefecture)
    if not remote:
        return where
    separator = "" if reads_japanese() else " "
    remote_work = gettext("(remote work possible)")  # not inside the f-string: xgettext skips it
    return f"{where}{separator}{remote_work}"
