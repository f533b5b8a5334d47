"""The words of django-simple-history's admin pages (an object's history, a past version), which
the library ships in no Japanese.

Django looks a message up in every catalogue, the project's first, so our catalogue translates
the library's own messages; they are listed here because makemessages reads only our code.
Each is written exactly as django-simple-history 3.13 writes it (its templates, its admin and
the `history_type` choices of its models); messages Django's admin already translates ("History",
"Date/time", "Close", "Change history: %s") are left out. tests/test_admin_language.py opens a
history page in Japanese.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # object_history.html, object_history_list.html
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    # the `history_type` of every history record
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    # object_history_form.html, submit_line.html, admin.py: a past version and reverting to it
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("You may edit it again below"),
]
ENTRIES = ngettext_lazy("entry", "entries", "counter")
