# Issue #16: the reason CLAIR gives an exhibitor, in Japanese and English; each member of the
# organisation reads it in their language, or in the other when only one was written.
#
# The old reason becomes the English one (renamed, not dropped and added: no reason written so
# far is lost, and it is still read by everyone through the fallback). SQLite rebuilds
# events_exhibitor for the new column: the triggers are set aside and put back as migrations
# 0008 and 0011 do (jetcareer.sqlite_triggers, which finds them itself).

from django.db import migrations, models

from jetcareer.sqlite_triggers import around

ENGLISH = "reason given to the employer (English)"
JAPANESE = "reason given to the employer (Japanese)"


def bilingual(model_name: str) -> list:
    return [
        migrations.RenameField(
            model_name=model_name, old_name="status_reason", new_name="status_reason_en"
        ),
        migrations.AlterField(
            model_name=model_name,
            name="status_reason_en",
            field=models.TextField(blank=True, verbose_name=ENGLISH),
        ),
        migrations.AddField(
            model_name=model_name,
            name="status_reason_ja",
            field=models.TextField(blank=True, verbose_name=JAPANESE),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_bilingual_places_attendance"),
    ]

    operations = around(*bilingual("exhibitor"), *bilingual("historicalexhibitor"))
