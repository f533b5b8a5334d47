from django.apps import AppConfig


class WebConfig(AppConfig):
    """What every page needs and no domain owns: middleware, health checks, the 400 page, the
    footer's context, the language switch, the `{% may %}` tag. No models (so no name shown
    in the admin) and no import of an app above it."""

    name = "jetcareer.web"
    label = "web"
