"""Matrix rows: home, language switch, health, our account pages, and the allauth and admin
entry points."""

from __future__ import annotations

from tests.permissions.matrix import Row, every

ROWS = [
    Row("portal:home", every(200)),
    Row("health", every(200)),
    Row("health_live", every(200)),
    Row("set_language", every(405)),
    Row("set_language", every(302), method="post", data={"language": "ja", "next": "/"}),
    Row("account_signup", every(200, alice=302, bob=302, erika=302, yuto=302, any_staff=302)),
    Row("accounts:email_language", every(200, anonymous=302)),
    Row("accounts:email_language", every(302), method="post", data={"preferred_language": "en"}),
    Row("account_login", every(200, alice=302, bob=302, erika=302, yuto=302, any_staff=302)),
    Row("admin:index", every(302, any_staff=200)),
]
