# Issue #16: the reason CLAIR gives an employer, in Japanese and English; each member reads it
# in their language, or in the other when only one was written.
#
# The old reason becomes the English one (renamed, not dropped and added: no reason written so
# far is lost, and it is still read by everyone through the fallback). The check that a
# rejection has a reason now accepts either language. SQLite rebuilds the table: its triggers
# are set aside and put back (jetcareer.sqlite_triggers).

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
        ("employers", "0003_field_labels"),
    ]

    operations = around(
        migrations.RemoveConstraint(model_name="employer", name="employer_rejection_has_reason"),
        *bilingual("employer"),
        *bilingual("historicalemployer"),
        migrations.AddConstraint(
            model_name="employer",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="rejected")
                | ~models.Q(status_reason_en="")
                | ~models.Q(status_reason_ja=""),
                name="employer_rejection_has_reason",
            ),
        ),
    )
