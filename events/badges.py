"""Name badges for a fair's confirmed list (issue #17): a PDF laid out for a label sheet.

One badge per person with a seat at the venue: name, katakana reading, JET position and status,
prefecture. The sheet is A-One 51002 (マルチカード, A4, 10 business-card-size cards of
91 × 55 mm, sold in every Japanese office-supply shop); the card fits the common business-card
name-badge holder (名札ケース). Other sheets are a `LabelSheet` away.

Japanese is drawn with reportlab's CID font HeiseiKakuGo-W5 (Adobe-Japan1): no font file is
shipped or embedded, the PDF viewer supplies the glyphs, as every current one does. Latin names
that Helvetica can write (Western European accents included) are drawn in Helvetica-Bold, which
reads better at a distance; Latin letters neither font has (ł, ř, ư) print as their base letter.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext, pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from participants.models import ParticipantProfile

from .models import Event, Registration

JAPANESE_FONT = "HeiseiKakuGo-W5"
LATIN_FONT = "Helvetica"
LATIN_BOLD_FONT = "Helvetica-Bold"
pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE_FONT))


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of labels: its paper, its grid and where the first label sits (from the top
    left corner of the paper, as makers print their templates). Lengths in points."""

    name: str
    page_size: tuple[float, float]
    columns: int
    rows: int
    label_width: float
    label_height: float
    left_margin: float
    top_margin: float
    column_gap: float = 0
    row_gap: float = 0

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """The bottom left corner of label `index` (0 is top left, then across, then down) in
        PDF coordinates (from the bottom of the page)."""
        row, column = divmod(index % self.per_sheet, self.columns)
        x = self.left_margin + column * (self.label_width + self.column_gap)
        top = self.page_size[1] - self.top_margin - row * (self.label_height + self.row_gap)
        return x, top - self.label_height


# A-One 51002 マルチカード（各種プリンタ兼用紙・白無地）A4 10面: 2 columns × 5 rows of
# 91 × 55 mm, micro-perforated with no gap between cards; margins 14 mm left and right,
# 11 mm top and bottom (14 + 2 × 91 + 14 = 210, 11 + 5 × 55 + 11 = 297).
A_ONE_51002 = LabelSheet(
    name="A-One 51002 (A4, 10 cards of 91 × 55 mm)",
    page_size=A4,
    columns=2,
    rows=5,
    label_width=91 * mm,
    label_height=55 * mm,
    left_margin=14 * mm,
    top_margin=11 * mm,
)

PADDING = 4 * mm  # inside each card: printers and perforations are not exact
NAME_MAX_SIZE = 26.0  # points: capitals 6.5 mm high, read from a few metres
NAME_TWO_LINES_BELOW = 15.0  # a name that would shrink below this is set on two lines
KANA_MAX_SIZE = 10.0
DETAIL_MAX_SIZE = 8.5
TITLE_SIZE = 7.0
MIN_SIZE = 5.0  # below this nothing is readable; a longer text is cut with an ellipsis
GREY = 0.35


@dataclass(frozen=True)
class Badge:
    """What one badge says, in the badge's language."""

    name: str
    kana: str
    details: str  # position, JET status and prefecture on one line


def badge_registrations(event: Event) -> QuerySet[Registration]:
    """The registrations that get a badge: confirmed, of a person who still has an account
    (an erased one is NULL and gets none), coming to the venue (at a hybrid event, not those
    who chose to watch online). In the order of the desk's name search: by name, accents and
    case aside (ParticipantProfile.search_name)."""
    return (
        Registration.objects.confirmed()
        .filter(event=event, participant__isnull=False)
        .exclude(event__format=Event.Format.HYBRID, attendance=Registration.Attendance.ONLINE)
        .select_related("participant")
        .order_by("participant__search_name", "pk")
    )


