"""Exhibitor pages: employers find fairs, apply for a booth or an online presentation and
withdraw; approved exhibitors read the résumé book of a fair, keep their organisation's
shortlist with private notes, and download the list (CSV, .xlsx) and its CVs (one ZIP); staff
who may read CVs do the same without a shortlist, and export the whole book as CSV. Thin:
parse, check permission, call a service, render."""

from __future__ import annotations

import logging
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import rules
import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.formats import base_formats

from employers.models import Employer
from jetcareer.choices import Industry, JobType
from jetcareer.pagination import page_of, page_query
from jetcareer.permissions import (
    employer_member_required,
    is_approved_exhibitor_member,
    permission_required,
)
from jetcareer.spreadsheets import csv_response, escape_formula
from participants.cv import SAFE_NAME
from participants.models import ParticipantProfile

from .exhibitor_forms import ApplicationForm, ResumeBookFilter, ShortlistNoteForm
from .models import Event, Exhibitor
from .services import EventError, shortlists
from .services import exhibitors as svc
from .shortlists import NOTE_MAX_LENGTH as SHORTLIST_NOTE_MAX_LENGTH
from .shortlists import ShortlistEntry, with_shortlist

logger = logging.getLogger(__name__)


def _employer(request: HttpRequest) -> Employer:
    return request.user.employer_membership.employer


def _fair(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR, is_published=True)


def _not_verified(request: HttpRequest, employer: Employer, event: Event | None) -> HttpResponse:
    """403, saying why: the organisation exists but CLAIR has not verified it (yet)."""
    return render(
        request,
        "events/exhibitor_not_verified.html",
        {"employer": employer, "event": event},
        status=403,
    )


@login_required
@employer_member_required
def fairs(request: HttpRequest) -> HttpResponse:
    """Upcoming career fairs, each with the organisation's application or an Apply link."""
    employer = _employer(request)
    upcoming = (
        Event.objects.published()
        .filter(
            kind=Event.Kind.CAREER_FAIR,
            status=Event.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .annotate(
            n_booths_taken=Count(
                "exhibitors",
                filter=Q(
                    exhibitors__status=Exhibitor.Status.APPROVED, exhibitors__wants_booth=True
                ),
            )
        )
        .prefetch_related(
            Prefetch(
                "exhibitors",
                queryset=Exhibitor.objects.filter(employer=employer).exclude(
                    status=Exhibitor.Status.WITHDRAWN
                ),
                to_attr="own_applications",
            )
        )
        .order_by("starts_at")
    )
    return render(request, "events/exhibitor_fairs.html", {"employer": employer, "fairs": upcoming})


@login_required
@employer_member_required
def exhibit(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's application for one fair: the form, or where it stands."""
    event = _fair(slug)
    employer = _employer(request)
    if not employer.is_verified:
        return _not_verified(request, employer, event)
    application = svc.live_application(event=event, employer=employer)
    form = ApplicationForm(request.POST or None, event=event)
    if request.method == "POST" and application is None and form.is_valid():
        try:
            svc.apply_for_booth(
                event=event,
                employer=employer,
                by=request.user,
                wants_booth=form.cleaned_data["wants_booth"],
                online_presentation=form.cleaned_data["online_presentation"],
                note=form.cleaned_data["note"],
            )
        except EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you. CLAIR will review your application and tell you by e-mail."),
            )
            return redirect("events:exhibit", slug=event.slug)
    elif request.method == "POST" and application is not None:
        # A second tab or a colleague applied in the meantime: show where it stands.
        messages.info(request, _("Your organisation has already applied for this fair."))
        return redirect("events:exhibit", slug=event.slug)
    booths_left = None
    if event.booth_capacity is not None:
        booths_left = max(event.booth_capacity - svc.booths_taken(event), 0)
    return render(
        request,
        "events/exhibitor_apply.html",
        {
            "event": event,
            "employer": employer,
            "application": application,
            "form": form,
            "refusal": svc.refusal_to_exhibit(event),
            "booths_left": booths_left,
        },
    )


@require_POST
@login_required
@employer_member_required
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    event = _fair(slug)
    application = svc.live_application(event=event, employer=_employer(request))
    if application is None:
        raise Http404
    try:
        svc.withdraw_exhibitor(exhibitor=application)
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your organisation's application is withdrawn."))
    return redirect("events:exhibit", slug=event.slug)


RESUME_BOOK_PER_PAGE = 30
# The pages cover the first 1,000 people (34 pages) and the count reads at most 1,001: a
# national fair has 6,000, and counting all of them cost more than the rest of the page
# (issue #14). Beyond, the filters narrow the list and the downloads hold everyone.
RESUME_BOOK_PAGES_COVER = 1000
# The CVs of a ZIP are read on the request (up to 5 MB each, participants.cv): beyond this many,
# the member is asked to narrow the filters (the shortlist is the usual way).
CV_ZIP_LIMIT = 200
# The ZIP is written in memory up to this size, then to a temporary file.
CV_ZIP_IN_MEMORY_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Reader:
    """Who reads a fair's résumé book: a member of an organisation approved to exhibit there
    (`employer`, with its shortlist), or staff who may read CVs (`employer` None)."""

    event: Event
    employer: Employer | None


def _reader(request: HttpRequest, slug: str) -> Reader:
    """The fair and its reader, or 403 for anyone else (jetcareer.permissions)."""
    event = get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR)
    if is_approved_exhibitor_member(request.user, event):
        return Reader(event, _employer(request))
    if not rules.has_perm("events.view_resume_book", request.user, event):
        raise PermissionDenied
    return Reader(event, None)


