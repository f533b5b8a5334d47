"""E-mail addresses people type: the length limits of the mail standards, checked in forms
with a message instead of failing in the database or at the mail server (issue #13)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# RFC 5321 §4.5.3.1: a local part (before the @) of at most 64 octets, and a path of at most
# 256 including the angle brackets, so an address of at most 254 characters (RFC 3696
# erratum 1690). Every e-mail column of the portal is 254 long (Django's EmailField).
MAX_LENGTH = 254
MAX_LOCAL_LENGTH = 64


def validate_length(value: str) -> None:
    """Raise ValidationError (code "email_length") when the address is longer than MAX_LENGTH
    or its part before the @ longer than MAX_LOCAL_LENGTH; other checks are EmailValidator's."""
    if len(value) > MAX_LENGTH:
        raise ValidationError(
            _("An e-mail address can have at most %(limit)d characters (it has %(length)d)."),
            code="email_length",
            params={"limit": MAX_LENGTH, "length": len(value)},
        )
    local = value.rpartition("@")[0]
    if len(local) > MAX_LOCAL_LENGTH:
        raise ValidationError(
            _(
                "The part of an e-mail address before the @ can have at most %(limit)d "
                "characters (it has %(length)d)."
            ),
            code="email_length",
            params={"limit": MAX_LOCAL_LENGTH, "length": len(local)},
        )


class EmailAddressField(forms.EmailField):
    """Django's EmailField with the limits above: use it for every address a form takes, also
    in ModelForms (Meta.field_classes), whose model field checks only the total length."""

    default_validators = [*forms.EmailField.default_validators, validate_length]

    def __init__(self, **kwargs: Any) -> None:
        # No max_length: the browser would cut a pasted address silently; the validator says
        # what is wrong instead.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