def badge_for(profile: ParticipantProfile) -> Badge:
    """The badge of `profile` in the active language."""
    status = {
        ParticipantProfile.Status.CURRENT: pgettext("badge", "JET participant"),
        ParticipantProfile.Status.ALUMNI: pgettext("badge", "JET alumni"),
    }.get(profile.status, "")
    parts = [profile.position, status, profile.get_prefecture_display()]
    return Badge(
        name=profile.full_name.strip(),
        kana=profile.full_name_kana.strip(),
        details=pgettext("badge", " · ").join(p for p in parts if p),
    )


def badges_pdf(
    *,
    event: Event,
    language: str = "ja",
    skip: int = 0,
    outlines: bool = False,
    sheet: LabelSheet = A_ONE_51002,
) -> bytes:
    """The name badges of `event`'s confirmed list (`badge_registrations`) as a PDF for
    `sheet`, one badge per label.

    Takes the event; the `language` ("ja" or "en") of the event title, status and prefecture
    on the badges; `skip`, how many labels of the first sheet were already used (0 to
    per_sheet - 1: printing starts after them); `outlines` to draw each label's edge (for a
    test print on plain paper). Returns the PDF's bytes; an event with nobody to badge gives
    one page saying so. Raises ValueError for a `skip` outside the sheet.

    Names that do not fit shrink (then take two lines, then are cut with an ellipsis); the
    sheet must be printed at 100 % ("actual size"), not fitted to the page.
    """
    if not 0 <= skip < sheet.per_sheet:
        raise ValueError(f"skip must be between 0 and {sheet.per_sheet - 1}")
    registrations = list(badge_registrations(event))
    with translation.override(language):
        return render_badges(
            [badge_for(r.participant) for r in registrations],
            title=event.title,
            skip=skip,
            outlines=outlines,
            sheet=sheet,
        )


def render_badges(
    badges: list[Badge],
    *,
    title: str,
    skip: int = 0,
    outlines: bool = False,
    sheet: LabelSheet = A_ONE_51002,
) -> bytes:
    """`badges` laid out on `sheet` from label `skip` on, each headed by `title` (the event's):
    the PDF's bytes (badges_pdf's work once the people are read; its messages in the active
    language)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet.page_size, pageCompression=1)
    canvas.setTitle(gettext("Name badges: %(event)s") % {"event": title})
    canvas.setAuthor("JET Career Portal")
    canvas.setSubject(sheet.name)
    if not badges:
        nobody = gettext("Nobody to print: no confirmed registration at the venue.")
        width = sheet.page_size[0] - 40 * mm
        _fit_line(canvas, nobody, 20 * mm, sheet.page_size[1] / 2, width, 12, center=False)
    for position, badge in enumerate(badges, start=skip):
        if position != skip and position % sheet.per_sheet == 0:
            canvas.showPage()
        x, y = sheet.origin(position)
        _draw_badge(canvas, badge, title, x, y, sheet.label_width, sheet.label_height, outlines)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_badge(
    canvas: Canvas,
    badge: Badge,
    title: str,
    x: float,
    y: float,
    width: float,
    height: float,
    outlines: bool,
) -> None:
    """One card: the event's title on top, the name in the middle with its reading under it,
    position, status and prefecture at the bottom."""
    if outlines:
        canvas.saveState()
        canvas.setStrokeGray(0.7)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, width, height)
        canvas.restoreState()
    inner = width - 2 * PADDING
    left, center = x + PADDING, x + width / 2
    top, bottom = y + height - PADDING, y + PADDING

    canvas.setFillGray(GREY)
    _fit_line(canvas, title, left, top - TITLE_SIZE, inner, TITLE_SIZE, center=False)
    canvas.setStrokeGray(GREY)
    canvas.setLineWidth(0.4)
    rule = top - TITLE_SIZE - 2.5
    canvas.line(left, rule, left + inner, rule)
    _fit_line(canvas, badge.details, center, bottom, inner, DETAIL_MAX_SIZE)
    canvas.setFillGray(0)

    # The name and its reading, centred together between the rule and the details.
    lines, size = _name_lines(badge.name, inner)
    kana_size = _fitting_size(badge.kana, JAPANESE_FONT, inner, KANA_MAX_SIZE) if badge.kana else 0
    leading, gap = size * 1.15, kana_size * 0.5
    block = size + leading * (len(lines) - 1) + (gap + kana_size if badge.kana else 0)
    middle = (rule + bottom + DETAIL_MAX_SIZE) / 2
    baseline = middle + block / 2 - size * 0.8  # the first line's, below its capitals
    for line in lines:
        _fit_line(canvas, line, center, baseline, inner, size, bold=True)
        baseline -= leading
    if badge.kana:
        kana_baseline = baseline + leading - size * 0.2 - gap - kana_size * 0.8
        _fit_line(canvas, badge.kana, center, kana_baseline, inner, kana_size)


def _name_lines(name: str, width: float) -> tuple[list[str], float]:
    """The name on one line, or on two when one line would be too small to read at a
    distance: the lines and their font size."""
    name = _printable(name)
    font = _font_for(name, bold=True)
    one = _fitting_size(name, font, width, NAME_MAX_SIZE)
    words = name.split()
    if one >= NAME_TWO_LINES_BELOW or len(words) < 2:
        return [name], one
    # Break at the space that leaves the longer line shortest.
    candidates = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(
        candidates,
        key=lambda pair: max(pdfmetrics.stringWidth(part, font, 1) for part in pair),
    )
    two = min(_fitting_size(part, font, width, NAME_MAX_SIZE * 0.8) for part in (first, second))
    return ([first, second], two) if two > one else ([name], one)


def _fitting_size(text: str, font: str, width: float, largest: float) -> float:
    """The largest font size up to `largest` at which `text` fits `width` (at least MIN_SIZE)."""
    natural = pdfmetrics.stringWidth(text, font, 1)
    if natural <= 0:
        return largest
    # A hair under the exact fit: the width measured again at that size must not exceed it.
    return max(MIN_SIZE, min(largest, width / natural * 0.999))


def _font_for(text: str, bold: bool = False) -> str:
    """Helvetica for text it can write (WinAnsi: English and Western European accents), else
    the Japanese CID font, which also holds Latin letters, Greek and Cyrillic."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return JAPANESE_FONT
    return LATIN_BOLD_FONT if bold else LATIN_FONT


