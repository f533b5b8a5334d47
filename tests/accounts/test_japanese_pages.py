"""allauth's pages read in Japanese as the portal writes it (jetcareer/web/allauth_messages.py):
no space either side of a link inside a Japanese sentence, full-width 「？」 and brackets, and
「新規登録」 as the navigation bar says."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from jetcareer.web.dates import close_up_japanese

pytestmark = pytest.mark.django_db


def _japanese(client: Client, name: str) -> str:
    page = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="ja")
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        (
            "account_login",
            'アカウントをお持ちでない方は、<a href="/accounts/signup/">新規登録</a>してください。',
        ),
        (
            "account_signup",
            'すでにアカウントをお持ちの方は、<a href="/accounts/login/">ログイン</a>してください。',
        ),
    ],
)
def test_the_link_to_the_other_page_sits_inside_the_sentence(
    client: Client, name: str, sentence: str
) -> None:
    assert sentence in _japanese(client, name)


def test_the_sign_in_page_asks_with_a_full_width_question_mark(client: Client) -> None:
    html = _japanese(client, "account_login")
    assert "パスワードをお忘れですか？" in html
    assert "お忘れですか?" not in html


def test_the_sign_up_page_says_shinki_toroku_as_the_navigation_bar(client: Client) -> None:
    html = _japanese(client, "account_signup")
    assert re.search(r"<h1[^>]*>\s*新規登録\s*</h1>", html)
    assert "ユーザー登録" not in html
    assert "パスワード（確認用）" in html


def test_the_password_reset_page_asks_with_a_full_width_question_mark(client: Client) -> None:
    html = _japanese(client, "account_reset_password")
    assert "パスワードをお忘れですか？\u3000下記にメールアドレスを入力してください。" in html


@pytest.mark.parametrize(
    ("html", "closed"),
    [
        (
            "方は、\n   <a href='/x'>新規登録</a>\n  してください。",
            "方は、<a href='/x'>新規登録</a>してください。",
        ),
        ("please\n <a href='/x'>sign up</a> first.", "please\n <a href='/x'>sign up</a> first."),
        ("（確認用） <b>x</b>", "（確認用）<b>x</b>"),
        ("Sign in <a>ログイン</a> now", "Sign in <a>ログイン</a> now"),
    ],
)
def test_only_space_beside_japanese_text_is_taken_out(html: str, closed: str) -> None:
    assert close_up_japanese(html) == closed
