"""The database keeps each event's registration counts (Event.COUNT_FIELDS), and notes on each
registration whether the person was a JET participant or alumnus when registering.

PostgreSQL: a BEFORE INSERT trigger sets is_jet from the person's status; three statement-level
AFTER triggers (insert, update, delete) add up the change of a whole statement per event and
apply it in one UPDATE, so cancelling a fair of 6,000 in one statement updates the event once.
SQLite (local development): row-level triggers do the same. Existing rows are counted here,
under a lock that keeps registrations from changing until the triggers exist.
"""

from importlib import import_module

from django.db import migrations, models

calendar = import_module("events.migrations.0002_calendar_sequence")

JET = "('current', 'alumni')"  # ParticipantProfile.Status values counted as JET (reports)

# What each registration row adds to its event's counts ({r}: the row's name, if any).
COUNTS = {
    "confirmed_count": "{r}status = 'confirmed'",
    "waitlisted_count": "{r}status = 'waitlisted'",
    "checked_in_count": "{r}status = 'confirmed' AND {r}checked_in_at IS NOT NULL",
    "jet_confirmed_count": "{r}status = 'confirmed' AND {r}is_jet",
    "jet_checked_in_count": (
        "{r}status = 'confirmed' AND {r}checked_in_at IS NOT NULL AND {r}is_jet"
    ),
}
ROW = "event_id, status, checked_in_at, is_jet"


def rule(name: str, row: str = "") -> str:
    """The condition under which a registration counts in `name`, its columns of `row`."""
    return COUNTS[name].format(r=f"{row}." if row else "")


def _apply(rows: str) -> str:
    """One UPDATE adding, per event, the sums of `rows` (each with a sign of +1 or -1)."""
    sums = ", ".join(f"sum(sign * ({rule(name)})::int) AS {name}" for name in COUNTS)
    sets = ", ".join(f"{name} = e.{name} + d.{name}" for name in COUNTS)
    changed = " OR ".join(f"d.{name} <> 0" for name in COUNTS)
    return f"""
        UPDATE events_event AS e SET {sets}
        FROM (SELECT event_id, {sums} FROM ({rows}) AS r GROUP BY event_id) AS d
        WHERE e.id = d.event_id AND ({changed});"""