def _filtered(request: HttpRequest, reader: Reader) -> ResumeBookFilter:
    """The résumé book, as read now (consent is never copied), with the organisation's own
    shortlist joined for its members, narrowed by the query string's filters."""
    profiles = svc.resume_book(reader.event)
    if reader.employer is not None:
        profiles = with_shortlist(profiles, reader.employer)
    return ResumeBookFilter(request.GET, queryset=profiles, shortlist=reader.employer is not None)


def _book_url(event: Event, query: str = "", anchor: int | None = None) -> str:
    """The résumé book with the filters and page of `query` (a query string; anything else in
    it is dropped), and the card of participant `anchor` in view."""
    given, kept = QueryDict(query), QueryDict(mutable=True)
    for name in (*ResumeBookFilter.base_filters, "page"):
        if given.get(name):
            kept[name] = given[name]
    url = reverse("events:resume_book", kwargs={"slug": event.slug})
    if kept:
        url += "?" + kept.urlencode()
    return url + (f"#p{anchor}" if anchor is not None else "")


def _entry(profile: ParticipantProfile, today: date, job_types: dict[str, str]) -> dict:
    """What the résumé book shows of one person beyond the profile's own fields."""
    return {
        "profile": profile,
        "years_on_jet": profile.years_on_jet(today),
        "job_types": [job_types.get(value, value) for value in profile.job_types],
    }


@login_required
def resume_book(request: HttpRequest, slug: str) -> HttpResponse:
    """Registrants of the fair who consent, for its approved exhibitors (with their
    organisation's shortlist and notes) and staff who may read CVs."""
    reader = _reader(request, slug)
    filters = _filtered(request, reader)
    # Thousands of people at a national fair: a page of them at a time. (Choice labels come
    # from jetcareer.choices.cached_choice_labels: translated once, not once per person.)
    page = page_of(request, filters.qs, RESUME_BOOK_PER_PAGE, cap=RESUME_BOOK_PAGES_COVER)
    job_types, today = {value: str(label) for value, label in JobType.choices}, timezone.localdate()
    query = page_query(request)
    return render(
        request,
        "events/resume_book.html",
        {
            "event": reader.event,
            "page": page,
            "entries": [_entry(profile, today, job_types) for profile in page],
            "filters": filters,
            "shortlist": reader.employer is not None,
            "page_query": query,
            # The filters, for the downloads; with the page, to come back here after a change.
            "filter_query": query.removesuffix("&"),
            "back": request.GET.urlencode(),
            "cv_zip_limit": CV_ZIP_LIMIT,
            "pages_cover": f"{RESUME_BOOK_PAGES_COVER:,}",
            "note_max_length": SHORTLIST_NOTE_MAX_LENGTH,
        },
    )


CSV_HEADER = [
    "name", "name_kana", "email", "status", "position", "prefecture", "country", "years_on_jet",
    "jlpt", "industries", "job_types", "introduction", "consent_given_at", "has_cv",
]  # fmt: skip


def _csv_row(profile: ParticipantProfile, today: date) -> list[object]:
    return [
        profile.full_name,
        profile.full_name_kana,
        profile.user.email,
        profile.status,
        profile.position,
        profile.get_prefecture_display() if profile.prefecture else "",
        profile.country.code if profile.country else "",
        profile.years_on_jet(today),
        profile.get_jlpt_level_display(),
        " / ".join(profile.industries),
        " / ".join(profile.job_types),
        profile.introduction,
        profile.consent_given_at.isoformat() if profile.consent_given_at else "",
        "yes" if profile.cv else "no",
    ]


