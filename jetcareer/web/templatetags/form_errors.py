"""`{% error_summary form %}`: the one list of what to correct at the top of a form after a
failed submit (issue #16), with a link to each invalid field; static/js/site.js gives it focus.

Every form of the site reaches it: crispy's error block (templates/bootstrap5/errors.html, so
`{{ form|crispy }}` and `{% crispy form %}`), allauth's form element
(templates/allauth/elements/form.html) and the templates that lay out their fields one by one.
"""

from __future__ import annotations

from typing import Any

from django import forms, template

from jetcareer.web import dates

register = template.Library()

# Set on a form once its summary is on the page: allauth's form element and crispy's error
# block can both be reached for one form, and the reader needs a single summary.
SHOWN = "_error_summary_shown"


def field_id(field: forms.BoundField) -> str:
    """The id of the element a link should move to: the input itself, or the first option of a
    group of radio buttons or checkboxes (their group has no single id)."""
    if field.id_for_label:
        return field.id_for_label
    for widget in field.subwidgets:
        return widget.id_for_label or ""
    return ""


def summary_items(form: forms.BaseForm) -> list[dict[str, str]]:
    """Takes a bound form; returns one item per error, {"href": field id or "", "text": …}.
    An error of the whole form links to its first visible field; a field's error reads
    "Label: message" in the reader's language; an error of a hidden field has no link.

    The errors of the whole form come first, then the fields' in the order the form lists
    its fields (the order they are read on the page), not the order they were found: an error
    added by clean() for an early field would otherwise come after the later fields' own."""
    visible = [field for field in form if not field.is_hidden]
    first = field_id(visible[0]) if visible else ""
    items = [{"href": first, "text": str(error)} for error in form.non_field_errors()]
    for name in form.fields:
        errors = form.errors.get(name)
        if not errors:
            continue
        field = form[name]
        href = "" if field.is_hidden else field_id(field)
        label = field.label or name
        items += [
            {"href": href, "text": dates.format_label(label, error) if href else str(error)}
            for error in errors
        ]
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form: Any) -> dict[str, Any]:
    """Renders the summary of `form`'s errors, once per form and only when it has errors."""
    if not isinstance(form, forms.BaseForm) or not form.is_bound or getattr(form, SHOWN, False):
        return {"items": []}
    items = summary_items(form) if form.errors else []
    if items:
        setattr(form, SHOWN, True)
    return {"items": items}
