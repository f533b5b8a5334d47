"""Root URL configuration."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from jetcareer.converters import YearConverter
from jetcareer.web import health, views

register_converter(YearConverter, "year")
handler400 = "jetcareer.web.input_guard.bad_request"

admin.autodiscover()
# Staff sign in through allauth's login, so admin sits behind the same rate limits.
admin.site.login = secure_admin_login(admin.site.login)
# In the reader's language; index_title stays Django's "Site administration" (サイト管理).
admin.site.site_header = _("JET Career Portal administration")
admin.site.site_title = _("JET Career Portal")

urlpatterns = [
    path("", include("portal.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("health/", health.health, name="health"),
    path("health/live/", health.live, name="health_live"),
    path("accounts/", include("jetcareer.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # participants.urls and my page, a presentation view (portal/participant_urls.py).
    path("participants/", include("portal.participant_urls")),
    path("employers/", include("employers.urls")),
    path("events/", include("events.urls")),
    path("internships/", include("internships.urls")),
    path("jobs/", include("jobs.urls")),
    path("regional/", include("regional.urls")),
    path("surveys/", include("surveys.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
