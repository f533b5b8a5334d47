"""Who may see and do what: the portal's permission checks and named permissions live here.

Predicates are `rules` predicates, so views, templates (`{% has_perm %}`) and admin share them.
Rule of thumb for views: a missing role answers 403; another person's object answers 404
(its existence is not revealed), which the views get from the `*_for` querysets below.

This is the ground floor: it imports no domain app. A rule that must query a domain app's
models lives in that app's `rules.py`, which `rules` loads at start-up (AutodiscoverRulesConfig
in INSTALLED_APPS) and which adds it to the shared rule set under a name this module uses
(`HOSTS_MATCHED_INTERN`). Reverse relations and string lookups serve the other checks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class StaffGroup:
    """The staff groups for CLAIR's jobs, created with their permissions by the data migration
    jetcareer/accounts/migrations/0002_staff_groups.py. Checks name permissions, never groups;
    these names are for administrators assigning duties and for tests."""

    EVENT_DESK = "Event desk / イベント受付"
    INTERNSHIP_SCREENING = "Internship screening / インターンシップ選考"
    EMPLOYER_VERIFICATION = "Employer verification / 企業審査"
    REPORTS = "Reports / 実績報告"
    PROGRAMME_ADMINISTRATION = "Programme administration / 事業運営（全権限）"


@rules.predicate
def is_participant(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_participant)


@rules.predicate
def is_employer_user(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_employer)


@rules.predicate
def is_employer_member(user: Any) -> bool:
    return bool(is_employer_user(user) and hasattr(user, "employer_membership"))


@rules.predicate
def is_verified_employer_member(user: Any) -> bool:
    return bool(is_employer_member(user) and user.employer_membership.employer.is_verified)


@rules.predicate
def is_employer_owner(user: Any) -> bool:
    return bool(is_employer_member(user) and user.employer_membership.role == "owner")


@rules.predicate
def is_staff(user: Any) -> bool:
    """A CLAIR staff account. Being staff alone opens no personal data: see `staff_with`."""
    return bool(user.is_authenticated and user.is_staff)


def staff_with(permission: str) -> rules.Predicate:
    """A predicate: an active staff account holding the Django model permission `permission`
    ("app_label.codename"), directly, through a group (`STAFF_GROUPS`) or as superuser.

    Staff access to personal data follows Django's permissions, not `is_staff` (issue #13,
    OWASP ASVS 4.1.3 least privilege): a staff account without permissions sees nothing."""

    def check(user: Any) -> bool:
        return bool(
            user.is_authenticated
            and user.is_active
            and user.is_staff
            # ModelBackend answers: the rules backend knows no permission of this form.
            and user.has_perm(permission)
        )

    return rules.predicate(check, name=f"staff_with({permission})")


@rules.predicate
def owns_profile(user: Any, profile: Any) -> bool:
    return profile is not None and profile.user_id == user.pk


# Exhibitors: reverse relations and string lookups keep this module free of the events app,
# which depends on it and not the other way round.
APPROVED = "approved"
CONFIRMED = "confirmed"


@rules.predicate
def is_approved_exhibitor_member(user: Any, event: Any) -> bool:
    """A member of a verified organisation approved to exhibit at `event` (a career fair)."""
    if event is None or not is_verified_employer_member(user):
        return False
    return event.exhibitors.filter(
        employer_id=user.employer_membership.employer_id, status=APPROVED
    ).exists()


@rules.predicate
def exhibits_where_consenting_profile_registered(user: Any, profile: Any) -> bool:
    """The profile's owner shares it with employers right now and holds a confirmed seat at a
    fair where the user's organisation is an approved exhibitor: the résumé book's reach."""
    if profile is None or not profile.shares_with_employers:
        return False
    if not is_verified_employer_member(user):
        return False
    # One filter() call: the approved exhibitor must be at the very event of the seat.
    return profile.registrations.filter(
        status=CONFIRMED,
        event__exhibitors__employer_id=user.employer_membership.employer_id,
        event__exhibitors__status=APPROVED,
    ).exists()


HOSTS_MATCHED_INTERN = "internships.hosts_matched_intern"


@rules.predicate
def hosts_matched_intern(user: Any, profile: Any) -> bool:
    """The user's organisation hosts the person as a matched intern: the rule
    `HOSTS_MATCHED_INTERN` of internships/rules.py (False while no app has added it)."""
    return rules.test_rule(HOSTS_MATCHED_INTERN, user, profile)


APPLIED_TO_MEMBERS_JOB = "jobs.applied_to_members_job"


@rules.predicate
def applied_to_members_job(user: Any, profile: Any) -> bool:
    """The person applied to a job of the user's organisation: the rule
    `APPLIED_TO_MEMBERS_JOB` of jobs/rules.py (False while no app has added it)."""
    return rules.test_rule(APPLIED_TO_MEMBERS_JOB, user, profile)


# Named permissions, checked with user.has_perm(name, obj) or the decorators below.
rules.add_perm("participants.edit_own_profile", is_participant)
# Staff duties (the groups below hold the model permissions these name).
may_read_cvs = staff_with("participants.view_cv")
rules.add_perm(
    "participants.download_cv",
    owns_profile
    | may_read_cvs
    | exhibits_where_consenting_profile_registered
    | hosts_matched_intern
    | applied_to_members_job,
)
rules.add_perm("events.view_resume_book", is_approved_exhibitor_member | may_read_cvs)
rules.add_perm("events.export_resume_book", may_read_cvs)
# Booth interviews (issue #17): an approved exhibitor's members manage their booth's; staff who
# see registrations (the event desk, administration) read and print every booth's schedule.
rules.add_perm("events.manage_interviews", is_approved_exhibitor_member)
rules.add_perm("events.view_interview_schedule", staff_with("events.view_registration"))
# A fair's booth scanner and its scanned visitors (issue #17): the exhibiting organisation's own.
rules.add_perm("events.use_booth", is_approved_exhibitor_member)
rules.add_perm("events.view_any_ticket", staff_with("events.view_registration"))
rules.add_perm("events.cancel_any_registration", staff_with("events.change_registration"))
rules.add_perm("events.check_in", staff_with("events.check_in_registration"))
rules.add_perm("reports.view", staff_with("reports.view_reports"))
rules.add_perm("reports.publish", staff_with("reports.add_resultspublication"))
rules.add_perm("portal.preview_announcement", staff_with("portal.view_announcement"))
rules.add_perm("employers.register", is_employer_user & ~is_employer_member)
rules.add_perm("employers.view_own", is_employer_member)
rules.add_perm("employers.manage_team", is_employer_owner)
rules.add_perm("employers.act", is_verified_employer_member)


def requires(
    check: Callable[[Any], bool],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: 403 unless `check(request.user)` (a predicate of a role); put it under
    `login_required` so anonymous visitors are sent to log in."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def permission_required(
    name: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: 403 unless the user holds the named permission (a rule above, checked
    without an object). Put it under `login_required` so anonymous visitors are sent to log in.
    """
    return requires(lambda user: rules.has_perm(name, user))


participant_required = requires(is_participant)
employer_required = requires(is_employer_user)
employer_member_required = requires(is_employer_member)
employer_owner_required = requires(is_employer_owner)
