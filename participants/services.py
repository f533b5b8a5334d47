"""Participant actions: profile, CV, consent, advisor, data export and erasure (APPI)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jetcareer import ratelimit
from jetcareer.accounts.models import User

from .cv import validate_pdf
from .models import ErasureRecord, ParticipantProfile

PROFILE_FIELDS = [
    "full_name",
    "full_name_kana",
    "country",
    "status",
    "position",
    "prefecture",
    "contracting_organization",
    "jet_start_date",
    "term_end_date",
    "jlpt_level",
    "industry_1",
    "industry_2",
    "industry_3",
    "job_types",
    "introduction",
]


class ProfileError(Exception):
    """A participant action was refused; the message is shown to the person."""


def _require_participant(user: User) -> None:
    if not user.is_participant:
        raise PermissionDenied


@transaction.atomic
def save_profile(*, user: User, data: dict[str, Any]) -> ParticipantProfile:
    """Create or update the participant's profile from validated form data."""
    _require_participant(user)
    profile = ParticipantProfile.objects.filter(user=user).first() or ParticipantProfile(user=user)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field] if data[field] is not None else "")
    for date_field in ("jet_start_date", "term_end_date"):
        if not getattr(profile, date_field):
            setattr(profile, date_field, None)
    profile.save()
    return profile


def _delete_file_after_commit(storage: Any, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class CVUploadRateLimited(ProfileError):
    """More CV uploads in the hour than CV_UPLOADS_PER_HOUR allows."""


def replace_cv(*, profile: ParticipantProfile, upload: UploadedFile) -> ParticipantProfile:
    """Check a new CV once, store it under a random name and remove the old file once this
    commits. Raises CVUploadRateLimited past the hour's allowance (counted before the file is
    read, refused uploads included, since reading is the cost it bounds) and ProfileError for a
    file validate_pdf refuses; either way nothing changes."""
    limit = settings.CV_UPLOADS_PER_HOUR
    if not ratelimit.consume(f"participants:cv-upload:user:{profile.user_id}", limit=limit):
        raise CVUploadRateLimited(
            _(
                "You have tried to upload a CV %(limit)d times in the last hour. Please wait an "
                "hour and try again."
            )
            % {"limit": limit}
        )
    try:
        display_name = validate_pdf(upload)
    except ValidationError as exc:
        raise ProfileError(exc.messages[0]) from exc
    # Checked before the transaction: no database connection waits while the file is read.
    with transaction.atomic():
        return _store_cv(profile=profile, upload=upload, display_name=display_name)


def _store_cv(
    *, profile: ParticipantProfile, upload: UploadedFile, display_name: str
) -> ParticipantProfile:
    profile = ParticipantProfile.objects.select_for_update().get(pk=profile.pk)
    old_name = profile.cv.name
    profile.cv.save("cv.pdf", upload, save=False)
    new_name = profile.cv.name
    profile.cv_filename = display_name
    profile.cv_uploaded_at = timezone.now()
    try:
        profile.save(update_fields=["cv", "cv_filename", "cv_uploaded_at", "updated_at"])
    except Exception:
        profile.cv.storage.delete(new_name)  # no orphan file when the row cannot be saved
        raise
    _delete_file_after_commit(profile.cv.storage, old_name)
    return profile


@transaction.atomic
def remove_cv(*, profile: ParticipantProfile) -> None:
    """Remove the CV; the file goes once this commits."""
    old_name = profile.cv.name
    profile.cv = ""
    profile.cv_filename = ""
    profile.cv_uploaded_at = None
    profile.save(update_fields=["cv", "cv_filename", "cv_uploaded_at", "updated_at"])
    _delete_file_after_commit(profile.cv.storage, old_name)


@transaction.atomic
def set_consent(*, profile: ParticipantProfile, share: bool) -> ParticipantProfile:
    """Give or withdraw consent to share profile and CV; effective at once."""
    profile.shares_with_employers = share
    profile.consent_given_at = timezone.now() if share else None
    profile.save(update_fields=["shares_with_employers", "consent_given_at", "updated_at"])
    return profile


@transaction.atomic
def update_advisor(
    *,
    profile: ParticipantProfile,
    is_advisor: bool,
    fields: list[str],
    bio_en: str = "",
    bio_ja: str = "",
) -> ParticipantProfile:
    """Alumni volunteer as 1:1 consultation advisors, or stop.

    Takes the profile, whether they volunteer, the industries they advise on and their bio in
    English, Japanese or both (participants read their language, else the other:
    ParticipantProfile.advisor_bio); stopping clears the fields and the bio. Returns the
    profile. Raises ProfileError when someone who is not an alumnus volunteers (the form asks
    for a field and a bio).
    """
    if is_advisor and profile.status != ParticipantProfile.Status.ALUMNI:
        raise ProfileError(_("Only JET alumni can volunteer as consultation advisors."))
    profile.is_advisor = is_advisor
    profile.advisor_fields = list(fields) if is_advisor else []
    profile.advisor_bio_en = bio_en.strip() if is_advisor else ""
    profile.advisor_bio_ja = bio_ja.strip() if is_advisor else ""
    profile.save(
        update_fields=[
            "is_advisor",
            "advisor_fields",
            "advisor_bio_en",
            "advisor_bio_ja",
            "updated_at",
        ]
    )
    return profile


def export_data(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about the person (APPI); see participants/erasure.py."""
    from .erasure import export_data as export

    return export(user=user)


def erase_account(*, user: User) -> ErasureRecord:
    """Delete the account and the person's data, keep an anonymous count; see
    participants/erasure.py (raises erasure.ErasureRefused when it cannot be done yet)."""
    from .erasure import erase_account as erase

    return erase(user=user)
