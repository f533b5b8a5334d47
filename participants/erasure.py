"""The person's rights over their data (APPI): a copy of everything held about them (export)
and the deletion of their account (erasure), for participants and employer members alike.

Both start from one walk of everything linked to the person (DESIGN.md, "Reliability rules"):

1. Django's deletion Collector, run from the User without deleting anything, finds every row
   that goes with the account (`on_delete=CASCADE`, at any depth: the profile, its CV record,
   calendar feed, offered consultations, Furusato proposals, e-mail addresses, memberships,
   survey invitations...) and every row that only loses its link (`SET_NULL`). A model added
   later is covered the same way, without a change here.
2. A `SET_NULL` link is classified in `KEPT_LINKS`: either the row is the person's own and stays
   for CLAIR's anonymous statistics (a registration, an application, a survey answer: `OWN`),
   or the row belongs to someone else or to an organisation and only names the person as the
   one who did something (a position they posted: `MENTION`). The rows below an `OWN` row (the
   ranked positions and results of an application) are the person's too: a second Collector
   walk finds them. Their free text is blanked (`SCRUB`) on erasure.
3. simple_history keeps past versions of rows. The versions of the person's rows are exported
   and, on erasure, deleted (rows that go) or blanked like the row (rows that stay); any version
   elsewhere that points to the person loses that pointer.
4. Rows that hold the person's e-mail address as text (the outbox, contact inquiries,
   invitations: `ADDRESS_FIELDS`) are found by the person's own verified addresses only, each
   matched as a whole address: never by substring, never by an address the person only typed.

tests/participants/test_privacy.py walks every model of the project and fails when a link to
the person is not classified here, when a kept row has free text that is neither blanked nor
declared harmless, or when an e-mail field is neither matched nor deliberately left out.
"""

from __future__ import annotations

import base64
import logging
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from email.utils import getaddresses
from typing import Any
from uuid import UUID

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import NestedObjects
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from post_office.models import Attachment, Email
from simple_history.models import HistoricalChanges

from jetcareer.accounts.models import User

from .models import ErasureRecord, ParticipantProfile
from .services import PROFILE_FIELDS

logger = logging.getLogger(__name__)

# The models that are the person: a link to one of them is a link to the person.
PERSON_MODELS = ("accounts.User", "participants.ParticipantProfile")

OWN = "own"
MENTION = "mention"

# Every SET_NULL link to the person or to a row of theirs: what the row is once the link is
# gone. A link missing here is treated as MENTION at run time, and fails the privacy test.
KEPT_LINKS: dict[str, str] = {
    # The person's own rows, kept without the person for CLAIR's anonymous statistics (seats
    # taken, applications per programme, survey scores). Upcoming ones are cancelled first.
    "events.Registration.participant": OWN,
    "internships.Application.participant": OWN,
    "jobs.JobApplication.participant": OWN,
    "surveys.Response.user": OWN,
    # Rows of someone else or of an organisation, which name the person as the one who acted
    # (or booked): the row stays, the name goes.
    "events.ConsultationSlot.booked_by": MENTION,  # the advisor's slot
    "events.Exhibitor.applied_by": MENTION,
    "events.EventMessage.created_by": MENTION,  # staff who wrote a message to an event
    "events.EventMessage.sent_by": MENTION,
    "events.ShortlistEntry.added_by": MENTION,  # an organisation's shortlist of others
    "events.BoothLead.scanned_by": MENTION,  # a member who scanned someone at the booth
    "events.InterviewInvitation.invited_by": MENTION,
    "employers.Employer.reviewed_by": MENTION,
    "employers.Invitation.invited_by": MENTION,
    "internships.Position.created_by": MENTION,
    "internships.Position.reviewed_by": MENTION,
    "internships.MatchRun.started_by": MENTION,
    "jobs.Job.created_by": MENTION,
    "jobs.Job.reviewed_by": MENTION,
    "jobs.ApplicationNote.author": MENTION,  # a member of the organisation who wrote it
    "jobs.JobMessage.sender": MENTION,
    "portal.Inquiry.answered_by": MENTION,
    "regional.HostMembership.created_by": MENTION,
    "regional.HostInvitation.invited_by": MENTION,
    "regional.SubsidyApplication.submitted_by": MENTION,
    "regional.SubsidyApplication.decided_by": MENTION,
    "regional.ResultReport.submitted_by": MENTION,
    "reports.ResultsPublication.published_by": MENTION,
}

