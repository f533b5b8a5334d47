"""Regional actions. Each module holds one subject: members (host members and their
invitations), subsidies (applications, CLAIR's review, the activity an approved one becomes,
result reports), host_events (the host completes and publishes its draft events), furusato (the
JET Furusato Vision Project: proposals, selection, report meetings).

Every function takes keyword arguments, runs in one transaction and raises `RegionalError` with
a translated message when the action is refused. Mail is queued in the same transaction
(jetcareer.outbox), each message in its recipient's language.
"""

from .errors import RegionalError

__all__ = ["RegionalError"]
