"""Admin reads Japanese for a Japanese reader (issue #15): the site's name, every app and model
on the index (ours, the outbox's and the third-party apps'), and no heading twice."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jetcareer.accounts.models import User

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Apps of other packages that admin shows, and the portal's own that shared a name with one.
THIRD_PARTY = {"auth", "account", "mfa", "post_office", "outbox", "accounts"}


def admin_index(user: User, language: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def apps_on_index(html: str) -> dict[str, tuple[str, list[str]]]:
    """{app label: (heading, [model names])}, as the index shows them."""
    shown = {}
    for label, block in re.findall(
        r'<div class="app-([\w-]+) module[^"]*">(.*?)</table>', html, re.S
    ):
        heading = re.search(r"<caption>\s*<a [^>]*>([^<]+)</a>", block)[1]
        models = re.findall(r'<th scope="row" id="[^"]+">\s*<a [^>]*>([^<]+)</a>', block)
        shown[label] = (heading.strip(), [name.strip() for name in models])
    return shown


def test_every_app_and_model_on_the_index_reads_japanese(staff: User) -> None:
    html = admin_index(staff, "ja")
    shown = apps_on_index(html)

    assert set(shown) >= THIRD_PARTY
    english = [
        name
        for heading, models in shown.values()
        for name in [heading, *models]
        if not JAPANESE.search(name)
    ]
    assert english == []
    heading, models = shown["post_office"]
    assert heading == "メール配信"
    assert sorted(models) == sorted(["メール", "メールテンプレート", "配信ログ", "添付ファイル"])
    assert shown["mfa"][1] == ["多要素認証の認証手段"]
    assert "JETキャリアポータル管理画面" in html
    assert "<title>サイト管理 | JETキャリアポータル</title>" in html


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_heading_appears_twice(staff: User, language: str) -> None:
    shown = apps_on_index(admin_index(staff, language))
    headings = [heading for heading, _models in shown.values()]

    assert len(headings) == len(set(headings)), headings


def test_our_users_and_allauths_addresses_have_their_own_headings(staff: User) -> None:
    shown = apps_on_index(admin_index(staff, "ja"))

    assert shown["accounts"][0] == "ユーザーと権限"
    assert shown["account"][0] == "アカウント"
    assert apps_on_index(admin_index(staff, "en"))["accounts"][0] == "Users and permissions"


def test_renaming_third_party_models_changes_no_migration() -> None:
    """The names are set on `_meta` at start-up (jetcareer/web/apps.py); migrations read the
    models' declared Meta, so none of the renamed apps has a change."""
    out = io.StringIO()
    call_command(
        "makemigrations", "post_office", "mfa", "accounts", "--check", "--dry-run", stdout=out
    )
    assert "No changes detected" in out.getvalue()


def test_a_failed_emails_page_reads_japanese(staff: User) -> None:
    """post_office's page of an e-mail, where staff look at mail that failed, in our words."""
    from post_office.models import STATUS, Email, Log

    email = Email.objects.create(
        from_email="portal@example.com", to=["a@example.com"], subject="Hello",
        message="Body", status=STATUS.failed,
    )  # fmt: skip
    Log.objects.create(email=email, status=STATUS.failed, exception_type="SMTPRecipientsRefused",
                       message="550 no such user")  # fmt: skip
    client = Client()
    client.force_login(staff)
    client.cookies["django_language"] = "ja"

    page = client.get(reverse("admin:post_office_email_change", args=[email.pk]))
    html = page.content.decode()
    attempts = client.get(reverse("admin:post_office_log_changelist")).content.decode()

    ours = ("差出人", "優先度", "送信失敗", "テキスト版", "本文", "再送信する", "エラーの内容")
    for words in ours:
        assert words in html, words
    # post_office's own words, and ours for other pages ("Message" is an inquiry's).
    for words in ("Email From", "Resend", "Mail Body", "Text Email", "お問い合わせ内容", "区分"):
        assert words not in html, words
    assert "550 no such user" in attempts
    # The e-mail column is the message (post_office labels it "Email address").
    assert 'class="field-mail"' in attempts
    assert 'class="field-email"' not in attempts


