"""Password rules in the portal's own words: Django's minimum length, told plainly.

Django's Japanese for the minimum length reads 「最低 12 文字以上必要です」 (最低 and 以上 say
the same thing twice); a Japanese reader found it clumsy (issue #13's tester), so the
portal words the message and the help text itself. The rule is Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """At least `min_length` characters (OWASP ASVS 2.1.1: 12), in the portal's words.
    Raises ValidationError (code "password_too_short") for a shorter password."""

    def validate(self, password: str, user: object = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short", params={})

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(min_length)d character.",
            "Use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
