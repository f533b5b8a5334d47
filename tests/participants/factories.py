"""Factories for participant profiles and test PDFs."""

from __future__ import annotations

import io
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

from participants.models import ParticipantProfile
from tests.accounts.factories import UserFactory


def pdf_bytes(pages: int = 1, padding: int = 0) -> bytes:
    """A valid PDF of blank A4 pages; `padding` bytes of stream data make it bigger, as the
    images of a real CV would (a stream is read in one go, not byte by byte like a string)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    filler = StreamObject()
    filler.set_data(b"x" * padding)
    writer.root_object[NameObject("/Padding")] = writer._add_object(filler)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written byte by byte: object n is `objects[n - 1]`, object 1 is the catalogue.

    For files no PDF library would write (hostile page trees, escaped names); the cross-reference
    table is correct, so only what the objects say is wrong.
    """
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref_at = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """A page bomb: `pages` empty 3-point pages, about 75 bytes each (60,000 fit in 5 MB)."""
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(pages))
    tree = b"<</Type/Pages/Count %d/MediaBox[0 0 3 3]/Kids[%s]>>" % (pages, kids)
    page = b"<</Type/Page/Parent 2 0 R>>"
    return raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", tree, *[page] * pages])


def deep_page_tree_pdf(depth: int) -> bytes:
    """One page under `depth` nested page-tree nodes: a few kilobytes that make pypdf raise
    LimitReachedError (its page-tree depth limit is 100) rather than a read error."""
    nodes = [b"<</Type/Pages/Count 1/Kids[%d 0 R]>>" % (n + 3) for n in range(depth)]
    page = b"<</Type/Page/MediaBox[0 0 595 842]>>"
    return raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", *nodes, page])


def pdf_upload(name: str = "my cv.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    country = "GB"
    status = ParticipantProfile.Status.CURRENT
    position = "ALT"
    prefecture = "20"
    contracting_organization = "Nagano Prefectural Board of Education"
    jet_start_date = date(2023, 8, 1)
    term_end_date = date(2027, 7, 31)
    jlpt_level = 4
    industry_1 = "education"
    job_types = factory.LazyFunction(lambda: ["teaching"])
