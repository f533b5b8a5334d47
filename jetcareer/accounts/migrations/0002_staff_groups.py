"""Staff groups for the real jobs at CLAIR (issue #13): a staff account holds no permission of
its own; an administrator puts it in one or more of these groups.

The permissions each group needs are written out here, frozen, as data migrations should be;
the checks that use them live in jetcareer/permissions.py. Names carry both languages because
Django admin shows a group by its stored name.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"


def model_perms(app_label: str, model: str, *actions: str) -> list[tuple[str, str]]:
    return [(app_label, f"{action}_{model}") for action in actions]


EVENT_DESK = "Event desk / イベント受付"
INTERNSHIP_SCREENING = "Internship screening / インターンシップ選考"
EMPLOYER_VERIFICATION = "Employer verification / 企業審査"
REPORTS = "Reports / 実績報告"
PROGRAMME_ADMINISTRATION = "Programme administration / 事業運営（全権限）"

GROUPS: dict[str, list[tuple[str, str]]] = {
    # At the entrance: find a registrant, check them in. No CVs, no exports.
    EVENT_DESK: [
        *model_perms("events", "event", VIEW),
        *model_perms("events", "session", VIEW),
        *model_perms("events", "registration", VIEW),
        ("events", "check_in_registration"),
    ],
    # Screen applicants with their CVs, run and publish the matching.
    INTERNSHIP_SCREENING: [
        *model_perms("internships", "programme", VIEW),
        *model_perms("internships", "period", VIEW),
        *model_perms("internships", "position", VIEW),
        *model_perms("internships", "application", VIEW, CHANGE),
        *model_perms("internships", "positionchoice", VIEW),
        *model_perms("internships", "matchrun", VIEW, ADD, CHANGE),
        *model_perms("internships", "outcome", VIEW, CHANGE),
        *model_perms("participants", "participantprofile", VIEW),
        ("participants", "view_cv"),
        *model_perms("employers", "employer", VIEW),
    ],
    # Verify organisations and approve their booths.
    EMPLOYER_VERIFICATION: [
        *model_perms("employers", "employer", VIEW, CHANGE),
        *model_perms("employers", "membership", VIEW),
        *model_perms("employers", "invitation", VIEW),
        *model_perms("events", "event", VIEW),
        *model_perms("events", "exhibitor", VIEW, CHANGE),
    ],
    # Figures for the fiscal year, and publishing an event's results.
    REPORTS: [
        ("reports", "view_reports"),
        *model_perms("reports", "resultspublication", VIEW, ADD),
        *model_perms("events", "event", VIEW),
        *model_perms("events", "eventseries", VIEW),
        *model_perms("internships", "programme", VIEW),
        *model_perms("surveys", "survey", VIEW),
        *model_perms("surveys", "response", VIEW),
    ],
}
# Everything of the portal's own apps and the outbox; accounts may be viewed and changed (a
# person's own deletion goes through the erasure service, never admin's delete).
ADMINISTERED_APPS = [
    "portal", "outbox", "participants", "employers", "events", "internships", "regional",
    "surveys", "reports", "post_office",
]  # fmt: skip


def create_groups(apps, schema_editor) -> None:
    # Permissions are normally created after all migrations (post_migrate): create them now.
    for app_config in apps.get_app_configs():
        # create_permissions skips an app without a models module, which the migration's
        # app registry does not record; put back what was there.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label: str, codename: str):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name, wanted in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(app, codename) for app, codename in wanted])
    group, _created = Group.objects.get_or_create(name=PROGRAMME_ADMINISTRATION)
    group.permissions.set(
        [
            *Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS),
            *[permission("accounts", f"{action}_user") for action in (VIEW, CHANGE)],
            permission("auth", "view_group"),
        ]
    )


def remove_groups(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(
        name__in=[*GROUPS, PROGRAMME_ADMINISTRATION]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
        ("outbox", "0001_mail_batch"),
        ("participants", "0002_staff_permissions"),
        ("employers", "0001_initial"),
        ("events", "0005_staff_permissions"),
        ("internships", "0003_one_published_run_per_round_and_seat_constraints"),
        ("regional", "0002_result_jet_participants_optional"),
        ("surveys", "0001_initial"),
        ("reports", "0002_staff_permissions"),
        ("post_office", "0014_alter_email_recipient_delivery_status_and_more"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
