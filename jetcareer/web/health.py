"""Health endpoints: is the process up, and are the database, the cache and the Celery broker
reachable? Anyone may ask whether the portal is healthy; only staff and monitoring holding
HEALTH_TOKEN learn which dependency is down."""

from __future__ import annotations

import hmac
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Where a monitoring request carries HEALTH_TOKEN (names, not secrets).
TOKEN_HEADER = "X-Health-Token"  # noqa: S105
TOKEN_PARAMETER = "token"  # noqa: S105


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    # A round trip: the portal's cache answers like an empty one while Redis is down
    # (jetcareer.cache), so only reading the value back shows that it is.
    key = f"health-{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return "ok" if ok else "error: value not read back"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (tasks run in the web process)"
    from jetcareer.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def may_see_details(request: HttpRequest) -> bool:
    """True for a signed-in staff member, or for a request carrying the HEALTH_TOKEN setting
    (env HEALTH_TOKEN) in the X-Health-Token header or the `token` query parameter. With no
    HEALTH_TOKEN configured no token is accepted. Compared in constant time."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    expected = getattr(settings, "HEALTH_TOKEN", "")
    if not expected:
        return False
    given = request.headers.get(TOKEN_HEADER) or request.GET.get(TOKEN_PARAMETER) or ""
    return hmac.compare_digest(given.encode(), expected.encode())


@never_cache
@require_GET
def live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no dependency (for probes and benchmarks)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 `{"status": "ok"}` when every dependency answers, 503 `{"status": "unavailable"}`
    when one does not. Staff and holders of HEALTH_TOKEN also get `checks`: the state of each
    dependency, naming the one that failed (the exception's class, never its message)."""
    report: dict[str, str] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:
            healthy = False
            report[name] = f"error: {exc.__class__.__name__}"
        else:
            healthy = healthy and not report[name].startswith("error")
    body: dict[str, object] = {"status": "ok" if healthy else "unavailable"}
    if may_see_details(request):
        body["checks"] = report
    return JsonResponse(body, status=200 if healthy else 503)
