"""At most one published run per programme and round; one accepted offer per place (seat)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0002_stale_runs_lapsed_offers_and_seats"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="matchrun",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "published")),
                fields=("programme", "round"),
                name="one_published_run_per_round",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.UniqueConstraint(
                fields=("position", "seat"), name="one_accepted_offer_per_seat"
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("seat__isnull", True),
                    models.Q(("response", "accepted"), ("seat__gte", 1)),
                    _connector="OR",
                ),
                name="only_accepted_offers_hold_a_seat",
            ),
        ),
    ]
