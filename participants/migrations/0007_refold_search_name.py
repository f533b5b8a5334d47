# Issue #17 (fair-day review): jetcareer.kana.search_form now folds the long vowels of romanised
# Japanese names (Satou, Satoh and Satō read "sato"). The search form each profile stores is
# made again here, in batches as 0006 filled it; save() keeps it from now on. No schema change,
# so SQLite rebuilds no table and its triggers stay as they are.

from django.db import migrations

from jetcareer.kana import search_form

BATCH = 2000


def refold_search_names(apps, schema_editor):
    """Every existing profile gets its search form made again; only changed ones are written."""
    Profile = apps.get_model("participants", "ParticipantProfile")
    changed = []
    rows = Profile.objects.only("pk", "full_name", "full_name_kana", "search_name")
    for profile in rows.order_by("pk").iterator(BATCH):
        folded = search_form(f"{profile.full_name} {profile.full_name_kana}")
        if folded == profile.search_name:
            continue
        profile.search_name = folded
        changed.append(profile)
        if len(changed) == BATCH:
            Profile.objects.bulk_update(changed, ["search_name"])
            changed = []
    Profile.objects.bulk_update(changed, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0006_search_name"),
    ]

    operations = [
        migrations.RunPython(refold_search_names, migrations.RunPython.noop, elidable=True),
    ]
