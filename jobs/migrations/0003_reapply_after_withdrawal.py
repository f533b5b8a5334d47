"""One application in play per person and job, no longer one ever: after withdrawing, the person
may apply again (issue #18, tester). The withdrawn application stays as the employer saw it end.

On SQLite, replacing a plain unique constraint rebuilds the table; the portal's triggers are
set aside around it (jetcareer/sqlite_triggers.py). PostgreSQL swaps the index in place.
"""

from django.db import migrations, models

from jetcareer.sqlite_triggers import around


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_staff_permissions"),
        ("participants", "0006_search_name"),
    ]

    operations = around(
        migrations.RemoveConstraint(
            model_name="jobapplication",
            name="one_application_per_job",
        ),
        migrations.AddConstraint(
            model_name="jobapplication",
            constraint=models.UniqueConstraint(
                condition=models.Q(("stage", "withdrawn"), _negated=True),
                fields=("job", "participant"),
                name="one_application_per_job",
                violation_error_message="You have already applied to this job.",
            ),
        ),
    )
