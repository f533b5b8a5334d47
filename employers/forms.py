"""Input forms of the employer pages and of the staff's reject action."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from jetcareer.accounts.email_addresses import EmailAddressField

from .models import Employer
from .services import DETAIL_FIELDS

PHONE_CHARACTERS = re.compile(r"^[0-9+()\- ]+$")
PHONE_DIGITS = (8, 15)  # a Japanese landline has 10 digits; E.164 allows 15 at most
PHONE_MESSAGE = _(
    "Enter a phone number with digits, spaces, hyphens, + and parentheses only, "
    "for example 03-5213-1727 or +81 3 5213 1727."
)


class WebsiteField(forms.URLField):
    """A web address: http or https only (no ftp, no javascript:); "example.jp" means https."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Enter a valid website address starting with http:// or https://."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(assume_scheme="https", **kwargs)


class EmployerForm(forms.ModelForm):
    """The organisation's details, used to register and to edit."""

    website = WebsiteField(
        label=_("website"), required=False, help_text=_("For example https://www.example.co.jp")
    )

    class Meta:
        model = Employer
        fields = list(DETAIL_FIELDS)
        widgets = {
            "description_ja": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "name_en": _("Also used in the address of your public page."),
            "contact_name": _("The person CLAIR contacts about this registration."),
        }

    def __init__(self, *args: Any, submit_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # CLAIR calls the contact person to verify the organisation, so both are required here
        # even though the model allows them empty (for organisations staff enter themselves).
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].required = True
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Organisation"),
                Row(
                    Column("name_ja", css_class="col-md-6"), Column("name_en", css_class="col-md-6")
                ),
                Row(
                    Column("industry", css_class="col-md-4"),
                    Column("prefecture", css_class="col-md-4"),
                    Column("size", css_class="col-md-4"),
                ),
                "website",
            ),
            Fieldset(
                _("Description"),
                Row(
                    Column("description_ja", css_class="col-md-6"),
                    Column("description_en", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Contact for CLAIR"),
                Row(
                    Column("contact_name", css_class="col-md-6"),
                    Column("contact_phone", css_class="col-md-6"),
                ),
            ),
            Submit("submit", submit_label or _("Save")),
        )

    def clean_contact_phone(self) -> str:
        # NFKC turns full-width digits and hyphens, common in Japanese input, into ASCII.
        phone = " ".join(unicodedata.normalize("NFKC", self.cleaned_data["contact_phone"]).split())
        digits = sum(ch in "0123456789" for ch in phone)
        if not PHONE_CHARACTERS.match(phone) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
            raise forms.ValidationError(PHONE_MESSAGE, code="phone")
        return phone


class InviteForm(forms.Form):
    email = EmailAddressField(
        label=_("Colleague's e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class RejectForm(forms.Form):
    """The reason staff give when rejecting employers in admin; sent to every member."""

    reason = forms.CharField(
        label=_("Reason given to the employer"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Sent by e-mail to every member of the organisation and shown on their page."),
    )
