"""CV upload check: how long participants.cv.validate_pdf takes on hostile PDFs, against a normal
two-page CV measured in the same run, and what the old check (two full parses) did with them.

What it measures
    Each file below is built in memory and given to validate_pdf as an upload, best of
    --repeat runs; the time is shown in milliseconds and as a ratio to the normal CV's.
        normal CV       two A4 pages of text (Helvetica), a link, document information: the
                        reference, and it must be accepted
        page bomb       tens of thousands of empty 3-point pages, each its own object, as many
                        as fit under the 5 MB limit
        shared pages    one page listed 600,000 times in the page tree (its /Count says 1)
        escaped bomb    9,990 pages whose names are written with escapes (/Pag#65, /K#69ds), so
                        the cheap byte counts see no page and the object count stays under its
                        limit: pypdf's tightened page-tree limit has to stop it
        deep tree       one page under 120 nested page-tree nodes (9 kB): pypdf raises its
                        LimitReachedError, which the old check did not catch (a 500)
        5 MB string     a 5 MB literal string in the document information, which pypdf reads a
                        byte at a time: the slowest file we know of that passes every count. It
                        is accepted or refused depending on the machine; either way it shows
                        the cost the time budget (MAX_CV_CHECK_SECONDS) caps
    The old check is the one before issue #13: PdfReader and len(pages), run twice per upload
    (once by the form, once by the service), catching only PdfReadError, ValueError, KeyError
    and TypeError; any other exception was a 500. It is run once per file (it takes seconds on
    the page bomb); --no-old skips it.

How to run it (no database, no network)
    .venv/bin/python bench/pdf_upload.py
    .venv/bin/python bench/pdf_upload.py --repeat 10 --no-old

Exit code 1 when the normal CV is refused or a hostile file (other than the 5 MB string)
accepted. Times vary by 10-30 %
on a shared machine; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetcareer.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402
from pypdf.errors import PdfReadError  # noqa: E402
from pypdf.generic import (  # noqa: E402
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from participants.cv import MAX_CV_BYTES, validate_pdf  # noqa: E402
from tests.participants.factories import (  # noqa: E402
    deep_page_tree_pdf,
    many_pages_pdf,
    raw_pdf,
)

CV_LINES = [
    "Emily Carter",
    "Assistant Language Teacher, Nagano Prefectural Board of Education, 2023-2027",
    "Planned and taught 600 English lessons a year with Japanese teachers of English.",
    "Organised the prefecture's English speech contest for 40 schools.",
    "JLPT N2. Experience in translation, event planning and school liaison.",
] * 6


def normal_cv() -> bytes:
    """Two A4 pages of text in a standard font, with a link and document information."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for page_number in range(2):
        page = writer.add_blank_page(width=595, height=842)
        text = b"BT /F1 11 Tf 56 780 Td 14 TL\n" + b"".join(
            b"(%s) '\n" % line.encode() for line in CV_LINES
        )
        content = StreamObject()
        content.set_data(text + b"(Page %d) ' ET\n" % (page_number + 1))
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    writer.add_uri(0, "https://www.linkedin.com/in/example", [56, 50, 250, 66])
    writer.add_metadata({"/Title": "Curriculum Vitae", "/Author": "Emily Carter"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def page_bomb() -> bytes:
    """As many empty pages as fit under the upload limit (about 65,000)."""
    pages = MAX_CV_BYTES // 80
    while len(content := many_pages_pdf(pages)) > MAX_CV_BYTES:
        pages -= 1_000
    return content


def shared_pages() -> bytes:
    kids = b" ".join([b"3 0 R"] * 600_000)
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Count 1/Kids[%s]>>" % kids,
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>",
        ]
    )


def escaped_bomb() -> bytes:
    pages = 9_990
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(pages))
    tree = b"<</Type/Pages/Count %d/MediaBox[0 0 3 3]/K#69ds[%s]>>" % (pages, kids)
    page = b"<</Type/Pag#65/Parent 2 0 R>>"
    return raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", tree, *[page] * pages])


def long_string() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Subject": TextStringObject("x" * (MAX_CV_BYTES - 2_000))})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# (name, builder, whether it must be accepted; None: either, see the 5 MB string above)
CASES: list[tuple[str, Callable[[], bytes], bool | None]] = [
    ("normal CV", normal_cv, True),
    ("page bomb", page_bomb, False),
    ("shared pages", shared_pages, False),
    ("escaped bomb", escaped_bomb, False),
    ("deep tree", lambda: deep_page_tree_pdf(120), False),
    ("5 MB string", long_string, None),
]


def new_check(data: bytes) -> str:
    try:
        validate_pdf(SimpleUploadedFile("cv.pdf", data, "application/pdf"))
    except ValidationError as exc:
        return f"refused ({exc.error_list[0].code})"
    return "accepted"


def old_check(data: bytes) -> str:
    """The check before issue #13, twice, as the form and then the service ran it."""
    try:
        for _ in range(2):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                return "refused (encrypted)"
            if len(reader.pages) < 1:
                return "refused (empty)"
    except (PdfReadError, ValueError, KeyError, TypeError):
        return "refused (damaged)"
    except Exception as exc:  # what reached the user as a server error
        return f"500 ({type(exc).__name__})"
    return "accepted"


def best_of(repeat: int, check: Callable[[bytes], str], data: bytes) -> tuple[float, str]:
    best, outcome = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        outcome = check(data)
        best = min(best, time.perf_counter() - started)
    return best, outcome


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(
        cell.ljust(width) if n == 0 else cell.rjust(width)
        for n, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(c) for c in column) for column in zip(header, *rows, strict=True)]
    print(_row(header, widths))
    print(_row(["-" * w for w in widths], widths))
    for row in rows:
        print(_row(row, widths))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per file, best kept")
    parser.add_argument("--no-old", dest="old", action="store_false", help="skip the old check")
    args = parser.parse_args(argv)
    logging_off()
    print(f"Python {sys.version.split()[0]}, best of {args.repeat}\n")

    files = [(name, build(), accept) for name, build, accept in CASES]
    reference = old_reference = 0.0
    rows, ok = [], True
    for name, data, accept in files:
        seconds, outcome = best_of(args.repeat, new_check, data)
        reference = reference or seconds  # the first file is the normal CV
        if accept is not None:
            ok &= (outcome == "accepted") == accept
        row = [
            name,
            f"{len(data) / 1e6:.2f} MB",
            outcome,
            _ms(seconds),
            f"{seconds / reference:,.1f}x",
        ]
        if args.old:
            old_seconds, old_outcome = best_of(1, old_check, data)
            old_reference = old_reference or old_seconds
            row += [old_outcome, _ms(old_seconds), f"{old_seconds / old_reference:,.0f}x"]
        rows.append(row)
    header = ["file", "size", "now", "time", "vs normal CV"]
    if args.old:
        header += ["old check (2 parses)", "time", "vs its normal CV"]
    _table(header, rows)
    print()
    print("OK" if ok else "FAILED: the normal CV was refused or a hostile file accepted")
    return 0 if ok else 1


def logging_off() -> None:
    """pypdf warns about every oddity of the hostile files; the table is what matters here."""
    import logging

    logging.disable(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
