# Issue #16: the message CLAIR writes with its decision on a subsidy application, in Japanese
# and English; each member of the host reads it in their language (mails in the recipient's,
# pages in the reader's), or in the other when only one was written.
#
# The old message becomes the English one (renamed, not dropped and added: no message written
# so far is lost, and everyone still reads it through the fallback), as employers 0004 and
# events 0012 did with their reasons. SQLite rebuilds the table for the new column: its
# triggers are set aside and put back (jetcareer.sqlite_triggers).

from django.db import migrations, models

from jetcareer.sqlite_triggers import around

ENGLISH = "CLAIR's message (English)"
JAPANESE = "CLAIR's message (Japanese)"


def bilingual(model_name: str) -> list:
    return [
        migrations.RenameField(
            model_name=model_name, old_name="staff_message", new_name="staff_message_en"
        ),
        migrations.AlterField(
            model_name=model_name,
            name="staff_message_en",
            field=models.TextField(blank=True, verbose_name=ENGLISH),
        ),
        migrations.AddField(
            model_name=model_name,
            name="staff_message_ja",
            field=models.TextField(blank=True, verbose_name=JAPANESE),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("regional", "0002_result_jet_participants_optional"),
    ]

    operations = around(
        *bilingual("subsidyapplication"), *bilingual("historicalsubsidyapplication")
    )
