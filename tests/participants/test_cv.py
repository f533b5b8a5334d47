"""CV checks: refused uploads leave nothing behind; accepted ones are private."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from participants import services
from participants.cv import MAX_CV_BYTES
from participants.models import ParticipantProfile
from tests.participants.factories import ProfileFactory, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "cv"
    return sorted(root.glob("*")) if root.exists() else []


@pytest.fixture(autouse=True)
def private_root(tmp_path: Path, settings) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def profile() -> ParticipantProfile:
    return ProfileFactory()


def padded_pdf(size: int) -> bytes:
    """A valid PDF of exactly `size` bytes, padded with a long metadata value."""
    padding = size - len(pdf_bytes())
    for _ in range(5):  # the trailer's offsets grow by a digit now and then: converge
        content = pdf_bytes(padding=padding)
        if len(content) == size:
            return content
        padding += size - len(content)
    raise AssertionError("could not build a PDF of the requested size")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", PNG, "not a PDF"),
        ("cv.pdf", HTML, "not a PDF"),
        ("cv.pdf", b"", "empty"),
        ("cv.pdf", pdf_bytes()[:-200], "incomplete or damaged"),
        ("cv.pdf", b"%PDF-1.7\n garbage \n%%EOF\n", "incomplete or damaged"),
        ("../../etc/cv.pdf", pdf_bytes(), "path separators"),
        ("folder\\cv.pdf", pdf_bytes(), "path separators"),
    ],
    ids=["png", "html", "empty", "truncated", "not-parseable", "dotdot", "backslash"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    profile: ParticipantProfile, name: str, content: bytes, message: str
) -> None:
    upload = pdf_upload("cv.pdf", content)
    upload._name = name  # UploadedFile.name would strip the path we want to test
    with pytest.raises(services.ProfileError, match=message):
        services.replace_cv(profile=profile, upload=upload)
    profile.refresh_from_db()
    assert not profile.cv
    assert stored_files() == []


def test_five_megabytes_and_one_byte_is_refused(profile: ParticipantProfile) -> None:
    content = padded_pdf(MAX_CV_BYTES + 1)
    with pytest.raises(services.ProfileError, match="larger than 5 MB"):
        services.replace_cv(profile=profile, upload=pdf_upload("big.pdf", content))
    assert stored_files() == []


def test_exactly_five_megabytes_is_accepted(profile: ParticipantProfile) -> None:
    services.replace_cv(profile=profile, upload=pdf_upload("ok.pdf", padded_pdf(MAX_CV_BYTES)))
    assert len(stored_files()) == 1


def test_valid_pdf_is_stored_under_a_random_name_outside_media(
    profile: ParticipantProfile,
) -> None:
    services.replace_cv(profile=profile, upload=pdf_upload("Emily Carter CV.pdf"))
    profile.refresh_from_db()
    [path] = stored_files()
    assert "Emily" not in path.name
    assert path.suffix == ".pdf"
    assert Path(settings.PRIVATE_MEDIA_ROOT) in path.parents
    assert profile.cv_filename == "Emily Carter CV.pdf"


def test_a_pdf_named_otherwise_is_judged_by_content(profile: ParticipantProfile) -> None:
    services.replace_cv(profile=profile, upload=pdf_upload("resume.docx"))
    profile.refresh_from_db()
    assert profile.cv_filename == "resume.docx.pdf"


def test_replacing_a_cv_removes_the_old_file(
    profile: ParticipantProfile, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_cv(profile=profile, upload=pdf_upload("first.pdf"))
    [first] = stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_cv(profile=profile, upload=pdf_upload("second.pdf"))
    [second] = stored_files()
    assert first != second
    assert not first.exists()


def test_owner_downloads_with_safe_headers(client: Client, profile: ParticipantProfile) -> None:
    services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf"))
    client.force_login(profile.user)

    response = client.get(reverse("participants:cv_download", args=[profile.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_participant_gets_404_for_a_cv(client: Client, profile: ParticipantProfile) -> None:
    services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf"))
    client.force_login(ProfileFactory().user)
    assert client.get(reverse("participants:cv_download", args=[profile.pk])).status_code == 404


def test_upload_view_shows_the_message_and_stores_nothing(
    client: Client, profile: ParticipantProfile
) -> None:
    client.force_login(profile.user)
    response = client.post(reverse("participants:cv_upload"), {"cv": pdf_upload("cv.pdf", PNG)})
    assert response.status_code == 400
    assert "This file is not a PDF" in response.content.decode()
    assert stored_files() == []


def test_a_path_in_an_http_upload_never_reaches_the_disk(
    client: Client, profile: ParticipantProfile
) -> None:
    """Django's multipart parser keeps only the last segment of a file name; the file is then
    stored under a random name, so the path has no effect."""
    client.force_login(profile.user)
    client.post(reverse("participants:cv_upload"), {"cv": pdf_upload("../../etc/passwd.pdf")})
    profile.refresh_from_db()
    [path] = stored_files()
    assert profile.cv_filename == "passwd.pdf"
    assert path.parent == Path(settings.PRIVATE_MEDIA_ROOT) / "cv"


def test_upload_view_in_japanese(client: Client, profile: ParticipantProfile) -> None:
    client.force_login(profile.user)
    client.cookies["django_language"] = "ja"
    response = client.post(reverse("participants:cv_upload"), {"cv": pdf_upload("cv.pdf", PNG)})
    assert "PDF" in response.content.decode()
    assert "This file is not a PDF" not in response.content.decode()
