"""The regional app: host organisations' members, CLAIR subsidies and the Furusato project."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "regional"
    verbose_name = _("Regional activities")
