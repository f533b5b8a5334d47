"""The contact form: routing to divisions, the two e-mails, bad input, spam traps and the
hourly limit. Nothing refused is stored or sent."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from post_office.models import Email

from jetcareer.accounts.models import User
from portal import services
from portal.forms import TIMESTAMP_SALT, ContactForm
from portal.models import Division, Inquiry, Topic
from portal.services import InquiryRateLimited, PortalError
from tests.conftest import outbox_for
from tests.participants.factories import ProfileFactory
from tests.portal.factories import InquiryFactory

pytestmark = pytest.mark.django_db

URL = "/contact/"
COORDINATION = "gyomu@clair.or.jp"
TRAINING = "kenshu@clair.example"


@pytest.fixture(autouse=True)
def own_cache() -> Iterator[None]:
    """A private in-memory cache: the rate counters of one test never reach another (and the
    shared Redis of the test run is never flushed)."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        cache.clear()
        yield


def rendered(seconds_ago: float = 10) -> str:
    """The signed timestamp the form carries, as if rendered `seconds_ago`."""
    return signing.dumps(time.time() - seconds_ago, salt=TIMESTAMP_SALT)


def post_data(**overrides: str) -> dict[str, str]:
    return {
        "name": "Emily Carter",
        "email": "emily@example.com",
        "topic": Topic.INTERNSHIPS,
        "message": "Can I apply for the internship in my second year?",
        "language": "en",
        "website": "",
        "rendered_at": rendered(),
        **overrides,
    }


def send(client: Client | None = None, ip: str = "203.0.113.7", **overrides: str):
    return (client or Client()).post(URL, post_data(**overrides), REMOTE_ADDR=ip)


def nothing_stored_or_sent() -> bool:
    return not Inquiry.objects.exists() and not Email.objects.exists()


# --- the service ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "division"),
    [
        (Topic.CAREER_SUPPORT, Division.COORDINATION),
        (Topic.FAIRS, Division.COORDINATION),
        (Topic.INTERNSHIPS, Division.COORDINATION),
        (Topic.ALUMNI, Division.COORDINATION),
        (Topic.EMPLOYMENT, Division.TRAINING),
        (Topic.TRAINING, Division.TRAINING),
        (Topic.COUNSELLING, Division.TRAINING),
        (Topic.OTHER, Division.COORDINATION),
    ],
)
def test_each_topic_goes_to_its_division(topic: Topic, division: Division) -> None:
    inquiry = services.submit_inquiry(
        name="Emily", email="emily@example.com", topic=topic, message="Hello", language="en"
    )
    assert inquiry.division == division
    address = COORDINATION if division == Division.COORDINATION else TRAINING
    assert len(outbox_for(address)) == 1


def test_division_mail_is_in_japanese_and_names_the_sender_and_reply_language() -> None:
    inquiry = services.submit_inquiry(
        name="Emily Carter",
        email="emily@example.com",
        topic=Topic.INTERNSHIPS,
        message="Can I apply in my second year?",
        language="en",
    )
    [mail] = outbox_for(COORDINATION)
    assert 'lang="ja"' in mail.html_message
    assert "JETキャリアポータル" in mail.html_message  # the shared footer, in Japanese
    assert inquiry.reference in mail.subject
    for text in (mail.message, mail.html_message):
        assert "Emily Carter" in text
        assert "emily@example.com" in text
        assert "Can I apply in my second year?" in text
        assert f"/admin/portal/inquiry/{inquiry.pk}/change/" in text


def test_division_replies_straight_to_the_sender() -> None:
    services.submit_inquiry(
        name="Emily", email="emily@example.com", topic=Topic.FAIRS, message="Hi", language="en"
    )
    [mail] = outbox_for(COORDINATION)
    assert mail.headers == {"Reply-To": "emily@example.com"}
    [ack] = outbox_for("emily@example.com")
    assert not ack.headers  # the sender replies to the portal's own address


@pytest.mark.parametrize(
    ("language", "marker"), [("en", "Thank you for contacting"), ("ja", "日本時間")]
)
def test_sender_is_acknowledged_in_their_language(language: str, marker: str) -> None:
    inquiry = services.submit_inquiry(
        name="Emily",
        email="emily@example.com",
        topic=Topic.COUNSELLING,
        message="<a href='http://spam.example'>buy</a>",
        language=language,
    )
    [ack] = outbox_for("emily@example.com")
    assert f'lang="{language}"' in ack.html_message
    assert inquiry.reference in ack.subject
    assert marker in ack.message
    # The acknowledgement never repeats what the sender typed: it cannot carry spam.
    assert "spam.example" not in ack.message + ack.html_message


