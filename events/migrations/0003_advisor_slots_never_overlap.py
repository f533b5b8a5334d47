"""Two consultation slots of one advisor never overlap in time (14:00 for 60 minutes and 14:30).

PostgreSQL: an exclusion constraint built with Django's ExclusionConstraint (same advisor AND
overlapping [starts_at, ends_at) ranges are excluded; a slot ending at 15:00 and one starting at
15:00 are fine). It needs the btree_gist extension (created here) for the equality on advisor_id. SQLite (local
development): two triggers that abort the same inserts and updates. The constraint is kept out
of the model state on purpose (see ConsultationSlot.Meta): a later migration that makes Django
rebuild the SQLite table drops the triggers, so recreate them there.

Existing overlaps stop the migration with their ids: staff decide which slot goes, not the
migration.
"""

from django.db import migrations

NAME = "advisor_slots_never_overlap"
TABLE = "events_consultationslot"

# Rows that collide with an earlier row of the same advisor (both vendors understand this).
OVERLAPS = f"""
SELECT a.id, b.id FROM {TABLE} a JOIN {TABLE} b
  ON a.advisor_id = b.advisor_id AND a.id < b.id
 AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
ORDER BY a.id, b.id
"""

_SQLITE_CLASH = (
    f"EXISTS (SELECT 1 FROM {TABLE} s WHERE s.advisor_id = NEW.advisor_id"
    " AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at{other})"
)
SQLITE_FORWARD = [
    f"""
CREATE TRIGGER {NAME}_insert BEFORE INSERT ON {TABLE}
FOR EACH ROW WHEN {_SQLITE_CLASH.format(other="")}
BEGIN SELECT RAISE(ABORT, '{NAME}'); END
""",
    f"""
CREATE TRIGGER {NAME}_update BEFORE UPDATE OF advisor_id, starts_at, ends_at ON {TABLE}
FOR EACH ROW WHEN {_SQLITE_CLASH.format(other=" AND s.id <> NEW.id")}
BEGIN SELECT RAISE(ABORT, '{NAME}'); END
""",
]
SQLITE_BACKWARD = [f"DROP TRIGGER {NAME}_insert", f"DROP TRIGGER {NAME}_update"]


def _constraint():
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
    from django.db.models import Func

    class TsTzRange(Func):
        function = "TSTZRANGE"
        output_field = DateTimeRangeField()

    return ExclusionConstraint(
        name=NAME,
        expressions=[
            ("advisor", RangeOperators.EQUAL),
            (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
        ],
    )


def add_constraint(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Trusted since PostgreSQL 13: a database owner may create it. Left in place when the
        # migration is reversed (other constraints may need it).
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(OVERLAPS)
        clashes = cursor.fetchall()
    if clashes:
        pairs = ", ".join(f"{a} and {b}" for a, b in clashes)
        raise RuntimeError(
            f"Consultation slots overlap for the same advisor ({pairs}). Delete or move one of "
            "each pair in the admin, then run this migration again."
        )
    if vendor == "postgresql":
        schema_editor.add_constraint(apps.get_model("events", "ConsultationSlot"), _constraint())
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No {NAME} constraint for {vendor}")


def drop_constraint(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.remove_constraint(
            apps.get_model("events", "ConsultationSlot"), _constraint()
        )
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_calendar_sequence"),
    ]

    operations = [
        migrations.RunPython(add_constraint, drop_constraint),
    ]
