"""The web floor's app, and the names admin shows for third-party apps that bring no Japanese."""

from __future__ import annotations

from allauth.mfa import apps as mfa_apps
from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _
from post_office import apps as post_office_apps


class WebConfig(AppConfig):
    """What every page needs and no domain owns: middleware, health checks, the 400 page, the
    footer's context, the language switch, the `{% may %}` tag. No models (so no name shown
    in the admin) and no import of an app above it."""

    name = "jetcareer.web"
    label = "web"
    # This module holds other AppConfigs too (below): this one is the app's.
    default = True


def rename_models(app_label: str, names: dict[str, tuple[object, object]]) -> None:
    """Give the models of a third-party app our names: {model: (singular, plural)}.

    Why on `_meta` and not another way: the library's names are English only (post_office
    ships no Japanese; allauth gives Authenticator no name at all, so Django makes
    "authenticator" from the class, which no catalogue can translate). Translating the
    library's own messages in our catalogue would tie it to their exact wording, and
    makemessages drops messages our code does not use. Setting the lazy names on `_meta`
    before any request touches nothing else: migrations read the model's declared Meta
    (`original_attrs`), so no migration changes; only the permission names a new database
    creates ("Can view e-mail") take the new English name.
    """
    for model_name, (singular, plural) in names.items():
        opts = apps.get_model(app_label, model_name)._meta
        opts.verbose_name, opts.verbose_name_plural = singular, plural


class PostOfficeConfig(post_office_apps.PostOfficeConfig):
    """django-post-office, the outbox's mail log, named in the reader's language in admin."""

    default = False
    verbose_name = _("Mail delivery")

    def ready(self) -> None:
        super().ready()
        rename_models(
            self.label,
            {
                "Email": (_("e-mail"), _("e-mails")),
                "EmailTemplate": (_("e-mail template"), _("e-mail templates")),
                "Log": (_("delivery log"), _("delivery logs")),
                "Attachment": (_("attachment"), _("attachments")),
            },
        )


class MFAConfig(mfa_apps.MFAConfig):
    """allauth.mfa, whose model has no name of its own (see rename_models)."""

    default = False

    def ready(self) -> None:
        super().ready()
        rename_models(self.label, {"Authenticator": (_("second factor"), _("second factors"))})
