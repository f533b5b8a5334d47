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
from jetcareer.empty_choice import label_empty_choices
from jetcareer.kana import KanaReadingField

from .corporate_number import normalise as normalise_corporate_number
from .corporate_number import validate as validate_corporate_number
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


class CorporateNumberField(forms.CharField):
    """A corporate number as people type it ("２０１０-００５-..." too), cleaned to its 13 ASCII
    digits; the model's validator checks the length and the check digit."""

    def __init__(self, **kwargs: Any) -> None:
        # Room for separators: the length of the digits themselves is the validator's.
        kwargs["max_length"] = 30
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> str:
        return normalise_corporate_number(super().to_python(value))


class EmployerForm(forms.ModelForm):
    """The organisation's details, used to register and to edit."""

    website = WebsiteField(
        label=_("website"), required=False, help_text=_("For example https://www.example.co.jp")
    )
    name_kana = KanaReadingField(
        label=_("Reading of the name (furigana)"),
        required=False,
        max_length=200,
        help_text=_(
            "In katakana or hiragana, without the legal form (株式会社 and the like), for "
            "example シンシュウセイミツ. The list of employers in Japanese is ordered by it."
        ),
    )
    corporate_number = CorporateNumberField(
        label=_("Corporate number"),
        required=False,
        help_text=_(
            "The 13-digit number (法人番号) given by the National Tax Agency, if your "
            "organisation has one."
        ),
    )

    class Meta:
        model = Employer
        fields = list(DETAIL_FIELDS)
        widgets = {
            "description_ja": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "name_en": _(
                "Optional. Pages in English show the Japanese name when it is empty. Also used "
                "in the address of your public page."
            ),
            "contact_name": _("The person CLAIR contacts about this registration."),
        }

    def __init__(self, *args: Any, submit_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # CLAIR calls the contact person to verify the organisation, so both are required here
        # even though the model allows them empty (for organisations staff enter themselves).
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].required = True
        label_empty_choices(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Organisation"),
                Row(
                    Column("name_ja", css_class="col-md-6"),
                    Column("name_kana", css_class="col-md-6"),
                ),
                Row(
                    Column("name_en", css_class="col-md-6"),
                    Column("corporate_number", css_class="col-md-6"),
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

    def _get_validation_exclusions(self) -> set[str]:
        # The corporate number's uniqueness is the service's to check: the form is not bound
        # to the organisation being edited, so Django would count its own number as taken.
        return {*super()._get_validation_exclusions(), "corporate_number"}

    def clean_corporate_number(self) -> str:
        number = self.cleaned_data["corporate_number"]
        validate_corporate_number(number)  # excluded from the model's checks above
        return number

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
