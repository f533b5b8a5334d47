"""The e-mail outbox: every message is stored in the transaction of the change that causes it,
and delivered after commit by a worker, exactly once (see delivery.py).

Every door leads here: the portal's own mail (`queue_mail`), allauth's (accounts.adapter), and
anything Django sends (password resets, admin error mail) through `OutboxBackend`, the
EMAIL_BACKEND. A message is a row of django-post-office's Email table. When the transaction
commits, one Celery task per transaction (not per message) is asked to deliver; if the broker is
down the change still succeeds and the periodic sweep (Celery beat) delivers later.

Mail to many people at once (a cancelled fair, a published matching run) is not rendered in the
request: `queue_bulk_mail` stores the recipients' ids as batches in the caller's transaction, and
a worker renders and queues each batch, exactly once (decision: "Outbox", docs/decisions.md).
Mail caused by a seat decision goes the same way, one batch of one person, so the event's lock
is not held while templates and calendar files are made (docs/decisions.md, #14); such small
batches are rendered by one coalesced worker round rather than one task each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from post_office.models import PRIORITY, STATUS, Attachment, Email
from post_office.settings import get_message_id_enabled, get_message_id_fqdn

from jetcareer.celery import enqueue

from .rendering import build_message, render_message

logger = logging.getLogger(__name__)

# A file attached to a message: (content, MIME type), or a function returning that, which is
# called in the recipient's language (an .ics whose title must be in that language).
AttachmentSource = tuple[bytes, str] | Callable[[], tuple[bytes, str]]

# How many recipients one bulk-mail batch (one broker message, one transaction) holds.
BULK_BATCH_SIZE = 500
# While a worker round for small batches is asked for and has not started, later commits ask
# for none (a cache key); after this many seconds a lost request is asked for again.
PENDING_ROUND_KEY = "outbox:pending-round"
PENDING_ROUND_SECONDS = 10
# Set while a worker round stores many batches' messages: one delivery request at its end.
_deferred_delivery: ContextVar[list[bool] | None] = ContextVar("deferred_delivery", default=None)
# The outbox's tasks (tasks.py), sent by name: tasks import this module, never the reverse.
DELIVER_TASK = "jetcareer.outbox.tasks.deliver_outbox"
BATCH_TASK = "jetcareer.outbox.tasks.queue_mail_batch"
PENDING_ROUND_TASK = "jetcareer.outbox.tasks.queue_pending_mail"


def store(message: EmailMessage) -> Email:
    """Store a rendered Django message in the outbox as queued; deliver after commit.

    Takes the message as rendered (subject, text, HTML alternative, headers, Reply-To and
    attachments are kept); returns the stored Email. Nothing is re-rendered on the way, so text
    from users (an event title with `{{` or `&`) arrives as written.
    """
    html = next(
        (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), ""
    )
    headers = dict(message.extra_headers or {})
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(message.reply_to))
    email = Email.objects.create(
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        subject=message.subject,
        message=message.body,
        html_message=html,
        headers=headers or None,
        priority=PRIORITY.medium,
        status=STATUS.queued,
        message_id=make_msgid(domain=get_message_id_fqdn()) if get_message_id_enabled() else None,
    )
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            name, content = attachment.get_filename(), attachment.get_payload(decode=True)
            mimetype = attachment.get_content_type()
        else:
            name, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        stored = Attachment(name=name, mimetype=mimetype or "")
        stored.file.save(name, ContentFile(content), save=True)
        stored.emails.add(email)
    request_delivery_after_commit()
    return email


def queue_mail(
    *,
    to: Iterable[str],
    template: str,
    context: Mapping[str, Any],
    language: str,
    attachments: Mapping[str, AttachmentSource] | None = None,
    reply_to: Iterable[str] | None = None,
) -> Email:
    """Render templates/emails/<template>* in `language` and store the message in the outbox.

    `language` is the recipient's stored language (User.preferred_language), never the page's.
    Attachments given as functions are produced in that language too. Replies go to
    `reply_to` when given, else to the sender. Returns the stored Email; it is delivered after
    the surrounding transaction commits, or not at all if it rolls back.
    """
    subject, text, html = render_message(template=template, context=context, language=language)
    message = build_message(
        to=list(to), subject=subject, text=text, html=html, reply_to=list(reply_to or ())
    )
    with translation.override(language):
        for name, source in (attachments or {}).items():
            content, mimetype = source() if callable(source) else source
            message.attach(name, content, mimetype)
    return store(message)


def queue_mail_to_each(
    *,
    people: Iterable[Any],
    template: str,
    context: Mapping[str, Any],
    attachments: Mapping[str, AttachmentSource] | None = None,
) -> int:
    """Queue one message to each person (a user: every member of an organisation, say), each
    rendered in that person's stored language, with the person as `user` in `context`.
    `attachments` go to each message; those given as functions are made in each person's
    language (a calendar file's title, say).

    Returns the number of messages queued; like `queue_mail`, they go with the surrounding
    transaction.
    """
    count = 0
    for person in people:
        queue_mail(
            to=[person.email],
            template=template,
            context={**context, "user": person},
            language=person.preferred_language,
            attachments=attachments,
        )
        count += 1
    return count


def recipient_language(address: str, user: Any = None, fallback: str | None = None) -> str:
    """The language a person chose for their e-mails (User.preferred_language): of `user` when
    given, else of the account with this address (primary or secondary). For an address with no
    account: `fallback`, else the active language (the person is at the page that asked)."""
    from allauth.account.models import EmailAddress

    from jetcareer.accounts.models import User

    if user is None or not getattr(user, "preferred_language", None):
        user = User.objects.filter(email__iexact=address).first()
        if user is None:
            known = EmailAddress.objects.filter(email__iexact=address).select_related("user")
            user = getattr(known.first(), "user", None)
    if user is not None and user.preferred_language:
        return user.preferred_language
    return fallback or translation.get_language() or settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    """The full address of a portal path ("/employers/mine/"), for a link in an e-mail: the
    reader is not on the site, so the path alone would not open (SITE_URL, settings)."""
    return settings.SITE_URL.rstrip("/") + path


# --- Delivery requests ----------------------------------------------------------------------


def request_delivery() -> None:
    """Ask a worker to deliver what is due; never let a broker outage break the caller."""
    try:
        enqueue(DELIVER_TASK)
    except Exception:  # the broker is unreachable: the beat sweep delivers later
        logger.warning("Could not reach the broker; queued mail waits for the sweep.")


def request_delivery_after_commit() -> None:
    """One delivery request per transaction, however many messages it stores.

    Publishing a run stores thousands of messages in a few transactions; one broker message per
    recipient would flood the queue. Outside a transaction the request goes out at once.
    """
    deferred = _deferred_delivery.get()
    if deferred is not None:  # a worker round asks once, at its end
        deferred.append(True)
        return
    if connection.in_atomic_block and any(
        func is request_delivery for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(request_delivery, robust=True)


@contextmanager
def one_delivery_request() -> Iterator[None]:
    """Messages stored inside the block, in any number of transactions, ask for no delivery
    each; one request goes out when the block ends, if any message was stored (their
    transactions have committed by then)."""
    stored: list[bool] = []
    token = _deferred_delivery.set(stored)
    try:
        yield
    finally:
        _deferred_delivery.reset(token)
        if stored:
            request_delivery()


# --- Bulk mail ------------------------------------------------------------------------------

_BULK_MAILERS: set[str] = set()


def bulk_mailer(func: Callable[..., int]) -> Callable[..., int]:
    """Mark `func(ids, **facts) -> messages queued` as a bulk mailer that `queue_bulk_mail` may
    name.

    The function runs in a worker inside the batch's transaction and calls `queue_mail` once per
    id it still finds (rows deleted meanwhile are skipped); `facts` are those given to
    `queue_bulk_mail`.
    """
    _BULK_MAILERS.add(f"{func.__module__}.{func.__qualname__}")
    return func


def queue_bulk_mail(mailer: Callable[..., int], ids: Sequence[int], **facts: Any) -> int:
    """Have a worker mail `ids` with `mailer` (a @bulk_mailer), in batches of BULK_BATCH_SIZE.

    `facts` (JSON values: a template name, whether a seat was held) are stored with each batch
    and passed to the mailer, so the mail tells what was true now, not when the worker runs.
    The batches are stored in the caller's transaction, so they exist exactly when the change
    does. After commit, a mailing of several batches sends one task per batch to the broker (so
    several workers share it); a single batch asks for a coalesced worker round, at most one
    broker message however many commits ask meanwhile (`request_pending_round`). The sweep picks
    up whatever a lost message left. Returns the number of batches. Raises ValueError when
    `mailer` is not a @bulk_mailer.
    """
    from .models import MailBatch

    name = f"{mailer.__module__}.{mailer.__qualname__}"
    if name not in _BULK_MAILERS:
        raise ValueError(f"{name} is not a @bulk_mailer")
    ids = list(ids)
    batches = MailBatch.objects.bulk_create(
        [
            MailBatch(mailer=name, ids=ids[start : start + BULK_BATCH_SIZE], facts=facts)
            for start in range(0, len(ids), BULK_BATCH_SIZE)
        ]
    )
    pks = [batch.pk for batch in batches]
    if len(pks) == 1:
        transaction.on_commit(request_pending_round, robust=True)
    elif pks:
        transaction.on_commit(lambda: _request_batches(pks), robust=True)
    return len(pks)


def mail_batch_insert(
    mailer: Callable[..., int], ids: Sequence[Any], *, when: str, **facts: Any
) -> tuple[str, list[Any]]:
    """The INSERT of one mail batch (`mailer`, `ids`, `facts`: as `queue_bulk_mail`) as SQL and
    its parameters, written only `when` (an SQL condition of the caller's statement), for a
    service that writes its change and the change's mail in one statement, a data-modifying
    `WITH` on PostgreSQL (events.services.registrations: the row lock of a seat is then
    released by the server at the statement's end, not after a round trip to COMMIT). The
    outbox rule holds: the batch exists exactly when the change does. After the statement, the
    caller asks for a round with `transaction.on_commit(request_pending_round)`. Raises
    ValueError when `mailer` is not a @bulk_mailer.
    """
    from .models import MailBatch

    name = f"{mailer.__module__}.{mailer.__qualname__}"
    if name not in _BULK_MAILERS:
        raise ValueError(f"{name} is not a @bulk_mailer")
    batch = MailBatch(mailer=name, ids=list(ids), facts=facts)
    qn = connection.ops.quote_name
    fields = [field for field in MailBatch._meta.concrete_fields if not field.primary_key]
    sql = (
        f"INSERT INTO {qn(MailBatch._meta.db_table)} "  # names from the model
        f"({', '.join(qn(field.column) for field in fields)}) "
        f"SELECT {', '.join(['%s'] * len(fields))} WHERE {when}"
    )
    params = [field.get_db_prep_save(field.pre_save(batch, True), connection) for field in fields]
    return sql, params


def _request_batches(pks: list[int]) -> None:
    try:
        for pk in pks:
            enqueue(BATCH_TASK, pk)
    except Exception:
        logger.warning("Could not reach the broker; mail batches wait for the sweep.")


def request_pending_round() -> None:
    """Ask a worker to render every pending batch, unless a round is already asked for and has
    not yet started: call after the batch's transaction commits.

    Why nothing is missed: the round deletes PENDING_ROUND_KEY before it looks for pending
    batches. A commit that finds the key set comes before that deletion, so the round sees its
    batch; a commit after it sets the key again and asks for a new round. A request lost on the
    way (broker down) leaves the key for PENDING_ROUND_SECONDS and its batch for the sweep; with
    the cache down every commit asks (jetcareer.cache answers `add` with True).
    """
    if not cache.add(PENDING_ROUND_KEY, 1, timeout=PENDING_ROUND_SECONDS):
        return
    try:
        enqueue(PENDING_ROUND_TASK)
    except Exception:
        logger.warning("Could not reach the broker; mail batches wait for the sweep.")


def run_pending_batches() -> int:
    """A worker round: render and queue every batch not yet queued, oldest first, each in its
    own transaction (`run_mail_batch`), with one delivery request at the end. Returns the
    number of messages queued."""
    from .models import MailBatch

    cache.delete(PENDING_ROUND_KEY)  # first: see request_pending_round
    queued = 0
    with one_delivery_request():
        pending = MailBatch.objects.filter(queued_at__isnull=True).order_by("pk")
        for pk in pending.values_list("pk", flat=True):
            queued += run_mail_batch(pk)
    return queued


def run_mail_batch(pk: int) -> int:
    """Render and queue one batch's messages, once: the batch row is locked and marked done in
    the same transaction as the messages it queues, so a retried or duplicated task queues
    nothing twice. Returns the number of messages queued (0 if already done or taken)."""
    from .models import MailBatch

    with transaction.atomic():
        batch = (
            MailBatch.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, queued_at__isnull=True)
            .first()
        )
        if batch is None:
            return 0
        if batch.mailer not in _BULK_MAILERS:
            import_string(batch.mailer)  # importing the module registers its mailers
        if batch.mailer not in _BULK_MAILERS:
            raise ValueError(f"{batch.mailer} is not a @bulk_mailer")
        queued = import_string(batch.mailer)(batch.ids, **(batch.facts or {}))
        batch.queued_at = timezone.now()
        batch.messages = queued
        batch.save(update_fields=["queued_at", "messages"])
    return queued


def pending_batches(older_than_seconds: float = 60) -> list[int]:
    """Batches not yet queued whose task should have run by now (the sweep runs them)."""
    from .models import MailBatch

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        MailBatch.objects.filter(queued_at__isnull=True, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