@login_required
@permission_required("events.export_resume_book")
def resume_book_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The résumé book as a spreadsheet for CLAIR staff (jetcareer.spreadsheets: a BOM for
    Excel, and text participants typed never runs as a formula)."""
    event = get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR)
    today = timezone.localdate()
    return csv_response(
        filename=f"resume-book-{event.slug}.csv",
        header=CSV_HEADER,
        # A spreadsheet is read whole: by name.
        rows=(
            _csv_row(profile, today)
            for profile in svc.resume_book(event).order_by("full_name", "pk")
        ),
    )


# --- Downloads for the résumé book's readers: the list as a spreadsheet, the CVs as a ZIP ----


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _export_header(shortlist: bool) -> list[str]:
    """Column titles in the reader's language, as the page names the same things."""
    field = ParticipantProfile._meta.get_field
    header = [
        capfirst(field("full_name").verbose_name),
        capfirst(field("full_name_kana").verbose_name),
        pgettext("participant", "Status"),
        capfirst(field("position").verbose_name),
        _("Prefecture"),
        capfirst(field("country").verbose_name),
        _("Years on JET"),
        _("JLPT"),
        _("Industries wanted"),
        _("Job types wanted"),
        capfirst(field("introduction").verbose_name),
        _("CV"),
        capfirst(field("consent_given_at").verbose_name),
    ]
    if shortlist:
        entry = ShortlistEntry._meta.get_field
        header += [
            pgettext("résumé book", "Shortlisted"),
            capfirst(entry("note").verbose_name),
            capfirst(entry("added_by").verbose_name),
            capfirst(entry("updated_at").verbose_name),
        ]
    return [str(title) for title in header]


def _export_rows(profiles: Iterable[ParticipantProfile], shortlist: bool) -> Iterator[list[object]]:
    """One row per person: labels, not codes; dates in Japan time; numbers as numbers."""
    today = timezone.localdate()
    industries, job_types = _labels(Industry.choices), _labels(JobType.choices)
    has_cv = pgettext("résumé book export: has a CV", "Yes")
    no_cv = pgettext("résumé book export: has a CV", "No")
    on_list = pgettext("résumé book export: on the shortlist", "Yes")
    for profile in profiles:
        row: list[object] = [
            profile.full_name,
            profile.full_name_kana,
            profile.get_status_display(),
            profile.get_position_display() if profile.position else "",
            profile.get_prefecture_display() if profile.prefecture else "",
            str(profile.country.name) if profile.country else "",
            profile.years_on_jet(today) or None,
            profile.get_jlpt_level_display(),
            " / ".join(industries.get(v, v) for v in profile.industries),
            " / ".join(job_types.get(v, v) for v in profile.job_types),
            profile.introduction,
            has_cv if profile.cv else no_cv,
            timezone.localdate(profile.consent_given_at) if profile.consent_given_at else None,
        ]
        if shortlist:
            listed = profile.shortlist_id is not None
            updated = profile.shortlist_updated_at
            row += [
                on_list if listed else "",
                profile.shortlist_note or "",
                profile.shortlist_added_by or "",
                timezone.localtime(updated).strftime("%Y-%m-%d %H:%M") if updated else "",
            ]
        yield row