# Links to the person the Collector does not follow (DO_NOTHING, PROTECT, RESTRICT, SET(...)),
# each with how it is handled instead. Historical models (simple_history) are handled
# generically and are not listed. Keep it short, and say why.
NOT_WALKED: dict[str, str] = {
    "events.ShortlistEntry.participant": "an organisation's private shortlist note about the "
    "person (APPI art. 33(2)(ii), as coordination_notes below): never exported; the database "
    "deletes it with the profile (ON DELETE CASCADE, events migration 0009_shortlist)",
}

# Free text of the person's kept rows, blanked on erasure (the row and its past versions).
SCRUB: dict[str, tuple[str, ...]] = {
    "internships.Application": (
        "statement",
        "supervisor_name",
        "screening_reason_en",
        "screening_reason_ja",
    ),
    "internships.Outcome": ("employer_evaluation", "intern_report"),
    "jobs.JobApplication": ("cover_letter", "cv_filename"),
    # Below the person's registration (#17): the booth's note about them and the invitation's
    # text go; the rows stay for the fair's counts (leads and interviews per exhibitor), and an
    # erased person's lead is never listed again (the list requires a participant).
    "events.BoothLead": ("note",),
    "events.InterviewInvitation": ("message",),
    "jobs.JobMessage": ("body",),
    "jobs.ApplicationNote": ("text",),
    "surveys.Response": ("comments", "employer_name"),
}

# Text and JSON fields of the person's kept rows that stay, with the reason they are harmless.
KEEP_TEXT: dict[str, str] = {
    "internships.Application.job_types": "a list of job-type choices, no text of the person's",
    "internships.Outcome.explanation": "reason codes, position ids and JLPT levels for the "
    "matching explanation, no text of the person's",
}

# Rows that hold an e-mail address as text, found by the person's verified addresses (whole
# addresses, case-insensitive). They are exported and deleted. The outbox (post_office.Email:
# To, Cc, Bcc and Reply-To) is matched by `_mail_to`.
ADDRESS_FIELDS: dict[str, tuple[str, ...]] = {
    "portal.Inquiry": ("email",),
    "employers.Invitation": ("email",),
    "regional.HostInvitation": ("email",),
}

# E-mail fields deliberately not matched, and why.
ADDRESS_FIELDS_LEFT: dict[str, str] = {
    "accounts.User.email": "the account itself, deleted with it",
    "account.EmailAddress.email": "linked to the account, deleted with it",
    "regional.SubsidyApplication.contact_email": "the official contact of a prefecture's or "
    "city's subsidy application, a record of that organisation which CLAIR must keep; the "
    "person's link to it (submitted_by) goes",
    "regional.HistoricalSubsidyApplication.contact_email": "past versions of the above",
}

# Fields never put in an export, and why.
WITHHELD: dict[str, str] = {
    "accounts.User.password": "a password hash: a secret, not information about the person",
    "account.EmailConfirmation.key": "a secret confirmation key",
    "mfa.Authenticator.data": "the authenticator app's key or the recovery codes' seed: a "
    "secret; that a second factor exists, and since when, is exported",
    "participants.ParticipantProfile.cv": "the file's random storage name; the CV itself is in "
    "the export's `cv`",
    "regional.FurusatoProposal.coordination_notes": "CLAIR's internal notes on coordination "
    "with the municipality (APPI art. 33(2)(ii)); the proposal itself is exported",
    "regional.HistoricalFurusatoProposal.coordination_notes": "past versions of the above",
    "events.ShortlistEntry.note": "the organisation's note about a candidate: about another "
    "person, not about the member who added the entry (exported to them as a mention)",
    "jobs.ApplicationNote.text": "the organisation's private note on an applicant (APPI art. "
    "33(2)(ii), as events.ShortlistEntry.note); blanked on erasure",
    "events.BoothLead.note": "the exhibitor's private note on a visitor to its booth (APPI art. "
    "33(2)(ii), as jobs.ApplicationNote.text); that they were scanned, when and where is "
    "exported; blanked on erasure",
}

