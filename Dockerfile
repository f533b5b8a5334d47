# Production image of the JET Career Portal: gunicorn serves the site; the same image runs
# the Celery worker and beat (see docker-compose.yml). Configured by environment only.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    WEB_CONCURRENCY=3

# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them. Only the
# runtime dependencies are installed: the code runs from /app (BASE_DIR must be the folder
# holding templates/, static/ and locale/), not from a copy in site-packages.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY --chown=app:app . .

USER app

# Build-only settings: never used at run time (the real SECRET_KEY etc. come from the environment).
RUN export DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    && python manage.py compilemessages --ignore=.venv \
    && python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p var/private var/media

EXPOSE 8000

# /health/ is exempt from the HTTPS redirect; it answers 200 or 503 (urlopen raises on 503).
# The Host header is the first ALLOWED_HOSTS entry so the check passes Django's host validation.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; u.urlopen(u.Request('http://127.0.0.1:8000/health/', headers={'Host': h}), timeout=4)" || exit 1

# gunicorn reads the worker count from WEB_CONCURRENCY itself (default 3, set above).
CMD ["gunicorn", "jetcareer.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
