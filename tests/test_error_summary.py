"""The error summary of every form (jetcareer/web/templatetags/form_errors.py, issue #16): one
link per error to the field it is about, once per form, on crispy's and allauth's forms alike."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation


class Booking(forms.Form):
    name = forms.CharField(label="Full name")
    language = forms.ChoiceField(
        label="Language", choices=[("en", "English"), ("ja", "Japanese")], widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("These dates overlap.")


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', html)


def test_each_error_links_to_its_field_and_a_form_error_to_the_first_field() -> None:
    html = render("{% load form_errors %}{% error_summary form %}", form=Booking(data={}))
    assert "data-error-summary" in html
    assert 'tabindex="-1"' in html
    assert "There is a problem" in html
    assert links(html) == [
        ("id_name", "These dates overlap."),
        ("id_name", "Full name: This field is required."),
        # A group of options has no single id: the link goes to its first option.
        ("id_language_0", "Language: This field is required."),
        ("id_topics_0", "Topics: This field is required."),
    ]
    # A hidden field cannot take focus: its error is read, not linked.
    assert "<li>This field is required.</li>" in html


def test_the_label_and_colon_follow_the_language() -> None:
    class Contact(forms.Form):
        email = forms.EmailField(label="メールアドレス")

    with translation.override("ja"):
        html = render("{% load form_errors %}{% error_summary form %}", form=Contact(data={}))
    assert links(html) == [("id_email", "メールアドレス：このフィールドは必須です。")]


@pytest.mark.parametrize("data", [None, {"name": "Emily", "language": "en", "topics": ["a"],
                                         "token": "x"}])  # fmt: skip
def test_nothing_for_an_unsent_form_or_one_with_only_valid_fields(data) -> None:
    class Fine(forms.Form):
        name = forms.CharField()

    html = render("{% load form_errors %}{% error_summary form %}", form=Fine(data=data))
    assert "data-error-summary" not in html
    assert render("{% load form_errors %}{% error_summary form %}", form=None).strip() == ""


def test_one_summary_per_form_though_crispy_and_allauth_both_ask() -> None:
    form = Booking(data={})
    html = render(
        "{% load form_errors crispy_forms_tags %}{{ form|crispy }}{% error_summary form %}",
        form=form,
    )
    assert html.count("data-error-summary") == 1
    # crispy's own block of form errors is replaced by the summary.
    assert "alert-block" not in html


@pytest.mark.parametrize("passed", [True, False])
def test_allauth_form_element_shows_the_summary_of_its_form(passed: bool) -> None:
    # The element as allauth renders it: its attributes and the slots already filled in. Some
    # of allauth's pages pass the form to the element, others only have it on the page.
    form = Booking(data={})
    attrs = {"form": form, "method": "post"} if passed else {"method": "post"}
    context = {"attrs": attrs, "slots": {"body": [""]}} | ({} if passed else {"form": form})
    html = render_to_string("allauth/elements/form.html", context)
    assert html.count("data-error-summary") == 1
    assert ("id_name", "Full name: This field is required.") in links(html)


def test_allauth_form_element_without_a_form() -> None:
    html = render_to_string("allauth/elements/form.html", {"attrs": {}, "slots": {"body": [""]}})
    assert "<form" in html
    assert "data-error-summary" not in html


def test_errors_are_listed_in_the_order_of_the_fields_not_the_order_they_were_found() -> None:
    # clean() runs after every field's own checks: its error on the first field came last.
    class Term(forms.Form):
        name = forms.CharField(label="Name in katakana")
        start = forms.DateField(label="Start")
        end = forms.DateField(label="End")

        def clean(self):
            self.add_error("name", "Use katakana only.")
            return self.cleaned_data

    html = render(
        "{% load form_errors %}{% error_summary form %}",
        form=Term(data={"name": "Emily123", "start": "", "end": "x"}),
    )
    assert [text for _href, text in links(html)] == [
        "Name in katakana: Use katakana only.",
        "Start: This field is required.",
        "End: Enter a valid date.",
    ]
