"""Choices shared by several apps: prefectures, JET positions, JLPT levels, industries; and
`cached_choice_labels`, which makes a model's get_<field>_display cheap."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=type[models.Model])


@functools.cache
def _labels(field: models.Field, language: str | None) -> dict[Any, str]:
    """The field's choice labels in `language` (the active one when cached), made once."""
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


def _display(field: models.Field) -> Callable[[models.Model], str]:
    def display(self: models.Model) -> str:
        value = getattr(self, field.attname)
        return _labels(field, get_language()).get(make_hashable(value), value)

    display.__name__ = f"get_{field.name}_display"
    display.__doc__ = f"The label of {field.name} in the active language (cached per language)."
    return display


def cached_choice_labels(model: M) -> M:
    """Class decorator: each field with choices gets a get_<field>_display that reads its label
    from a dictionary made once per language. Django's own builds the dictionary of all the
    field's choices and translates every label on each call (47 prefectures to show one), which
    made a list of events or a résumé book spend most of its time in gettext (issue #14)."""
    for field in model._meta.local_fields:  # the app registry may not be ready yet
        if field.choices and not field.is_relation:
            setattr(model, f"get_{field.name}_display", _display(field))
    return model


class Prefecture(models.TextChoices):
    """The 47 prefectures in JIS X 0401 order; labels are translated (Japanese in locale/ja)."""

    HOKKAIDO = "01", _("Hokkaido")
    AOMORI = "02", _("Aomori")
    IWATE = "03", _("Iwate")
    MIYAGI = "04", _("Miyagi")
    AKITA = "05", _("Akita")
    YAMAGATA = "06", _("Yamagata")
    FUKUSHIMA = "07", _("Fukushima")
    IBARAKI = "08", _("Ibaraki")
    TOCHIGI = "09", _("Tochigi")
    GUNMA = "10", _("Gunma")
    SAITAMA = "11", _("Saitama")
    CHIBA = "12", _("Chiba")
    TOKYO = "13", _("Tokyo")
    KANAGAWA = "14", _("Kanagawa")
    NIIGATA = "15", _("Niigata")
    TOYAMA = "16", _("Toyama")
    ISHIKAWA = "17", _("Ishikawa")
    FUKUI = "18", _("Fukui")
    YAMANASHI = "19", _("Yamanashi")
    NAGANO = "20", _("Nagano")
    GIFU = "21", _("Gifu")
    SHIZUOKA = "22", _("Shizuoka")
    AICHI = "23", _("Aichi")
    MIE = "24", _("Mie")
    SHIGA = "25", _("Shiga")
    KYOTO = "26", _("Kyoto")
    OSAKA = "27", _("Osaka")
    HYOGO = "28", _("Hyogo")
    NARA = "29", _("Nara")
    WAKAYAMA = "30", _("Wakayama")
    TOTTORI = "31", _("Tottori")
    SHIMANE = "32", _("Shimane")
    OKAYAMA = "33", _("Okayama")
    HIROSHIMA = "34", _("Hiroshima")
    YAMAGUCHI = "35", _("Yamaguchi")
    TOKUSHIMA = "36", _("Tokushima")
    KAGAWA = "37", _("Kagawa")
    EHIME = "38", _("Ehime")
    KOCHI = "39", _("Kochi")
    FUKUOKA = "40", _("Fukuoka")
    SAGA = "41", _("Saga")
    NAGASAKI = "42", _("Nagasaki")
    KUMAMOTO = "43", _("Kumamoto")
    OITA = "44", _("Oita")
    MIYAZAKI = "45", _("Miyazaki")
    KAGOSHIMA = "46", _("Kagoshima")
    OKINAWA = "47", _("Okinawa")


class JetPosition(models.TextChoices):
    ALT = "ALT", _("ALT (Assistant Language Teacher)")
    CIR = "CIR", _("CIR (Coordinator for International Relations)")
    SEA = "SEA", _("SEA (Sports Exchange Advisor)")


class JLPTLevel(models.IntegerChoices):
    """Stored so that a higher number is a higher level: N1 = 5 ... N5 = 1, none = 0."""

    NONE = 0, _("None")
    N5 = 1, "N5"
    N4 = 2, "N4"
    N3 = 3, "N3"
    N2 = 4, "N2"
    N1 = 5, "N1"


class Industry(models.TextChoices):
    EDUCATION = "education", _("Education")
    TOURISM = "tourism", _("Tourism and travel")
    IT = "it", _("IT and software")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    TRADE = "trade", _("Trading and commerce")
    FINANCE = "finance", _("Finance and insurance")
    CONSULTING = "consulting", _("Consulting")
    MEDIA = "media", _("Media, advertising and publishing")
    HOSPITALITY = "hospitality", _("Hotels and hospitality")
    PUBLIC = "public", _("Public sector and local government")
    TRANSLATION = "translation", _("Translation and interpreting")
    HR = "hr", _("Human resources and recruitment")
    OTHER = "other", _("Other")


class JobType(models.TextChoices):
    TEACHING = "teaching", _("Teaching and training")
    TRANSLATION = "translation", _("Translation and interpreting")
    SALES = "sales", _("Sales and business development")
    MARKETING = "marketing", _("Marketing and public relations")
    ADMINISTRATION = "administration", _("Administration and office work")
    ENGINEERING = "engineering", _("Engineering and IT")
    HOSPITALITY = "hospitality", _("Customer service and hospitality")
    INTERNATIONAL = "international", _("International relations and exchange")
    RESEARCH = "research", _("Research and planning")
    OTHER = "other", _("Other")
