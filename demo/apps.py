from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data built from CLAIR's published facts; depends on every domain app."""

    name = "demo"
    verbose_name = "Demo data"