# Cancels what is upcoming before the links go (seats, waiting-list places, consultations,
# internship offers), so that nothing stays held by nobody. Each is called with
# `profile=<ParticipantProfile>` and returns counts. Dotted paths: the apps above participants
# are not imported by this module.
RELEASE_HOOKS = (
    "events.services.registrations.release_person",
    "internships.services.release_person",
    "jobs.services.release_person",
)

# The domain errors the hooks raise (an event too busy right now): nothing changed, and the
# person is told to try again.
RELEASE_ERRORS = (
    "events.services.errors.EventError",
    "internships.services.InternshipError",
)

YOU = "you"
SOMEONE_ELSE = "another person (withheld)"


class ErasureRefused(Exception):
    """The account cannot be deleted yet; the message tells the person what to do first."""


def label_of(model: type[models.Model]) -> str:
    """ "app_label.ModelName", the key of the rules above and of the export's sections."""
    return model._meta.label


def link_kind(field: models.Field) -> str:
    """OWN or MENTION for a SET_NULL link (see KEPT_LINKS); historical rows are mentions."""
    if issubclass(field.model, HistoricalChanges):
        return MENTION
    return KEPT_LINKS.get(f"{label_of(field.model)}.{field.name}", MENTION)


# --- The walk ------------------------------------------------------------------------------


class _Walk(NestedObjects):
    """Django's Collector that loads every row instead of fast-deleting (NestedObjects)."""


@dataclass
class Footprint:
    """Everything held about one person, as primary keys by model."""

    user: User
    addresses: frozenset[str]
    deleted: dict[type[models.Model], set[Any]] = field(default_factory=lambda: defaultdict(set))
    owned: dict[type[models.Model], set[Any]] = field(default_factory=lambda: defaultdict(set))
    mentions: dict[type[models.Model], dict[Any, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    history: dict[type[models.Model], set[Any]] = field(default_factory=lambda: defaultdict(set))
    # Rows with no link to the person that still name them: one of their verified addresses
    # (mail, inquiries, invitations), or, in Django admin's log, one of their rows.
    named_in: dict[type[models.Model], set[Any]] = field(default_factory=lambda: defaultdict(set))
    protected: set[models.Model] = field(default_factory=set)

    @property
    def profile_pk(self) -> Any:
        """The primary key of the person's participant profile, or None."""
        return next(iter(self.deleted.get(ParticipantProfile, ())), None)

    def is_person(self, model: type[models.Model], pk: Any) -> bool:
        """Whether (model, pk) is this person's account or profile."""
        if model is User or issubclass(model, User):
            return pk == self.user.pk
        if model is ParticipantProfile:
            return pk == self.profile_pk
        return False

    def rows(self) -> Iterable[tuple[type[models.Model], set[Any]]]:
        """The person's rows: those that go, those that stay anonymised, their versions."""
        for group in (self.deleted, self.owned, self.history):
            yield from group.items()


def verified_addresses(user: User) -> frozenset[str]:
    """The person's own addresses: those allauth has verified (user.email counts only when
    verified), lower-cased. An address the person merely added proves nothing."""
    return frozenset(
        address.strip().lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )


def _pks(querysets: Iterable[Any]) -> set[Any]:
    pks: set[Any] = set()
    for objs in querysets:
        if isinstance(objs, models.QuerySet):
            pks.update(objs.values_list("pk", flat=True))
        else:
            pks.update(obj.pk for obj in objs)
    return pks


def _collect(footprint: Footprint, objs: list[models.Model], *, root: bool) -> None:
    """Run a Collector from `objs`: cascaded rows are deleted (root) or the person's own kept
    rows (below an OWN row); SET_NULL rows are classified by link_kind."""
    if not objs:
        return
    walk = _Walk(using=router.db_for_write(type(objs[0])))
    walk.collect(objs)
    footprint.protected |= walk.protected
    target = footprint.deleted if root else footprint.owned
    for model, instances in walk.data.items():
        if model._meta.auto_created:  # many-to-many rows (a staff member's groups)
            continue
        target[model].update(obj.pk for obj in instances)
    below_own: dict[type[models.Model], set[Any]] = defaultdict(set)
    for (link, _value), querysets in walk.field_updates.items():
        pks = _pks(querysets) - footprint.deleted.get(link.model, set())
        if not pks:
            continue
        if link_kind(link) == OWN:
            new = pks - footprint.owned.get(link.model, set())
            footprint.owned[link.model].update(pks)
            below_own[link.model] |= new
        else:
            for pk in pks:
                footprint.mentions[link.model][pk].add(link.name)
    for model, pks in below_own.items():
        _collect(footprint, list(model._base_manager.filter(pk__in=pks)), root=False)


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name).model if name else None


def _historical_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, HistoricalChanges)]


