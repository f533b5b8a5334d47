# Issue #16: the city and the session speakers in both languages, a hybrid event's choice of
# venue or online per registration, and where a consultation meets (place or link) with its
# reminder.
#
# The old city and speakers become the English ones (renamed: nothing typed so far is lost).
# The calendar trigger of migration 0002 lists the event's city: it is rebuilt here with both
# city columns (PostgreSQL keeps a function's text as written, so a renamed column would break
# it). SQLite rebuilds events_event, events_registration and events_consultationslot for the
# new columns: their triggers (0002, 0003, 0006) are dropped first and made again after, as
# migration 0008 does.

import importlib

from django.db import migrations, models

calendar = importlib.import_module("events.migrations.0002_calendar_sequence")
slots = importlib.import_module("events.migrations.0003_advisor_slots_never_overlap")
counts = importlib.import_module("events.migrations.0006_registration_counts")

OLD_COLUMNS = calendar.COLUMNS
NEW_COLUMNS = [c for c in OLD_COLUMNS if c != "city"] + ["city_en", "city_ja"]


def _calendar_postgres(columns: list[str]) -> str:
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    return f"""
CREATE OR REPLACE FUNCTION events_event_calendar_sequence() RETURNS trigger AS $$
BEGIN
    IF ({new}) IS DISTINCT FROM ({old}) THEN
        NEW.calendar_sequence := OLD.calendar_sequence + 1;
    ELSE
        NEW.calendar_sequence := OLD.calendar_sequence;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""


def _calendar_sqlite(columns: list[str]) -> str:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    return f"""
CREATE TRIGGER events_event_calendar_sequence
AFTER UPDATE ON events_event FOR EACH ROW
BEGIN
    UPDATE events_event
    SET calendar_sequence = OLD.calendar_sequence + (CASE WHEN {changed} THEN 1 ELSE 0 END)
    WHERE id = NEW.id;
END
"""


SQLITE_TRIGGERS = (
    "events_registration_counts_delete",
    "events_registration_counts_update",
    "events_registration_counts_insert",
    "events_registration_is_jet",
    "events_event_calendar_sequence",
    f"{slots.NAME}_insert",
    f"{slots.NAME}_update",
)


def triggers_off(apps, schema_editor):
    """Before the column changes: SQLite's table rebuilds fail or lose the triggers."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _triggers_on(schema_editor, columns: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_calendar_postgres(columns))
        return
    if vendor != "sqlite":
        return
    triggers_off(None, schema_editor)
    for statement in counts.SQLITE_FORWARD:
        if "CREATE TRIGGER" in statement:
            schema_editor.execute(statement)
    for statement in slots.SQLITE_FORWARD:
        schema_editor.execute(statement)
    schema_editor.execute(_calendar_sqlite(columns))


def triggers_on(apps, schema_editor):
    _triggers_on(schema_editor, NEW_COLUMNS)


def triggers_on_backwards(apps, schema_editor):
    _triggers_on(schema_editor, OLD_COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_field_labels"),
    ]

    operations = [
        migrations.RunPython(triggers_off, triggers_on_backwards),
        migrations.RenameField(model_name="event", old_name="city", new_name="city_en"),
        migrations.AlterField(
            model_name="event",
            name="city_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="city (English)"),
        ),
        migrations.AddField(
            model_name="event",
            name="city_ja",
            field=models.CharField(blank=True, max_length=100, verbose_name="city (Japanese)"),
        ),
        migrations.RenameField(model_name="historicalevent", old_name="city", new_name="city_en"),
        migrations.AlterField(
            model_name="historicalevent",
            name="city_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="city (English)"),
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="city_ja",
            field=models.CharField(blank=True, max_length=100, verbose_name="city (Japanese)"),
        ),
        migrations.RenameField(model_name="session", old_name="speakers", new_name="speakers_en"),
        migrations.AlterField(
            model_name="session",
            name="speakers_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="speakers (English)"),
        ),
        migrations.AddField(
            model_name="session",
            name="speakers_ja",
            field=models.CharField(blank=True, max_length=300, verbose_name="speakers (Japanese)"),
        ),
        migrations.AddField(
            model_name="consultationslot",
            name="meeting_place_en",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="meeting place (English)"
            ),
        ),
        migrations.AddField(
            model_name="consultationslot",
            name="meeting_place_ja",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="meeting place (Japanese)"
            ),
        ),
        migrations.AddField(
            model_name="consultationslot",
            name="meeting_url",
            field=models.URLField(blank=True, verbose_name="meeting link"),
        ),
        migrations.AddField(
            model_name="consultationslot",
            name="reminder_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="reminder sent at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="attendance",
            field=models.CharField(
                blank=True,
                choices=[("venue", "At the venue"), ("online", "Online")],
                default="",
                max_length=8,
                verbose_name="taking part",
            ),
        ),
        migrations.RunPython(triggers_on, triggers_off),
    ]
