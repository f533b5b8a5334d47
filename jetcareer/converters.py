"""URL converters of the portal: path arguments checked before any view sees them."""

from __future__ import annotations

from jetcareer.date_limits import FIRST_YEAR, LAST_YEAR


class YearConverter:
    """`<year:year>`: four digits between FIRST_YEAR and LAST_YEAR (the years forms accept),
    as an int. Any other year matches no URL, so the visitor gets the 404 page (Django's rule
    for a converter whose to_python raises ValueError), never an error from date arithmetic
    in the view (a fiscal year ends in `year + 1`)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"
