"""Japanese date formats for what Django formats itself (admin lists and read-only fields,
`|date` without a format): the same reading as the portal's pages (jetcareer.web.dates).
Django's own 「2026年12月1日11:46」 ran the day into the time; ours reads
「2026年12月1日（火）11:46」."""

DATETIME_FORMAT = "Y年n月j日（D）H:i"
TIME_FORMAT = "H:i"
