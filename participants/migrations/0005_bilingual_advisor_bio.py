# Issue #16: an advisor's bio in English, Japanese or both; participants read it in their
# language, or in the other when only one was written.
#
# The old bio becomes the English one (renamed, not dropped and added: nothing written so far is
# lost), except a bio written in Japanese, which moves to the Japanese column, where its author
# finds it on the advisor form. SQLite rebuilds the profile table for the new column: the
# triggers (one on the table, one reading it from events_registration) are set aside and put
# back (jetcareer.sqlite_triggers).

import re

from django.db import migrations, models

from jetcareer.sqlite_triggers import around

# Kana or kanji: a bio with any is a Japanese one.
JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def japanese_bios_to_japanese(apps, schema_editor) -> None:
    Profile = apps.get_model("participants", "ParticipantProfile")
    for profile in Profile.objects.exclude(advisor_bio_en="").only("pk", "advisor_bio_en"):
        if JAPANESE_SCRIPT.search(profile.advisor_bio_en):
            Profile.objects.filter(pk=profile.pk).update(
                advisor_bio_ja=profile.advisor_bio_en, advisor_bio_en=""
            )


def japanese_bios_back(apps, schema_editor) -> None:
    Profile = apps.get_model("participants", "ParticipantProfile")
    Profile.objects.filter(advisor_bio_en="").exclude(advisor_bio_ja="").update(
        advisor_bio_en=models.F("advisor_bio_ja")
    )


def bilingual(model_name: str) -> list:
    return [
        migrations.RenameField(
            model_name=model_name, old_name="advisor_bio", new_name="advisor_bio_en"
        ),
        migrations.AlterField(
            model_name=model_name,
            name="advisor_bio_en",
            field=models.TextField(
                blank=True, max_length=800, verbose_name="advisor bio (English)"
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="advisor_bio_ja",
            field=models.TextField(
                blank=True, max_length=800, verbose_name="advisor bio (Japanese)"
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0004_country_order"),
    ]

    operations = [
        *around(*bilingual("participantprofile"), *bilingual("historicalparticipantprofile")),
        migrations.RunPython(japanese_bios_to_japanese, japanese_bios_back),
    ]
