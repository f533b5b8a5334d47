"""Factories for participant profiles and test PDFs."""

from __future__ import annotations

import io
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from participants.models import ParticipantProfile
from tests.accounts.factories import UserFactory


def pdf_bytes(pages: int = 1, padding: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Padding": "x" * padding})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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
