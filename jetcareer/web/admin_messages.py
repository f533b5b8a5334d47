"""Page titles of Django's admin, worded for a Japanese office worker.

Django's Japanese titles follow the English word order with spaces around the model's name
(「変更する 企業・団体 を選択」, 「企業・団体 を変更」, 「メンバー登録 の追加」); issue #15's tester
read them as machine translation. Django looks a message up in the project's catalogue first,
so these msgids, written exactly as django.contrib.admin 5.2 writes them, take our Japanese
(「企業・団体一覧」, 「企業・団体の編集」, 「企業・団体の追加」); they are listed here because
makemessages reads only our code. tests/test_admin_language.py opens such pages in Japanese.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add %s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    # The list's filters: 「状態で絞り込む」, not Django's 「状態 で絞り込む」.
    gettext_noop(" By %(filter_title)s "),
    # The list's button, selection and messages, the related-object buttons' tooltips and the
    # deletion pages: no space around the model's name, full-width ？ and ：.
    gettext_noop("Add %(name)s"),
    gettext_noop("Export selected %(verbose_name_plural)s"),  # django-import-export's action
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("%(full_result_count)s total"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Select %s"),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected "
        "related objects: %(related_objects)s"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected "
        "related objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. "
        "Would you like to login to a different account?"
    ),
]
# The count beside the search box: 「199,858件」, not Django's 「結果 199858」.
RESULTS = ngettext_lazy("%(counter)s result", "%(counter)s results", "counter")
CHANGED = ngettext_lazy(
    "%(count)s %(name)s was changed successfully.",
    "%(count)s %(name)s were changed successfully.",
    "count",
)
SELECTED = ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected", "total_count")
