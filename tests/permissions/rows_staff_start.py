"""Matrix rows: the staff start page (issue #15), for every staff member whatever the duties
(each sees the queues its permissions open)."""

from __future__ import annotations

from tests.permissions.matrix import Row, every

ROWS = [
    Row("portal:staff_start", every(403, anonymous=302, any_staff=200)),
]
