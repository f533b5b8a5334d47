"""Content typed by staff or employers in English and Japanese, shown in the visitor's language."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

if TYPE_CHECKING:
    from django.db import models
    from django.http import HttpRequest

LANGUAGES = ("en", "ja")


def reads_japanese() -> bool:
    """Whether the active language (the visitor's, or a mail's recipient's) is Japanese."""
    return (translation.get_language() or "en").startswith("ja")


def pick(english: str, japanese: str) -> str:
    """The Japanese text for a Japanese visitor and the English text otherwise, falling back to
    whichever is filled in.

    The one fallback rule of the portal (house style, Translations): the language is Django's
    active one, so a page follows the visitor's choice and a mail the recipient's.
    """
    if reads_japanese():
        return japanese or english
    return english or japanese


class BilingualField:
    """A text typed in English and Japanese, declared once on a model.

        title = BilingualField(
            models.CharField, _("title (English)"), _("title (Japanese)"), max_length=200
        )

    adds the columns `title_en` and `title_ja`, each `field_class(verbose_name, **options)`
    (`en` or `ja`, a dict, overrides options for that language only: `ja={"blank": True}`),
    and makes `title` a read-only attribute: `pick(title_en, title_ja)`.

    The columns are ordinary model fields, so migrations, forms, admin, history and lookups
    (`title_en__icontains`) see exactly what a hand-written pair gave them; `title` is no field
    (no column, not in `_meta`). Both labels are written out, not built from `_("title")`: each
    stays one message of the catalogue, translated as a whole ("名称（英語）", not "氏名").
    """

    def __init__(
        self,
        field_class: type[models.Field],
        verbose_name_en: Any,
        verbose_name_ja: Any,
        *,
        en: dict[str, Any] | None = None,
        ja: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        # Made here, not in contribute_to_class, so the columns take their place among the
        # model's fields in the order they are declared (Field.creation_counter).
        self.columns: tuple[models.Field, models.Field] = (
            field_class(verbose_name_en, **{**options, **(en or {})}),
            field_class(verbose_name_ja, **{**options, **(ja or {})}),
        )
        self.name = ""

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        """Called by Django's model metaclass: adds `<name>_en` and `<name>_ja` to `cls`."""
        self.name = name
        for language, column in zip(LANGUAGES, self.columns, strict=True):
            cls.add_to_class(f"{name}_{language}", column)
        setattr(cls, name, self)

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return pick(getattr(instance, f"{self.name}_en"), getattr(instance, f"{self.name}_ja"))

    def __set__(self, instance: object, value: object) -> None:
        raise AttributeError(
            f"{self.name} is shown from {self.name}_en and {self.name}_ja: set one of those."
        )

    # As a column of an admin list (`list_display = ["title"]`, which BilingualAdminMixin
    # puts in place of `title_en` / `title_ja`): Django reads these two attributes of the
    # model's `title` while it renders the list, in the reader's language.

    @property
    def short_description(self) -> str:
        """The column's heading: the reader's column's label without its language,
        "title (English)" -> "title", "名称（日本語）" -> "名称"."""
        column = self.columns[1] if reads_japanese() else self.columns[0]
        return without_language(str(column.verbose_name))

    @property
    def admin_order_field(self) -> Any:
        """Sorting by the column sorts by what it shows: the reader's language, else the
        other (pick() in SQL)."""
        first, other = ("ja", "en") if reads_japanese() else ("en", "ja")
        return Coalesce(NullIf(F(f"{self.name}_{first}"), Value("")), F(f"{self.name}_{other}"))


# " (English)", "（日本語）" and the like at the end of a column's label.
LANGUAGE_SUFFIX = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def without_language(label: str) -> str:
    """A bilingual column's label without the language it names at its end."""
    return LANGUAGE_SUFFIX.sub("", label) or label


def bilingual_names(model: type[models.Model]) -> list[str]:
    """The names of the BilingualFields of a model (and its parents), in declaration order."""
    found: dict[str, None] = {}
    for klass in reversed(model.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, BilingualField):
                found[name] = None
    return list(found)


def one_column_each(
    columns: Sequence[Any], names: Sequence[str], keep: Sequence[str] = ()
) -> list[Any]:
    """An admin list's columns with `<name>_en` and `<name>_ja` (either or both) replaced by
    one column `<name>`, at the place of the first of them: the text in the reader's
    language (BilingualField.__get__). Columns named in `keep` (editable in the list) stay.
    """
    languages = {f"{name}_{language}": name for name in names for language in LANGUAGES}
    shown: list[Any] = []
    for column in columns:
        name = languages.get(column) if isinstance(column, str) and column not in keep else None
        if name is None:
            shown.append(column)
        elif name not in shown:
            shown.append(name)
    return shown


def side_by_side(fields: Sequence[Any], names: Sequence[str]) -> list[Any]:
    """An admin fieldset's `fields` with each `<name>_en` / `<name>_ja` pair on one row.

    Takes the rows (a field name, or a tuple of names on one row) and the bilingual names;
    returns new rows. The pair takes the place of the first of the two, in the fieldset's own
    order (employers list the Japanese name first); a field already on a shared row, or whose
    other language is not in this fieldset, stays where it is.
    """
    alone = {row for row in fields if isinstance(row, str)}
    partner: dict[str, str] = {}
    for name in names:
        english, japanese = f"{name}_en", f"{name}_ja"
        if english in alone and japanese in alone:
            partner[english], partner[japanese] = japanese, english
    rows: list[Any] = []
    placed: set[str] = set()
    for row in fields:
        if row in placed:
            continue
        if isinstance(row, str) and row in partner:
            rows.append((row, partner[row]))
            placed.add(partner[row])
        else:
            rows.append(row)
    return rows


class BilingualAdminMixin:
    """For a ModelAdmin: each bilingual pair of the model on one row of the change form, so
    staff see the English and the Japanese text side by side. Works on the admin's fieldsets
    or, without any, on Django's default single fieldset. Django wraps a row of two fields to
    two lines when they do not fit (two text areas never do): the stylesheet gives each
    language half the row.

    In the list, `title_en` and/or `title_ja` in list_display become one column showing the
    title in the reader's language (the other when it is empty), sorted by what it shows."""

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return one_column_each(
            super().get_list_display(request),  # type: ignore[misc]
            bilingual_names(self.model),  # type: ignore[attr-defined]
            keep=self.list_editable,  # type: ignore[attr-defined]
        )

    def get_list_display_links(self, request: HttpRequest, list_display: Any) -> Any:
        links = super().get_list_display_links(request, list_display)  # type: ignore[misc]
        if not links:
            return links
        return one_column_each(links, bilingual_names(self.model))  # type: ignore[attr-defined]

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(css={"all": ["css/admin_bilingual.css"]})  # type: ignore[misc]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple[Any, dict]]:
        names = bilingual_names(self.model)  # type: ignore[attr-defined]
        return [
            (title, {**options, "fields": side_by_side(options["fields"], names)})
            for title, options in super().get_fieldsets(request, obj)  # type: ignore[misc]
        ]


class BilingualMixin:
    """Adds `localized("title")`, reading `title_en` / `title_ja`.

    Kept because the initial migrations of events, internships, regional, employers and portal
    name it among their models' bases; models declare BilingualField instead.
    """

    def localized(self, field: str) -> str:
        return pick(getattr(self, f"{field}_en", ""), getattr(self, f"{field}_ja", ""))
