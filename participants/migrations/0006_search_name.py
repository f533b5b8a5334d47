# Issue #17: each profile's name as the search compares it (jetcareer.kana.search_form), kept by
# ParticipantProfile.save() and filled here for the profiles that exist. SQLite rebuilds the
# profile table for the new column: its triggers are set aside and put back
# (jetcareer.sqlite_triggers).

from django.db import migrations, models

from jetcareer.kana import search_form
from jetcareer.sqlite_triggers import around

BATCH = 2000


def fill_search_names(apps, schema_editor):
    """Every existing profile gets its search form (save() keeps it from now on)."""
    Profile = apps.get_model("participants", "ParticipantProfile")
    changed = []
    for profile in Profile.objects.only("pk", "full_name", "full_name_kana").iterator(BATCH):
        profile.search_name = search_form(f"{profile.full_name} {profile.full_name_kana}")
        changed.append(profile)
        if len(changed) == BATCH:
            Profile.objects.bulk_update(changed, ["search_name"])
            changed = []
    Profile.objects.bulk_update(changed, ["search_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0005_bilingual_advisor_bio'),
    ]

    operations = [
        *around(
            migrations.AddField(
                model_name='participantprofile',
                name='search_name',
                field=models.TextField(blank=True, editable=False, verbose_name='name as searched'),
            ),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop, elidable=True),
    ]