@override_settings(CLAIR_DIVISION_EMAILS={"training": "training@clair.test"})
def test_division_addresses_come_from_settings_over_the_defaults() -> None:
    for topic in (Topic.TRAINING, Topic.FAIRS):
        services.submit_inquiry(
            name="E", email="e@example.com", topic=topic, message="Hi", language="en"
        )
    assert len(outbox_for("training@clair.test")) == 1
    assert len(outbox_for(COORDINATION)) == 1


def test_inquiry_and_mails_are_one_transaction(monkeypatch) -> None:
    real = services.queue_mail
    calls = []

    def second_fails(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("template broken")
        real(**kwargs)

    monkeypatch.setattr(services, "queue_mail", second_fails)
    with pytest.raises(RuntimeError):
        services.submit_inquiry(
            name="E", email="e@example.com", topic=Topic.FAIRS, message="Hi", language="en"
        )
    assert nothing_stored_or_sent()


def test_unknown_topic_is_refused() -> None:
    with pytest.raises(PortalError):
        services.submit_inquiry(
            name="E", email="e@example.com", topic="weather", message="Hi", language="en"
        )
    assert nothing_stored_or_sent()


def test_mark_answered_records_who_and_when_once(staff: User) -> None:
    inquiry = InquiryFactory()
    assert services.mark_inquiries_answered(inquiries=[inquiry], by=staff) == 1
    first = Inquiry.objects.get().answered_at
    assert services.mark_inquiries_answered(inquiries=Inquiry.objects.all(), by=staff) == 0
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    assert inquiry.answered_by == staff
    assert inquiry.answered_at == first


# --- the page -------------------------------------------------------------------------------


def test_contact_page_stores_the_inquiry_and_shows_the_confirmation() -> None:
    response = send()
    assert response.status_code == 302
    assert response.url == reverse("portal:contact_sent")
    inquiry = Inquiry.objects.get()
    assert (inquiry.email, inquiry.division, inquiry.language) == (
        "emily@example.com",
        Division.COORDINATION,
        "en",
    )
    [division_mail] = outbox_for(COORDINATION)
    assert division_mail.headers["Reply-To"] == "emily@example.com"
    assert len(outbox_for("emily@example.com")) == 1
    html = Client().get(response.url).content.decode()
    assert "Thank you for your message" in html


def test_a_japanese_sender_is_answered_in_japanese() -> None:
    send(language="ja")
    [ack] = outbox_for("emily@example.com")
    assert 'lang="ja"' in ack.html_message


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
        ({"message": ""}, "message", "This field is required."),
        ({"message": "x" * 5001}, "message", "at most 5000 characters"),
        ({"topic": "weather"}, "topic", "Select a valid choice."),
        ({"language": "fr"}, "language", "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    overrides: dict[str, str], field: str, message: str
) -> None:
    response = send(**overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert nothing_stored_or_sent()


def test_bad_input_message_in_japanese() -> None:
    response = Client().post(
        URL, post_data(email="not-an-address"), HTTP_ACCEPT_LANGUAGE="ja", REMOTE_ADDR="1.2.3.4"
    )
    assert "有効なメールアドレスを入力してください。" in response.content.decode()


def test_form_keeps_what_was_typed_after_an_error() -> None:
    html = send(email="nope", message="My long question").content.decode()
    assert "My long question" in html


# --- spam traps -----------------------------------------------------------------------------


def test_honeypot_filled_is_accepted_silently_and_discarded() -> None:
    response = send(website="http://spam.example")
    assert response.status_code == 302
    assert response.url == reverse("portal:contact_sent")
    assert nothing_stored_or_sent()


def test_honeypot_is_hidden_by_a_class_and_out_of_the_tab_order() -> None:
    html = Client().get(URL).content.decode()
    trap = html.split('<div class="d-none" aria-hidden="true">')[1].split("</div>")[0]
    assert 'name="website"' in trap
    assert 'autocomplete="off"' in trap
    assert 'tabindex="-1"' in trap
    assert "style=" not in html.split('id="contact-form"')[1].split("</form>")[0]


def test_too_fast_is_refused_with_a_message(settings) -> None:
    settings.CONTACT_FORM_MIN_SECONDS = 3
    response = send(rendered_at=rendered(seconds_ago=0.5))
    assert response.status_code == 200
    assert "quicker than we expected" in response.content.decode()
    assert nothing_stored_or_sent()
    # Shown again with a new time: waiting and sending again works.
    assert send(rendered_at=rendered(seconds_ago=3.5)).status_code == 302


@pytest.mark.parametrize(
    "token",
    ["", "garbage", signing.dumps(time.time() - 60, salt="another.salt")],
    ids=["missing", "garbage", "wrong-salt"],
)
def test_forged_or_missing_timestamp_is_refused(token: str) -> None:
    response = send(rendered_at=token)
    assert response.status_code == 200
    assert "Something went wrong with the form" in response.content.decode()
    assert nothing_stored_or_sent()


def test_timestamp_older_than_a_day_is_refused(monkeypatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: 1_000_000_000.0)
        old = signing.dumps(time.time(), salt=TIMESTAMP_SALT)
    response = send(rendered_at=old)
    assert "open for a long time" in response.content.decode()
    assert nothing_stored_or_sent()


def test_each_rendering_carries_a_fresh_signed_time() -> None:
    form = ContactForm(post_data(rendered_at=rendered(seconds_ago=5000)))
    value = str(form["rendered_at"]).split('value="')[1].split('"')[0]
    assert time.time() - signing.loads(value, salt=TIMESTAMP_SALT) < 5


# --- the hourly limit -----------------------------------------------------------------------


def test_sixth_inquiry_within_the_hour_from_one_ip_is_refused_with_429() -> None:
    for n in range(5):
        assert send(email=f"p{n}@example.com").status_code == 302
    response = send(email="p5@example.com")
    assert response.status_code == 429
    assert "several messages in the last hour" in response.content.decode()
    assert Inquiry.objects.count() == 5
    assert not outbox_for("p5@example.com")
    # Another address is not affected.
    assert send(ip="198.51.100.1", email="q@example.com").status_code == 302


def test_one_email_address_is_limited_across_ips() -> None:
    for n in range(5):
        assert send(ip=f"198.51.100.{n}", email="Same@Example.com").status_code == 302
    assert send(ip="198.51.100.99", email="same@example.com").status_code == 429
    assert Inquiry.objects.count() == 5


@override_settings(CONTACT_INQUIRIES_PER_HOUR=1)
def test_limit_comes_from_settings_and_answers_in_japanese() -> None:
    assert send().status_code == 302
    response = Client().post(URL, post_data(), REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 429
    assert 'lang="ja"' in response.content.decode()


def test_limit_counts_by_hashed_keys_with_an_hour_to_live() -> None:
    services.consume_inquiry_allowance(ip="203.0.113.7", email="emily@example.com")
    keys = list(cache._cache)  # the locmem store of this test
    assert keys
    assert not any("emily" in key or "203.0.113.7" in key for key in keys)
    for _ in range(4):
        services.consume_inquiry_allowance(ip="203.0.113.7", email="emily@example.com")
    with pytest.raises(InquiryRateLimited):
        services.consume_inquiry_allowance(ip="203.0.113.7", email="emily@example.com")


def test_invalid_submissions_do_not_use_the_allowance() -> None:
    for _ in range(6):
        assert send(email="broken").status_code == 200
    assert send().status_code == 302


# --- prefilled for people we know -----------------------------------------------------------


def test_logged_in_participant_gets_name_email_and_language_prefilled(alice: User) -> None:
    alice.preferred_language = "ja"
    alice.save()
    ProfileFactory(user=alice, full_name="Alice Walker")
    client = Client()
    client.force_login(alice)
    form = client.get(URL).context["form"]
    assert form["name"].value() == "Alice Walker"
    assert form["email"].value() == "alice@example.com"
    assert form["language"].value() == "ja"


def test_employer_gets_the_email_prefilled(erika: User) -> None:
    client = Client()
    client.force_login(erika)
    form = client.get(URL).context["form"]
    assert form["email"].value() == "erika@employer-x.example"
    assert not form["name"].value()


def test_anonymous_visitor_reply_language_follows_the_page() -> None:
    form = Client().get(URL, HTTP_ACCEPT_LANGUAGE="ja").context["form"]
    assert form["language"].value() == "ja"