def _xlsx_response(
    *, filename: str, title: str, header: list[str], rows: Iterable[list[object]]
) -> HttpResponse:
    """An .xlsx download, every cell through escape_formula as the admin's exports
    (jetcareer.admin_export): a formula typed into a profile stays text. Control characters
    that .xlsx cannot hold become U+FFFD (IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT)."""
    dataset = tablib.Dataset(headers=[escape_formula(t) for t in header], title=title[:31])
    for row in rows:
        dataset.append([escape_formula(cell) for cell in row])
    response = HttpResponse(
        base_formats.XLSX().export_data(dataset), content_type=base_formats.XLSX.CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def resume_book_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The filtered résumé book as CSV for Excel (UTF-8 with a byte-order mark) or .xlsx, by
    name; for an organisation's members with its shortlist and notes. Consent is read now."""
    reader = _reader(request, slug)
    filters = _filtered(request, reader)
    shortlist = reader.employer is not None
    profiles = filters.qs.order_by("full_name", "pk")  # a spreadsheet is read whole: by name
    name = f"resume-book-{reader.event.slug}" + ("-shortlist" if filters.shortlisted_only else "")
    header, rows = _export_header(shortlist), _export_rows(profiles, shortlist)
    if fmt == "xlsx":
        return _xlsx_response(
            filename=f"{name}.xlsx", title=gettext("Résumé book"), header=header, rows=rows
        )
    return csv_response(filename=f"{name}.csv", header=header, rows=rows)


def _name_in_zip(profile: ParticipantProfile) -> str:
    """ "Emily Carter (123).pdf": readable, unique by the id, nothing a file system or an
    unzip tool could read as a folder or a hidden file."""
    name = SAFE_NAME.sub("_", profile.full_name).strip(" ._")[:80].strip() or "cv"
    return f"{name} ({profile.pk}).pdf"


@login_required
def resume_book_cvs(request: HttpRequest, slug: str) -> HttpResponse:
    """The CVs of the filtered résumé book (the shortlist, say) as one ZIP, people without a
    CV left out. Consent is read by this request's query: someone who withdrew it after the
    page was loaded is not in the file. More than CV_ZIP_LIMIT CVs: back to the page, asking
    for narrower filters."""
    reader = _reader(request, slug)
    filters = _filtered(request, reader)
    back = _book_url(reader.event, filters.data.urlencode())
    people = list(filters.qs.exclude(cv="").order_by("full_name", "pk")[: CV_ZIP_LIMIT + 1])
    if not people:
        messages.info(request, _("Nobody in this list has uploaded a CV yet."))
        return redirect(back)
    if len(people) > CV_ZIP_LIMIT:
        messages.error(
            request,
            _(
                "A ZIP file holds up to %(limit)d CVs, and more people with a CV match these "
                "filters. Please narrow them (for example, your shortlist only) and download "
                "again."
            )
            % {"limit": CV_ZIP_LIMIT},
        )
        return redirect(back)
    archive = tempfile.SpooledTemporaryFile(max_size=CV_ZIP_IN_MEMORY_BYTES)  # noqa: SIM115
    written = 0
    # PDFs are compressed already: stored, not deflated again (no CPU spent for nothing).
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
        for profile in people:
            try:
                cv = profile.cv.open("rb")
            except FileNotFoundError:
                logger.warning("CV file missing for profile %s", profile.pk)
                continue
            uploaded = timezone.localtime(profile.cv_uploaded_at or timezone.now())
            info = zipfile.ZipInfo(_name_in_zip(profile), date_time=uploaded.timetuple()[:6])
            info.external_attr = 0o644 << 16  # rw-r--r-- once unzipped, not no rights at all
            with cv, bundle.open(info, "w") as member:
                shutil.copyfileobj(cv, member)
            written += 1
    archive.seek(0)
    logger.info(
        "Résumé book CVs downloaded: fair %s, %s CVs, %s",
        reader.event.slug,
        written,
        f"employer {reader.employer.pk}" if reader.employer else f"staff {request.user.pk}",
    )
    suffix = "-shortlist" if filters.shortlisted_only else ""
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"cv-{reader.event.slug}{suffix}.zip",
        content_type="application/zip",
    )


# --- The shortlist: an exhibiting organisation's members only ---------------------------------


def _shortlist_door(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR)
    if not is_approved_exhibitor_member(request.user, event):
        raise PermissionDenied
    return event


@require_POST
@login_required
def shortlist_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add the person to the organisation's shortlist, or save the note on them; back to the
    résumé book where the member was."""
    event = _shortlist_door(request, slug)
    back = _book_url(event, request.POST.get("back", ""), anchor=pk)
    form = ShortlistNoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    note, seen = form.cleaned_data["note"], form.cleaned_data["seen"]
    try:
        if "seen" in request.POST:  # the note of an entry the member saw on the page
            shortlists.update_shortlist_note(
                event=event, participant_id=pk, by=request.user, note=note, seen=seen
            )
            messages.success(request, _("Note saved. Every member of your organisation sees it."))
        else:
            shortlists.add_to_shortlist(event=event, participant_id=pk, by=request.user, note=note)
            messages.success(request, _("Added to your organisation's shortlist."))
    except EventError as exc:
        messages.error(request, str(exc))
    return redirect(back)


@require_POST
@login_required
def shortlist_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take the person off the organisation's shortlist, with the note."""
    event = _shortlist_door(request, slug)
    back = _book_url(event, request.POST.get("back", ""), anchor=pk)
    try:
        removed = shortlists.remove_from_shortlist(event=event, participant_id=pk, by=request.user)
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        if removed:
            messages.success(request, _("Taken off your organisation's shortlist, with its note."))
        else:
            messages.info(request, _("This person was not on your organisation's shortlist."))
    return redirect(back)