def _walk_history(footprint: Footprint) -> None:
    """Past versions of the person's rows, and past versions elsewhere pointing to them."""
    for group in (footprint.deleted, footprint.owned):
        for model, pks in list(group.items()):
            history = _history_model(model)
            if history is not None and pks:
                key = model._meta.pk.attname
                ids = history._base_manager.filter(**{f"{key}__in": pks}).values_list(
                    "pk", flat=True
                )
                footprint.history[history].update(ids)
    for history in _historical_models():
        for link in history._meta.concrete_fields:
            if not link.is_relation or link.related_model is None:
                continue
            gone = footprint.deleted.get(link.related_model)
            if not gone:
                continue
            rows = history._base_manager.filter(**{f"{link.attname}__in": gone})
            for pk in rows.values_list("pk", flat=True):
                if pk not in footprint.history.get(history, ()):
                    footprint.mentions[history][pk].add(link.name)
    for history, pks in footprint.history.items():  # own versions are not mentions
        mentioned = footprint.mentions.get(history)
        if mentioned:
            for pk in pks:
                mentioned.pop(pk, None)


def _addresses_in(values: Iterable[str]) -> set[str]:
    """The whole addresses of recipient lists ("Ann <ann@x.jp>, bob@y.jp"), lower-cased."""
    return {address.strip().lower() for _name, address in getaddresses(list(values)) if address}


def _reply_to(headers: Any) -> list[str]:
    if not isinstance(headers, dict):
        return []
    return [str(v) for k, v in headers.items() if str(k).lower() == "reply-to"]


def _mail_to(addresses: frozenset[str]) -> list[Email]:
    """Outbox messages to (To, Cc, Bcc) or replied to (Reply-To: a contact inquiry's copy for
    CLAIR) one of `addresses`, each matched as a whole address. A substring query narrows
    the candidates; the comparison is exact."""
    if not addresses:
        return []
    narrow = Q()
    for address in addresses:
        narrow |= (
            Q(to__icontains=address)
            | Q(cc__icontains=address)
            | Q(bcc__icontains=address)
            | Q(headers__icontains=address)
        )
    found = []
    for mail in Email.objects.filter(narrow).order_by("created", "pk"):
        recipients = [*mail.to, *mail.cc, *mail.bcc, *_reply_to(mail.headers)]
        if _addresses_in(recipients) & addresses:
            found.append(mail)
    return found


def _rows_by_address(
    model: type[models.Model], fields: Iterable[str], addresses: frozenset[str]
) -> models.QuerySet:
    match = Q()
    for name in fields:
        for address in addresses:
            match |= Q(**{f"{name}__iexact": address})
    return model._base_manager.filter(match) if match else model._base_manager.none()