POSTGRES_FORWARD = [
    # No registration changes while the counts are taken and the triggers created.
    "LOCK TABLE events_registration IN SHARE ROW EXCLUSIVE MODE",
    f"""
UPDATE events_registration AS r SET is_jet = true
FROM participants_participantprofile AS p
WHERE p.id = r.participant_id AND p.status IN {JET}
""",
    f"""
UPDATE events_event AS e SET {", ".join(f"{name} = c.{name}" for name in COUNTS)}
FROM (
    SELECT event_id, {
        ", ".join(f"count(*) FILTER (WHERE {rule(name)}) AS {name}" for name in COUNTS)
    }
    FROM events_registration GROUP BY event_id
) AS c
WHERE e.id = c.event_id
""",
    f"""
CREATE FUNCTION events_registration_is_jet() RETURNS trigger AS $$
BEGIN
    NEW.is_jet := COALESCE(
        (SELECT p.status IN {JET} FROM participants_participantprofile AS p
         WHERE p.id = NEW.participant_id),
        false);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER events_registration_is_jet
    BEFORE INSERT ON events_registration
    FOR EACH ROW EXECUTE FUNCTION events_registration_is_jet()
""",
    f"""
CREATE FUNCTION events_registration_counts() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply(f"SELECT {ROW}, 1 AS sign FROM new_rows")}
    ELSIF TG_OP = 'DELETE' THEN
        {_apply(f"SELECT {ROW}, -1 AS sign FROM old_rows")}
    ELSE
        {
        _apply(
            f"SELECT {ROW}, 1 AS sign FROM new_rows "
            f"UNION ALL SELECT {ROW}, -1 AS sign FROM old_rows"
        )
    }
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER events_registration_counts_insert
    AFTER INSERT ON events_registration REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_counts()
""",
    """
CREATE TRIGGER events_registration_counts_update
    AFTER UPDATE ON events_registration REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_counts()
""",
    """
CREATE TRIGGER events_registration_counts_delete
    AFTER DELETE ON events_registration REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_counts()
""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER events_registration_counts_delete ON events_registration",
    "DROP TRIGGER events_registration_counts_update ON events_registration",
    "DROP TRIGGER events_registration_counts_insert ON events_registration",
    "DROP FUNCTION events_registration_counts()",
    "DROP TRIGGER events_registration_is_jet ON events_registration",
    "DROP FUNCTION events_registration_is_jet()",
]


def _sqlite_row(row: str, sign: str) -> str:
    sets = ", ".join(f"{name} = {name} {sign} ({rule(name, row)})" for name in COUNTS)
    return f"UPDATE events_event SET {sets} WHERE id = {row}.event_id;"


def _sqlite_move() -> str:
    """One UPDATE moving a changed registration's counts from OLD to NEW. One statement, not
    a subtraction and then an addition: SQLite fires the newest trigger first, and when the
    is_jet trigger's update ran before the insert trigger had counted the row, the subtraction
    took a count below zero and the CHECK refused it (`load_demo` failed on a fresh database)."""
    sets = ", ".join(
        f"{name} = {name} + (CASE WHEN id = NEW.event_id THEN ({rule(name, 'NEW')}) ELSE 0 END)"
        f" - (CASE WHEN id = OLD.event_id THEN ({rule(name, 'OLD')}) ELSE 0 END)"
        for name in COUNTS
    )
    return f"UPDATE events_event SET {sets} WHERE id IN (OLD.event_id, NEW.event_id);"


SQLITE_COUNTS_UPDATE = f"""
CREATE TRIGGER events_registration_counts_update
AFTER UPDATE OF event_id, status, checked_in_at, is_jet ON events_registration FOR EACH ROW
BEGIN
    {_sqlite_move()}
END
"""


SQLITE_FORWARD = [
    f"""
UPDATE events_registration SET is_jet = 1
WHERE participant_id IN (SELECT id FROM participants_participantprofile WHERE status IN {JET})
""",
    "UPDATE events_event SET "
    + ", ".join(
        f"{name} = (SELECT count(*) FROM events_registration AS r "
        f"WHERE r.event_id = events_event.id AND {rule(name, 'r')})"
        for name in COUNTS
    ),
    # An AFTER trigger sets is_jet (SQLite cannot change NEW); the update trigger then moves
    # the JET counts.
    f"""
CREATE TRIGGER events_registration_is_jet
AFTER INSERT ON events_registration FOR EACH ROW
BEGIN
    UPDATE events_registration SET is_jet = COALESCE(
        (SELECT status IN {JET} FROM participants_participantprofile
         WHERE id = NEW.participant_id), 0)
    WHERE id = NEW.id;
END
""",
    f"""
CREATE TRIGGER events_registration_counts_insert
AFTER INSERT ON events_registration FOR EACH ROW
BEGIN
    {_sqlite_row("NEW", "+")}
END
""",
    SQLITE_COUNTS_UPDATE,
    f"""
CREATE TRIGGER events_registration_counts_delete
AFTER DELETE ON events_registration FOR EACH ROW
BEGIN
    {_sqlite_row("OLD", "-")}
END
""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER events_registration_counts_delete",
    "DROP TRIGGER events_registration_counts_update",
    "DROP TRIGGER events_registration_counts_insert",
    "DROP TRIGGER events_registration_is_jet",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = POSTGRES_FORWARD
    elif vendor == "sqlite":
        # Adding the columns rebuilt the SQLite table, which dropped its calendar trigger.
        statements = [*SQLITE_FORWARD, calendar.SQLITE_FORWARD]
    else:
        raise NotImplementedError(f"No registration count triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = POSTGRES_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD
    for statement in statements:
        schema_editor.execute(statement)


def count_field(name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(default=0, editable=False, verbose_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_staff_permissions"),
        ("participants", "0001_initial"),
    ]

    operations = [
        migrations.AddField("event", "confirmed_count", count_field("confirmed")),
        migrations.AddField("event", "waitlisted_count", count_field("waiting")),
        migrations.AddField("event", "checked_in_count", count_field("checked in")),
        migrations.AddField(
            "event", "jet_confirmed_count", count_field("JET participants confirmed")
        ),
        migrations.AddField(
            "event", "jet_checked_in_count", count_field("JET participants checked in")
        ),
        migrations.AddField(
            "registration",
            "is_jet",
            models.BooleanField(default=False, editable=False, verbose_name="JET participant"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
