"""Page titles of Django's admin, worded for a Japanese office worker.

Django's Japanese titles follow the English word order with spaces around the model's name
(「変更する 企業・団体 を選択」, 「企業・団体 を変更」, 「メンバー登録 の追加」); issue #15's tester
read them as machine translation. Django looks a message up in the project's catalogue first,
so these msgids, written exactly as django.contrib.admin 5.2 writes them, take our Japanese
(「企業・団体一覧」, 「企業・団体の編集」, 「企業・団体の追加」); they are listed here because
makemessages reads only our code. tests/test_admin_language.py opens such pages in Japanese.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add %s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
]
