"""CV checks: a real PDF of at most 5 MB, judged by its content, never by its name or type, read
once within limits of pages, objects and time, and free of scripts, actions and attachments."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

logger = logging.getLogger(__name__)

MAX_CV_BYTES = 5 * 1024 * 1024
# A CV is one to a few pages; 30 leaves room for a portfolio and refuses page bombs.
MAX_CV_PAGES = 30
# PDF objects (pages, fonts, images, links...). CVs from Word, LibreOffice, LaTeX and Canva
# have tens to a few thousand; every object is read once (about 0.1 ms each), so 10,000 also
# keeps a legitimate file well inside the time budget.
MAX_CV_OBJECTS = 10_000
# Wall-clock budget for reading one file. A normal CV takes milliseconds; a file that needs
# more is refused rather than allowed to hold a web worker.
MAX_CV_CHECK_SECONDS = 2.0
# Only the cross-reference and object streams are decompressed here (never page content or
# images); 4 times the upload limit is far more than they need and stops zip bombs early.
MAX_CV_DECODED_BYTES = 4 * MAX_CV_BYTES

# What a person sees as the download name; anything else is replaced.
SAFE_NAME = re.compile(r"[^\w.\- ()]+", re.UNICODE)

# Cheap counts on the raw bytes (C-speed regular expressions) before any parsing. They see
# uncompressed objects only; what hides in object streams is bounded again by pypdf's limits
# and by the object count taken from its cross-reference table.
OBJECT_HEADER = re.compile(rb"(?<![0-9])[0-9]{1,10}[ \t\r\n\f\x00]+[0-9]{1,5}[ \t\r\n\f\x00]+obj\b")
DECLARED_SIZE = re.compile(rb"/Size[ \t\r\n\f\x00]*([0-9]{1,12})")
PAGE_OBJECT = re.compile(rb"/Type[ \t\r\n\f\x00]*/Page(?![A-Za-z0-9#])")
# A page-tree node's children: each is at least one page, whether or not it is a new object
# (one page listed 90,000 times costs pypdf a second to read).
KIDS = re.compile(rb"/Kids[ \t\r\n\f\x00]*\[([^\]]*)\]")

# pypdf's own limits (pypdf.Configuration, as in pypdf 7.1), tightened for a CV.
PYPDF_LIMITS = {
    "page_tree_maximum_entries": 4 * MAX_CV_PAGES,  # pages plus the tree's inner nodes
    "page_tree_maximum_depth": 32,
    "page_tree_maximum_page_entries": 200 * MAX_CV_PAGES,
    "maximum_declared_stream_length": MAX_CV_BYTES,
    "array_based_stream_maximum_output_length": MAX_CV_DECODED_BYTES,
    "zlib_maximum_output_length": MAX_CV_DECODED_BYTES,
    "lzw_maximum_output_length": MAX_CV_DECODED_BYTES,
    "run_length_maximum_output_length": MAX_CV_DECODED_BYTES,
    "brotli_maximum_output_length": MAX_CV_DECODED_BYTES,
    "jbig2_maximum_output_length": MAX_CV_DECODED_BYTES,
    "jbig2dec_binary": None,  # never start an external program for an upload
}

# Active content, by kind (ISO 32000-1: 12.6 actions, 12.6.4.16 JavaScript, 12.6.4.5 launch,
# 12.6.3 trigger events (/AA), 7.11.4 embedded files; Adobe's extension for RichMedia).
SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
SCRIPT_ACTIONS = frozenset({"/JavaScript"})
RUN_KEYS = frozenset({"/AA"})  # additional actions: run on open, close, print, page view...
RUN_ACTIONS = frozenset({"/Launch"})
ATTACHMENT_KEYS = frozenset({"/EmbeddedFiles", "/EF", "/RichMediaContent", "/RichMediaSettings"})
ATTACHMENT_TYPES = frozenset({"/EmbeddedFile", "/RichMedia", "/FileAttachment"})

DAMAGED = _("This PDF is incomplete or damaged. Please save it again and upload it.")
TOO_COMPLEX = _(
    "This PDF is too complex for us to check. Please save it again with “Print to PDF” or "
    "“Save as PDF” and upload it."
)
ACTIVE_CONTENT = {
    "script": _(
        "This PDF contains JavaScript, which we do not accept for security reasons. "
        "Please save your CV again as a plain PDF (for example with “Print to PDF”) and upload it."
    ),
    "run": _(
        "This PDF contains actions that run when it is opened or that start other programs, "
        "which we do not accept for security reasons. Please save your CV again as a plain PDF "
        "(for example with “Print to PDF”) and upload it."
    ),
    "attachment": _(
        "This PDF contains attached files or embedded media, which we do not accept for "
        "security reasons. Please save your CV again as a plain PDF (for example with “Print to "
        "PDF”) and upload it."
    ),
}


class CheckTimedOut(Exception):
    """Reading the PDF took longer than MAX_CV_CHECK_SECONDS."""


class _TimedBuffer(io.BytesIO):
    """The upload's bytes, which refuse to be read after a deadline.

    pypdf reads from its stream at every step of parsing, so this bounds the parse's time from
    inside the same thread: no signal (only the main thread may use one) and no thread or
    process to clean up.
    """

    def __init__(self, data: bytes, deadline: float) -> None:
        super().__init__(data)
        self.deadline = deadline

    def read(self, size: int | None = -1) -> bytes:
        # pypdf reads tokens a byte at a time: the unbound C method keeps this call cheap.
        if _now() > self.deadline:
            raise CheckTimedOut
        return _read(self, size)


_now = time.monotonic
_read = io.BytesIO.read


def clean_filename(name: str) -> str:
    """The display name of an upload. A name with a path in it is refused outright."""
    if not name or any(sep in name for sep in ("/", "\\", "\x00")) or name in (".", ".."):
        raise ValidationError(
            _("The file name must not contain folders or path separators."), code="name"
        )
    stem = SAFE_NAME.sub("_", name).strip(" .") or "cv"
    if not stem.lower().endswith(".pdf"):
        stem += ".pdf"
    return stem[-120:]


def validate_pdf(upload: UploadedFile) -> str:
    """Check an uploaded CV and return its safe display name.

    Takes the uploaded file (read once into memory: at most MAX_CV_BYTES). Raises
    ValidationError, with a translated message, when the name holds a path; the file is empty,
    larger than 5 MB, not a PDF, damaged, password-protected or without pages; it has more than
    MAX_CV_PAGES pages or MAX_CV_OBJECTS objects, trips one of pypdf's limits or takes longer
    than MAX_CV_CHECK_SECONDS to read; or it carries JavaScript, launch or additional actions,
    attached files or embedded media. The cheap checks come first, so a bomb is refused before
    pypdf sees it.
    """
    name = clean_filename(upload.name or "")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_CV_BYTES:
        raise ValidationError(
            _("The file is larger than 5 MB. Please upload a smaller PDF."), code="size"
        )
    upload.seek(0)
    data = upload.read(MAX_CV_BYTES + 1)
    upload.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("This file is not a PDF. Please save your CV as a PDF and upload it again."),
            code="type",
        )
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(DAMAGED, code="damaged")
    _check_counts(data)
    _read_within_limits(data)
    return name


def _too_many_pages() -> ValidationError:
    return ValidationError(
        _("This PDF has more than %(limit)d pages. Please upload a CV of at most %(limit)d pages.")
        % {"limit": MAX_CV_PAGES},
        code="pages",
    )


def _check_counts(data: bytes) -> None:
    """Refuse, from the raw bytes alone, a file with more pages or objects than a CV has."""
    if len(PAGE_OBJECT.findall(data)) > MAX_CV_PAGES or any(
        kids.count(b"R") > MAX_CV_PAGES for kids in KIDS.findall(data)
    ):
        raise _too_many_pages()
    declared = max((int(size) for size in DECLARED_SIZE.findall(data)), default=0)
    if max(declared, len(OBJECT_HEADER.findall(data))) > MAX_CV_OBJECTS:
        raise ValidationError(TOO_COMPLEX, code="complex")


def _read_within_limits(data: bytes) -> None:
    """Parse the PDF once with pypdf, under its tightened limits and the time budget."""
    deadline = time.monotonic() + MAX_CV_CHECK_SECONDS
    try:
        with apply_configuration(**PYPDF_LIMITS):
            reader = PdfReader(_TimedBuffer(data, deadline))
            if reader.is_encrypted:
                raise ValidationError(
                    _("This PDF is password-protected. Please upload it without a password."),
                    code="encrypted",
                )
            if _object_count(reader) > MAX_CV_OBJECTS:
                raise ValidationError(TOO_COMPLEX, code="complex")
            declared_pages = reader.root_object["/Pages"].get_object().get("/Count", 0)
            if isinstance(declared_pages, int) and declared_pages > MAX_CV_PAGES:
                raise _too_many_pages()
            pages = len(reader.pages)
            if pages > MAX_CV_PAGES:
                raise _too_many_pages()
            if pages < 1:
                raise ValidationError(_("This PDF has no pages."), code="empty")
            kind = _active_content(reader, deadline)
    except ValidationError:
        raise
    except (CheckTimedOut, LimitReachedError, MemoryError) as exc:
        logger.info("CV refused as too complex: %s", type(exc).__name__)
        raise ValidationError(TOO_COMPLEX, code="complex") from exc
    except Exception as exc:
        # pypdf documents that broken files "might cause other Exceptions" beyond its own
        # (AssertionError, IndexError, RecursionError...): every one is a damaged upload.
        logger.info("CV refused as damaged: %s", type(exc).__name__)
        raise ValidationError(DAMAGED, code="damaged") from exc
    if kind:
        raise ValidationError(ACTIVE_CONTENT[kind], code="active_content")


def _object_count(reader: PdfReader) -> int:
    """Objects in the cross-reference table, including those compressed in object streams."""
    return sum(len(table) for table in reader.xref.values()) + len(reader.xref_objStm)


def _object_ids(reader: PdfReader) -> Iterator[IndirectObject]:
    for generation, table in reader.xref.items():
        for number in table:
            yield IndirectObject(number, generation, reader)
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader)


def _active_content(reader: PdfReader, deadline: float) -> str | None:
    """The kind of active content the file holds ("script", "run", "attachment", in that order
    of precedence: a page that runs JavaScript on opening is reported as JavaScript), or None.

    Every object of the file is looked at, not only what the catalogue reaches: a viewer may
    find an action by other paths, and names are compared as pypdf decodes them, so escapes
    such as /J#61vaScript hide nothing.
    """
    found: set[str] = set()
    pending: list[PdfObject] = [reader.trailer]
    for reference in _object_ids(reader):
        if time.monotonic() > deadline:
            raise CheckTimedOut
        pending.append(reference.get_object())
        while pending:
            found |= _kinds_in(pending.pop(), pending)
        if "script" in found:
            break
    return next((kind for kind in ACTIVE_CONTENT if kind in found), None)


def _kinds_in(node: PdfObject | None, pending: list[PdfObject]) -> set[str]:
    """The kinds of active content `node` itself shows; its direct children go to `pending`
    (references are not followed: each indirect object is visited on its own)."""
    if isinstance(node, ArrayObject):
        pending.extend(item for item in node if not isinstance(item, IndirectObject))
        return set()
    if not isinstance(node, DictionaryObject):
        return set()
    pending.extend(value for value in node.values() if not isinstance(value, IndirectObject))
    keys = set(node)
    action = _name(node, "/S")
    types = {_name(node, "/Type"), _name(node, "/Subtype")}
    kinds = set()
    if keys & SCRIPT_KEYS or action in SCRIPT_ACTIONS:
        kinds.add("script")
    if keys & RUN_KEYS or action in RUN_ACTIONS:
        kinds.add("run")
    if keys & ATTACHMENT_KEYS or types & ATTACHMENT_TYPES:
        kinds.add("attachment")
    return kinds


def _name(node: DictionaryObject, key: str) -> str | None:
    """The name stored under `key`, through a reference if need be (a viewer follows it)."""
    value = node.get(key)  # dict.get: the stored value, a reference left as it is
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value if isinstance(value, NameObject) else None
