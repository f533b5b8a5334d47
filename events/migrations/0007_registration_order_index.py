"""An index in the admin list's order of registrations (created_at, id), built without blocking
registrations on PostgreSQL (CREATE INDEX CONCURRENTLY, hence a migration outside a
transaction); two million rows take a few seconds."""

from django.db import migrations, models

INDEX = models.Index(fields=["created_at", "id"], name="events_registration_order")


def create_index(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS events_registration_order "
        "ON events_registration (created_at, id)"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS events_registration_order")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("events", "0006_registration_counts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex("registration", INDEX)],
            database_operations=[migrations.RunPython(create_index, drop_index)],
        ),
    ]
