# Messages to an event's people (issue #15) and the cancellation message in both languages.
#
# The old cancellation message becomes the English one (renamed, not dropped and added: no
# message written so far is lost, and SQLite renames the column in place instead of rebuilding
# the event table with its triggers). The new model's permissions go to programme
# administration, as docs/decisions.md ("Staff duties follow Django permissions and groups")
# asks of a model added after the staff groups.

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

PROGRAMME_ADMINISTRATION = "Programme administration / 事業運営（全権限）"
CODENAMES = [f"{action}_eventmessage" for action in ("view", "add", "change", "delete")]


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("events")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=PROGRAMME_ADMINISTRATION).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES)
        )


def revoke(apps, schema_editor) -> None:
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES).delete()


calendar = importlib.import_module("events.migrations.0002_calendar_sequence")
counts = importlib.import_module("events.migrations.0006_registration_counts")


def sqlite_triggers_off(apps, schema_editor):
    """SQLite (`make run`) rebuilds events_event for the column changes below: the triggers on
    events_registration that update events_event make the rebuild's rename fail, and the
    event's own calendar trigger goes with the old table. Drop them first; PostgreSQL alters
    in place and needs nothing."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in (
        "events_registration_counts_delete",
        "events_registration_counts_update",
        "events_registration_counts_insert",
        "events_registration_is_jet",
        "events_event_calendar_sequence",
    ):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def sqlite_triggers_on(apps, schema_editor):
    """Recreate on SQLite the triggers `sqlite_triggers_off` dropped, as migrations 0002 and
    0006 made them (the counts are already right: only the triggers, no recount)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    sqlite_triggers_off(apps, schema_editor)
    for statement in counts.SQLITE_FORWARD:
        if "CREATE TRIGGER" in statement:
            schema_editor.execute(statement)
    schema_editor.execute(calendar.SQLITE_FORWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_registration_order_index"),
        ("accounts", "0002_staff_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_off, sqlite_triggers_on),
        migrations.RenameField(
            model_name="event",
            old_name="cancellation_message",
            new_name="cancellation_message_en",
        ),
        migrations.AlterField(
            model_name="event",
            name="cancellation_message_en",
            field=models.TextField(blank=True, verbose_name="cancellation message (English)"),
        ),
        migrations.AddField(
            model_name="event",
            name="cancellation_message_ja",
            field=models.TextField(blank=True, verbose_name="cancellation message (Japanese)"),
        ),
        migrations.RenameField(
            model_name="historicalevent",
            old_name="cancellation_message",
            new_name="cancellation_message_en",
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="cancellation_message_en",
            field=models.TextField(blank=True, verbose_name="cancellation message (English)"),
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="cancellation_message_ja",
            field=models.TextField(blank=True, verbose_name="cancellation message (Japanese)"),
        ),
        migrations.CreateModel(
            name="EventMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("audiences", models.JSONField(default=list, verbose_name="send to")),
                ("subject_en", models.CharField(max_length=200, verbose_name="subject (English)")),
                ("subject_ja", models.CharField(max_length=200, verbose_name="subject (Japanese)")),
                ("body_en", models.TextField(verbose_name="message (English)")),
                ("body_ja", models.TextField(verbose_name="message (Japanese)")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="written at"
                    ),
                ),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                (
                    "recipient_count",
                    models.PositiveIntegerField(default=0, verbose_name="recipients"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="events.event",
                        verbose_name="event",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
            ],
            options={
                "verbose_name": "message to participants",
                "verbose_name_plural": "messages to participants",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.RunPython(sqlite_triggers_on, sqlite_triggers_off),
        migrations.RunPython(grant, revoke),
    ]