def _walk_addresses(footprint: Footprint) -> None:
    for mail in _mail_to(footprint.addresses):
        footprint.named_in[Email].add(mail.pk)
    for label, fields in ADDRESS_FIELDS.items():
        model = apps.get_model(label)
        rows = _rows_by_address(model, fields, footprint.addresses)
        footprint.named_in[model].update(rows.values_list("pk", flat=True))


def _walk_admin_log(footprint: Footprint) -> None:
    """Django admin's log names the rows it changed (`object_repr`: a person's name)."""
    for model, pks in list(footprint.rows()):
        if pks and not model._meta.auto_created and model is not LogEntry:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            entries = LogEntry.objects.filter(
                content_type=content_type, object_id__in=[str(pk) for pk in pks]
            )
            footprint.named_in[LogEntry].update(entries.values_list("pk", flat=True))


def walk(user: User) -> Footprint:
    """Find everything held about `user` (see the module's docstring); changes nothing."""
    footprint = Footprint(user=user, addresses=verified_addresses(user))
    _collect(footprint, [user], root=True)
    _walk_history(footprint)
    _walk_addresses(footprint)
    _walk_admin_log(footprint)
    return footprint


# --- Export --------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | Promise):
        return str(value)
    if value.__class__.__name__ == "Country":
        return value.code or ""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return str(value)


class _Exporter:
    """Turns rows into JSON-ready dicts; links to other rows become their id and name, links
    to other people are withheld."""

    def __init__(self, footprint: Footprint) -> None:
        self.footprint = footprint
        self.names: dict[tuple[type[models.Model], Any], Any] = {}

    def link(self, target: type[models.Model], pk: Any) -> Any:
        """A link to `target` #pk: "you", withheld (another person), or its id and name."""
        if pk is None:
            return None
        if label_of(target) in PERSON_MODELS:
            return YOU if self.footprint.is_person(target, pk) else SOMEONE_ELSE
        key = (target, pk)
        if key not in self.names:
            obj = target._base_manager.filter(pk=pk).first()
            self.names[key] = {"id": _plain(pk), "name": str(obj) if obj else None}
        return self.names[key]

    def row(self, obj: models.Model) -> dict[str, Any]:
        """Every column of `obj` except the WITHHELD ones, JSON-ready."""
        model = type(obj)
        data: dict[str, Any] = {}
        for f in model._meta.concrete_fields:
            if f"{label_of(model)}.{f.name}" in WITHHELD:
                continue
            if f.is_relation and f.related_model is not None:
                data[f.name] = self.link(f.related_model, getattr(obj, f.attname))
            elif isinstance(f, models.FileField):
                name = getattr(obj, f.attname).name
                data[f.name] = os.path.basename(name) if name else None
            else:
                data[f.name] = _plain(getattr(obj, f.attname))
        return data

    def section(
        self,
        model: type[models.Model],
        pks: set[Any],
        after: str,
        naming: dict[Any, set[str]] | None = None,
    ) -> dict[str, Any]:
        """The rows `pks` of `model`, with what erasure does to them (and, for mentions, the
        fields that name the person)."""
        rows = []
        for obj in model._base_manager.filter(pk__in=pks).order_by("pk"):
            data = self.row(obj)
            if naming is not None:
                data["naming_you"] = sorted(naming.get(obj.pk, ()))
            rows.append(data)
        return {
            "name": str(model._meta.verbose_name_plural),
            "after_erasure": after,
            "rows": rows,
        }


def _mail_row(mail: Email, addresses: frozenset[str]) -> dict[str, Any]:
    recipients = _addresses_in([*mail.to, *mail.cc, *mail.bcc])
    return {
        "id": mail.pk,
        "created": _plain(mail.created),
        "status": mail.get_status_display() if mail.status is not None else None,
        "to_you_at": sorted(recipients & addresses),
        "subject": mail.subject,
        "message": mail.message,
    }


