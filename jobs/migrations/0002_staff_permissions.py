# Staff duties for jobs (issue #18), as docs/decisions.md ("Staff duties follow Django
# permissions and groups") asks of models added after the staff groups: programme
# administration holds every permission of the app; employer verification reviews jobs (view and
# change: approve, reject) and sees the applications; reports read both. Written out, frozen.

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROGRAMME_ADMINISTRATION = "Programme administration / 事業運営（全権限）"
EMPLOYER_VERIFICATION = "Employer verification / 企業審査"
REPORTS = "Reports / 実績報告"
MODELS = ["job", "historicaljob", "savedjob", "jobapplication", "applicationnote", "jobmessage",
          "jobalert", "digestsent"]  # fmt: skip
ACTIONS = ["view", "add", "change", "delete"]
GRANTS = {
    PROGRAMME_ADMINISTRATION: [f"{action}_{model}" for model in MODELS for action in ACTIONS],
    EMPLOYER_VERIFICATION: ["view_job", "change_job", "view_historicaljob", "view_jobapplication"],
    REPORTS: ["view_job", "view_jobapplication"],
}


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("jobs")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="jobs", codename__in=codenames)
            )


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="jobs", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("accounts", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
