"""Matrix rows: the account type page (jetcareer.accounts). Anyone logged in sees their own;
nobody can make their account a staff account through it, whatever they post."""

from __future__ import annotations

from tests.permissions.matrix import Row, every

ROWS = [
    Row("accounts:account_type", every(200, anonymous=302)),
    # Refused for every account (a staff type is never chosen here): the page answers with the
    # reason, changing nothing.
    Row(
        "accounts:account_type",
        every(200, anonymous=302),
        method="post",
        data={"account_type": "staff"},
    ),
]