def _cv(user: User) -> dict[str, Any] | None:
    profile = ParticipantProfile.objects.filter(user=user).first()
    if profile is None or not profile.cv:
        return None
    try:
        with profile.cv.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return None
    return {
        "filename": profile.cv_filename or "cv.pdf",
        "content_type": "application/pdf",
        "uploaded_at": _plain(profile.cv_uploaded_at),
        "base64": base64.b64encode(content).decode("ascii"),
    }


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "account_type": user.account_type,
        "preferred_language": user.preferred_language,
        "date_joined": _plain(user.date_joined),
        "last_login": _plain(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


def _profile(user: User) -> dict[str, Any] | None:
    profile = ParticipantProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    names = [*PROFILE_FIELDS, "shares_with_employers", "consent_given_at", "is_advisor",
             "advisor_fields", "advisor_bio_en", "advisor_bio_ja", "cv_filename",
             "cv_uploaded_at", "created_at", "updated_at"]  # fmt: skip
    return {name: _plain(getattr(profile, name)) for name in names}


def export_data(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about the person, as JSON-ready data (APPI).

    `account` and `profile` summarise; `cv` carries the CV file (base64); `records` has every
    row linked to the person by model ("app.Model"), with what erasure does to it; `history`
    the past versions of those rows; `mentions` the rows of others or of an organisation that
    name the person (only the name goes on erasure). Rows that name the person without a link
    (mail, inquiries and invitations to a verified address; admin log entries about the
    person's rows) are in `records` too.
    """
    footprint = walk(user)
    exporter = _Exporter(footprint)
    records: dict[str, Any] = {}
    going: dict[type[models.Model], set[Any]] = defaultdict(set)
    for group in (footprint.deleted, footprint.named_in):
        for model, pks in group.items():
            if model is not Email:
                going[model] |= pks
    for model, pks in going.items():
        if pks:
            records[label_of(model)] = exporter.section(model, pks, "deleted")
    for model, pks in footprint.owned.items():
        pks = pks - footprint.deleted.get(model, set())
        if pks:
            after = "kept without your name and free text, for anonymous statistics"
            records[label_of(model)] = exporter.section(model, pks, after)
    if footprint.named_in.get(Email):
        mails = Email.objects.filter(pk__in=footprint.named_in[Email]).order_by("created", "pk")
        records[label_of(Email)] = {
            "name": str(Email._meta.verbose_name_plural),
            "after_erasure": "deleted",
            "rows": [_mail_row(m, footprint.addresses) for m in mails],
        }
    history = {
        label_of(model): exporter.section(model, pks, "deleted, or blanked like the row")
        for model, pks in footprint.history.items()
        if pks
    }
    mentions = {
        label_of(model): exporter.section(
            model, set(rows), "kept; only your name is removed", naming=rows
        )
        for model, rows in footprint.mentions.items()
        if rows
    }
    return {
        "exported_at": _plain(timezone.now()),
        "account": _account(user),
        "profile": _profile(user),
        "cv": _cv(user),
        "records": dict(sorted(records.items())),
        "history": dict(sorted(history.items())),
        "mentions": dict(sorted(mentions.items())),
    }


# --- Erasure -------------------------------------------------------------------------------


def erasure_refusal(user: User) -> str | None:
    """Why the account cannot be deleted now, or None.

    Staff accounts are closed by an administrator. The owner of an employer organisation that
    has other members must first make one of them the owner (the organisation's page): it must
    never be left without someone who answers for it. A sole owner may leave; the
    organisation's records (details, booths, positions) stay with CLAIR without a member.
    """
    if user.is_staff or user.is_superuser:
        return _("Staff accounts are closed by an administrator.")
    membership = getattr(user, "employer_membership", None)
    if (
        membership is not None
        and membership.is_owner
        and membership.employer.memberships.exclude(user=user).exists()
    ):
        return _(
            "You are the owner of %(employer)s, which has other members. Please make one of "
            "them the owner on your organisation's page before deleting your account."
        ) % {"employer": membership.employer.name}
    return None


def _release(profile: ParticipantProfile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    errors = tuple(import_string(path) for path in RELEASE_ERRORS)
    try:
        return {path: import_string(path)(profile=profile) for path in RELEASE_HOOKS}
    except errors as exc:
        raise ErasureRefused(str(exc)) from exc


def _delete_file_after_commit(storage: Any, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _scrub(footprint: Footprint) -> None:
    """Blank the free text of the person's kept rows and of their past versions."""
    for model, pks in footprint.owned.items():
        names = SCRUB.get(label_of(model))
        if not names or not pks:
            continue
        model._base_manager.filter(pk__in=pks).update(**dict.fromkeys(names, ""))
        history = _history_model(model)
        if history is not None:
            key = model._meta.pk.attname
            history._base_manager.filter(**{f"{key}__in": pks}).update(**dict.fromkeys(names, ""))


def _delete_named(footprint: Footprint) -> None:
    """Delete the rows that name the person without a link (mail with its attachments not
    also sent to someone else, inquiries, invitations, admin log entries)."""
    mail_ids = footprint.named_in.get(Email, set())
    if mail_ids:
        attachments = list(Attachment.objects.filter(emails__in=mail_ids).distinct())
        Email.objects.filter(pk__in=mail_ids).delete()
        for attachment in attachments:
            if not attachment.emails.exists():  # not also sent to someone else
                if attachment.file:
                    _delete_file_after_commit(attachment.file.storage, attachment.file.name)
                attachment.delete()
    for model, pks in footprint.named_in.items():
        if model is not Email and pks:
            model._base_manager.filter(pk__in=pks).delete()


def _purge_history(footprint: Footprint) -> None:
    """After the account is gone: versions of deleted rows go (including the ones the deletion
    itself may have written), versions elsewhere lose their pointer to anything deleted."""
    for model, pks in footprint.deleted.items():
        history = _history_model(model)
        if history is not None and pks:
            key = model._meta.pk.attname
            history._base_manager.filter(**{f"{key}__in": pks}).delete()
    for history in _historical_models():
        for link in history._meta.concrete_fields:
            if not link.is_relation or link.related_model is None:
                continue
            gone = footprint.deleted.get(link.related_model)
            if gone:
                history._base_manager.filter(**{f"{link.attname}__in": gone}).update(
                    **{link.attname: None}
                )


@transaction.atomic
def erase_account(*, user: User) -> ErasureRecord:
    """Delete the account and everything personal linked to it; keep an anonymous count.

    Refuses with ErasureRefused (see erasure_refusal; or a hook's domain error, such as an
    event too busy right now: nothing changes). Upcoming seats, waiting-list places,
    consultations and internship offers are released first (RELEASE_HOOKS), so others can
    have them. Then: the person's kept rows lose their free text, mail and inquiries to the
    person's verified addresses go, the account goes with everything that cascades from it
    (SET_NULL links are emptied by Django), past versions are purged, and the CV file is
    removed once this commits. Returns the anonymous ErasureRecord.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    refusal = erasure_refusal(user)
    if refusal:
        raise ErasureRefused(refusal)
    profile = ParticipantProfile.objects.filter(user=user).first()
    released = _release(profile)
    footprint = walk(user)
    if footprint.protected:  # the privacy test keeps this from happening
        raise RuntimeError(f"Protected rows block the erasure: {footprint.protected!r}")
    record = ErasureRecord.objects.create(
        account_type=user.account_type, participant_status=profile.status if profile else ""
    )
    if profile is not None and profile.cv:
        _delete_file_after_commit(profile.cv.storage, profile.cv.name)
    _scrub(footprint)
    _delete_named(footprint)
    # Other sessions of the person end by themselves: their user no longer exists.
    user.delete()
    _purge_history(footprint)
    logger.info(
        "Account erased (%s): %s",
        record.account_type,
        {label_of(m): len(p) for m, p in footprint.rows() if p} | {"released": released},
    )
    return record
