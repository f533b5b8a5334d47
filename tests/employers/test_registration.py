"""Registering a Japanese organisation: a Japanese-only name, the corporate number (法人番号),
the reading (furigana) and the directory ordered by it; the same rules when details change."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from employers import services
from employers.models import Employer, Membership
from employers.services import EmployerError
from jetcareer.choices import Industry, Prefecture
from tests.accounts.factories import EmployerUserFactory
from tests.employers.factories import EmployerFactory, OwnerFactory

pytestmark = pytest.mark.django_db

CLAIR = "2010005018811"  # valid check digit (tests/employers/test_identity.py)
NTA = "7000012050002"

JAPANESE_ONLY = {
    "name_ja": "株式会社信州精密",
    "name_kana": "しんしゅうせいみつ",
    "corporate_number": "２０１０００５０１８８１１",
    "industry": Industry.MANUFACTURING,
    "prefecture": Prefecture.NAGANO,
}
FORM = {
    **JAPANESE_ONLY,
    "name_en": "",
    "size": Employer.Size.MEDIUM,
    "website": "",
    "description_ja": "精密部品のメーカーです。",
    "description_en": "",
    "contact_name": "田中 健二",
    "contact_phone": "0263-12-3456",
}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the service ----------------------------------------------------------------------------


def test_a_japanese_only_organisation_registers_with_a_slug(erika) -> None:
    employer = services.register_employer(user=erika, **JAPANESE_ONLY)

    assert (employer.name_ja, employer.name_en) == ("株式会社信州精密", "")
    assert employer.slug == "employer"  # no letters to make one from: the fallback
    assert employer.name_kana == "シンシュウセイミツ"  # hiragana stored as katakana
    assert employer.corporate_number == CLAIR  # full-width digits stored as ASCII
    with translation.override("en"):
        assert employer.name == "株式会社信州精密"  # English pages fall back to Japanese
        assert str(employer) == "株式会社信州精密"


def test_two_japanese_only_organisations_get_different_slugs(erika, yuto) -> None:
    first = services.register_employer(user=erika, **JAPANESE_ONLY)
    second = services.register_employer(
        user=yuto, **{**JAPANESE_ONLY, "name_ja": "木曽トラベル", "corporate_number": ""}
    )

    assert (first.slug, second.slug) == ("employer", "employer-2")
    assert Client().get(second.get_absolute_url()).status_code == 404  # pending: not public


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("corporate_number", "3010005018811", "its first digit does not match"),
        ("corporate_number", "201000501881", "13 digits; this one has 12"),
        ("corporate_number", "2010-0050-1881-1X", "digits only"),
        ("name_kana", "Shinshu", "katakana or hiragana"),
        ("name_ja", "  ", "name of the organisation in Japanese"),
    ],
)
def test_register_refuses_bad_identity_and_creates_nothing(erika, field, value, message) -> None:
    with pytest.raises(EmployerError, match=message):
        services.register_employer(user=erika, **{**JAPANESE_ONLY, field: value})

    assert not Employer.objects.exists()
    assert not Membership.objects.exists()
    assert Email.objects.count() == 0


def test_a_corporate_number_belongs_to_one_organisation(erika, yuto) -> None:
    services.register_employer(user=erika, **JAPANESE_ONLY)

    with pytest.raises(EmployerError, match="already registered") as refused:
        services.register_employer(
            user=yuto, **{**JAPANESE_ONLY, "corporate_number": "2-0100-0501-8811"}
        )
    assert "ask its owner to invite you" in refused.value.message
    assert Employer.objects.count() == 1


def test_many_organisations_may_have_no_corporate_number(erika, yuto) -> None:
    services.register_employer(user=erika, **{**JAPANESE_ONLY, "corporate_number": ""})
    services.register_employer(user=yuto, **{**JAPANESE_ONLY, "corporate_number": ""})

    assert Employer.objects.filter(corporate_number="").count() == 2


def test_the_database_refuses_a_second_organisation_with_the_same_number() -> None:
    EmployerFactory(corporate_number=CLAIR)
    EmployerFactory(corporate_number="")
    EmployerFactory(corporate_number="")
    with pytest.raises(IntegrityError), transaction.atomic():
        EmployerFactory(corporate_number=CLAIR)


def test_update_keeps_the_organisations_own_number_and_refuses_anothers(erika) -> None:
    employer = services.register_employer(user=erika, **JAPANESE_ONLY)
    EmployerFactory(corporate_number=NTA)

    services.update_employer(
        employer=employer, by=erika, corporate_number=CLAIR, name_kana="シンシュウ セイミツ"
    )
    employer.refresh_from_db()
    assert (employer.corporate_number, employer.name_kana) == (CLAIR, "シンシュウ セイミツ")

    with pytest.raises(EmployerError, match="already registered"):
        services.update_employer(employer=employer, by=erika, corporate_number=NTA)
    employer.refresh_from_db()
    assert employer.corporate_number == CLAIR


# --- the pages ------------------------------------------------------------------------------


def test_the_form_registers_a_japanese_only_organisation(erika) -> None:
    response = logged_in(erika).post(reverse("employers:register"), FORM)

    assert response.status_code == 302
    employer = Employer.objects.get()
    assert (employer.name_en, employer.name_kana, employer.corporate_number) == (
        "",
        "シンシュウセイミツ",
        CLAIR,
    )
    dashboard = logged_in(erika).get(reverse("employers:dashboard")).content.decode()
    assert "シンシュウセイミツ" in dashboard
    assert CLAIR in dashboard


def test_the_form_explains_a_taken_corporate_number_and_keeps_the_input(erika) -> None:
    EmployerFactory(corporate_number=CLAIR)

    response = logged_in(erika).post(reverse("employers:register"), FORM)

    assert response.status_code == 200
    html = response.content.decode()
    assert "An organisation with the corporate number 2010005018811 is already registered" in html
    assert 'value="株式会社信州精密"' in html
    assert not Membership.objects.exists()


def test_editing_keeps_the_organisations_own_corporate_number(erika) -> None:
    employer = services.register_employer(user=erika, **JAPANESE_ONLY)
    data = {**FORM, "description_ja": "新しい紹介文です。"}

    response = logged_in(erika).post(reverse("employers:edit"), data)

    assert response.status_code == 302
    employer.refresh_from_db()
    assert (employer.description_ja, employer.corporate_number) == ("新しい紹介文です。", CLAIR)


@pytest.fixture
def directory() -> list[Employer]:
    # The kanji of the names sort 佐 < 加 < 朝 by code point; their readings ア < カ < サ.
    return [
        EmployerFactory(name_ja="佐倉銀行", name_kana="サクラギンコウ", name_en="Sakura Bank"),
        EmployerFactory(name_ja="加藤工業", name_kana="カトウコウギョウ", name_en="katoh works"),
        EmployerFactory(name_ja="朝日商事", name_kana="アサヒショウジ", name_en="Asahi Trading"),
        EmployerFactory(name_ja="木曽トラベル", name_kana="キソトラベル", name_en=""),
        EmployerFactory(name_ja="未確認商会", name_kana="アアア", pending=True),
    ]


def test_the_japanese_directory_is_ordered_by_reading(directory) -> None:
    html = Client().get(reverse("employers:list"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    names = ["朝日商事", "加藤工業", "木曽トラベル", "佐倉銀行"]  # ア, カ, キ, サ
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    assert "未確認商会" not in html


def test_the_english_directory_is_ordered_by_english_name_or_the_fallback(directory) -> None:
    html = Client().get(reverse("employers:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # Case aside; the organisation with no English name is listed (and sorted) by its Japanese.
    names = ["Asahi Trading", "katoh works", "Sakura Bank", "木曽トラベル"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)


def test_the_japanese_directory_without_readings_falls_back_to_the_japanese_name() -> None:
    EmployerFactory(name_ja="エンプロイヤーB", name_kana="")
    EmployerFactory(name_ja="エンプロイヤーA", name_kana="")

    with translation.override("ja"):
        assert [e.name_ja for e in Employer.objects.by_name()] == [
            "エンプロイヤーA",
            "エンプロイヤーB",
        ]


def test_an_employer_user_sees_the_new_fields_on_the_form(erika) -> None:
    html = logged_in(erika).get(reverse("employers:register")).content.decode()

    assert 'name="name_kana"' in html
    assert 'name="corporate_number"' in html
    assert 'inputmode="numeric"' in html


def test_a_registered_member_of_another_org_cannot_reuse_the_form() -> None:
    owner = OwnerFactory(user=EmployerUserFactory()).user

    response = logged_in(owner).post(reverse("employers:register"), FORM)

    assert response.status_code == 302
    assert Employer.objects.count() == 1  # the owner's own, nothing new
