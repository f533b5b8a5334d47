"""Matrix rows: announcements (pages and feeds) and the contact form, all public."""

from __future__ import annotations

from tests.permissions.matrix import Row, World, every
from tests.portal.factories import AnnouncementFactory


def prepare(world: World) -> None:
    world.objects["announcement"] = AnnouncementFactory(title_en="Published news")
    world.objects["draft_announcement"] = AnnouncementFactory(title_en="Draft", draft=True)


ROWS = [
    Row("portal:announcements", every(200)),
    Row("portal:announcement", every(200), kwargs=lambda w: {"slug": w.announcement.slug}),
    # Not published yet: staff preview it, for everyone else it does not exist.
    Row(
        "portal:announcement",
        every(404, administration=200, staff=200),
        kwargs=lambda w: {"slug": w.draft_announcement.slug},
    ),
    Row("portal:announcement_feed", every(200)),
    Row("portal:announcement_audience_feed", every(200), kwargs=lambda w: {"audience": "alumni"}),
    Row("portal:contact", every(200)),
    # An empty post is an invalid form shown again: nothing is stored or sent.
    Row("portal:contact", every(200), method="post"),
    Row("portal:contact_sent", every(200)),
]
