"""Forms of the portal: the contact form with its spam traps, and the admin form that shows
an announcement's audiences as one multi-select."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jetcareer.accounts.email_addresses import EmailAddressField
from jetcareer.empty_choice import label_empty_choices

from .models import Announcement, Audience, Topic

TIMESTAMP_SALT = "portal.contact.rendered-at"
# A form left open this long has to be sent again; generous, people write long messages.
TIMESTAMP_MAX_AGE = 24 * 60 * 60
DEFAULT_MIN_SECONDS = 3.0


def min_seconds() -> float:
    """How long a person needs at least between seeing the form and sending it."""
    return float(getattr(settings, "CONTACT_FORM_MIN_SECONDS", DEFAULT_MIN_SECONDS))


def signed_now() -> str:
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT)


class FreshTimestampInput(forms.HiddenInput):
    """Always renders a newly signed time: a form shown again after an error restarts the
    clock instead of carrying the old value."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, signed_now(), attrs)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = EmailAddressField(label=_("Your e-mail address"))
    topic = forms.ChoiceField(
        label=_("What is your message about?"),
        choices=[("", "---------"), *Topic.choices],
        help_text=_(
            "Careers, fairs, internships and alumni go to the Coordination Division; "
            "employment conditions, training and counselling to the Training and "
            "Counselling Division."
        ),
    )
    message = forms.CharField(
        label=pgettext_lazy("contact form", "Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    language = forms.ChoiceField(
        label=_("We reply in"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    # The honeypot: hidden from people by a CSS class (and from screen readers by the wrapper
    # in the template); bots that fill every field fill it too. Named like a real field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered_at = forms.CharField(widget=FreshTimestampInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(self.initial_for(user))
        label_empty_choices(self)

    @staticmethod
    def initial_for(user: Any) -> dict[str, str]:
        """Logged-in people do not type what the portal already knows."""
        initial = {"language": translation.get_language() or settings.LANGUAGE_CODE}
        if user is not None and user.is_authenticated:
            initial["email"] = user.email
            initial["language"] = user.preferred_language or initial["language"]
            profile = getattr(user, "participant_profile", None)
            if profile is not None and profile.full_name:
                initial["name"] = profile.full_name
        if initial["language"] not in dict(settings.LANGUAGES):
            initial["language"] = settings.LANGUAGE_CODE
        return initial

    def clean_rendered_at(self) -> float:
        value = self.cleaned_data.get("rendered_at") or ""
        try:
            rendered = float(signing.loads(value, salt=TIMESTAMP_SALT, max_age=TIMESTAMP_MAX_AGE))
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _("This form was open for a long time. Please send your message again."),
                code="expired",
            ) from error
        except (signing.BadSignature, TypeError, ValueError) as error:
            raise forms.ValidationError(
                _("Something went wrong with the form. Please send your message again."),
                code="invalid",
            ) from error
        if time.time() - rendered < min_seconds():
            raise forms.ValidationError(
                _(
                    "That was quicker than we expected. Please check your message and "
                    "send it again."
                ),
                code="too_fast",
            )
        return rendered

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The timing check belongs to the whole form, so its message shows at the top.
        if "rendered_at" in self.errors:
            for error in self.errors.pop("rendered_at").as_data():
                self.add_error(None, error)
        return cleaned

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled: accept politely, keep and send nothing."""
        return bool(self.cleaned_data.get("website"))


class AnnouncementAdminForm(forms.ModelForm):
    """Staff pick audiences in one multi-select; they are stored as one column each."""

    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who the announcement is for. It shows on their home page and feed."),
    )

    class Meta:
        model = Announcement
        fields = [
            "title_en",
            "title_ja",
            "slug",
            "body_en",
            "body_ja",
            "is_published",
            "published_at",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["audiences"] = [a.value for a in self.instance.audiences]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("title_en") or cleaned.get("title_ja")):
            self.add_error("title_en", _("Give the announcement a title in English or Japanese."))
        if not (cleaned.get("body_en") or cleaned.get("body_ja")):
            self.add_error("body_en", _("Write the announcement in English or Japanese."))
        # Before the model's constraints are validated: the audiences are not model fields
        # of this form, and publishing without a time means now.
        self.instance.set_audiences(cleaned.get("audiences", []))
        if cleaned.get("is_published") and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned
