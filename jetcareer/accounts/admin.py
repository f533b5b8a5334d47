from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from jetcareer.admin_lookups import SafeLookupsMixin

from .models import User


@admin.register(User)
class UserAdmin(SafeLookupsMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "account_type", "preferred_language", "is_staff", "date_joined"]
    list_filter = ["account_type", "preferred_language", "is_staff", "is_active"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Portal"), {"fields": ["account_type", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "account_type", "password1", "password2"],
            },
        )
    ]

    # Staff with user permissions (programme administration) run the portal's accounts, but
    # grant no more than they hold: superuser status and single permissions are a superuser's
    # to give, and a superuser's account (its address, its password) is a superuser's to
    # change (issue #13: no way up from a group to superuser).
    SUPERUSER_ONLY_FIELDS = ["is_superuser", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.SUPERUSER_ONLY_FIELDS
        return fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


# Django's and allauth's own admins, with the portal's guard against bad lookups and ids.
admin.site.unregister(Group)
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(Group)
class GroupAdmin(SafeLookupsMixin, DjangoGroupAdmin):
    pass


@admin.register(EmailAddress)
class EmailAddressAdmin(SafeLookupsMixin, AllauthEmailAddressAdmin):
    pass


@admin.register(Authenticator)
class AuthenticatorAdmin(SafeLookupsMixin, AllauthAuthenticatorAdmin):
    pass
