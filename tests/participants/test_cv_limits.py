"""CV uploads within limits: page bombs, pypdf's limit errors, active content and the hourly
allowance are refused with a message, through the view as well as the service, and store
nothing. (How fast they are refused is shown by bench/pdf_upload.py, not asserted here.)"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from participants import services
from participants.cv import MAX_CV_OBJECTS, MAX_CV_PAGES
from participants.models import ParticipantProfile
from tests.participants.factories import (
    ProfileFactory,
    deep_page_tree_pdf,
    many_pages_pdf,
    pdf_bytes,
    pdf_upload,
    raw_pdf,
)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("participants:cv_upload")
SCRIPTS = "contains JavaScript"
ACTIONS = "actions that run"
ATTACHMENTS = "attached files"


@pytest.fixture(autouse=True)
def private_root(tmp_path: Path, settings) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def own_cache() -> Iterator[None]:
    """A private in-memory cache: one test's upload counts never reach another."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def profile() -> ParticipantProfile:
    return ProfileFactory()


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "cv"
    return sorted(root.glob("*")) if root.exists() else []


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def cv_writer(pages: int = 2) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def with_document_javascript() -> bytes:
    writer = cv_writer()
    writer.add_open_action(JavaScript("app.alert('hello');"))  # the /Names /JavaScript tree
    return written(writer)


def with_open_action_javascript() -> bytes:
    writer = cv_writer()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return written(writer)


def with_page_javascript() -> bytes:
    writer = cv_writer()
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert('hello');"))
    return written(writer)


def with_launch_action() -> bytes:
    writer = cv_writer()
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("C:\\Windows\\System32\\cmd.exe"),
        }
    )
    return written(writer)


def with_additional_actions() -> bytes:
    writer = cv_writer()
    # A go-to action is harmless in itself; /AA means "run when the document closes".
    goto = DictionaryObject({NameObject("/S"): NameObject("/GoTo")})
    writer.root_object[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): goto})
    return written(writer)


def with_attachment() -> bytes:
    writer = cv_writer()
    writer.add_attachment("payload.exe", b"MZ\x90\x00 not really a program")
    return written(writer)


def with_rich_media() -> bytes:
    writer = cv_writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/RichMedia"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return written(writer)


def with_escaped_javascript_name() -> bytes:
    """`/J#61vaScript` is `/JavaScript` written with an escape: a byte search misses it."""
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
            b"<</Type/Pages/Count 1/Kids[3 0 R]>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
            b"<</S/J#61vaScript/J#53(app.alert(1))>>",
        ]
    )


def upload(client: Client, content: bytes, name: str = "cv.pdf"):
    return client.post(UPLOAD, {"cv": pdf_upload(name, content)})


# --- page bombs and pypdf's own limits --------------------------------------------------------


def test_a_page_bomb_is_refused_with_the_page_limit(
    client: Client, profile: ParticipantProfile
) -> None:
    client.force_login(profile.user)
    response = upload(client, many_pages_pdf(5_000))
    assert response.status_code == 400
    assert f"more than {MAX_CV_PAGES} pages" in response.content.decode()
    profile.refresh_from_db()
    assert not profile.cv
    assert stored_files() == []


def test_a_page_bomb_is_refused_by_the_service_too(profile: ParticipantProfile) -> None:
    with pytest.raises(services.ProfileError, match=f"more than {MAX_CV_PAGES} pages"):
        services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf", many_pages_pdf(5_000)))
    assert stored_files() == []


def test_one_page_more_than_the_limit_is_refused_and_the_limit_itself_accepted(
    profile: ParticipantProfile,
) -> None:
    with pytest.raises(services.ProfileError, match="pages"):
        services.replace_cv(
            profile=profile, upload=pdf_upload("cv.pdf", pdf_bytes(pages=MAX_CV_PAGES + 1))
        )
    services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf", pdf_bytes(pages=MAX_CV_PAGES)))
    assert len(stored_files()) == 1


def test_one_page_listed_thousands_of_times_is_refused_with_the_page_limit(
    profile: ParticipantProfile,
) -> None:
    kids = b" ".join([b"3 0 R"] * 20_000)
    content = raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Count 1/Kids[%s]>>" % kids,  # the count lies
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>",
        ]
    )
    with pytest.raises(services.ProfileError, match=f"more than {MAX_CV_PAGES} pages"):
        services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf", content))


