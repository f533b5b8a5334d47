from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jetcareer.accounts"
    label = "accounts"
    # Not "Accounts": allauth's account app (e-mail addresses) is called that in both languages,
    # and admin would show two headings "アカウント".
    verbose_name = _("Users and permissions")

    def ready(self) -> None:
        from . import signals  # noqa: F401
