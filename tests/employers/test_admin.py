"""Verifying and rejecting an employer from its own admin page (the buttons of
jetcareer.admin_confirm.ObjectActionsMixin), who may press them, and what staff type there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from post_office.models import Email

from employers.models import Employer
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.conftest import hidden_fields, outbox_for
from tests.employers.factories import EmployerFactory, MembershipFactory, OwnerFactory

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_in(*groups: str) -> Client:
    member = StaffFactory(
        is_superuser=False, groups=[Group.objects.get(name=name) for name in groups]
    )
    return logged_in(member)


def change_url(employer: Employer) -> str:
    return reverse("admin:employers_employer_change", args=[employer.pk])


def act_url(employer: Employer, action: str) -> str:
    return reverse("admin:employers_employer_act", args=[employer.pk, action])


@pytest.fixture
def pending(erika) -> Employer:
    employer = EmployerFactory(pending=True, name_ja="株式会社信州精密", name_en="")
    OwnerFactory(user=erika, employer=employer)
    MembershipFactory(employer=employer)
    return employer


@pytest.fixture
def verifier() -> Client:
    return staff_in(StaffGroup.EMPLOYER_VERIFICATION)


def test_the_employer_page_has_the_verify_and_reject_buttons(verifier, pending) -> None:
    html = verifier.get(change_url(pending)).content.decode()

    assert act_url(pending, "verify_selected") in html
    assert act_url(pending, "reject_selected") in html
    assert "Verify (e-mails the members)" in html
    assert "with the buttons at the top of this page" in html  # the fieldset's description


def test_verify_from_the_page_asks_first_then_verifies_and_mails(verifier, pending, erika) -> None:
    ask = verifier.post(act_url(pending, "verify_selected"))

    page = ask.content.decode()
    assert ask.status_code == 200
    assert "2 members will be told by e-mail" in page
    assert "株式会社信州精密 (Pending verification)" in page  # no " / " for a missing name
    assert f'href="{change_url(pending)}"' in page  # "Cancel" goes back to the employer
    pending.refresh_from_db()
    assert pending.status == Employer.Status.PENDING
    assert Email.objects.count() == 0

    done = verifier.post(act_url(pending, "verify_selected"), hidden_fields(page), follow=True)

    assert done.redirect_chain[-1][0] == change_url(pending)
    assert "1 employer verified" in done.content.decode()
    pending.refresh_from_db()
    assert pending.status == Employer.Status.VERIFIED
    [mail] = outbox_for(erika.email)
    assert "株式会社信州精密" in mail.subject


def test_reject_from_the_page_asks_for_the_reason_and_mails_it(verifier, pending, erika) -> None:
    page = verifier.post(act_url(pending, "reject_selected")).content.decode()
    assert 'name="reason_ja"' in page
    assert 'name="reason_en"' in page

    empty = verifier.post(
        act_url(pending, "reject_selected"),
        {**hidden_fields(page), "reason_ja": "", "reason_en": " "},
    )
    assert empty.status_code == 200
    assert "Please write the reason in Japanese, in English or in both." in empty.content.decode()
    pending.refresh_from_db()
    assert pending.status == Employer.Status.PENDING

    done = verifier.post(
        act_url(pending, "reject_selected"),
        {**hidden_fields(page), "reason_ja": "法人番号を確認できませんでした。", "reason_en": ""},
        follow=True,
    )

    assert done.redirect_chain[-1][0] == change_url(pending)
    pending.refresh_from_db()
    assert (pending.status, pending.status_reason_ja, pending.status_reason_en) == (
        Employer.Status.REJECTED,
        "法人番号を確認できませんでした。",
        "",
    )
    [mail] = outbox_for(erika.email)
    assert "法人番号を確認できませんでした。" in mail.message


def test_verifying_twice_tells_staff_and_sends_nothing_more(verifier, erika) -> None:
    employer = EmployerFactory()  # already verified
    OwnerFactory(user=erika, employer=employer)
    page = verifier.post(act_url(employer, "verify_selected")).content.decode()

    done = verifier.post(act_url(employer, "verify_selected"), hidden_fields(page), follow=True)

    assert "is already verified" in done.content.decode()
    assert Email.objects.count() == 0


def test_staff_without_the_verification_duty_have_no_buttons_and_no_door(pending) -> None:
    # Internship screening may read employers, not decide on them.
    screening = staff_in(StaffGroup.INTERNSHIP_SCREENING)
    html = screening.get(change_url(pending)).content.decode()
    assert act_url(pending, "verify_selected") not in html
    assert act_url(pending, "reject_selected") not in html
    assert screening.post(act_url(pending, "verify_selected"), {"apply": "1"}).status_code == 403
    assert (
        screening.post(act_url(pending, "reject_selected"), {"apply": "1", "reason_en": "x"})
    ).status_code == 403

    # A staff member in no group does not reach the employer at all.
    nobody = staff_in()
    assert nobody.get(change_url(pending)).status_code == 403
    assert nobody.post(act_url(pending, "verify_selected"), {"apply": "1"}).status_code == 403

    pending.refresh_from_db()
    assert pending.status == Employer.Status.PENDING
    assert Email.objects.count() == 0


def test_participants_and_employers_are_sent_to_log_in(alice, erika, pending) -> None:
    for user in (alice, erika):
        response = logged_in(user).post(act_url(pending, "verify_selected"), {"apply": "1"})
        assert response.status_code == 302
        assert "login" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == Employer.Status.PENDING


def test_staff_add_a_japanese_only_employer_typed_as_on_paper(staff) -> None:
    data = {
        "name_ja": "木曽トラベル株式会社",
        "name_en": "",
        "name_kana": "ｷｿﾄﾗﾍﾞﾙ",
        "corporate_number": "７０００-０１２０-５０００２",
        "slug": "",
        "industry": "tourism",
        "prefecture": "20",
        "size": "",
        "website": "",
        "description_ja": "",
        "description_en": "",
        "contact_name": "",
        "contact_phone": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }

    response = logged_in(staff).post(reverse("admin:employers_employer_add"), data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    employer = Employer.objects.get()
    assert (employer.name_kana, employer.corporate_number, employer.slug) == (
        "キソトラベル",
        "7000012050002",
        "employer",
    )


def test_staff_cannot_save_a_wrong_corporate_number(staff) -> None:
    employer = EmployerFactory()
    page = logged_in(staff).get(change_url(employer))
    assert page.status_code == 200
    data = {
        "name_ja": employer.name_ja,
        "name_en": employer.name_en,
        "name_kana": "",
        "corporate_number": "7000012050003",
        "slug": employer.slug,
        "industry": employer.industry,
        "prefecture": employer.prefecture,
        "size": employer.size,
        "website": employer.website,
        "description_ja": "",
        "description_en": "",
        "contact_name": "",
        "contact_phone": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }

    response = logged_in(staff).post(change_url(employer), data)

    assert response.status_code == 200
    assert "its first digit does not match" in response.content.decode()
    employer.refresh_from_db()
    assert employer.corporate_number == ""


def test_the_list_is_newest_first_with_the_name_in_the_readers_language(staff) -> None:
    EmployerFactory(name_en="Older Ltd", name_ja="古い会社")
    EmployerFactory(name_en="Newer Ltd", name_ja="新しい会社")
    url = reverse("admin:employers_employer_changelist")

    english = logged_in(staff).get(url).content.decode()
    japanese = logged_in(staff).get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert english.index("Newer Ltd") < english.index("Older Ltd")
    assert "新しい会社" not in english
    assert japanese.index("新しい会社") < japanese.index("古い会社")
