# Issue #16: CLAIR's reasons in Japanese and English: a position's (read by the employer's
# members) and a screening's (read by the applicant), each reader's language first, the other
# when only one was written.
#
# The old reasons become the English ones (renamed, not dropped and added: nothing written so
# far is lost, and everyone still reads it through the fallback). SQLite rebuilds the tables
# for the new columns: the triggers are set aside and put back (jetcareer.sqlite_triggers).

from django.db import migrations, models

from jetcareer.sqlite_triggers import around


def bilingual(model_name: str, name: str) -> list:
    return [
        migrations.RenameField(model_name=model_name, old_name=name, new_name=f"{name}_en"),
        migrations.AlterField(
            model_name=model_name,
            name=f"{name}_en",
            field=models.TextField(blank=True, verbose_name="reason (English)"),
        ),
        migrations.AddField(
            model_name=model_name,
            name=f"{name}_ja",
            field=models.TextField(blank=True, verbose_name="reason (Japanese)"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0006_position_places"),
    ]

    operations = around(
        *bilingual("position", "status_reason"),
        *bilingual("historicalposition", "status_reason"),
        *bilingual("application", "screening_reason"),
        *bilingual("historicalapplication", "screening_reason"),
    )
