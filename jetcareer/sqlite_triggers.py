"""Migrations that add or change a column keep the portal's triggers on SQLite (`make run`).

SQLite rebuilds a whole table to add a column that is not nullable or to change a constraint:
the triggers on that table go with the old one, and the rename at the end fails while a trigger
of another table reads it (`events_registration_is_jet` reads the participant profile). The
triggers come from events migrations 0002, 0003, 0006 and 0009; migrations 0008 and 0011 of
events name theirs one by one. `around` does the same for any table without naming them: it
sets every trigger aside before a migration's operations and puts each back after, as it was.
PostgreSQL alters tables in place and needs nothing.

Only for operations that leave the columns the triggers read as they are (a trigger is put
back with the text it had).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The triggers set aside, by database alias, until they are put back: both halves run in the
# same `migrate` process, one migration after the other.
_set_aside: dict[str, list[tuple[str, str]]] = {}


def set_aside(apps: Any, schema_editor: Any) -> None:
    """Drop every trigger of the SQLite database, remembering its text."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # In the order they were created: SQLite fires the newest trigger first, and putting
        # them back in another order changed which ran first (see events 0006 `_sqlite_move`).
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid")
        triggers = cursor.fetchall()
    _set_aside.setdefault(connection.alias, []).extend(triggers)
    for name, _sql in triggers:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def put_back(apps: Any, schema_editor: Any) -> None:
    """Create again each trigger `set_aside` dropped, from its own text."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    for name, sql in _set_aside.pop(connection.alias, []):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        schema_editor.execute(sql)


def around(*operations: migrations.operations.base.Operation) -> list[Any]:
    """`operations` between setting the triggers aside and putting them back, both ways."""
    return [
        migrations.RunPython(set_aside, put_back),
        *operations,
        migrations.RunPython(put_back, set_aside),
    ]