# Latin letters with no decomposition to a base letter (NFKD leaves them whole).
_BASE_LETTERS = str.maketrans("ŁłĐđĦħıĿŀŦŧ", "LlDdHhiLlTt")


def _printable(text: str) -> str:
    """`text` with the Latin letters neither font can draw (Polish ł, Czech ř, Vietnamese ư,
    outside WinAnsi and Adobe-Japan1) written as their base letters: Łukasz Wiśniewski prints
    as Lukasz Wisniewski rather than with holes. Other characters are kept."""
    kept = []
    for char in text:
        if "\u0100" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff":
            try:
                char.encode("cp1252")  # Œ, Š, Ž… are in WinAnsi
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", char.translate(_BASE_LETTERS))
                char = "".join(c for c in base if not unicodedata.combining(c))
        kept.append(char)
    return "".join(kept)


def _fit_line(
    canvas: Canvas,
    text: str,
    x: float,
    baseline: float,
    width: float,
    largest: float,
    *,
    center: bool = True,
    bold: bool = False,
) -> None:
    """Draw `text` on one line of at most `width`, shrunk from `largest` as needed and cut with
    an ellipsis when it would be smaller than MIN_SIZE; centred on `x`, or starting at it."""
    text = _printable(text)
    if not text:
        return
    font = _font_for(text, bold=bold)
    size = _fitting_size(text, font, width, largest)
    text = _cut(text, font, size, width)
    canvas.setFont(font, size)
    if center:
        canvas.drawCentredString(x, baseline, text)
    else:
        canvas.drawString(x, baseline, text)


def _cut(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def page_count(people: int, skip: int = 0, sheet: LabelSheet = A_ONE_51002) -> int:
    """How many sheets `people` badges take when `skip` labels of the first are used."""
    return max(1, -(-(people + skip) // sheet.per_sheet))
