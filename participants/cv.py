"""CV checks: a real PDF of at most 5 MB, judged by its content, never by its name or type."""

from __future__ import annotations

import io
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_CV_BYTES = 5 * 1024 * 1024
# What a person sees as the download name; anything else is replaced.
SAFE_NAME = re.compile(r"[^\w.\- ()]+", re.UNICODE)


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
    """Check an uploaded CV; return its safe display name or raise ValidationError."""
    name = clean_filename(upload.name or "")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_CV_BYTES:
        raise ValidationError(
            _("The file is larger than 5 MB. Please upload a smaller PDF."), code="size"
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("This file is not a PDF. Please save your CV as a PDF and upload it again."),
            code="type",
        )
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("This PDF is incomplete or damaged. Please save it again and upload it."),
            code="damaged",
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is password-protected. Please upload it without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(
            _("This PDF is incomplete or damaged. Please save it again and upload it."),
            code="damaged",
        ) from exc
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="empty")
    return name