def test_more_objects_than_a_cv_has_is_refused(profile: ParticipantProfile) -> None:
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
    filler = [b"<</Type/Annot/Subtype/Square/Rect[0 0 1 1]>>"] * MAX_CV_OBJECTS
    content = raw_pdf(
        [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Count 1/Kids[3 0 R]>>", page, *filler]
    )
    with pytest.raises(services.ProfileError, match="too complex for us to check"):
        services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf", content))
    assert stored_files() == []


def test_a_file_that_takes_longer_than_the_budget_is_refused(
    profile: ParticipantProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from participants import cv

    monkeypatch.setattr(cv, "MAX_CV_CHECK_SECONDS", -1.0)  # every read is already too late
    with pytest.raises(services.ProfileError, match="too complex for us to check"):
        services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf", pdf_bytes(pages=2)))
    assert stored_files() == []


def test_pdf_that_makes_pypdf_hit_its_limit_is_refused_not_a_500(
    client: Client, profile: ParticipantProfile
) -> None:
    content = deep_page_tree_pdf(120)
    with pytest.raises(LimitReachedError):  # what the old check let through as a 500
        len(PdfReader(io.BytesIO(content)).pages)
    client.force_login(profile.user)

    response = upload(client, content)

    assert response.status_code == 400
    assert "too complex for us to check" in response.content.decode()
    assert stored_files() == []


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type/Pages/Kids[2 0 R]/Count 1>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n",
        raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Count 1/Kids 7>>"]),
        raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"[" * 5_000]),
    ],
    ids=["self-parent", "kids-not-an-array", "nested-arrays"],
)
def test_malformed_pdfs_get_a_message_not_a_500(
    client: Client, profile: ParticipantProfile, content: bytes
) -> None:
    client.force_login(profile.user)
    response = upload(client, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "damaged" in page or "too complex" in page
    assert stored_files() == []


# --- scripts, actions and attachments ---------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (with_document_javascript, SCRIPTS),
        (with_open_action_javascript, SCRIPTS),
        (with_page_javascript, SCRIPTS),
        (with_escaped_javascript_name, SCRIPTS),
        (with_launch_action, ACTIONS),
        (with_additional_actions, ACTIONS),
        (with_attachment, ATTACHMENTS),
        (with_rich_media, ATTACHMENTS),
    ],
    ids=[
        "names-javascript",
        "open-action-javascript",
        "page-open-javascript",
        "escaped-name",
        "launch",
        "additional-actions",
        "embedded-file",
        "rich-media",
    ],
)
def test_active_content_is_refused_through_the_view(
    client: Client, profile: ParticipantProfile, build, message: str
) -> None:
    client.force_login(profile.user)
    response = upload(client, build())
    assert response.status_code == 400
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert not profile.cv
    assert stored_files() == []


def test_an_ordinary_two_page_cv_with_a_link_and_an_open_page_is_accepted(
    client: Client, profile: ParticipantProfile
) -> None:
    writer = cv_writer(pages=2)
    writer.open_destination = writer.pages[0]  # /OpenAction as a destination, as LaTeX writes
    writer.add_uri(0, "https://www.linkedin.com/in/example", [50, 50, 200, 70])
    writer.add_metadata({"/Title": "Curriculum Vitae", "/Author": "Emily Carter"})
    client.force_login(profile.user)

    response = upload(client, written(writer), name="Emily Carter CV.pdf")

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.cv_filename == "Emily Carter CV.pdf"
    assert len(stored_files()) == 1


def test_the_pdf_is_parsed_once_per_upload(
    client: Client, profile: ParticipantProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from participants import cv

    readers: list[object] = []
    real = cv.PdfReader

    def counting(*args, **kwargs):
        readers.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(cv, "PdfReader", counting)
    client.force_login(profile.user)
    assert upload(client, pdf_bytes(pages=2)).status_code == 302
    assert len(readers) == 1


# --- the hourly allowance ---------------------------------------------------------------------


@override_settings(CV_UPLOADS_PER_HOUR=3)
def test_the_upload_after_the_hourly_allowance_is_refused_and_changes_nothing(
    client: Client, profile: ParticipantProfile
) -> None:
    client.force_login(profile.user)
    assert upload(client, pdf_bytes(), name="first.pdf").status_code == 302
    assert upload(client, b"not a pdf", name="second.pdf").status_code == 400  # counts too
    assert upload(client, pdf_bytes(), name="third.pdf").status_code == 302
    profile.refresh_from_db()
    kept, files = profile.cv.name, stored_files()

    response = upload(client, pdf_bytes(), name="fourth.pdf")

    assert response.status_code == 429
    assert "tried to upload a CV 3 times in the last hour" in response.content.decode()
    profile.refresh_from_db()
    assert (profile.cv.name, profile.cv_filename) == (kept, "third.pdf")
    assert stored_files() == files


@override_settings(CV_UPLOADS_PER_HOUR=1)
def test_the_allowance_is_per_person(client: Client, profile: ParticipantProfile) -> None:
    client.force_login(profile.user)
    assert upload(client, pdf_bytes()).status_code == 302
    assert upload(client, pdf_bytes()).status_code == 429
    other = ProfileFactory()
    client.force_login(other.user)
    assert upload(client, pdf_bytes()).status_code == 302
