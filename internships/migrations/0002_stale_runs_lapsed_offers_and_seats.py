"""Fields for stale runs (queued_at), lapsed and released offers, and the place an accepted
offer holds (seat); the existing rows are made ready for the constraints of 0003."""

import django.utils.timezone
from django.db import migrations, models


def prepare_rows(apps, schema_editor):
    """queued_at from created_at; duplicate published runs of one round get the next free round
    numbers (oldest first: no offer or answer is changed, so staff can sort out an overbooked
    place by hand); each position's accepted offers get places 1, 2, ... in the order accepted."""
    MatchRun = apps.get_model("internships", "MatchRun")
    Outcome = apps.get_model("internships", "Outcome")
    runs = list(MatchRun.objects.all().only("pk", "created_at"))
    for run in runs:
        run.queued_at = run.created_at
    MatchRun.objects.bulk_update(runs, ["queued_at"], batch_size=500)

    used: dict[int, set[int]] = {}
    renumbered = []
    for run in MatchRun.objects.filter(state="published").order_by(
        "programme_id", "published_at", "pk"
    ):
        rounds = used.setdefault(run.programme_id, set())
        if run.round in rounds:
            run.round = max(rounds) + 1
            renumbered.append(run)
        rounds.add(run.round)
    MatchRun.objects.bulk_update(renumbered, ["round"])

    seats: dict[int, int] = {}
    accepted = list(
        Outcome.objects.filter(response="accepted", position__isnull=False).order_by(
            "position_id", "responded_at", "pk"
        )
    )
    for outcome in accepted:
        seats[outcome.position_id] = seats.get(outcome.position_id, 0) + 1
        outcome.seat = seats[outcome.position_id]
    Outcome.objects.bulk_update(accepted, ["seat"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchrun",
            name="queued_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="queued at"),
        ),
        migrations.AddField(
            model_name="outcome",
            name="seat",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="place number"
            ),
        ),
        migrations.AlterField(
            model_name="outcome",
            name="response",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for your answer"),
                    ("accepted", "Accepted"),
                    ("declined", "Declined"),
                    ("lapsed", "Lapsed: not answered by the deadline"),
                    ("released", "Released: the intern withdrew"),
                ],
                default="pending",
                max_length=10,
                verbose_name="response",
            ),
        ),
        migrations.RunPython(prepare_rows, migrations.RunPython.noop),
    ]