def test_an_objects_history_reads_japanese(staff: User) -> None:
    """django-simple-history ships no Japanese: its words are in our catalogue
    (jetcareer/web/history_messages.py)."""
    from tests.events.factories import EventFactory

    event = EventFactory(title_en="Osaka Fair", title_ja="大阪フェア")
    client = Client()
    client.force_login(staff)
    client.cookies["django_language"] = "ja"

    html = client.get(reverse("admin:events_event_history", args=[event.pk])).content.decode()

    for words in ("以前の版に戻すには", "対象", "変更者", "変更理由", "作成", "1 件"):
        assert words in html, words
    for words in ("Choose a date", "Changed by", "Created", "entry"):
        assert words not in html, words


def test_admin_page_titles_read_as_japanese_not_word_by_word(client) -> None:
    """Tester (#15): 「変更する 企業・団体 を選択」 and 「企業・団体 を変更」 read as machine
    translation (jetcareer/web/admin_messages.py)."""
    from tests.accounts.factories import StaffFactory
    from tests.employers.factories import EmployerFactory

    employer = EmployerFactory()
    client.force_login(StaffFactory())
    client.cookies["django_language"] = "ja"
    listing = client.get("/admin/employers/employer/").content.decode()
    assert "<title>企業・団体一覧" in listing
    assert "変更する 企業・団体 を選択" not in listing
    change = client.get(f"/admin/employers/employer/{employer.pk}/change/").content.decode()
    assert "企業・団体の編集" in change


def test_a_list_s_filters_count_and_buttons_read_as_japanese(client) -> None:
    """Tester (#14 walk): 「状態 で絞り込む」, 「結果 3」 and 「イベント を追加」 read word by
    word; the list's table keeps 「キャンセル待ち」 whole (css/admin_lists.css)."""
    from tests.accounts.factories import StaffFactory
    from tests.events.factories import EventFactory

    for _ in range(3):
        EventFactory()
    client.force_login(StaffFactory())
    client.cookies["django_language"] = "ja"
    listing = client.get("/admin/events/event/?q=e").content.decode()
    assert "種別で絞り込む" in listing
    assert " で絞り込む" not in listing
    assert re.search(r"\d+件（<a href", listing)  # searched: the count and its link
    assert "結果 " not in listing
    whole = client.get("/admin/events/event/").content.decode()
    assert "全件表示" not in whole.split('id="changelist-search"')[1].split("</form>")[0]
    assert "イベントを追加" in listing
    assert "css/admin_lists" in listing
    assert re.search(r"イベント\d+件", listing)  # the count under the list, not 「3 イベント」


def test_a_registration_s_page_reads_japanese_and_offers_no_save_that_saves_nothing(
    client,
) -> None:
    """A fresh tester: every field of a registration's page is read-only, yet it showed
    「保存」 buttons; its title had half-width brackets; the export action read
    「選択した 申込み をエクスポート」; a past event's list row said 開催予定."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.accounts.factories import StaffFactory
    from tests.events.factories import EventFactory, RegistrationFactory

    registration = RegistrationFactory()
    EventFactory(
        title_en="Old Fair",
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=400) + timedelta(hours=4),
    )
    client.force_login(StaffFactory())
    client.cookies["django_language"] = "ja"
    page = client.get(f"/admin/events/registration/{registration.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert 'name="_continue"' not in page
    assert "（申込確定）" in page
    listing = client.get("/admin/events/registration/").content.decode()
    assert "選択した申込みをエクスポート" in listing
    events = client.get("/admin/events/event/?q=Old").content.decode()
    assert re.search(r'<td class="field-state">開催終了</td>', events)
